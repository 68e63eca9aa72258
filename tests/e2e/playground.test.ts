// The playgrounds in Chromium: lazy loading, editors and terminals, persistence, share links, runs, Stop, a11y.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { DIST, launchBrowser, serveDist, type Served, codeBlocksSettled } from '../support/browser.ts';
import { requireBuilt } from '../support/require-built.ts';
import {
  programNames,
  programState,
  ready,
  run,
  setCode,
  terminalText,
  waitForState,
  waitForTerminal,
  watchProblems,
} from '../support/playground.ts';
import { builtInterpreterDirs } from '../../site/integrations/python-assets.ts';
import { axeViolations } from '../support/axe.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
/** The shipped snapshot in Pyodide's hashed directory of the build (python-assets.ts). */
const SNAPSHOT_FILE = (() => {
  try {
    return path.join(ROOT, '_udplab', builtInterpreterDirs(ROOT).pyodide, 'udplab.snapshot');
  } catch {
    return path.join(ROOT, '_udplab/pyodide/udplab.snapshot'); // not built: requireBuilt says so
  }
})();
const REPO = new URL('../../', import.meta.url).pathname;

/** Every built page with a playground: pathname → scenario ids on it. */
function playgroundPages(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== '_astro' && name !== 'pagefind') walk(full);
      } else if (name === 'index.html') {
        const ids = [...readFileSync(full, 'utf8').matchAll(/data-udplab-playground="([^"]+)"/g)].map(
          (m) => m[1] as string,
        );
        if (ids.length > 0) out.set(`/${path.relative(ROOT, dir)}/`.replace(/\/+/g, '/'), ids);
      }
    }
  };
  if (existsSync(ROOT)) walk(ROOT);
  return out;
}

const pages = playgroundPages();
const zhPages = [...pages.keys()].filter((p) => !p.startsWith('/en/'));
const enPages = [...pages.keys()].filter((p) => p.startsWith('/en/'));
/** The page with the 掌控板 server (OLED + PC sender) — the richest playground for UI checks. */
const boardPage =
  zhPages.find((p) => pages.get(p)?.includes('board-server')) ??
  zhPages.find((p) => pages.get(p)?.some((id) => id.includes('board'))) ??
  zhPages[0] ??
  '/';

