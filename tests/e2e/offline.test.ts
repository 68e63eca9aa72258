// Offline once loaded: the service worker (site/public/coi-sw.js) stores the course and, after a
// program of a kind has run, its interpreter; with the server gone, lessons reload and programs run.
// A new build is offered with an "Update" prompt that leaves a running program alone. Both
// languages' web app manifests are valid and installable.
import http from 'node:http';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStaticHandler } from '../../relay-server/src/server/index.ts';
import { CHROMIUM_FLAGS, DIST, chromiumPath, launchBrowser } from '../support/browser.ts';
import { builtInterpreterDirs } from '../../site/integrations/python-assets.ts';
import { axeViolations } from '../support/axe.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const BOARD_PAGE = '/board/server/';
const OTHER_PAGE = '/socket/steps/';
const built =
  existsSync(path.join(ROOT, 'board/server/index.html')) && existsSync(path.join(ROOT, 'coi-sw.js'));

interface Server {
  origin: string;
  /** Stops answering at once: the listening socket and every open connection are closed. */
  close(): Promise<void>;
}

/** `udp-lab serve`'s file handler on 127.0.0.1 (COOP/COEP, compression, validators), closable at once. */
async function serve(root: string, port = 0): Promise<Server> {
  const server = http.createServer(createStaticHandler(root, { precompress: false }));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plain file server, as a static host is: no COOP/COEP, no CORP, no validators. */
async function plainServe(root: string): Promise<Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    const type = PLAIN_TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
const PLAIN_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Asks the service worker what it has stored and waits until the indicator says `want`. */
async function waitForStored(page: Page, want: Record<string, string>, timeout = 90_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ type: 'udplab:status' }));
    const ok = await page
      .waitForFunction(
        (expected) => {
          const el = document.querySelector<HTMLElement>('[data-udplab-offline]');
          return Boolean(el && !el.hidden && Object.entries(expected).every(([k, v]) => el.dataset[k] === v));
        },
        want,
        { timeout: 2_000 },
      )
      .then(() => true)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`the indicator never showed ${JSON.stringify(want)}`);
  }
}

function terminalText(page: Page, scenario: string, program: string): Promise<string> {
  return page.evaluate(
    ([id, name]) => {
      const root = document.querySelector(`[data-udplab-playground="${id}"]`) as HTMLElement & {
        udplab?: { terminalText(n: string): string };
      };
      return root?.udplab?.terminalText(name as string) ?? '';
    },
    [scenario, program] as const,
  );
}

async function waitForTerminal(
  page: Page,
  scenario: string,
  program: string,
  pattern: RegExp,
): Promise<void> {
  await page.waitForFunction(
    ([id, name, source]) => {
      const root = document.querySelector(`[data-udplab-playground="${id}"]`) as HTMLElement & {
        udplab?: { terminalText(n: string): string };
      };
      return new RegExp(source as string).test(root?.udplab?.terminalText(name as string) ?? '');
    },
    [scenario, program, pattern.source] as const,
    { timeout: 90_000 },
  );
}

/** Scrolls a playground into view, waits until it is ready and presses its "run again". */
async function runAll(page: Page, scenario: string): Promise<void> {
  const root = page.locator(`[data-udplab-playground="${scenario}"]`);
  await root.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (id) =>
      document.querySelector<HTMLElement>(`[data-udplab-playground="${id}"]`)?.dataset['pgState'] === 'ready',
    scenario,
    { timeout: 90_000 },
  );
  await root.locator('button[data-net-action=rerun]').click();
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/**
 * A new deployment in `copy` whose Pyodide changed, as a rebuild after a Pyodide upgrade writes it:
 * its hashed directory gets a new name (and a lock file one byte longer), the old directory is gone
 * from the server, every page, script and the service worker name the new one, and the pages'
 * version changes.
 */
