// The Windows PC in Chromium: the lesson's Windows playgrounds speak the page's language, name the
// host as a Windows PC, and Stop on a program blocked in recvfrom waits for the call to return
// (a second Stop closes it) — site/runtime/netsim/WINDOWS.md.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST } from '../support/browser.ts';
import { sharedContext } from '../support/shared-context.ts';
import { requireBuilt } from '../support/require-built.ts';
import {
  clickRun,
  playgroundIndex,
  programState,
  ready,
  setCode,
  terminalText,
  waitForState,
  waitForTerminal,
} from '../support/playground.ts';
import { existsSync, readFileSync } from 'node:fs';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const LESSON = { zh: '/basics/tcp-vs-udp/', en: '/en/basics/tcp-vs-udp/' } as const;
const built = existsSync(`${ROOT}/basics/tcp-vs-udp/index.html`)
  ? readFileSync(`${ROOT}/basics/tcp-vs-udp/index.html`, 'utf8').includes(
      'data-udplab-playground="windows-beside-linux"',
    )
  : false;

// One context for every test: later pages take the interpreters from the first page's caches. Only
// the last test edits a program (and so saves a draft in localStorage).
const shared = sharedContext(ROOT);

/** Opens the lesson and waits until the playground `id` is ready; returns its index. */
async function openPlayground(page: Page, pathname: string, id: string): Promise<number> {
  await page.goto(shared.origin + pathname, { waitUntil: 'load' });
  const index = await playgroundIndex(page, id);
  expect(index).toBeGreaterThanOrEqual(0);
  await ready(page, index, 90_000);
  return index;
}

describe('a Windows PC in the lesson', () => {
  requireBuilt(built, 'the TCP vs UDP lesson with its Windows playgrounds');

  it.each([
    ['zh', '远程主机强迫关闭了一个现有的连接。', '主机 win（Windows 电脑）'],
    ['en', 'An existing connection was forcibly closed by the remote host', 'Host win (Windows PC)'],
  ] as const)(
    '%s page: WinError 10054 in the page language, the host named a Windows PC',
    async (lang, text, label) => {
      const page = await shared.context.newPage();
      const index = await openPlayground(page, LESSON[lang], 'windows-port-unreachable');
      const root = page.locator('[data-udplab-playground]').nth(index);
      expect(await root.locator('.pg-host').first().textContent()).toContain(label);
      await root.locator('button[data-net-action=rerun]').click();
      const line = `ConnectionResetError: [WinError 10054] ${text}`;
      await waitForTerminal(
        page,
        'udp_refused_unconnected',
        new RegExp(line.replace(/[[\]().]/g, '\\$&')),
        index,
        90_000,
      );
      expect(await terminalText(page, 'udp_refused_connected', index)).toContain(line);
      await page.close();
    },
  );

  it('Stop on a Windows program blocked in recvfrom waits for the timeout; a second Stop closes it', async () => {
    const page = await shared.context.newPage();
    const index = await openPlayground(page, LESSON.zh, 'windows-beside-linux');
    const program = 'on-windows';
    const code =
      'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("", 6100))\ns.settimeout(3)\nprint("waiting")\ns.recvfrom(10)\n';
    const panel = page
      .locator('[data-udplab-playground]')
      .nth(index)
      .locator(`.pg-program[data-file="${program}"]`);
    const runBlocked = async () => {
      await setCode(page, program, code, index);
      await clickRun(page, program, index);
      await waitForTerminal(page, program, /waiting/, index, 90_000);
      await waitForState(page, program, 'blocked', index, 30_000);
    };

    await runBlocked();
    const t0 = Date.now();
    await panel.locator('button[data-action=stop]').click();
    await waitForTerminal(page, program, /Python 要等这次调用返回/, index, 5_000);
    expect(await programState(page, program, index)).toBe('blocked'); // still in recvfrom
    // The held-back Ctrl-C comes when the call returns at its 3 s timeout, as a KeyboardInterrupt
    // from recvfrom (WINDOWS.md, "Ctrl-C").
    await waitForTerminal(page, program, /s\.recvfrom\(10\)[\s\S]*KeyboardInterrupt/, index, 30_000);
    expect(Date.now() - t0).toBeGreaterThan(1_500);
    await waitForState(page, program, 'exited', index, 10_000);

    await runBlocked();
    await panel.locator('button[data-action=stop]').click();
    await panel.locator('button[data-action=stop]').click();
    await waitForTerminal(page, program, /就像关掉了它的控制台窗口/, index, 5_000);
    await waitForState(page, program, 'exited', index, 5_000);
    await page.close();
  }, 180_000);
});