/** What each scenario's terminals must show after "run again" (program name → regex). */
const EXPECTED: Record<string, Record<string, RegExp>> = {
  flow: { flow_server: /server waiting on port 10000[\s\S]*got b?'.*' from/, flow_client: /reply from .*:/ },
  'board-server': { board_udp_server: /received b'hello board' from/, pc_udp_sender: /sent 11 bytes/ },
  'board-client': { pc_udp_receiver: /#1 from 192\.168\.0\.2:/ },
  'vvboard-pc': {
    vvboard_server: /vvBoard UDP server on port 9000/,
    pc_thonny_client: /sent: .* \| reply: /,
  },
  'vvboard-pc-lossy': { vvboard_server: /vvBoard UDP server on port 9000/, pc_thonny_client: /sent: / },
  'port-unreachable': {
    udp_refused_connected: /recv raised ConnectionRefusedError\(111/,
    udp_refused_unconnected: /no reply within 2 s/,
  },
  'vvboard-pc-typed': { vvboard_server: /vvBoard UDP server on port 9000/ },
  'board-server-typed': { board_udp_server: /waiting for datagrams on 192\.168\.0\.2:6000/ },
  'who-online': {
    pc_forgot_broadcast: /sendto raised PermissionError\(13, 'Permission denied'\)/,
    pc_who_online: /3 online: 192\.168\.0\.11, 192\.168\.0\.12, 192\.168\.0\.13/,
  },
  'stop-and-wait': { saw_sender: /5 messages, \d+ datagrams sent/ },
  'windows-port-unreachable': {
    udp_refused_connected: /ConnectionResetError: \[WinError 10054\]/,
    udp_refused_unconnected: /ConnectionResetError: \[WinError 10054\]/,
  },
  'windows-beside-linux': {
    'on-windows': /OSError: \[WinError 10040\][\s\S]*ConnectionResetError: \[WinError 10054\]/,
    'on-linux': /got b'hello fr'[\s\S]*TimeoutError: timed out/,
  },
  'sensor-stream': { pc_stream_counter: /received \d+ \| lost \d+ \| reordered \d+/ },
  'board-flood': { board_slow_reader: /read 6 datagrams: \[b'0', b'1', b'2', b'3', b'4', b'5'\]/ },
  'tcp-udp-echo': {
    tcp_echo_server: /recv 收到 18 字节： b'msg 1;msg 2;msg 3;'/,
    tcp_echo_client: /原样收回：True/,
    udp_echo_client: /收回 3 \/ 3 条/,
  },
  'tcp-udp-chat': {
    tcp_chat_server: /TCP 聊天服务器已就绪，端口 9999/,
    tcp_chat_client: /已连上 192\.168\.10\.108:9999/,
  },
  'closed-peer': {
    tcp_closed_peer: /3\. recv: ConnectionResetError \[Errno 104\]/,
    udp_closed_peer: /2\. recv: ConnectionRefusedError \[Errno 111\]/,
  },
  'socket-kinds': { tcp_udp_sockets: /socket\(\): <SocketKind\.SOCK_STREAM: 1>/ },
  'board-server-stranger': {
    board_udp_server: /received b'\\xff\\xfeAB' from[\s\S]*received b'still there\?'/,
    stranger_bytes: /sent 4 bytes that are not UTF-8[\s\S]*sent: still there\?/,
  },
};

/** Scenarios whose programs end with a traceback on purpose (the lesson shows the crash). */
const SHOWS_TRACEBACK = new Set(['windows-port-unreachable']);

let browser: Browser;
let served: Served;

beforeAll(async () => {
  served = await serveDist(ROOT);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

interface Opened {
  page: Page;
  context: BrowserContext;
  problems: string[];
}

/** Opens a page in a fresh context (own localStorage), collecting console errors and failed requests. */
async function open(pathname: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<Opened> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(served.origin + pathname, { waitUntil: 'load' });
  return { page, context, problems };
}

let warm: BrowserContext | undefined;

/**
 * Opens a page in one context shared by the tests that need no isolation, so the interpreters
 * come from its HTTP cache and stored snapshot instead of loading cold for every test (minutes
 * of CI). localStorage is emptied first, so no edit saved by an earlier test leaks in.
 */
async function openWarm(
  pathname: string,
): Promise<{ page: Page; context: { close(): Promise<void> }; problems: string[] }> {
  warm ??= await browser.newContext();
  const page = await warm.newPage();
  // Through DevTools, without a navigation that could log an error of its own (a favicon request).
  const cdp = await warm.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: served.origin, storageTypes: 'local_storage' });
  await cdp.detach();
  const problems = watchProblems(page);
  await page.goto(served.origin + pathname, { waitUntil: 'load' });
  return { page, context: { close: () => page.close() }, problems };
}

/** Reads a program's editor text through the playground's handle. */
function editorValue(page: Page, program: string, index = 0): Promise<string> {
  return page.evaluate(
    ([name, i]) => {
      const root = document.querySelectorAll('[data-udplab-playground]')[i as number] as HTMLElement & {
        udplab?: { editor(n: string): { getValue(): string } | undefined };
      };
      return root.udplab?.editor(name as string)?.getValue() ?? '';
    },
    [program, index] as const,
  );
}

describe('playground pages', () => {
  it('exist in both locales', () => {
    expect(zhPages.length, `no page in ${ROOT} has a <Playground>`).toBeGreaterThan(0);
    expect(enPages.length).toBe(zhPages.length);
  });

  it('give every scenario of content/scenarios a playground in each language', () => {
    const scenarios = readdirSync(path.join(REPO, 'content/scenarios'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
      .sort();
    const shown = (list: string[]) => [...new Set(list.flatMap((p) => pages.get(p) ?? []))].sort();
    expect(shown(zhPages)).toEqual(scenarios);
    expect(shown(enPages)).toEqual(scenarios);
  });
});

describe('before any interaction', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  it('ships the highlighted programs and only a few KB of playground script; xterm loads near the viewport, Monaco only on the first edit', async () => {
    const { page, context } = await open(boardPage);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    // Without scrolling, the static code is there and nothing heavy has been fetched.
    expect(await page.locator('[data-udplab-playground] [data-pg-static] pre').count()).toBeGreaterThan(0);
    const early = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
    const heavy = (u: string) => /editor-monaco|mount\.|xterm|pyodide|micropython/.test(u);
    const playgroundVisible = await page.locator('[data-udplab-playground]').first().isVisible();
    if (
      !(await page
        .locator('[data-udplab-playground]')
        .first()
        .boundingBox()
        .then((b) => (b ? b.y < 1400 : false)))
    ) {
      expect(early.filter(heavy)).toEqual([]);
    }
    expect(playgroundVisible).toBe(true);
    // No render-blocking stylesheet of Monaco's on the page.
    const sheets = await page.evaluate(() =>
      [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => (l as HTMLLinkElement).href),
    );
    expect(sheets.filter((h) => /monaco|xterm/.test(h))).toEqual([]);
    await ready(page);
    // The light editor shows the programs; Monaco waits for the first intent to edit.
    expect(await page.locator('[data-udplab-playground] .pg-light textarea').count()).toBeGreaterThan(0);
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    expect(await page.locator('.xterm').count()).toBeGreaterThan(0);
    await context.close();
  });
});

describe('the editor', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  it('Monaco loads only on the first intent to edit; nothing typed meanwhile is lost; the edit survives a reload', async () => {
    // No service worker: its fetches would pass by the route that holds Monaco back below.
    const { page, context, problems } = await open(boardPage, { serviceWorkers: 'block' });
    const monacoFiles: string[] = [];
    page.on('request', (r) => {
      if (/editor-monaco|editor\.worker/.test(r.url())) monacoFiles.push(r.url());
    });
    // Monaco's chunk is held back until released, so typing during its load can be tested.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/editor-monaco/, async (route) => {
      await held;
      await route.continue();
    });
    await ready(page);
    const names = await programNames(page);
    const pc = names.find((n) => n.startsWith('pc_')) ?? (names[names.length - 1] as string);
    const first = names[0] as string;
    const original = await editorValue(page, first);
    const panel = page
      .locator('[data-udplab-playground]')
      .first()
      .locator(`.pg-program[data-file="${first}"]`);
    const area = panel.locator('.pg-light textarea');
    // The light editor: the code at once, monospace at Monaco's size, with line numbers.
    expect(await area.inputValue()).toBe(original);
    const look = await area.evaluate((el) => ({
      size: getComputedStyle(el).fontSize,
      lineHeight: getComputedStyle(el).lineHeight,
      numbers: el.parentElement?.querySelector('.pg-light-gutter')?.children.length,
    }));
    expect(look).toEqual({ size: '14px', lineHeight: '20px', numbers: original.split('\n').length });
    // A Run reads the light editor's code; no Monaco file was fetched for it.
    await page
      .locator('[data-udplab-playground]')
      .first()
      .locator(`.pg-program[data-file="${pc}"] button[data-action=run]`)
      .click();
    await waitForTerminal(page, pc, EXPECTED['board-server']?.[pc] ?? /./);
    expect(monacoFiles).toEqual([]);
    // The first click into the editor asks for Monaco; the learner types on while it loads.
    await area.click({ position: { x: 40, y: 10 } });
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# 加载前 typed before');
    await expect.poll(() => monacoFiles.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    await page.keyboard.type('\n# 加载中 typed during');
    release();
    await panel.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    expect(await panel.locator('.pg-light').count()).toBe(0);
    // The focus and the caret carried over: the next keys go on after what was typed.
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await page.keyboard.type(' + after');
    const edited = `${original}\n# 加载前 typed before\n# 加载中 typed during + after`;
    expect(await editorValue(page, first)).toBe(edited);
    await page.waitForFunction(
      (text) => Object.entries(localStorage).some(([k, v]) => k.startsWith('udplab:code:') && v === text),
      edited,
    );
    await page.unroute(/editor-monaco/);
    await page.reload();
    await ready(page);
    expect(await editorValue(page, first)).toBe(edited);
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the editor when Monaco cannot load', () => {
  requireBuilt(!(enPages.length === 0), 'an English page with a playground');
  it.each([
    ['zh', () => zhPages[0] as string, '完整的编辑器没能加载'],
    ['en', () => enPages[0] as string, 'The full editor could not load'],
  ])('the light editor stays, says so and keeps working (%s)', async (_lang, pathname, said) => {
    const { page, context } = await open(pathname(), { serviceWorkers: 'block' });
    await page.route(/editor-monaco/, (route) => route.abort());
    await ready(page);
    const [first] = await programNames(page);
    const program = page.locator('[data-udplab-playground]').first().locator('.pg-program').first();
    const area = program.locator('.pg-light textarea');
    await area.click();
    await expect.poll(() => program.locator('.pg-hint').textContent(), { timeout: 30_000 }).toContain(said);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# still typing');
    expect(await editorValue(page, first as string)).toMatch(/# still typing$/);
    expect(await program.locator('.monaco-editor').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('pg-light-area'))).toBe(true);
    await context.close();
  });
});

describe('controls', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  it.each([
    ['zh', () => zhPages[0] as string, '运行', '停止', '重置', '抓包列表'],
    ['en', () => enPages[0] as string, 'Run', 'Stop', 'Reset', 'Packet list'],
  ])('are labelled in the page language (%s)', async (_lang, pathname, run, stop, reset, packets) => {
    const { page, context } = await openWarm(pathname());
    await ready(page);
    const root = page.locator('[data-udplab-playground]').first();
    await expect(root.getByRole('button', { name: run, exact: true }).first().isVisible()).resolves.toBe(
      true,
    );
    await expect(root.getByRole('button', { name: stop, exact: true }).count()).resolves.toBeGreaterThan(0);
    await expect(root.getByRole('button', { name: reset, exact: true }).count()).resolves.toBeGreaterThan(0);
    await expect(root.getByText(packets, { exact: true }).count()).resolves.toBeGreaterThan(0);
    await context.close();
  });

  it('are all reachable by keyboard', async () => {
    const { page, context } = await openWarm(boardPage);
    await ready(page);
    const labels = new Set<string>();
    await page.locator('[data-udplab-playground] button[data-action=run]').first().focus();
    for (let i = 0; i < 60; i++) {
      const info = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        const inside = !!a?.closest('[data-udplab-playground]');
        return inside
          ? `${a?.tagName}:${a?.dataset['action'] ?? a?.dataset['netAction'] ?? a?.dataset['setting'] ?? ''}`
          : '';
      });
      if (info) labels.add(info);
      // Entered with Tab, Monaco lets Tab move the focus on (no Ctrl+M needed; see the next test).
      await page.keyboard.press('Tab');
    }
    for (const want of [
      'BUTTON:run',
      'BUTTON:stop',
      'BUTTON:reset',
      'INPUT:loss',
      'INPUT:seed',
      'BUTTON:rerun',
      'BUTTON:share',
    ]) {
      if (want === 'BUTTON:stop') continue; // disabled until a program runs
      expect([...labels], want).toContain(want);
    }
    await context.close();
  });
});

