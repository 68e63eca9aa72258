// The teacher's traffic view end to end: a real relay on 127.0.0.1 and a real python3 echo on this
// machine; learner 张三 runs a Python program in a playground connected through the relay panel, learner
// Bob is a second Chromium tab speaking the relay protocol over its own WebSocket; the instructor
// dashboard (admin token) lists both learners' datagrams live, filters, counts, pauses, clears and
// switches the preview — which the learner's page then says — and a tab without the admin token
// cannot read any of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { DIST, launchBrowser } from '../support/browser.ts';
import {
  dashboardPath,
  hasPython,
  joinPath,
  lanAddress,
  relayOrigin,
  startPythonEcho,
  startRelay,
  tokensFor,
  type PythonEcho,
  type TestRelay,
} from '../support/relay-fixture.ts';
import { clickRun, ready, setCode } from '../support/playground.ts';
import { axeViolations } from '../support/axe.ts';

const { token: TOKEN, adminToken: ADMIN_TOKEN } = tokensFor('traffic');
const LESSON = '/projects/vvboard-pc/';
const PROGRAM = 'pc_thonny_client';
/** Outside every subnet the test relay allows: the relay denies it (and the dashboard says which flag would allow it). */
const DENIED = '203.0.113.9';

/** This machine's LAN address: the learners' peer (a page's 127.0.0.1 stays inside its virtual host). */
const address = lanAddress();

let relay: TestRelay;
let browser: Browser;
let echo: PythonEcho | undefined;
let echoPort = 0;
let origin = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!hasPython || !address) return;
  echo = await startPythonEcho(address);
  echoPort = echo.port;
  relay = await startRelay({
    udpHost: address,
    publicAddress: address,
    token: TOKEN,
    adminToken: ADMIN_TOKEN,
    staticRoot: DIST,
    allow: [`${address}/32`],
    selfAddresses: ['127.0.0.1', address],
    allowSelf: true,
  });
  origin = relayOrigin(relay);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await relay?.close();
  echo?.stop();
});

async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('dialog', (d) => void d.accept());
  return { page, problems };
}

/**
 * Learner Bob: a tab that speaks the relay protocol itself (auth, name, datagram frames), as the
 * playground's client does. `window.bob.send(text, ip, port)` sends on socket 1.
 */
async function startBob(page: Page): Promise<void> {
  await page.goto(`${origin}/`, { waitUntil: 'load' });
  await page.evaluate(
    async ({ token, url }) => {
      const ws = new WebSocket(url, 'udp-lab.relay.v1');
      ws.binaryType = 'arraybuffer';
      const replies: string[] = [];
      const texts: Record<string, unknown>[] = [];
      ws.addEventListener('message', (e) => {
        if (typeof e.data === 'string') texts.push(JSON.parse(e.data) as Record<string, unknown>);
        else replies.push(new TextDecoder().decode(new Uint8Array(e.data as ArrayBuffer).subarray(10)));
      });
      await new Promise((r) => ws.addEventListener('open', r));
      ws.send(JSON.stringify({ type: 'auth', token, v: 1 }));
      ws.send(JSON.stringify({ type: 'name', id: 1, name: 'Bob' }));
      const send = (text: string, ip: string, port: number) => {
        const payload = new TextEncoder().encode(text);
        const frame = new Uint8Array(10 + payload.length);
        const view = new DataView(frame.buffer);
        frame[0] = 1;
        frame[1] = 4;
        view.setUint16(2, 1);
        view.setUint16(4, port);
        ip.split('.').forEach((b, i) => (frame[6 + i] = Number(b)));
        frame.set(payload, 10);
        ws.send(frame);
      };
      (window as unknown as { bob: unknown }).bob = { send, replies, texts };
      for (let i = 0; i < 100 && !texts.some((m) => m['type'] === 'named'); i++)
        await new Promise((r) => setTimeout(r, 50));
    },
    { token: TOKEN, url: relay.url },
  );
}

