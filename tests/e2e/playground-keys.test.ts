// The playground on a 390×844 phone and from the keyboard, in both languages: the plain editor's
// monospace font and tab stops, the skip link, the Run/Stop shortcuts, and the refused-datagram hint.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIST, launchBrowser, serveDist, type Served } from '../support/browser.ts';
import { requireBuilt } from '../support/require-built.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const REPO = new URL('../../', import.meta.url).pathname;
const STEPS = { zh: '/socket/steps/', en: '/en/socket/steps/' } as const;
const built = existsSync(path.join(ROOT, 'socket/steps/index.html'));

/** The line of flow_client.py where it waits for the reply (what the hint must name). */
const RECV_LINE =
  readFileSync(path.join(REPO, 'content/examples/flow_client.py'), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('.recvfrom(')) + 1;

const HINT = {
  zh: new RegExp(`提示：这个程序发出的数据报被拒绝了.*第 ${RECV_LINE} 行的 recvfrom`),
  en: new RegExp(`Hint: this program's datagram was refused .* recvfrom on line ${RECV_LINE} `),
} as const;
const ANY_HINT = /提示：这个程序发出的数据报被拒绝|Hint: this program's datagram was refused/;

let browser: Browser;
let served: Served;
let phone: BrowserContext;

beforeAll(async () => {
  if (!built) return;
  served = await serveDist(ROOT);
  browser = await launchBrowser();
  phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
});
afterAll(async () => {
  await phone?.close();
  await browser?.close();
  await served?.close();
});

async function openPhone(pathname: string): Promise<{ page: Page; errors: string[] }> {
  const page = await phone.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(served.origin + pathname, { waitUntil: 'load' });
  return { page, errors };
}

async function ready(page: Page): Promise<void> {
  await page.locator('[data-udplab-playground]').first().scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => document.querySelector<HTMLElement>('[data-udplab-playground]')?.dataset['pgState'] === 'ready',
    null,
    { timeout: 60_000 },
  );
}

function terminalText(page: Page, program: string): Promise<string> {
  return page.evaluate((name) => {
    const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
      udplab?: { terminalText(n: string): string };
    };
    return root.udplab?.terminalText(name) ?? '';
  }, program);
}

async function waitForTerminal(
  page: Page,
  program: string,
  pattern: RegExp,
  timeout = 60_000,
): Promise<void> {
  await page.waitForFunction(
    ([name, source, flags]) => {
      const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
        udplab?: { terminalText(n: string): string };
      };
      return new RegExp(source, flags).test(root.udplab?.terminalText(name) ?? '');
    },
    [program, pattern.source, pattern.flags] as const,
    { timeout },
  );
}

const panel = (page: Page, program: string) =>
  page.locator(`[data-udplab-playground] .pg-program[data-file="${program}"]`).first();