describe('Monaco from the keyboard', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  it.each([
    ['zh', () => zhPages[0] as string, '你是用键盘进入编辑器的'],
    ['en', () => enPages[0] as string, 'You came into the editor with the keyboard'],
  ])(
    'entered with Tab, Tab moves the focus and says so; Ctrl+M toggles it (%s)',
    async (_l, pathname, said) => {
      const { page, context } = await openWarm(pathname());
      await ready(page);
      const first = page.locator('[data-udplab-playground] .pg-program').first();
      const name = (await first.getAttribute('data-file')) ?? '';
      const hint = first.locator('.pg-hint');
      const inEditor = (which = '.monaco-editor') =>
        page.evaluate(([n, w]) => !!document.activeElement?.closest(`.pg-program[data-file="${n}"] ${w}`), [
          name,
          which,
        ] as const);
      await first.locator('button[data-action=run]').focus();
      // Tab reaches the light editor; the focus there loads Monaco, which takes it over.
      for (let i = 0; i < 5 && !(await inEditor('.pg-light, .monaco-editor')); i++)
        await page.keyboard.press('Tab');
      await expect.poll(() => inEditor(), { timeout: 30_000 }).toBe(true);
      expect(await inEditor(), 'Tab reaches the editor').toBe(true);
      expect(await hint.textContent()).toContain(said);
      expect(await hint.getAttribute('aria-live')).toBe('polite');
      // Ctrl+M (as before) gives Tab back to indentation…
      const before = await editorValue(page, name);
      await page.keyboard.press('Control+m');
      await page.keyboard.press('Tab');
      expect(await inEditor()).toBe(true);
      expect(await editorValue(page, name)).not.toBe(before);
      // …and again to moving the focus.
      await page.keyboard.press('Control+m');
      await page.keyboard.press('Tab');
      expect(await inEditor()).toBe(false);
      await context.close();
    },
  );
});

