// The lesson "TCP 与 UDP 并排 / TCP and UDP side by side" in Chromium, in both languages: its echo
// playground runs the TCP and the UDP echo side by side; the diagram and the packet list show the
// handshake, data, FIN and (at 30 % loss with seed 3) a retransmission; the bare-ACK switch hides
// ACK-only segments from both views; the socket tables show TCP states; axe finds nothing serious.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST } from '../support/browser.ts';
import { sharedContext } from '../support/shared-context.ts';
import { requireBuilt } from '../support/require-built.ts';
import {
  playgroundIndex,
  ready,
  run,
  terminalText,
  waitForTerminal,
  watchProblems,
} from '../support/playground.ts';
import { builtPages } from '../support/site-pages.ts';
import { axeViolations } from '../support/axe.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const PAGES = ['/projects/tcp-beside-udp/', '/en/projects/tcp-beside-udp/'];
/** The echo playground. */
const ECHO = '[data-udplab-playground="tcp-udp-echo"]';

// One context for every test: later pages take the interpreters from the first page's caches.
const shared = sharedContext(ROOT);

interface Opened {
  page: Page;
  problems: string[];
  /** The echo playground's index on the page. */
  index: number;
}

async function open(pathname: string): Promise<Opened> {
  const page = await shared.context.newPage();
  const problems = watchProblems(page);
  await page.goto(shared.origin + pathname, { waitUntil: 'load' });
  const index = await playgroundIndex(page, 'tcp-udp-echo');
  expect(index, `${pathname} has no tcp-udp-echo playground`).toBeGreaterThanOrEqual(0);
  await ready(page, index, 120_000);
  return { page, problems, index };
}

/** The text of every TCP row of the packet list that is displayed, in order. */
const tcpRows = (page: Page) =>
  page.evaluate(
    (sel) =>
      [...document.querySelectorAll<HTMLElement>(`${sel} .pg-packets tr[data-tcp]`)]
        .filter((r) => getComputedStyle(r).display !== 'none')
        .map((r) => r.querySelector('.pg-tcp-info')?.textContent ?? ''),
    ECHO,
  );

/** The labels of the diagram's TCP arrows that are drawn, in order. */
const tcpArrows = (page: Page) =>
  page.evaluate(
    (sel) =>
      [...document.querySelectorAll(`${sel} g.pg-seq-msg`)]
        .filter((g) => /pg-seq-(tcp|bare-ack)/.test(g.getAttribute('class') ?? ''))
        .filter((g) => g.getAttribute('display') !== 'none')
        .map((g) => g.querySelector('text')?.textContent ?? ''),
    ECHO,
  );

/** Every socket state the tables list, per host (the ss -tuan section). */
const socketStates = (page: Page) =>
  page.evaluate(
    (sel) =>
      [...document.querySelectorAll<HTMLElement>(`${sel} .pg-sockets tr[data-state]`)].map(
        (r) => r.dataset['state'] ?? '',
      ),
    ECHO,
  );

async function setNetwork(page: Page, key: 'loss' | 'seed', value: string): Promise<void> {
  const input = page.locator(`${ECHO} input[data-setting=${key}]`);
  await input.fill(value);
  await input.dispatchEvent('change');
}