function bobSends(page: Page, text: string, ip: string, port: number): Promise<void> {
  return page.evaluate(
    ([t, i, p]) =>
      (window as unknown as { bob: { send(a: string, b: string, c: number): void } }).bob.send(
        t as string,
        i as string,
        p as number,
      ),
    [text, ip, port] as const,
  );
}

/**
 * Resolves once the dashboard has made one whole poll begun after the call: admin.ts's `poll()` asks
 * for the sessions, then (unless paused) for the datagrams, which it lists, then for the results.
 */
function nextPoll(dashboard: Page): Promise<void> {
  return new Promise((resolve, reject) => {
    let sessions = false;
    const onResponse = (res: Response) => {
      const path = new URL(res.url()).pathname;
      if (path === '/admin/api/sessions') sessions = true;
      else if (path === '/admin/api/results' && sessions) stop(resolve);
    };
    const timer = setTimeout(
      () => stop(() => reject(new Error('the dashboard made no whole poll in 10 s'))),
      10_000,
    );
    const stop = (then: () => void) => {
      clearTimeout(timer);
      dashboard.off('response', onResponse);
      then();
    };
    dashboard.on('response', onResponse);
  });
}

/** Visible rows of the dashboard's traffic list (the "nothing" row has no data-seq). */
function rows(dashboard: Page) {
  return dashboard.locator('#traffic-list tbody tr[data-seq]');
}