describe('nothing lost', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  it('a reload keeps an edit and Reset restores the original', async () => {
    const { page, context } = await openWarm(boardPage);
    await ready(page);
    const [first] = await programNames(page);
    const original = await editorValue(page, first as string);
    const program = page.locator('[data-udplab-playground] .pg-program').first();
    // A click into the light editor brings Monaco, which takes the focus over.
    await program.locator('.pg-light textarea').click({ position: { x: 40, y: 10 } });
    await program.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')))
      .toBe(true);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# 我的修改 my edit');
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('udplab:code:')));
    await page.reload();
    await ready(page);
    expect(await editorValue(page, first as string)).toContain('# 我的修改 my edit');
    const resetButton = page
      .locator('[data-udplab-playground] .pg-program')
      .first()
      .locator('button[data-action=reset]');
    // Reset asks before it throws an edit away; saying no keeps the edit.
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await resetButton.click();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('重置会丢掉你对');
    expect(await editorValue(page, first as string)).toContain('# 我的修改 my edit');
    page.once('dialog', (dialog) => void dialog.accept());
    await resetButton.click();
    expect(await editorValue(page, first as string)).toBe(original);
    // An unedited program resets without a question.
    const unexpected: string[] = [];
    const onDialog = (dialog: Dialog): void => {
      unexpected.push(dialog.message());
      void dialog.dismiss();
    };
    page.on('dialog', onDialog);
    await resetButton.click();
    page.off('dialog', onDialog);
    expect(unexpected).toEqual([]);
    expect(await editorValue(page, first as string)).toBe(original);
    await page.reload();
    await ready(page);
    expect(await editorValue(page, first as string)).toBe(original);
    await context.close();
  });

  it('a shared link reproduces the code and the network settings', async () => {
    const { page, context } = await open(boardPage, { permissions: ['clipboard-read', 'clipboard-write'] });
    await ready(page);
    const [first] = await programNames(page);
    await setCode(page, first as string, 'print("shared 你好")\n');
    const loss = page.locator('[data-udplab-playground] input[data-setting=loss]').first();
    await loss.fill('100');
    await loss.dispatchEvent('change');
    const seed = page.locator('[data-udplab-playground] input[data-setting=seed]').first();
    await seed.fill('42');
    await seed.dispatchEvent('change');
    await page.locator('[data-udplab-playground] button[data-net-action=share]').first().click();
    await page.waitForFunction(() => location.hash.startsWith('#pg='));
    const url = page.url();
    await context.close();

    const other = await open(new URL(url).pathname + new URL(url).hash);
    await ready(other.page);
    expect(await editorValue(other.page, first as string)).toBe('print("shared 你好")\n');
    expect(await other.page.locator('input[data-setting=loss]').first().inputValue()).toBe('100');
    expect(await other.page.locator('input[data-setting=seed]').first().inputValue()).toBe('42');
    await other.context.close();
  });
});

describe('phones', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  it('fall back to a plain editor and a visible terminal input box', async () => {
    const { page, context } = await open(boardPage, {
      viewport: { width: 390, height: 800 },
      hasTouch: true,
      isMobile: true,
    });
    await ready(page);
    expect(await page.locator('[data-udplab-playground] textarea.pg-textarea').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-udplab-playground] .monaco-editor').count()).toBe(0);
    const input = page.locator('[data-udplab-playground] .pg-term-input input').first();
    expect(await input.isVisible()).toBe(true);
    expect(await input.getAttribute('aria-label')).toBeTruthy();
    await context.close();
  });
});

/** Records, per Python worker the page starts, its runtime and whether `init` carried a snapshot. */
function recordWorkers(): void {
  const log: Array<{ runtime: string; snapshot: boolean }> = [];
  (globalThis as { __workers?: typeof log }).__workers = log;
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
    const m = args[0] as { type?: string; runtime?: string; snapshot?: unknown } | null;
    if (m?.type === 'init') log.push({ runtime: String(m.runtime), snapshot: Boolean(m.snapshot) });
    Reflect.apply(post, this, args);
  } as typeof post;
}

/** Runs `code` as the PC program `program` of the first playground and waits for `expected`. */
async function runPc(page: Page, program: string, code: string, expected: RegExp): Promise<void> {
  await setCode(page, program, code);
  await run(page, program, expected);
}

/** What the page's Cache Storage keeps for the next visit's CPython: each entry's key and size. */
function storedSnapshots(page: Page): Promise<Array<{ url: string; bytes: number }>> {
  return page.evaluate(async () => {
    const cache = await caches.open('udplab-pyodide-snapshot');
    const out: Array<{ url: string; bytes: number }> = [];
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.push({ url: request.url, bytes: (await response?.arrayBuffer())?.byteLength ?? -1 });
    }
    return out;
  });
}

const chatPage = [...pages.entries()].find(([p, ids]) => !p.startsWith('/en/') && ids.includes('chat'))?.[0];
const SNAPSHOT_KEY = /^https:\/\/udplab\.invalid\/pyodide-.*\.snapshot$/;
const PROBE = 'import sys\nprint("exe", sys.executable, "path", sys.path.count(""))\n';

describe('CPython on a first visit', () => {
  requireBuilt(
    chatPage !== undefined && existsSync(SNAPSHOT_FILE),
    'the chat playground’s page and the memory snapshot _udplab/pyodide/<hash>/udplab.snapshot',
  );
  it('restores the memory snapshot the build ships, and keeps it for the next visit', async () => {
    const { page, context, problems } = await open(chatPage as string);
    await context.addInitScript(recordWorkers);
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await runPc(page, 'chat_server', PROBE, /exe \S+ path \d/);
    // The snapshot was made without a script path: Python shows what a browser boot shows.
    expect(await terminalText(page, 'chat_server')).toMatch(/exe \/home\/pyodide\/this\.program path/);
    const workers = await page.evaluate(() => (globalThis as { __workers?: unknown[] }).__workers ?? []);
    expect(workers[0]).toEqual({ runtime: 'cpython', snapshot: true });
    // Stored while it downloads, or once the page is idle (worker-pool.ts), so wait for it.
    await expect
      .poll(async () => (await storedSnapshots(page)).length, { timeout: 20_000, interval: 200 })
      .toBe(1);
    const [kept] = await storedSnapshots(page);
    expect(kept?.url).toMatch(SNAPSHOT_KEY);
    expect(kept?.bytes).toBe(statSync(SNAPSHOT_FILE).size);
    expect(problems).toEqual([]);
    await context.close();
  });

  it.each([
    ['missing', { status: 404, body: 'not here' }],
    ['broken', { status: 200, body: Buffer.alloc(4096, 7), contentType: 'application/octet-stream' }],
  ] as const)('boots from files when the shipped snapshot is %s, and the program runs', async (_, answer) => {
    const { page, context } = await open(chatPage as string);
    await context.addInitScript(recordWorkers);
    await context.route('**/_udplab/pyodide/*/udplab.snapshot', (route) => route.fulfill(answer));
    await page.reload({ waitUntil: 'load' });
    await ready(page);
    await runPc(page, 'chat_server', PROBE, /exe \S+ path \d/);
    expect(await terminalText(page, 'chat_server')).not.toMatch(/Traceback|Error/);
    const workers = await page.evaluate(
      () => (globalThis as { __workers?: Array<{ snapshot: boolean }> }).__workers ?? [],
    );
    // Broken: the first worker tries it, fails, and loads again from files.
    expect(workers.some((w) => !w.snapshot)).toBe(true);
    // Nothing broken is kept for the next visit (the prefetch stores what it downloads; a failed
    // load deletes it). A snapshot this page made itself may be kept: it loads.
    const bad = Buffer.byteLength(answer.body);
    await expect
      .poll(async () => (await storedSnapshots(page)).map((s) => s.bytes), {
        timeout: 20_000,
        interval: 200,
      })
      .not.toContain(bad);
    await context.close();
  });
});