function redeployPyodide(copy: string, pagesVersion: string): { oldDir: string; newDir: string } {
  const oldDir = builtInterpreterDirs(copy).pyodide;
  const oldHash = oldDir.split('/')[1] as string;
  const newHash = 'feedfacecafebeef';
  const newDir = `pyodide/${newHash}/`;
  renameSync(path.join(copy, '_udplab', oldDir), path.join(copy, '_udplab', newDir));
  const lock = path.join(copy, '_udplab', newDir, 'pyodide-lock.json');
  writeFileSync(lock, `${readFileSync(lock, 'utf8')}\n`); // newer than its .br/.gz: sent as it is
  for (const file of filesUnder(copy)) {
    if (!/\.(html|js|mjs)$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (text.includes(oldHash)) writeFileSync(file, text.replaceAll(oldHash, newHash));
  }
  const lesson = path.join(copy, OTHER_PAGE, 'index.html');
  writeFileSync(lesson, readFileSync(lesson, 'utf8').replace('</h1>', ' · v2</h1>'));
  const swFile = path.join(copy, 'coi-sw.js');
  writeFileSync(
    swFile,
    readFileSync(swFile, 'utf8').replace(`"version":"${pagesVersion}"`, '"version":"test-v2"'),
  );
  return { oldDir, newDir };
}

/** The paths each of our interpreter caches holds, by cache name. */
function interpreterCaches(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys())
      if (name.startsWith('udplab-interpreters-'))
        out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
    return out;
  });
}

