// The classroom relay end to end: the real relay serves the built course, a real python3 echoes on
// this machine, and a Python program in Chromium reaches it through the relay panel.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST, launchBrowser } from '../support/browser.ts';
import {
  hasPython,
  joinPath,
  lanAddress,
  relayModule,
  relayOrigin,
  startPythonEcho,
  startRelay,
  tokensFor,
  type PythonEcho,
  type TestRelay,
} from '../support/relay-fixture.ts';
import { clickRun, ready, setCode, terminalText, waitForTerminal } from '../support/playground.ts';

const { token: TOKEN } = tokensFor('e2e');
/** A lesson whose playground has a PC host (pc_thonny_client runs there). */
const LESSON = '/projects/vvboard-pc/';
const PROGRAM = 'pc_thonny_client';
/** Outside every subnet the test relay allows: the relay must refuse it (RELAY_ERR_DENIED_PEER). */
const DENIED = '203.0.113.9';

/** This machine's LAN address: the page's peer (127.0.0.1 would stay inside the virtual host). */
const address = lanAddress();

let relay: TestRelay;
let browser: Browser;
let echo: PythonEcho | undefined;
let echoPort = 0;
let echoLog: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  if (!hasPython || !address) return;
  echo = await startPythonEcho(address);
  echoPort = echo.port;
  echoLog = echo.log;
  relay = await startRelay({
    udpHost: address,
    publicAddress: address,
    token: TOKEN,
    staticRoot: DIST,
    // Loopback explicitly allowed, and this machine's own LAN address (where the echo listens).
    allowLoopback: true,
    allow: [`${address}/32`],
    selfAddresses: ['127.0.0.1', address],
    allowSelf: true,
  });
});

afterAll(async () => {
  await browser?.close();
  await relay?.close();
  echo?.stop();
});

/** The program's terminal text, through the playground's handle. */
const terminal = (page: Page): Promise<string> => terminalText(page, PROGRAM);