/**
 * Each page with playgrounds, opened once: first the quality check with every playground live, then
 * each of its playgrounds runs on that same page (a learner scrolls on, the page stays). Opening
 * the page again per playground only repeated the load and the interpreters' start (21 pages, 42
 * playgrounds). `problems` gathers from the page's load on, so each test also answers for the
 * earlier ones' leftovers.
 */
describe('quality, then running programs, one page each', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  let current: { pathname: string; opened: Awaited<ReturnType<typeof openWarm>> } | undefined;
  /** The page `pathname` as the previous test of this block left it, or opened afresh. */
  const pageOf = async (pathname: string) => {
    if (current?.pathname !== pathname) {
      await current?.opened.context.close();
      current = { pathname, opened: await openWarm(pathname) };
    }
    return current.opened;
  };
  afterAll(async () => {
    await current?.opened.context.close();
  });

  for (const [pathname, ids] of pages) {
    it(`${pathname}: no console errors and axe-core clean once the playground is live`, async () => {
      const { page, problems } = await pageOf(pathname);
      for (let i = 0; i < ids.length; i++) await ready(page, i);
      await codeBlocksSettled(page);
      const violations = await axeViolations(page, { include: [['[data-udplab-playground]']] });
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
    });

    for (const [index, id] of ids.entries()) {
      it(`${pathname}: playground ${id} runs and its terminals show the expected output`, async () => {
        const { page, problems } = await pageOf(pathname);
        await ready(page, index);
        await page
          .locator('[data-udplab-playground]')
          .nth(index)
          .locator('button[data-net-action=rerun]')
          .click();
        const expected = EXPECTED[id] ?? {};
        for (const [program, pattern] of Object.entries(expected))
          await waitForTerminal(page, program, pattern, index);
        if (!SHOWS_TRACEBACK.has(id))
          for (const name of await programNames(page, index))
            expect(await terminalText(page, name, index)).not.toMatch(/Traceback/);
        expect(problems).toEqual([]);
        // Its programs end here, so that those left blocked hold no worker while the next one runs.
        await page.evaluate(
          (i) =>
            (
              document.querySelectorAll('[data-udplab-playground]')[i] as HTMLElement & {
                udplab?: { dispose(): Promise<void> };
              }
            ).udplab?.dispose(),
          index,
        );
      });
    }
  }
});