describe.skipIf(!built)('offline once loaded', () => {
  it('reloads a lesson, runs PC and 掌控板 programs, opens another lesson and checks its exercise with the server gone', async () => {
    const server = await serve(ROOT);
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    try {
      await page.goto(server.origin + BOARD_PAGE);
      // The pages are stored once the indicator shows; the interpreters are not yet.
      await waitForStored(page, { cpython: 'false', micropython: 'false' });
      expect(await page.locator('[data-udplab-offline]').first().textContent()).toContain('可离线使用');
      await runAll(page, 'board-server');
      await waitForTerminal(page, 'board-server', 'board_udp_server', /received b'hello board' from/);
      await waitForTerminal(page, 'board-server', 'pc_udp_sender', /sent 11 bytes/);
      await waitForStored(page, { cpython: 'true', micropython: 'true' });
      // The Pyodide snapshot the page stored is not stored a second time by the worker.
      const interpreterUrls = await page.evaluate(async () => {
        const names = (await caches.keys()).filter((n) => n.startsWith('udplab-interpreters-'));
        const urls: string[] = [];
        for (const name of names) for (const r of await (await caches.open(name)).keys()) urls.push(r.url);
        return urls;
      });
      expect(interpreterUrls.some((u) => u.endsWith('.snapshot'))).toBe(false);
      expect(interpreterUrls.some((u) => u.endsWith('pyodide.asm.wasm'))).toBe(true);
      // Once MicroPython is stored, the OLED's glyph blocks follow (in their own cache, as they have
      // no hashed directory), so any text draws offline.
      const glyphFiles = readdirSync(path.join(ROOT, '_udplab/glyphs')).length;
      await expect
        .poll(
          () =>
            page.evaluate(async () => {
              const names = (await caches.keys()).filter((n) => n.startsWith('udplab-glyphs-'));
              let count = 0;
              for (const name of names)
                for (const r of await (await caches.open(name)).keys())
                  if (r.url.includes('/_udplab/glyphs/')) count++;
              return count;
            }),
          { timeout: 60_000, interval: 500 },
        )
        .toBe(glyphFiles);

      // The network goes: the server stops and the browser is offline.
      await server.close();
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await expect.poll(() => page.title()).toMatch(/掌控板/);
      await runAll(page, 'board-server');
      await waitForTerminal(page, 'board-server', 'board_udp_server', /received b'hello board' from/);
      await waitForTerminal(page, 'board-server', 'pc_udp_sender', /sent 11 bytes/);

      // Another lesson, never opened before, from the precache; its PC programs run too.
      await page.goto(server.origin + OTHER_PAGE, { waitUntil: 'load' });
      await runAll(page, 'flow');
      await waitForTerminal(page, 'flow', 'flow_client', /reply from .*:/);
      expect(await terminalText(page, 'flow', 'flow_server')).toMatch(/server waiting on port 10000/);
      // Its exercise is checked offline too: the starter program gets its verdict (it fails).
      const exercise = page.locator('#ex-fix-client');
      await exercise.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        () => document.querySelector<HTMLElement>('#ex-fix-client')?.dataset['exState'] === 'idle',
        null,
        { timeout: 90_000 },
      );
      await exercise.locator('button[data-action=check]').click();
      await page.waitForSelector('#ex-fix-client [data-ex-result][data-passed]', { timeout: 90_000 });
      expect(await exercise.locator('[data-ex-result]').getAttribute('data-passed')).toBe('false');
      // And the English twin of a page, with the English indicator.
      await page.goto(server.origin + '/en' + OTHER_PAGE, { waitUntil: 'load' });
      await waitForStored(page, { cpython: 'true' });
      expect(await page.locator('[data-udplab-offline]').first().textContent()).toContain(
        'Available offline',
      );
      // A page the build does not have: the course's own "not found" page, not the browser's error.
      const missing = await page.goto(server.origin + '/en/no-such-lesson/', { waitUntil: 'load' });
      expect(missing?.status()).toBe(404);
      expect(await page.locator('h1').first().textContent()).toBeTruthy();
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await server.close().catch(() => {});
    }
  }, 300_000);

  it('works offline from a plain static host too, where the same worker adds the isolation headers', async () => {
    const server = await plainServe(path.resolve(ROOT));
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(server.origin + OTHER_PAGE);
      await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 30_000 });
      await waitForStored(page, {});
      await runAll(page, 'flow');
      await waitForTerminal(page, 'flow', 'flow_client', /reply from .*:/);
      await waitForStored(page, { cpython: 'true' });
      await server.close();
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await runAll(page, 'flow');
      await waitForTerminal(page, 'flow', 'flow_client', /reply from .*:/);
    } finally {
      await context.close();
      await server.close().catch(() => {});
    }
  }, 300_000);

  it('offers a new build with an Update prompt that leaves a running program alone, then reloads into it with the learner’s edits', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'udplab-offline-'));
    cpSync(ROOT, copy, { recursive: true });
    const server = await serve(copy);
    const context = await browser.newContext();
    const page = await context.newPage();
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    try {
      await page.goto(server.origin + BOARD_PAGE);
      await waitForStored(page, {});
      const oldVersion = await page.locator('[data-udplab-offline]').first().getAttribute('data-version');
      // A server that waits for datagrams: it stays running (blocked in recvfrom) until stopped.
      const root = page.locator('[data-udplab-playground="board-server"]');
      await root.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        () =>
          document.querySelector<HTMLElement>('[data-udplab-playground="board-server"]')?.dataset[
            'pgState'
          ] === 'ready',
        null,
        { timeout: 90_000 },
      );
      const serverProgram = root.locator('.pg-program[data-file="board_udp_server"]');
      await serverProgram.locator('button[data-action=run]').click();
      await waitForTerminal(page, 'board-server', 'board_udp_server', /waiting for datagrams/);
      const before = await terminalText(page, 'board-server', 'board_udp_server');
      // The learner edits another program of the playground: the edit is saved as they type.
      const EDIT = '# my own edit, kept across the update\nprint("still mine")\n';
      await page.evaluate((code) => {
        const el = document.querySelector('[data-udplab-playground="board-server"]') as HTMLElement & {
          udplab?: { editor(n: string): { setValue(c: string): void } | undefined };
        };
        el.udplab?.editor('pc_udp_sender')?.setValue(code);
      }, EDIT);
      const saved = await page.evaluate(() => Object.keys(localStorage).length);

      // A new deployment: a lesson's text changes, and so does the service worker's version.
      const lesson = path.join(copy, 'board/server/index.html');
      writeFileSync(lesson, readFileSync(lesson, 'utf8').replace('</h1>', ' · v2</h1>'));
      const swFile = path.join(copy, 'coi-sw.js');
      writeFileSync(
        swFile,
        readFileSync(swFile, 'utf8').replace(`"version":"${oldVersion}"`, '"version":"test-v2"'),
      );
      const navigationsBefore = navigations;
      await page.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const prompt = page.locator('[data-udplab-update]');
      await prompt.waitFor({ state: 'visible', timeout: 90_000 });
      expect(await prompt.textContent()).toContain('课程有新版本了');
      // It says what Update would cost: the waiting server would stop.
      expect(await prompt.textContent()).toContain('正在运行的程序会停止');
      // axe finds nothing serious in the prompt or the indicator.
      const violations = await axeViolations(
        page,
        { include: [['[data-udplab-update]'], ['[data-udplab-offline]']] },
        { seriousOnly: true },
      );
      expect(violations).toEqual([]);
      // Nothing was reloaded or stopped: the server still waits, its output untouched.
      expect(navigations).toBe(navigationsBefore);
      expect(await serverProgram.getAttribute('data-state')).toMatch(/running|blocked/);
      expect(await terminalText(page, 'board-server', 'board_udp_server')).toBe(before);
      // The old build still answers until the learner chooses.
      await page.waitForTimeout(1_000);
      expect(navigations).toBe(navigationsBefore);

      await prompt.locator('button[data-udplab-update-now]').click();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('v2'), null, {
        timeout: 30_000,
      });
      expect(navigations).toBe(navigationsBefore + 1);
      await waitForStored(page, { version: 'test-v2' });
      expect(await page.evaluate(() => Object.keys(localStorage).length)).toBe(saved);
      await page.locator('[data-udplab-playground="board-server"]').scrollIntoViewIfNeeded();
      await page.waitForFunction(
        () =>
          document.querySelector<HTMLElement>('[data-udplab-playground="board-server"]')?.dataset[
            'pgState'
          ] === 'ready',
        null,
        { timeout: 90_000 },
      );
      const kept = await page.evaluate(() => {
        const el = document.querySelector('[data-udplab-playground="board-server"]') as HTMLElement & {
          udplab?: { editor(n: string): { getValue(): string } | undefined };
        };
        return el.udplab?.editor('pc_udp_sender')?.getValue();
      });
      expect(kept).toBe(EDIT);
      // The old build's pages go once no tab of it is left: this one has reloaded.
      await expect
        .poll(
          async () => {
            await page.evaluate(() =>
              navigator.serviceWorker.controller?.postMessage({ type: 'udplab:status' }),
            );
            const cacheNames = await page.evaluate(() => caches.keys());
            return cacheNames.filter((n) => n.startsWith('udplab-pages-'));
          },
          { timeout: 20_000, interval: 500 },
        )
        .toEqual(['udplab-pages-test-v2']);
    } finally {
      await context.close();
      await server.close();
      rmSync(copy, { recursive: true, force: true });
    }
  }, 300_000);

  it('keeps a tab of the old build running its programs when another tab updates, and each interpreter in its own cache', async () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'udplab-offline-'));
    cpSync(ROOT, copy, { recursive: true });
    const server = await serve(copy);
    const context = await browser.newContext();
    const first = await context.newPage();
    try {
      // The first tab stores the build and, by running a PC program, Pyodide.
      await first.goto(server.origin + OTHER_PAGE);
      await waitForStored(first, {});
      await runAll(first, 'flow');
      await waitForTerminal(first, 'flow', 'flow_client', /reply from .*:/);
      await waitForStored(first, { cpython: 'true' });
      const pagesVersion = (await first
        .locator('[data-udplab-offline]')
        .first()
        .getAttribute('data-version'))!;
      // A second tab of the same build.
      const second = await context.newPage();
      await second.goto(server.origin + OTHER_PAGE);
      await second.locator('[data-udplab-playground="flow"]').scrollIntoViewIfNeeded();
      await second.waitForFunction(
        () =>
          document.querySelector<HTMLElement>('[data-udplab-playground="flow"]')?.dataset['pgState'] ===
          'ready',
        null,
        { timeout: 90_000 },
      );

      const { oldDir, newDir } = redeployPyodide(copy, pagesVersion);
      const oldCache = `udplab-interpreters-pyodide-${oldDir.split('/')[1]}`;
      const newCache = `udplab-interpreters-pyodide-${newDir.split('/')[1]}`;
      const lockOf = (dir: string) => `/_udplab/${dir}pyodide-lock.json`;
      const sizes = (page: Page, urls: string[]) =>
        page.evaluate(
          (list) =>
            Promise.all(list.map(async (u) => (await fetch(u)).arrayBuffer().then((b) => b.byteLength))),
          urls,
        );
      // The old worker still answers both tabs. Each directory's files go to its own cache, whichever
      // worker stores them: a file of the new deployment never lands in the old one's cache.
      const [oldLock, newLock] = await sizes(second, [lockOf(oldDir), lockOf(newDir)]);
      expect(newLock).toBe((oldLock as number) + 1);
      const before = await interpreterCaches(second);
      expect(before[oldCache]?.length).toBeGreaterThan(0);
      expect(before[oldCache]?.every((p) => p.startsWith(`/_udplab/${oldDir}`))).toBe(true);
      expect(before[newCache]).toEqual([lockOf(newDir)]);

      // The first tab updates.
      await first.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const prompt = first.locator('[data-udplab-update]');
      await prompt.waitFor({ state: 'visible', timeout: 90_000 });
      await prompt.locator('button[data-udplab-update-now]').click();
      await first.waitForFunction(() => document.querySelector('h1')?.textContent?.includes('v2'), null, {
        timeout: 30_000,
      });
      await waitForStored(first, { version: 'test-v2' });
      // The browser's HTTP cache is no promise (it evicts large files first, and a learner may clear
      // it): without it, only the worker's caches still hold what the old build needs.
      const cdp = await context.newCDPSession(second);
      await cdp.send('Network.clearBrowserCache');

      // The second tab still runs the old build, now answered by the new worker: its interpreter's
      // files, gone from the server, still come from the old directory's cache, and its programs run
      // (twice, so that workers started after the update load Pyodide too).
      const course = `/_udplab/${oldDir}python_stdlib.course.zip`;
      expect(await sizes(second, [course, lockOf(oldDir)])).toEqual([
        statSync(path.join(ROOT, '_udplab', oldDir, 'python_stdlib.course.zip')).size,
        oldLock,
      ]);
      for (let run = 0; run < 2; run++) {
        await runAll(second, 'flow');
        await second
          .waitForFunction(
            () =>
              !/reply from/.test(
                (
                  document.querySelector('[data-udplab-playground="flow"]') as HTMLElement & {
                    udplab?: { terminalText(n: string): string };
                  }
                ).udplab?.terminalText('flow_client') ?? '',
              ),
            null,
            { timeout: 10_000 },
          )
          .catch(() => undefined); // the Run cleared the terminal (or already answered again)
        await waitForTerminal(second, 'flow', 'flow_client', /reply from .*:/);
      }
      expect(Object.keys(await interpreterCaches(second))).toContain(oldCache);

      // Once no tab of the old build is left, its caches go (at the next page's question).
      await second.close();
      await expect
        .poll(
          async () => {
            await first.evaluate(() =>
              navigator.serviceWorker.controller?.postMessage({ type: 'udplab:status' }),
            );
            return first.evaluate(() => caches.keys());
          },
          { timeout: 20_000, interval: 500 },
        )
        .not.toContain(oldCache);
      const names = await first.evaluate(() => caches.keys());
      expect(names).toContain(newCache);
      expect(names).not.toContain(`udplab-pages-${pagesVersion}`);
    } finally {
      await context.close();
      await server.close();
      rmSync(copy, { recursive: true, force: true });
    }
  }, 400_000);

  it('links a valid, installable manifest in each language', async () => {
    const server = await serve(ROOT);
    // A profile on disk: Chromium never offers to install from an incognito context.
    const profile = mkdtempSync(path.join(tmpdir(), 'udplab-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      args: [...CHROMIUM_FLAGS],
      headless: true,
    });
    try {
      for (const [pathname, lang, name, start] of [
        ['/', 'zh-CN', 'UDP 实验室', '/'],
        ['/en/', 'en', 'UDP Lab', '/en/'],
      ] as const) {
        const page = await context.newPage();
        await page.goto(server.origin + pathname);
        await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
          timeout: 30_000,
        });
        const cdp = await context.newCDPSession(page);
        const manifest = (await cdp.send('Page.getAppManifest')) as {
          url: string;
          errors: Array<{ message: string; critical: number }>;
          data: string;
        };
        expect(manifest.errors).toEqual([]);
        const data = JSON.parse(manifest.data) as {
          lang: string;
          name: string;
          start_url: string;
          icons: unknown[];
        };
        expect(data.lang).toBe(lang);
        expect(data.name).toBe(name);
        expect(new URL(data.start_url, manifest.url).pathname).toBe(start);
        const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
          installabilityErrors: Array<{ errorId: string }>;
        };
        expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
        await page.close();
      }
    } finally {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});