describe('the teacher’s traffic view', () => {
  it('has what it needs: python3 and a non-loopback IPv4 address on this machine', () => {
    expect(hasPython, 'python3 is not installed').toBe(true);
    expect(address, 'no non-loopback IPv4 interface').toBeTruthy();
  });

  it.skipIf(!hasPython || !address)(
    'lists two learners’ datagrams live by name, filters, counts, pauses, clears and switches the preview; the learner’s page says what the teacher sees; only the admin token reads it',
    async () => {
      const { page: dashboard, problems: dashboardProblems } = await newPage();
      await dashboard.goto(`${origin}${dashboardPath(ADMIN_TOKEN)}`, { waitUntil: 'load' });
      await dashboard.locator('#traffic:not([hidden])').waitFor({ timeout: 10_000 });
      expect(await dashboard.locator('#traffic-list tbody').textContent()).toContain('还没有数据报经过中继');
      // Safe by default: no preview column, the switch off.
      expect(await dashboard.locator('#traffic-preview').isChecked()).toBe(false);
      expect(await dashboard.locator('#traffic-list th.preview-col').isVisible()).toBe(false);

      // 张三: a playground tab that joined the class, named itself, and connects its relay panel.
      const { page: learner, problems } = await newPage();
      await learner.goto(`${origin}${joinPath(LESSON, TOKEN)}`, { waitUntil: 'load' });
      const report = learner.locator('[data-class-report]');
      await report.waitFor({ timeout: 30_000 });
      await report.locator('[data-class-field="name"]').fill('张三');
      await report.locator('button[type="submit"]').click();
      await learner.locator('[data-class-report][data-class-name="张三"]').waitFor({ timeout: 15_000 });
      const root = learner.locator('[data-udplab-playground]').first();
      await ready(learner, 0, 90_000);
      const panel = root.locator('[data-pg-relay]');
      if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
        await panel.locator('summary').click();
      const observed = panel.locator('[data-relay-observed]');
      expect(await observed.isVisible()).toBe(false); // not connected: nothing to say
      await panel.locator('button[data-relay-action="connect"]').click();
      await panel.locator('[data-relay-status="open"]').waitFor({ timeout: 10_000 });
      // The page says plainly what the teacher sees, with the name its datagrams are tagged with.
      await panel.locator('[data-relay-observed="metadata"]').waitFor({ timeout: 5_000 });
      expect(await observed.textContent()).toBe(
        '老师的面板上能看到本页经中继收发的每个数据报（标为“张三”）：时间、来源、目的地和大小。看不到数据报的内容。',
      );

      const code = [
        'import socket',
        'udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
        'udp.settimeout(10)',
        `udp.sendto("你好，老师".encode(), ("${address}", ${echoPort}))`,
        'data, addr = udp.recvfrom(1024)',
        'print("reply:", data.decode())',
        'udp.close()',
      ].join('\n');
      await setCode(learner, PROGRAM, code);
      await clickRun(learner, PROGRAM);

      // Bob: a second tab, its own session and name.
      const { page: bob, problems: bobProblems } = await newPage();
      await startBob(bob);
      await bobSends(bob, 'hi from bob', address as string, echoPort);
      await bobSends(bob, 'x', DENIED, 9000);

      // The dashboard lists both, tagged by name, without a reload.
      const zs = rows(dashboard).and(dashboard.locator('[data-learner="张三"]'));
      const bobs = rows(dashboard).and(dashboard.locator('[data-learner="Bob"]'));
      await zs.and(dashboard.locator('[data-dir="in"]')).waitFor({ timeout: 90_000 });
      await bobs.and(dashboard.locator('[data-fate="denied"]')).waitFor({ timeout: 10_000 });
      await bobs.and(dashboard.locator('[data-dir="in"]')).waitFor({ timeout: 10_000 });
      const zOut = await zs.and(dashboard.locator('[data-dir="out"]')).locator('td').allTextContents();
      // time, learner, from, to, size, what happened
      expect(zOut[1]).toBe('张三');
      expect(zOut[2]).toMatch(new RegExp(`^${(address as string).replace(/\./g, '\\.')}:\\d+$`));
      expect(zOut[3]).toBe(`${address}:${echoPort}`);
      expect(zOut[4]).toBe(String(new TextEncoder().encode('你好，老师').length));
      expect(zOut[5]).toBe('发出，已转发');
      expect(zOut).toHaveLength(6); // no preview column
      expect(await dashboard.locator('#traffic-list').textContent()).not.toContain('你好');
      const denied = await bobs
        .and(dashboard.locator('[data-fate="denied"]'))
        .locator('td')
        .allTextContents();
      expect(denied[3]).toBe(`${DENIED}:9000`);
      expect(denied[5]).toBe('被中继拒绝（不在教室的子网里；--allow <网段> 可放行）');

      // Counts per learner.
      const zCounts = await dashboard.locator('#traffic-counts tr[data-learner="张三"] td').allTextContents();
      expect(zCounts[0]).toBe(`1 / ${zOut[4]}`);
      expect(zCounts[1]).toMatch(/^1 \//);
      const bobCounts = await dashboard
        .locator('#traffic-counts tr[data-learner="Bob"] td')
        .allTextContents();
      expect(bobCounts.slice(0, 3)).toEqual(['1 / 11', '1 / 16', '1']);

      // Filters: by learner, then by address.
      await dashboard.selectOption('#traffic-learner', 'Bob');
      expect(await rows(dashboard).count()).toBe(3);
      expect(await rows(dashboard).and(dashboard.locator('[data-learner="张三"]')).count()).toBe(0);
      await dashboard.selectOption('#traffic-learner', '');
      await dashboard.fill('#traffic-address', DENIED);
      expect(await rows(dashboard).count()).toBe(1);
      expect(await rows(dashboard).getAttribute('data-fate')).toBe('denied');
      await dashboard.fill('#traffic-address', '');
      expect(await rows(dashboard).count()).toBe(5);

      // The preview: switched on, the learner's page says so at once; new datagrams show their first bytes.
      await dashboard.locator('#traffic-preview').check();
      await panel.locator('[data-relay-observed="preview"]').waitFor({ timeout: 5_000 });
      expect(await observed.textContent()).toContain('前 16 个字节');
      await bobSends(bob, 'secret-42 and a long tail', address as string, echoPort);
      const withPreview = bobs.and(dashboard.locator('[data-dir="out"]')).first();
      await withPreview.locator('td.preview', { hasText: 'secret-42 and a ' }).waitFor({ timeout: 10_000 });
      expect(await dashboard.locator('#traffic-list th.preview-col').isVisible()).toBe(true);
      // Switched off: the column goes, the learner's page says so, and the relay kept no byte.
      await dashboard.locator('#traffic-preview').uncheck();
      await panel.locator('[data-relay-observed="metadata"]').waitFor({ timeout: 5_000 });
      expect(await dashboard.locator('#traffic-list th.preview-col').isVisible()).toBe(false);
      expect(await dashboard.locator('#traffic-list').textContent()).not.toContain('secret');
      const api = await dashboard.evaluate(async (t) => {
        const res = await fetch('/admin/api/traffic', { headers: { Authorization: `Bearer ${t}` } });
        return res.text();
      }, ADMIN_TOKEN);
      expect(api).not.toContain('"preview":"');

      // Pause: the list stops; Resume shows what came meanwhile.
      const before = await rows(dashboard).count();
      await dashboard.click('#traffic-pause');
      expect(await dashboard.getAttribute('#traffic-pause', 'aria-pressed')).toBe('true');
      await bobSends(bob, 'while paused', address as string, echoPort);
      // Both its rows are in the relay's log once Bob has the echo; a whole poll of the dashboard
      // begun after that (which would list them, were it not paused) must leave the list alone.
      await bob.waitForFunction(
        () => (window as unknown as { bob: { replies: string[] } }).bob.replies.includes('echo:while paused'),
        null,
        { timeout: 10_000 },
      );
      await nextPoll(dashboard);
      expect(await rows(dashboard).count()).toBe(before);
      await dashboard.click('#traffic-pause');
      await dashboard.waitForFunction(
        (n) => document.querySelectorAll('#traffic-list tbody tr[data-seq]').length >= n + 2,
        before,
        { timeout: 10_000 },
      );

      // The view passes axe (evaluated through the debugger: the dashboard's CSP forbids inline scripts).
      const violations = await axeViolations(dashboard, '#traffic', { seriousOnly: true });
      expect(violations).toEqual([]);

      // Clear: the list and the counts start again.
      await dashboard.click('#traffic-clear');
      await dashboard.waitForFunction(
        () => document.querySelectorAll('#traffic-list tbody tr[data-seq]').length === 0,
        null,
        { timeout: 5_000 },
      );
      expect(await dashboard.locator('#traffic-counts tbody tr').count()).toBe(0);

      // In English too.
      await dashboard.click('#lang');
      expect(await dashboard.locator('#traffic-title').textContent()).toBe('Datagrams');
      expect(await dashboard.locator('#traffic-list tbody').textContent()).toContain(
        'No datagram has gone through the relay yet.',
      );

      // A learner's tab cannot read it: not without a token, not with the class token.
      const refused = await bob.evaluate(async (classToken) => {
        const plain = await fetch('/admin/api/traffic');
        const withClass = await fetch('/admin/api/traffic', {
          headers: { Authorization: `Bearer ${classToken}` },
        });
        const preview = await fetch('/admin/api/traffic/preview/on', {
          method: 'POST',
          headers: { Authorization: `Bearer ${classToken}` },
        });
        return [plain.status, withClass.status, preview.status, await withClass.text()];
      }, TOKEN);
      expect(refused.slice(0, 3)).toEqual([401, 401, 401]);
      expect(refused[3]).toContain('RELAY_ERR_ADMIN_AUTH');
      expect(refused[3]).not.toContain('Bob');
      expect(await dashboard.locator('#traffic-preview').isChecked()).toBe(false);

      expect(problems).toEqual([]);
      expect(bobProblems).toEqual([]);
      expect(dashboardProblems).toEqual([]);
    },
  );
});