describe('running programs', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  it('the packet list lists the datagrams and the board OLED holds the received text', async () => {
    const { page, context } = await openWarm(boardPage);
    await ready(page);
    await page.locator('[data-udplab-playground] button[data-net-action=rerun]').first().click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-udplab-playground] .pg-packets tr[data-fate=delivered]').length >= 3,
      null,
      {
        timeout: 60_000,
      },
    );
    const rows = await page.locator('[data-udplab-playground] .pg-packets tbody tr').allTextContents();
    expect(rows.join('\n')).toMatch(/hello board/);
    expect(rows.join('\n')).toMatch(/68 65 6c 6c 6f/);
    const lit = await page.evaluate(() => {
      const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
        udplab?: { oledPixels(n: string): Uint8Array | null };
      };
      const px = root.udplab?.oledPixels('board_udp_server');
      return px ? px.reduce((n, v) => n + v, 0) : 0;
    });
    expect(lit).toBeGreaterThan(100);
    await context.close();
  });

  it('with 100 % loss nothing arrives and the list says lost', async () => {
    const { page, context } = await openWarm(boardPage);
    await ready(page);
    const loss = page.locator('[data-udplab-playground] input[data-setting=loss]').first();
    await loss.fill('100');
    await loss.dispatchEvent('change');
    await page.locator('[data-udplab-playground] button[data-net-action=rerun]').first().click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-udplab-playground] .pg-packets tr[data-fate=lost]').length >= 3,
      null,
      { timeout: 60_000 },
    );
    expect(await page.locator('[data-udplab-playground] .pg-packets tr[data-fate=delivered]').count()).toBe(
      0,
    );
    expect(await terminalText(page, 'board_udp_server')).not.toMatch(/received/);
    await context.close();
  });

  it('Stop ends `while True: pass` and a blocked recvfrom within 200 ms, and the except: output appears', async () => {
    const { page, context } = await openWarm(boardPage);
    await ready(page);
    const names = await programNames(page);
    const pc = names.find((n) => n.startsWith('pc_')) ?? (names[names.length - 1] as string);
    const programs = {
      loop: 'try:\n    print("looping")\n    while True:\n        pass\nexcept KeyboardInterrupt:\n    print("caught loop")\n',
      recv: 'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 7000))\ntry:\n    s.recvfrom(100)\nexcept:\n    print("caught recv")\n',
    };
    for (const [kind, code] of Object.entries(programs)) {
      await setCode(page, pc, code);
      const panel = page.locator(`[data-udplab-playground] .pg-program[data-file="${pc}"]`);
      await panel.locator('button[data-action=run]').click();
      await waitForState(page, pc, ['running', 'blocked']);
      // Stop once the program is where the test means it to be: in the loop (its "looping" is in
      // the terminal; a Stop before the try would be a KeyboardInterrupt outside it, as in
      // Python) or blocked in recvfrom.
      if (kind === 'loop') await waitForTerminal(page, pc, /looping/);
      if (kind === 'recv') await waitForState(page, pc, 'blocked', 0, 30_000);
      const elapsed = await page.evaluate((n) => {
        const el = document.querySelector<HTMLElement>(`.pg-program[data-file="${n}"]`)!;
        const t0 = performance.now();
        return new Promise<number>((resolve) => {
          new MutationObserver(() => {
            if (el.dataset['state'] === 'exited') resolve(performance.now() - t0);
          }).observe(el, { attributes: true, attributeFilter: ['data-state'] });
          el.querySelector<HTMLButtonElement>('button[data-action=stop]')!.click();
        });
      }, pc);
      expect(elapsed, kind).toBeLessThan(200);
      await waitForTerminal(page, pc, kind === 'loop' ? /caught loop/ : /caught recv/);
    }
    await context.close();
  });

  it('a traceback marks its line in the editor', async () => {
    const { page, context } = await openWarm(boardPage);
    await ready(page);
    const names = await programNames(page);
    const pc = names.find((n) => n.startsWith('pc_')) ?? (names[names.length - 1] as string);
    await setCode(page, pc, 'x = 1\ny = 2\nprint(undefined_name)\n');
    await page
      .locator(`[data-udplab-playground] .pg-program[data-file="${pc}"] button[data-action=run]`)
      .click();
    await waitForTerminal(page, pc, /NameError/);
    const panel = page.locator(`[data-udplab-playground] .pg-program[data-file="${pc}"]`).first();
    expect(await terminalText(page, pc)).toMatch(/line 3/);
    // The light editor marks line 3 in its gutter and says why below it…
    await panel.locator('.pg-light-gutter > .pg-light-error').waitFor({ timeout: 10_000 });
    expect(await panel.locator('.pg-light-gutter > .pg-light-error').textContent()).toBe('3');
    expect(await panel.locator('.pg-error-note').textContent()).toMatch(/NameError/);
    // …and Monaco, once the learner clicks in, keeps the mark.
    await panel.locator('.pg-light textarea').click();
    await panel.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await context.close();
  });

  it('a flood of print never freezes the page, and Stop ends it', async () => {
    const { page, context } = await openWarm(boardPage);
    await ready(page);
    const names = await programNames(page);
    const pc = names.find((n) => n.startsWith('pc_')) ?? (names[names.length - 1] as string);
    await setCode(page, pc, 'i = 0\nwhile True:\n    i += 1\n    print("flood", i, "x" * 60)\n');
    const panel = page.locator(`[data-udplab-playground] .pg-program[data-file="${pc}"]`);
    await panel.locator('button[data-action=run]').click();
    await waitForTerminal(page, pc, /flood 2000 /);
    // The page still answers quickly: a few animation frames within a generous bound.
    const frameGap = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const t0 = performance.now();
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
        }),
    );
    expect(frameGap).toBeLessThan(500);
    await panel.locator('button[data-action=stop]').click();
    await waitForState(page, pc, 'exited', 0, 5_000);
    await context.close();
  });

  it('the chat exchanges typed Chinese lines until bye', async () => {
    const chat = [...pages.entries()].find(([, ids]) => ids.includes('chat'));
    if (!chat) throw new Error('no page has <Playground scenario="chat" />');
    const [pathname, ids] = chat;
    const index = ids.indexOf('chat');
    const { page, context } = await openWarm(pathname);
    await ready(page, index);
    const root = page.locator('[data-udplab-playground]').nth(index);
    await root.locator('button[data-net-action=rerun]').click();
    await waitForTerminal(page, 'chat_client', /发给服务器：/, index);
    const type = async (program: string, text: string) => {
      await root.locator(`.pg-program[data-file="${program}"] .xterm`).click();
      await page.keyboard.insertText(text);
      await page.keyboard.press('Enter');
    };
    await type('chat_client', '你好，服务器');
    await waitForTerminal(page, 'chat_server', /说：你好，服务器/, index);
    await waitForTerminal(page, 'chat_server', /回复客户端：/, index);
    await type('chat_server', '收到，宽字符 ✓');
    await waitForTerminal(page, 'chat_client', /说：收到，宽字符 ✓/, index);
    await waitForTerminal(page, 'chat_client', /发给服务器：[\s\S]*发给服务器：/, index);
    await type('chat_client', 'bye');
    await waitForTerminal(page, 'chat_client', /你说了 bye，聊天结束。/, index);
    await waitForTerminal(page, 'chat_server', /客户端说了 bye，聊天结束。/, index);
    await context.close();
  });

  it('a line typed into pc_udp_typer reaches the board server as one datagram', async () => {
    const typed = [...pages.entries()].find(
      ([p, ids]) => !p.startsWith('/en/') && ids.includes('board-server-typed'),
    );
    if (!typed) throw new Error('no page has <Playground scenario="board-server-typed" />');
    const [pathname, ids] = typed;
    const index = ids.indexOf('board-server-typed');
    const { page, context } = await openWarm(pathname);
    await ready(page, index);
    const root = page.locator('[data-udplab-playground]').nth(index);
    await root.locator('button[data-net-action=rerun]').click();
    await waitForTerminal(page, 'board_udp_server', /waiting for datagrams on/, index);
    await waitForTerminal(page, 'pc_udp_typer', /type a line and press Enter/, index);
    await root.locator('.pg-program[data-file="pc_udp_typer"] .xterm').click();
    await page.keyboard.insertText('你好');
    await page.keyboard.press('Enter');
    await waitForTerminal(page, 'pc_udp_typer', /sent 6 bytes to 192\.168\.0\.2/, index);
    await waitForTerminal(page, 'board_udp_server', /received b'\\xe4\\xbd\\xa0\\xe5\\xa5\\xbd' from/, index);
    await context.close();
  });
});