describe.each(['zh', 'en'] as const)('phone and keyboard (%s)', (lang) => {
  requireBuilt(built, 'the built course');
  it('the plain editor is monospace with tab stops of 4, and Tab inserts four spaces', async () => {
    const { page, errors } = await openPhone(STEPS[lang]);
    await ready(page);
    const area = panel(page, 'flow_server').locator('textarea.pg-textarea');
    const style = await area.evaluate((el) => {
      const css = getComputedStyle(el);
      // Monospace: a run of narrow letters is as wide as a run of wide ones in the editor's font.
      const probe = document.createElement('span');
      probe.style.font = css.font;
      probe.style.whiteSpace = 'pre';
      document.body.append(probe);
      probe.textContent = 'iiiiiiiiii';
      const narrow = probe.getBoundingClientRect().width;
      probe.textContent = 'WWWWWWWWWW';
      const wide = probe.getBoundingClientRect().width;
      probe.remove();
      return { tabSize: css.tabSize, narrow, wide, family: css.fontFamily };
    });
    expect(style.tabSize).toBe('4');
    expect(style.narrow, `font-family: ${style.family}`).toBeGreaterThan(0);
    expect(Math.abs(style.wide - style.narrow), `font-family: ${style.family}`).toBeLessThan(0.5);
    const before = await area.inputValue();
    await area.evaluate((el: HTMLTextAreaElement) => {
      el.focus();
      el.setSelectionRange(0, 0);
    });
    await page.keyboard.press('Tab');
    expect(await area.inputValue()).toBe(`    ${before}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a skip link near the top of the page puts the focus on the playground, its Run next', async () => {
    const { page } = await openPhone(STEPS[lang]);
    let onSkip = false;
    for (let i = 0; i < 3 && !onSkip; i++) {
      await page.keyboard.press('Tab');
      onSkip = await page.evaluate(() => document.activeElement?.classList.contains('udplab-skip') ?? false);
    }
    expect(onSkip, 'the skip link is among the first three Tab stops').toBe(true);
    expect(await page.locator('a.udplab-skip').textContent()).toBe(
      lang === 'zh' ? '跳到练习场' : 'Skip to the playground',
    );
    await page.keyboard.press('Enter');
    expect(
      await page.evaluate(() => document.activeElement?.hasAttribute('data-udplab-playground') ?? false),
    ).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset['action'])).toBe(
      'run',
    );
    await page.close();
  });

  it('Ctrl+Enter in the editor runs that program and Ctrl+Shift+Enter stops it; the toolbar says so', async () => {
    const { page } = await openPhone(STEPS[lang]);
    await ready(page);
    const server = panel(page, 'flow_server');
    const run = server.locator('button[data-action=run]');
    const stop = server.locator('button[data-action=stop]');
    expect(await run.getAttribute('aria-keyshortcuts')).toBe('Control+Enter Meta+Enter');
    expect(await stop.getAttribute('aria-keyshortcuts')).toBe('Control+Shift+Enter Meta+Shift+Enter');
    expect(await run.getAttribute('title')).toContain(lang === 'zh' ? '运行（' : 'Run (');
    expect(await run.getAttribute('title')).toContain('Ctrl+Enter');
    expect(await stop.getAttribute('title')).toContain('Ctrl+Shift+Enter');
    expect(await run.locator('kbd').isVisible()).toBe(true);
    // The accessible names stay the plain words; the shortcut is aria-keyshortcuts.
    expect(
      await server.getByRole('button', { name: lang === 'zh' ? '运行' : 'Run', exact: true }).count(),
    ).toBe(1);
    const area = server.locator('textarea.pg-textarea');
    const before = await area.inputValue();
    await area.focus();
    await page.keyboard.press('Control+Enter');
    await waitForTerminal(page, 'flow_server', /server waiting on port 10000/);
    expect(await area.inputValue(), 'the shortcut inserted nothing').toBe(before);
    await area.focus();
    await page.keyboard.press('Control+Shift+Enter');
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('.pg-program[data-file="flow_server"]')?.dataset['state'] ===
        'exited',
      null,
      { timeout: 10_000 },
    );
    expect(await terminalText(page, 'flow_server')).toMatch(/KeyboardInterrupt/);
    await page.close();
  });

  it('a client run without its server gets one hint naming its recvfrom line; with the server, none', async () => {
    const { page } = await openPhone(STEPS[lang]);
    await ready(page);
    const client = panel(page, 'flow_client');
    await client.locator('button[data-action=run]').click();
    await waitForTerminal(page, 'flow_client', HINT[lang], 30_000);
    const alone = await terminalText(page, 'flow_client');
    expect(alone, 'its own output is kept, before the hint').toMatch(/sent \d+ bytes to/);
    expect(alone.split(ANY_HINT).length - 1, 'shown once').toBe(1);
    await client.locator('button[data-action=stop]').click();
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('.pg-program[data-file="flow_client"]')?.dataset['state'] ===
        'exited',
      null,
      { timeout: 10_000 },
    );
    // Now as the lesson says: the server first, then the client.
    await panel(page, 'flow_server').locator('button[data-action=run]').click();
    await waitForTerminal(page, 'flow_server', /server waiting on port 10000/);
    await client.locator('button[data-action=run]').click();
    await waitForTerminal(page, 'flow_client', /reply from .*:/);
    await page.waitForTimeout(500);
    expect(await terminalText(page, 'flow_client')).not.toMatch(ANY_HINT);
    await page.close();
  });
});

describe('keyboard on a desk', () => {
  requireBuilt(!!built, 'the built course');
  it('Ctrl+Enter in the light editor and in Monaco runs the program and inserts no line', async () => {
    // No service worker: its fetches would pass by the route that holds Monaco back below.
    const desk = await browser.newContext({
      viewport: { width: 1366, height: 850 },
      serviceWorkers: 'block',
    });
    const page = await desk.newPage();
    // Monaco's chunk waits until released: the light editor first has the focus.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/editor-monaco/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(served.origin + STEPS.en, { waitUntil: 'load' });
    await ready(page);
    const server = panel(page, 'flow_server');
    const value = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
          udplab?: { editor(n: string): { getValue(): string } | undefined };
        };
        return root.udplab?.editor('flow_server')?.getValue() ?? '';
      });
    const before = await value();
    await server.locator('.pg-light textarea').click({ position: { x: 40, y: 10 } });
    await page.keyboard.press('Control+Enter');
    await waitForTerminal(page, 'flow_server', /server waiting on port 10000/);
    expect(await value(), 'the light editor got no line').toBe(before);
    await page.keyboard.press('Control+Shift+Enter');
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('.pg-program[data-file="flow_server"]')?.dataset['state'] ===
        'exited',
      null,
      { timeout: 10_000 },
    );
    // The Run moved the focus to the terminal; Monaco comes in its place, and is clicked into.
    release();
    await server.locator('.monaco-editor').waitFor({ timeout: 30_000 });
    // Near the top left: in a column, the middle of Monaco's (wide) line layer can lie outside it.
    await server.locator('.monaco-editor .view-lines').click({ position: { x: 40, y: 10 } });
    expect(await page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'))).toBe(true);
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction(() => {
      const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
        udplab?: { starts(n: string): number };
      };
      return root.udplab?.starts('flow_server') === 2;
    });
    await waitForTerminal(page, 'flow_server', /server waiting on port 10000/);
    const after = await page.evaluate(() => {
      const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
        udplab?: { editor(n: string): { getValue(): string } | undefined };
      };
      return root.udplab?.editor('flow_server')?.getValue() ?? '';
    });
    expect(after).toBe(before);
    await desk.close();
  });
});