describe('classroom relay in Chromium', () => {
  it('has what it needs: python3 and a non-loopback IPv4 address on this machine', () => {
    expect(hasPython, 'python3 is not installed').toBe(true);
    expect(
      address,
      'no non-loopback IPv4 interface: the page cannot address a peer on 127.0.0.1',
    ).toBeTruthy();
  });

  it.skipIf(!hasPython || !address)(
    'sends through the relay to a real python3 echo, gets the reply with its real address, and raises PermissionError for a denied destination',
    async () => {
      const origin = relayOrigin(relay);
      const context = await browser.newContext();
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      await page.goto(`${origin}${joinPath(LESSON, TOKEN)}`, { waitUntil: 'load' });

      // The fragment is read into the tab's storage and removed from the address bar.
      expect(await page.evaluate(() => location.hash)).toBe('');
      expect(await page.evaluate(() => sessionStorage.getItem('udplab.relay.token'))).toBe(TOKEN);

      const root = page.locator('[data-udplab-playground]').first();
      await ready(page, 0, 90_000);
      const panel = root.locator('[data-pg-relay]');
      expect(await panel.locator('[data-relay-field="token"]').inputValue()).toBe(TOKEN);
      expect(await panel.locator('[data-relay-field="url"]').inputValue()).toBe(
        `ws://127.0.0.1:${relay.address().port}/relay`,
      );
      if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
        await panel.locator('summary').click();
      await panel.locator('button[data-relay-action="connect"]').click();
      await panel.locator('[data-relay-status="open"]').waitFor({ timeout: 10_000 });
      expect(relay.sessions.size).toBe(1);

      const code = [
        'import socket',
        'udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
        'udp.settimeout(10)',
        `udp.sendto(b"hello relay", ("${address}", ${echoPort}))`,
        'data, addr = udp.recvfrom(1024)',
        'print("reply:", data.decode(), "from", addr)',
        'try:',
        `    udp.sendto(b"x", ("${DENIED}", 9000))`,
        '    udp.recvfrom(1024)',
        '    print("no error")',
        'except OSError as e:',
        '    print("denied:", type(e).__name__, e.errno)',
        'udp.close()',
      ].join('\n');
      await setCode(page, PROGRAM, code);
      await clickRun(page, PROGRAM);
      await waitForTerminal(page, PROGRAM, /denied:|no error|Error/, 0, 90_000);
      const out = await terminal(page);
      // The reply came from the real python3 socket, with its real address as the source.
      expect(out).toContain(`reply: echo:hello relay from ('${address}', ${echoPort})`);
      expect(echoLog.some((l) => l.startsWith('got hello relay '))).toBe(true);
      // The relay refused the second destination; Python raised it as CPython on Linux would.
      expect(out).toContain('denied: PermissionError 13');
      expect(out).not.toContain('no error');

      // The panel counted the denial.
      expect(await panel.locator('[data-relay-counts]').getAttribute('data-relay-denials')).toBe('1');
      // The packet list recorded the datagram that left through the relay.
      expect(await root.locator('[data-fate="relayed"]').count()).toBeGreaterThan(0);
      // The denied one is not "sent through the relay": it is listed as refused, with the rule and
      // the flag the teacher could add, and the panel says the same.
      const denied = root.locator('tr[data-fate="relay-denied"]');
      await denied.waitFor({ timeout: 5_000 });
      expect(await denied.locator('.pg-col-fate').textContent()).toBe(
        '中继拒绝发出：不在教室的子网里；老师加 --allow <cidr> 可放行',
      );
      expect(await panel.locator('.pg-relay-error').textContent()).toContain(
        `${DENIED}:9000 — 不在教室的子网里；老师加 --allow <cidr> 可放行`,
      );
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it('keeps one relay session for the tab from one lesson to the next (resumed, not a new one)', async () => {
    const server = await relayModule<{
      createLogger(o: { level: string; write(line: string): void }): unknown;
    }>('relay/index.ts');
    const events: { event: string; session?: string }[] = [];
    const local = await startRelay({
      token: TOKEN,
      staticRoot: DIST,
      logger: server.createLogger({
        level: 'info',
        write: (line) => events.push(JSON.parse(line) as { event: string; session?: string }),
      }),
    });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      const origin = relayOrigin(local);
      /** Opens a lesson and resolves with its first playground's relay panel once mounted. */
      const lesson = async (path: string) => {
        await page.goto(`${origin}${path}`, { waitUntil: 'load' });
        const root = page.locator('[data-udplab-playground]').first();
        await root.scrollIntoViewIfNeeded();
        const panel = root.locator('[data-pg-relay]');
        await panel.waitFor({ state: 'attached', timeout: 90_000 });
        return panel;
      };
      const first = await lesson(joinPath(LESSON, TOKEN));
      if (!(await first.evaluate((d) => (d as HTMLDetailsElement).open)))
        await first.locator('summary').click();
      await first.locator('button[data-relay-action="connect"]').click();
      await first.locator('[data-relay-status="open"]').waitFor({ timeout: 10_000 });
      const session = [...local.sessions][0]?.id;
      expect(session).toMatch(/^s-[0-9a-f]{8}$/);

      // Another lesson in the same tab: no click, the panel continues the tab's session.
      const second = await lesson('/projects/chat/');
      await second.locator('[data-relay-status="open"]').waitFor({ timeout: 10_000 });
      expect(await second.locator('button[data-relay-action="disconnect"]').count()).toBe(1);
      await expect.poll(() => [...local.sessions].map((s) => s.id)).toEqual([session]);
      const opened = events.filter((e) => e.event === 'session.auth' || e.event === 'session.resumed');
      expect(opened.map((e) => [e.event, e.session])).toEqual([
        ['session.auth', session],
        ['session.resumed', session],
      ]);

      // Disconnected by the learner: the next lesson opens nothing by itself.
      await second.locator('button[data-relay-action="disconnect"]').click();
      const third = await lesson(LESSON);
      await page.waitForTimeout(500);
      expect(await third.locator('[data-relay-status]').getAttribute('data-relay-status')).toBe('idle');
      expect(local.sessions.size).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await local.close();
    }
  });

  it('a copy of the tab (duplicated, or opened by script) opens no session of its own and leaves the original’s alone', async () => {
    const local = await startRelay({ token: TOKEN, staticRoot: DIST });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      await page.goto(`${relayOrigin(local)}${joinPath(LESSON, TOKEN)}`, {
        waitUntil: 'load',
      });
      const root = page.locator('[data-udplab-playground]').first();
      await root.scrollIntoViewIfNeeded();
      const panel = root.locator('[data-pg-relay]');
      await panel.waitFor({ state: 'attached', timeout: 90_000 });
      if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
        await panel.locator('summary').click();
      await panel.locator('button[data-relay-action="connect"]').click();
      await panel.locator('[data-relay-status="open"]').waitFor({ timeout: 10_000 });
      const session = [...local.sessions][0]?.id;
      expect(session).toMatch(/^s-[0-9a-f]{8}$/);

      // window.open copies the tab's sessionStorage, as Duplicate does: the copy starts with the
      // original's resume key while the original still uses it.
      const [copy] = await Promise.all([
        context.waitForEvent('page'),
        page.evaluate(() => void window.open(location.pathname)),
      ]);
      copy.on('pageerror', (err) => problems.push(err.message));
      await copy.waitForLoadState('load');
      const copied = await copy.evaluate(() => Object.keys(sessionStorage));
      expect(copied.some((k) => k.startsWith('udplab.relay.resume.'))).toBe(true);
      const copyRoot = copy.locator('[data-udplab-playground]').first();
      await copyRoot.scrollIntoViewIfNeeded();
      const copyPanel = copyRoot.locator('[data-pg-relay]');
      await copyPanel.waitFor({ state: 'attached', timeout: 90_000 });
      await copy.waitForTimeout(1_000);
      expect(await copyPanel.locator('[data-relay-status]').getAttribute('data-relay-status')).toBe('idle');
      expect(await panel.locator('[data-relay-status]').getAttribute('data-relay-status')).toBe('open');
      expect([...local.sessions].map((s) => s.id)).toEqual([session]);

      // The original's own next page still resumes its session.
      await page.reload({ waitUntil: 'load' });
      const again = page.locator('[data-udplab-playground]').first();
      await again.scrollIntoViewIfNeeded();
      await again.locator('[data-pg-relay] [data-relay-status="open"]').waitFor({ timeout: 90_000 });
      await expect.poll(() => [...local.sessions].map((s) => s.id)).toEqual([session]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      await local.close();
    }
  });

  it.skipIf(!hasPython)(
    'with --allow-loopback, a program in the page answers a real python3 on the relay’s computer with the textbook sendto(answer, client_addr)',
    async () => {
      // Trying a class on one machine: the relay's real sockets on 127.0.0.1, loopback opted in.
      const local = await startRelay({ token: TOKEN, staticRoot: DIST, allowLoopback: true });
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (err) => problems.push(err.message));
        await page.goto(`${relayOrigin(local)}${joinPath(LESSON, TOKEN)}`, {
          waitUntil: 'load',
        });
        const root = page.locator('[data-udplab-playground]').first();
        await ready(page, 0, 90_000);
        const panel = root.locator('[data-pg-relay]');
        if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
          await panel.locator('summary').click();
        await panel.locator('button[data-relay-action="connect"]').click();
        await panel.locator('[data-relay-status="open"]').waitFor({ timeout: 10_000 });
        const server = [
          'import socket',
          'udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
          'udp.bind(("", 9999))',
          'udp.settimeout(30)',
          'data, client_addr = udp.recvfrom(1024)',
          'print("from", client_addr)',
          'udp.sendto(b"answer:" + data, client_addr)',
          'udp.close()',
        ].join('\n');
        await setCode(page, PROGRAM, server);
        await clickRun(page, PROGRAM);
        const mapping = panel.locator('[data-relay-mapping$=":9999"]');
        await mapping.waitFor({ timeout: 60_000 });
        const relayPort = Number(/:(\d+)\D*$/.exec((await mapping.textContent()) ?? '')?.[1]);
        expect(relayPort).toBeGreaterThan(0);

        // python3 on this computer, as a teacher would try it.
        // Asynchronously: the relay runs in this process and must keep forwarding meanwhile.
        const child = spawn(
          'python3',
          [
            '-c',
            [
              'import socket, sys',
              's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
              's.settimeout(30)',
              's.sendto(b"question", ("127.0.0.1", int(sys.argv[1])))',
              'data, addr = s.recvfrom(1024)',
              'print(data.decode(), addr[0], addr[1])',
            ].join('\n'),
            String(relayPort),
          ],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        const py = { stdout: '', stderr: '' };
        child.stdout.on('data', (d: Buffer) => (py.stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (py.stderr += d.toString()));
        await new Promise((resolve) => child.once('close', resolve));

        const seen = `python3: ${py.stdout}${py.stderr}\npage: ${await terminal(page)}`;
        expect(py.stderr, seen).toBe('');
        expect(py.stdout.trim(), seen).toBe(`answer:question 127.0.0.1 ${relayPort}`);
        const out = await terminal(page);
        expect(out).toMatch(/from \('127\.0\.0\.1', \d+\)/);
        // Listed as sent through the relay, not refused by the page's own loopback.
        expect(await root.locator('tr[data-fate="relayed"]').count()).toBeGreaterThan(0);
        expect(await root.locator('tr[data-fate="refused"]').count()).toBe(0);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
        await local.close();
      }
    },
  );
});