/** What each scenario's first program prints first. */
const FIRST_OUTPUT: Record<string, RegExp> = {
  flow: /server waiting on port 10000/,
  'board-server': /waiting for datagrams on/,
  'board-client': /listening on UDP port/,
  'vvboard-pc': /vvBoard UDP server on port 9000/,
  'vvboard-pc-lossy': /vvBoard UDP server on port 9000/,
  chat: /聊天服务器已就绪/,
  'port-unreachable': /recv raised ConnectionRefusedError/,
  'who-online': /Connection WiFi/,
  'stop-and-wait': /receiver on port 7000/,
  'tcp-udp-echo': /TCP 回声服务器，端口 8000/,
  'socket-kinds': /tcp_sock: <SocketKind\.SOCK_STREAM: 1>/,
};

/** How many times the handle says a program was started (0 before the playground is ready). */
function starts(page: Page, program: string, index = 0): Promise<number> {
  return page.evaluate(
    ([name, i]) => {
      const root = document.querySelectorAll('[data-udplab-playground]')[i as number] as HTMLElement & {
        udplab?: { starts(n: string): number };
      };
      return root.udplab?.starts(name as string) ?? 0;
    },
    [program, index] as const,
  );
}

/**
 * Scrolls the first playground into view and clicks Run on `programs` in order, at once, as soon
 * as the playground has started loading (the next frame: a learner's click is never faster).
 */
/**
 * Opens `pathname` in a warm context whose pages load the playground's UI chunk (`mount.*.js`) only
 * once `release()` is called, so a click is sure to land while the playground is still loading —
 * with Monaco left for the first edit, a warm page is otherwise ready within a frame or two of
 * scrolling (CI lost that race once). Its own context, with service workers blocked: a route does
 * not see what a service worker answers.
 */
let held: BrowserContext | undefined;
async function openHeld(pathname: string): Promise<{
  page: Page;
  context: { close(): Promise<void> };
  problems: string[];
  release: () => void;
}> {
  held ??= await browser.newContext({ serviceWorkers: 'block' });
  const page = await held.newPage();
  const cdp = await held.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: served.origin, storageTypes: 'local_storage' });
  await cdp.detach();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_astro\/mount\.[^/]*\.js$/, async (route) => {
    await gate;
    await route.continue();
  });
  const problems = watchProblems(page);
  await page.goto(served.origin + pathname, { waitUntil: 'load' });
  return { page, context: { close: () => page.close() }, problems, release };
}

function clickRunAtOnce(
  page: Page,
  programs: number[],
  action = 'run',
): Promise<{ state: string; names: string[]; statuses: string[]; visible: boolean }> {
  return page.evaluate(
    async ([which, name]) => {
      const root = document.querySelector<HTMLElement>('[data-udplab-playground]')!;
      root.scrollIntoView({ block: 'start' });
      for (let i = 0; i < 60 && !root.dataset['pgState']; i++)
        await new Promise((r) => requestAnimationFrame(r));
      const state = root.dataset['pgState'] ?? '';
      const els = [...root.querySelectorAll<HTMLElement>('.pg-program')];
      const names: string[] = [];
      let visible = true;
      for (const i of which) {
        const button = els[i]!.querySelector<HTMLButtonElement>(`button[data-action=${name}]`)!;
        visible &&= button.checkVisibility() && !button.disabled;
        button.click();
        names.push(els[i]!.dataset['file'] ?? '');
      }
      const statuses = which.map((i) => els[i]!.querySelector('[data-pg-status]')?.textContent ?? '');
      return { state, names, statuses, visible };
    },
    [programs, action] as const,
  );
}

const starting = (pathname: string) => (pathname.startsWith('/en/') ? 'Starting…' : '正在启动…');

