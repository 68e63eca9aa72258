// The Windows PC in Chromium: the lesson's Windows playgrounds speak the page's language, name the
// host as a Windows PC, and Stop on a program blocked in recvfrom waits for the call to return
// (a second Stop closes it) — site/runtime/netsim/WINDOWS.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST, launchBrowser, serveDist, type Served } from '../support/browser.ts';
import { requireBuilt } from '../support/require-built.ts';
import { existsSync, readFileSync } from 'node:fs';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const LESSON = { zh: '/basics/tcp-vs-udp/', en: '/en/basics/tcp-vs-udp/' } as const;
const built = existsSync(`${ROOT}/basics/tcp-vs-udp/index.html`)
  ? readFileSync(`${ROOT}/basics/tcp-vs-udp/index.html`, 'utf8').includes(
      'data-udplab-playground="windows-beside-linux"',
    )
  : false;

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

type Handle = HTMLElement & {
  udplab?: {
    terminalText(n: string): string;
    editor(n: string): { setValue(c: string): void } | undefined;
  };
};

/** Opens the lesson and waits until the playground `id` is ready; returns its index. */
async function openPlayground(page: Page, pathname: string, id: string): Promise<number> {
  await page.goto(served.origin + pathname, { waitUntil: 'load' });
  const index = await page.evaluate(
    (want) =>
      [...document.querySelectorAll<HTMLElement>('[data-udplab-playground]')].findIndex(
        (el) => el.dataset['udplabPlayground'] === want,
      ),
    id,
  );
  expect(index).toBeGreaterThanOrEqual(0);
  await page.locator('[data-udplab-playground]').nth(index).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (i) =>
      document.querySelectorAll<HTMLElement>('[data-udplab-playground]')[i]?.dataset['pgState'] === 'ready',
    index,
    { timeout: 90_000 },
  );
  return index;
}

function terminal(page: Page, index: number, program: string): Promise<string> {
  return page.evaluate(
    ([i, n]) =>
      (document.querySelectorAll('[data-udplab-playground]')[i as number] as Handle).udplab?.terminalText(
        n as string,
      ) ?? '',
    [index, program] as const,
  );
}

async function waitTerminal(page: Page, index: number, program: string, pattern: RegExp, timeout = 90_000) {
  await page.waitForFunction(
    ([i, n, source]) =>
      new RegExp(source as string).test(
        (document.querySelectorAll('[data-udplab-playground]')[i as number] as Handle).udplab?.terminalText(
          n as string,
        ) ?? '',
      ),
    [index, program, pattern.source] as const,
    { timeout },
  );
}

function state(page: Page, index: number, program: string): Promise<string> {
  return page.evaluate(
    ([i, n]) =>
      document
        .querySelectorAll('[data-udplab-playground]')
        .item(i as number)
        .querySelector<HTMLElement>(`.pg-program[data-file="${n as string}"]`)?.dataset['state'] ?? '',
    [index, program] as const,
  );
}

describe('a Windows PC in the lesson', () => {
  requireBuilt(built, 'the TCP vs UDP lesson with its Windows playgrounds');

  it.each([
    ['zh', '远程主机强迫关闭了一个现有的连接。', '主机 win（Windows 电脑）'],
    ['en', 'An existing connection was forcibly closed by the remote host', 'Host win (Windows PC)'],
  ] as const)(
    '%s page: WinError 10054 in the page language, the host named a Windows PC',
    async (lang, text, label) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const index = await openPlayground(page, LESSON[lang], 'windows-port-unreachable');
      const root = page.locator('[data-udplab-playground]').nth(index);
      expect(await root.locator('.pg-host').first().textContent()).toContain(label);
      await root.locator('button[data-net-action=rerun]').click();
      const line = `ConnectionResetError: [WinError 10054] ${text}`;
      await waitTerminal(
        page,
        index,
        'udp_refused_unconnected',
        new RegExp(line.replace(/[[\]().]/g, '\\$&')),
      );
      expect(await terminal(page, index, 'udp_refused_connected')).toContain(line);
      await context.close();
    },
  );

  it('Stop on a Windows program blocked in recvfrom waits for the timeout; a second Stop closes it', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const index = await openPlayground(page, LESSON.zh, 'windows-beside-linux');
    const program = 'on-windows';
    const code =
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 6100))\ns.settimeout(3)\nprint("waiting")\ns.recvfrom(10)\n';
    const panel = page
      .locator('[data-udplab-playground]')
      .nth(index)
      .locator(`.pg-program[data-file="${program}"]`);
    const runBlocked = async () => {
      await page.evaluate(
        ([i, n, src]) =>
          (document.querySelectorAll('[data-udplab-playground]')[i as number] as Handle).udplab
            ?.editor(n as string)
            ?.setValue(src as string),
        [index, program, code] as const,
      );
      await panel.locator('button[data-action=run]').click();
      await waitTerminal(page, index, program, /waiting/);
      await page.waitForFunction(
        ([i, n]) =>
          document
            .querySelectorAll('[data-udplab-playground]')
            .item(i as number)
            .querySelector<HTMLElement>(`.pg-program[data-file="${n as string}"]`)?.dataset['state'] ===
          'blocked',
        [index, program] as const,
        { timeout: 30_000 },
      );
    };

    await runBlocked();
    const t0 = Date.now();
    await panel.locator('button[data-action=stop]').click();
    await waitTerminal(page, index, program, /Python 要等这次调用返回/, 5_000);
    expect(await state(page, index, program)).toBe('blocked'); // still in recvfrom
    // The held-back Ctrl-C comes when the call returns at its 3 s timeout, as a KeyboardInterrupt
    // from recvfrom (WINDOWS.md, "Ctrl-C").
    await waitTerminal(page, index, program, /s\.recvfrom\(10\)[\s\S]*KeyboardInterrupt/, 30_000);
    expect(Date.now() - t0).toBeGreaterThan(1_500);
    await page.waitForFunction(
      ([i, n]) =>
        document
          .querySelectorAll('[data-udplab-playground]')
          .item(i as number)
          .querySelector<HTMLElement>(`.pg-program[data-file="${n as string}"]`)?.dataset['state'] ===
        'exited',
      [index, program] as const,
      { timeout: 10_000 },
    );

    await runBlocked();
    await panel.locator('button[data-action=stop]').click();
    await panel.locator('button[data-action=stop]').click();
    await waitTerminal(page, index, program, /就像关掉了它的控制台窗口/, 5_000);
    await page.waitForFunction(
      ([i, n]) =>
        document
          .querySelectorAll('[data-udplab-playground]')
          .item(i as number)
          .querySelector<HTMLElement>(`.pg-program[data-file="${n as string}"]`)?.dataset['state'] ===
        'exited',
      [index, program] as const,
      { timeout: 5_000 },
    );
    await context.close();
  }, 180_000);
});