describe('TCP beside UDP lesson', () => {
  requireBuilt(builtPages(ROOT).includes(PAGES[0] as string), `the built page ${PAGES[0]}`);

  it.each(PAGES)(
    '%s: TCP and UDP echo side by side — handshake, data, FIN, bare-ACK switch, socket states, retransmission at 30 % loss, axe clean',
    async (pathname) => {
      const { page, problems, index } = await open(pathname);

      // 0 % loss: both servers, then both clients.
      await run(page, 'tcp_echo_server', /TCP 回声服务器，端口 8000/, index, 90_000);
      // The sockets section opens by itself once the server listens, before any segment.
      await page.waitForFunction(
        (sel) => document.querySelector(`${sel} .pg-sockets tr[data-state="LISTEN"]`) !== null,
        ECHO,
        { timeout: 30_000 },
      );
      expect(
        await page
          .locator(`${ECHO} details.pg-sockets-section`)
          .evaluate((d) => (d as HTMLDetailsElement).open),
      ).toBe(true);
      await run(page, 'udp_echo_server', /UDP 回声服务器，端口 8000/, index, 90_000);
      // Each Run starts a group of the packet list and folds the earlier ones: the TCP client's
      // group holds the whole connection once the server has read its b''.
      await run(page, 'tcp_echo_client', /原样收回：True/, index, 90_000);
      await waitForTerminal(page, 'tcp_echo_server', /recv 返回 b''/, index, 90_000);
      expect(await terminalText(page, 'tcp_echo_server', index)).toMatch(
        /recv 收到 18 字节： b'msg 1;msg 2;msg 3;'/,
      );

      // The packet list and the diagram: SYN, SYN-ACK, ACK, data with Seq and Len, both FINs.
      await page.waitForFunction(
        (sel) => document.querySelectorAll(`${sel} .pg-packets tr[data-tcp]`).length >= 15,
        ECHO,
        { timeout: 30_000 },
      );
      const rows = await tcpRows(page);
      expect(rows[0]).toMatch(/^\[SYN\] Seq=0 /);
      expect(rows[1]).toMatch(/^\[SYN, ACK\] Seq=0 Ack=1 /);
      expect(rows[2]).toMatch(/^\[ACK\] Seq=1 Ack=1 /);
      expect(rows).toContainEqual(expect.stringMatching(/^\[PSH, ACK\] Seq=1 Ack=1 .*Len=6$/));
      expect(rows).toContainEqual(expect.stringMatching(/^\[PSH, ACK\] Seq=1 Ack=19 .*Len=18$/));
      expect(rows.filter((r) => r.startsWith('[FIN, ACK]'))).toHaveLength(2);
      const arrows = await tcpArrows(page);
      expect(arrows[0]).toMatch(/^SYN Seq=0 · /);
      expect(arrows[1]).toMatch(/^SYN, ACK Seq=0 Ack=1 · /);
      expect(arrows).toContainEqual(expect.stringMatching(/^PSH, ACK Seq=1 Len=6 · /));
      expect(arrows.filter((a) => a.startsWith('FIN, ACK'))).toHaveLength(2);
      // The bare-ACK switch hides ACK-only segments from both views and brings them back.
      const bare = rows.filter((r) => /^\[ACK\] .*Len=0$/.test(r)).length;
      expect(bare).toBeGreaterThan(0);
      const toggle = page.locator(`${ECHO} .pg-ack-switch input`);
      expect(await toggle.isVisible()).toBe(true);
      await toggle.check();
      const hiddenRows = await tcpRows(page);
      expect(hiddenRows).toHaveLength(rows.length - bare);
      expect(hiddenRows.some((r) => /^\[ACK\] .*Len=0$/.test(r))).toBe(false);
      expect((await tcpArrows(page)).some((a) => /^ACK Ack=/.test(a))).toBe(false);
      expect(hiddenRows[0]).toMatch(/^\[SYN\]/);
      await toggle.uncheck();
      expect(await tcpRows(page)).toHaveLength(rows.length);

      // The socket tables: the server still listens; the side that closed first waits in TIME-WAIT.
      await page.waitForFunction(
        (sel) => document.querySelector(`${sel} .pg-sockets tr[data-state="TIME-WAIT"]`) !== null,
        ECHO,
        { timeout: 30_000 },
      );
      const states = await socketStates(page);
      expect(states).toContain('LISTEN');
      expect(states).toContain('TIME-WAIT');
      expect(states).toContain('UNCONN');

      // The UDP client: three datagrams each way, each its own recvfrom, rows without a segment line.
      await run(page, 'udp_echo_client', /收回 3 \/ 3 条/, index, 90_000);
      const udpServer = await terminalText(page, 'udp_echo_server', index);
      for (const n of [1, 2, 3]) expect(udpServer).toContain(`recvfrom 收到 6 字节： b'msg ${n};'`);
      expect(
        await page.locator(`${ECHO} .pg-packets tr[data-fate=delivered]:not([data-tcp])`).count(),
      ).toBeGreaterThanOrEqual(6);

      // axe on the live playground, with TCP rows, the switch and the socket tables in it.
      const violations = await axeViolations(page, { include: [[ECHO]] });
      expect(violations).toEqual([]);

      // 30 % loss, seed 3: the TCP client runs again; TCP retransmits and still echoes every byte.
      await setNetwork(page, 'loss', '30');
      await setNetwork(page, 'seed', '3');
      const before = (await tcpRows(page)).length;
      // The terminal may keep the first run's output: wait for a new "原样收回：True" line.
      const firstRun = await terminalText(page, 'tcp_echo_client', index);
      await page.locator(`${ECHO} .pg-program[data-file="tcp_echo_client"] button[data-action=run]`).click();
      await page.waitForFunction(
        ([sel, old]) => {
          const root = document.querySelector(sel as string) as HTMLElement & {
            udplab?: { terminalText(n: string): string };
          };
          const now = root.udplab?.terminalText('tcp_echo_client') ?? '';
          const fresh = now.startsWith(old as string) ? now.slice((old as string).length) : now;
          return now !== old && fresh.includes('原样收回：True');
        },
        [ECHO, firstRun] as const,
        { timeout: 90_000 },
      );
      await page.waitForFunction(
        (sel) => document.querySelector(`${sel} .pg-packets tr.pg-retransmit`) !== null,
        ECHO,
        { timeout: 30_000 },
      );
      const retransmitted = await page
        .locator(`${ECHO} .pg-packets tr.pg-retransmit .pg-tcp-retransmit`)
        .first()
        .textContent();
      expect(retransmitted).toBe(pathname.startsWith('/en/') ? '[retransmission] ' : '[重传] ');
      expect((await tcpRows(page)).length).toBeGreaterThan(before);
      expect(await page.locator(`${ECHO} .pg-packets tr[data-tcp][data-fate=lost]`).count()).toBeGreaterThan(
        0,
      );
      expect(
        (await tcpArrows(page)).some((a) =>
          a.startsWith(pathname.startsWith('/en/') ? '[retransmission]' : '[重传]'),
        ),
      ).toBe(true);

      for (const name of ['tcp_echo_server', 'tcp_echo_client', 'udp_echo_server', 'udp_echo_client'])
        expect(await terminalText(page, name, index)).not.toMatch(/Traceback/);
      expect(problems).toEqual([]);
      await page.close();
    },
    300_000,
  );
});