describe('a click before the playground is ready', () => {
  requireBuilt(!(zhPages.length === 0), 'a Chinese page with a playground');
  it.each([...pages.entries()].map(([p, ids]) => [p, ids[0] as string] as const))(
    '%s: Run at 0 ms after scrollIntoView is queued, then runs once (%s)',
    async (pathname, id) => {
      const { page, context, problems, release } = await openHeld(pathname);
      const clicked = await clickRunAtOnce(page, [0]);
      release();
      const [name] = clicked.names as [string];
      // The click really came before the panel: the static button, visibly queued.
      expect(clicked.state).toBe('loading');
      expect(clicked.visible).toBe(true);
      expect(clicked.statuses).toEqual([starting(pathname)]);
      expect(FIRST_OUTPUT[id], `FIRST_OUTPUT needs the first line of scenario ${id}`).toBeDefined();
      await waitForTerminal(page, name, FIRST_OUTPUT[id] as RegExp, 0, 30_000);
      expect(await starts(page, name)).toBe(1);
      // Once ready, a click acts once: no replay of the queued one beside the live one.
      await page
        .locator('[data-udplab-playground]')
        .first()
        .locator('button[data-action=run]')
        .first()
        .click();
      await expect.poll(() => starts(page, name), { timeout: 10_000 }).toBe(2);
      await waitForTerminal(page, name, FIRST_OUTPUT[id] as RegExp, 0, 30_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(await starts(page, name)).toBe(2);
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it.each([
    ['/socket/steps/', '未运行'],
    ['/en/socket/steps/', 'Not running'],
  ])('%s: a queued Reset says "Starting…", then acts and shows the state again', async (pathname, idle) => {
    const { page, context, problems, release } = await openHeld(pathname);
    const clicked = await clickRunAtOnce(page, [1], 'reset');
    release();
    expect(clicked.state).toBe('loading');
    expect(clicked.statuses).toEqual([starting(pathname)]);
    await ready(page);
    await expect
      .poll(() => page.locator('.pg-program[data-file="flow_client"] [data-pg-status]').textContent())
      .toBe(idle);
    expect(await starts(page, 'flow_client')).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it.each(['/socket/steps/', '/en/socket/steps/'].filter((p) => pages.get(p)?.[0] === 'flow'))(
    '%s: Runs queued on the server then the client at once run in that order (fresh profile)',
    async (pathname) => {
      const { page, context, problems } = await open(pathname);
      const clicked = await clickRunAtOnce(page, [0, 1]);
      expect(clicked.state).toBe('loading');
      expect(clicked.names).toEqual(['flow_server', 'flow_client']);
      expect(clicked.statuses).toEqual([starting(pathname), starting(pathname)]);
      await waitForTerminal(
        page,
        'flow_server',
        /server waiting on port 10000[\s\S]*got b?'.*' from/,
        0,
        60_000,
      );
      await waitForTerminal(page, 'flow_client', /reply from .*:/, 0, 30_000);
      expect(await starts(page, 'flow_server')).toBe(1);
      expect(await starts(page, 'flow_client')).toBe(1);
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});

/** Every text Chromium's accessibility tree holds inside a node of `role` (e.g. 'log'), by that node's name. */
async function accessibleTexts(page: Page, role: string): Promise<Record<string, string>> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
    nodes: Array<{
      nodeId: string;
      parentId?: string;
      ignored: boolean;
      role?: { value?: string };
      name?: { value?: string };
    }>;
  };
  await cdp.detach();
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const out: Record<string, string> = {};
  for (const node of nodes) {
    if (node.ignored || node.role?.value !== 'StaticText') continue;
    for (let up = byId.get(node.parentId ?? ''); up; up = byId.get(up.parentId ?? '')) {
      if (up.role?.value !== role) continue;
      const name = up.name?.value ?? '';
      out[name] = `${out[name] ?? ''}${node.name?.value ?? ''}\n`;
      break;
    }
  }
  return out;
}

describe('screen readers and the keyboard', () => {
  requireBuilt(!!pages.has('/socket/steps/'), 'the page /socket/steps/');
  it.each([
    ['/socket/steps/', 'flow_server.py 的输出'],
    ['/en/socket/steps/', 'Output of flow_server.py'],
  ])(
    '%s: Tab to Run, Enter: the output reaches the accessibility tree, and axe is clean while it runs',
    async (pathname, logName) => {
      const { page, context, problems } = await openWarm(pathname);
      // Keyboard only: Tab from the top of the page to the first program's Run button.
      let onRun = false;
      for (let i = 0; i < 400 && !onRun; i++) {
        await page.keyboard.press('Tab');
        onRun = await page.evaluate(() => {
          const a = document.activeElement as HTMLElement | null;
          return (
            a?.dataset['action'] === 'run' &&
            a.closest<HTMLElement>('.pg-program')?.dataset['file'] === 'flow_server'
          );
        });
      }
      expect(onRun).toBe(true);
      await page.keyboard.press('Enter');
      await waitForTerminal(page, 'flow_server', /server waiting on port 10000/);
      // Said by a polite live log named after the program, within its batching interval.
      await expect
        .poll(async () => Object.entries(await accessibleTexts(page, 'log')), { timeout: 5_000 })
        .toContainEqual([
          expect.stringContaining(logName),
          expect.stringContaining('server waiting on port 10000'),
        ]);
      const live = await page
        .locator('.pg-program[data-file="flow_server"] [role=log]')
        .evaluate((e) => e.getAttribute('aria-live'));
      expect(live).toBe('polite');
      expect(await programState(page, 'flow_server')).toBe('blocked');
      await codeBlocksSettled(page);
      const violations = await axeViolations(page, { include: [['[data-udplab-playground]']] });
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it('a print flood is read as a few lines and a count, and the log stays small', async () => {
    const { page, context } = await openWarm('/en/socket/steps/');
    await ready(page);
    await setCode(page, 'flow_server', 'i = 0\nwhile True:\n    i += 1\n    print("flood", i)\n');
    const panel = page.locator('.pg-program[data-file="flow_server"]');
    await panel.locator('button[data-action=run]').click();
    await waitForTerminal(page, 'flow_server', /flood 20000\n/);
    const log = panel.locator('[role=log]');
    await expect.poll(() => log.textContent(), { timeout: 5_000 }).toMatch(/more lines not read aloud/);
    expect(await log.locator('p').count()).toBeLessThanOrEqual(100);
    await panel.locator('button[data-action=stop]').click();
    await context.close();
  });
});

describe('the sequence diagram', () => {
  requireBuilt(
    !!pages.get('/board/server/')?.includes('board-server'),
    'the page /board/server/ with its board-server playground',
  );
  it.each([
    ['/board/server/', '无法路由'],
    ['/en/board/server/', 'unroutable'],
  ])(
    '%s: lanes are the hosts; a datagram to the board before it joined Wi-Fi ends in a cross beside the PC',
    async (pathname, fate) => {
      const { page, context, problems } = await openWarm(pathname);
      const index = pages.get(pathname)?.indexOf('board-server') ?? 0;
      await ready(page, index);
      const root = page.locator('[data-udplab-playground]').nth(index);
      // Only the PC's sender runs: the board never joins Wi-Fi, so 192.168.0.2 is nobody's.
      await root.locator('.pg-program[data-file="pc_udp_sender"] button[data-action=run]').click();
      await waitForTerminal(page, 'pc_udp_sender', /sent 11 bytes/, index);
      const arrow = root.locator('.pg-seq g.pg-fate-unroutable').first();
      await arrow.waitFor({ timeout: 30_000 });
      const lanes = await root.locator('.pg-seq .pg-seq-host').allTextContents();
      expect(lanes).toEqual(['pc', 'board']);
      const label = await arrow.locator('.pg-seq-label').textContent();
      expect(label).toContain(fate);
      expect(label).toContain('192.168.0.2:6000');
      // The cross is on the sender's side: nearer the PC's lifeline than the board's.
      const lifelines = await root
        .locator('.pg-seq .pg-seq-life')
        .evaluateAll((ls) => ls.map((l) => Number(l.getAttribute('x1'))));
      const cross = await arrow.locator('.pg-seq-cross').evaluate((c) => {
        const box = (c as SVGGraphicsElement).getBBox();
        return box.x + box.width / 2;
      });
      const [pcX, boardX] = lifelines as [number, number];
      expect(Math.abs(cross - pcX)).toBeLessThan(Math.abs(cross - boardX));
      expect(problems).toEqual([]);
      await context.close();
    },
  );
});
