// Quotas on real sockets and the relay's injected clock: the test moves time itself, so what reaches
// the network is counted exactly — no real sleeps, no tolerance for a busy machine.
import { expect, it } from 'vitest';
import { connect, sleep, udpEcho, until, type Json } from './helpers.ts';
import { testScope } from './test-scope.ts';
import type { Client } from './helpers.ts';
import type { RelayOptions } from '../src/relay/config.ts';

const { cleanup, relayFor } = testScope();

/** The relay's clock, moved only by the test. */
function manualClock() {
  let t = 1_000;
  const advance = (ms: number) => (t += ms);
  return { now: () => t, advance };
}

async function sink() {
  const s = await udpEcho({ echo: false });
  cleanup.push(() => s.close());
  return s;
}

/** A relay with `options` on a clock the test moves, and a sink for what it sends on; both closed after the test. */
async function clockedRelay(options: RelayOptions) {
  const clock = manualClock();
  const relay = await relayFor({ ...options, now: clock.now });
  return { clock, relay, s: await sink() };
}

/** `n` tabs connected from `localAddress` (default: the client's), each with its socket 1 bound. */
async function boundTabs(relay: Json, n: number, localAddress?: string): Promise<Client[]> {
  const tabs: Client[] = [];
  for (let i = 0; i < n; i++) tabs.push(await connect(relay, localAddress ? { localAddress } : {}));
  for (const t of tabs) await t.bind(1, 0);
  return tabs;
}

/**
 * For `steps` steps of `stepMs` on the relay's clock: each tab sends `perStep` datagrams of `size`
 * bytes on socket 1, then the test waits until the relay has handled every one (sent or dropped
 * for rate) and the sink has them all. Resolves with what each step let through.
 */
async function pump(
  relay: Json,
  tabs: Client[],
  s: { port: number; received: unknown[] },
  clock: { advance(ms: number): void },
  { steps, stepMs, perStep, size }: { steps: number; stepMs: number; perStep: number; size: number },
) {
  const payload = new Uint8Array(size);
  const passed: number[] = [];
  /** Datagrams the relay has handled so far (sent on, or dropped for rate), of all its sessions. */
  const handled = () => {
    let out = 0;
    let dropped = 0;
    for (const x of relay.sessions) {
      out += x.totals().packetsOut;
      dropped += x.drops.rate;
    }
    return { out, all: out + dropped };
  };
  let sent = handled().all;
  for (let k = 0; k < steps; k++) {
    const before = s.received.length;
    for (const t of tabs) for (let i = 0; i < perStep; i++) t.sendto(1, '127.0.0.1', s.port, payload);
    sent += tabs.length * perStep;
    await until(() => handled().all === sent && s.received.length === handled().out);
    passed.push(s.received.length - before);
    clock.advance(stepMs);
  }
  return passed;
}

it('limits a session to its packets per second: the burst at once, then the rate', async () => {
  const { clock, relay, s } = await clockedRelay({ packetsPerSecond: 200, packetsBurst: 10 });
  const [c] = (await boundTabs(relay, 1)) as [Client];
  // 50 ms of the relay's time per step: 200/s refills 10 tokens a step.
  const passed = await pump(relay, [c], s, clock, { steps: 21, stepMs: 50, perStep: 30, size: 16 });
  expect(passed).toEqual(Array(21).fill(10));
  // In one second after the burst: exactly 200.
  expect(passed.slice(1).reduce((a, b) => a + b)).toBe(200);
  expect(await c.message('error')).toMatchObject({ code: 'RELAY_ERR_RATE_LIMIT', errno: 'ENOBUFS' });
  expect(relay.snapshot().sessions[0]?.drops.rate).toBe(21 * 30 - 210);
  await c.close();
});

it('limits a session to its bytes per second', async () => {
  const { clock, relay, s } = await clockedRelay({
    bytesPerSecond: 200_000,
    bytesBurst: 10_000,
    maxDatagram: 2000,
    packetsPerSecond: 10_000,
    packetsBurst: 1000,
  });
  const [c] = (await boundTabs(relay, 1)) as [Client];
  // 1000-byte datagrams: the 10 000-byte burst lets 10 through; each 50 ms refills 10 000 bytes.
  const passed = await pump(relay, [c], s, clock, { steps: 11, stepMs: 50, perStep: 25, size: 1000 });
  expect(passed).toEqual(Array(11).fill(10));
  // 25 ms refills 5 000 bytes: five. (pump moved the clock 50 ms after its last step: spend them.)
  await pump(relay, [c], s, clock, { steps: 1, stepMs: 25, perStep: 25, size: 1000 });
  expect(await pump(relay, [c], s, clock, { steps: 1, stepMs: 0, perStep: 25, size: 1000 })).toEqual([5]);
  await c.close();
});

it('limits the whole relay to its packets per second across sessions', async () => {
  const { clock, relay, s } = await clockedRelay({
    relayPacketsPerSecond: 300,
    relayPacketsBurst: 30,
    packetsPerSecond: 10_000,
    packetsBurst: 1000,
  });
  const [a] = (await boundTabs(relay, 1)) as [Client];
  const [b] = (await boundTabs(relay, 1, '127.0.0.2')) as [Client];
  // Two learners of 40 a step each: the relay lets 30 (its burst), then 15 per 50 ms (300/s).
  const passed = await pump(relay, [a, b], s, clock, { steps: 5, stepMs: 50, perStep: 40, size: 16 });
  expect(passed).toEqual([30, 15, 15, 15, 15]);
  const errors = [a, b].map((t) => t.inbox.find((r) => !r.binary && r.message.type === 'error'));
  expect(errors.some((e) => (e as Json)?.message.code === 'RELAY_ERR_RELAY_BUSY')).toBe(true);
  await Promise.all([a.close(), b.close()]);
});

it('limits all sessions of one address together to its packets per second', async () => {
  // Three tabs of one learner, each within its own session quota: together they get the address's.
  const { clock, relay, s } = await clockedRelay({
    packetsPerSecond: 1000,
    packetsBurst: 100,
    addressPacketsPerSecond: 300,
    addressPacketsBurst: 15,
    maxSessionsPerAddress: 4,
  });
  const tabs = await boundTabs(relay, 3);
  const passed = await pump(relay, tabs, s, clock, { steps: 5, stepMs: 50, perStep: 10, size: 16 });
  expect(passed).toEqual([15, 15, 15, 15, 15]);
  const errors = tabs.map((t) => t.inbox.find((r) => !r.binary && r.message.type === 'error'));
  expect(errors.some((e) => /all tabs of this computer/.test((e as Json)?.message.message))).toBe(true);
  await Promise.all(tabs.map((t) => t.close()));
});

it('limits all sessions of one address together to its bytes per second', async () => {
  const { clock, relay, s } = await clockedRelay({
    maxDatagram: 2000,
    packetsPerSecond: 10_000,
    packetsBurst: 1000,
    addressPacketsPerSecond: 10_000,
    addressPacketsBurst: 1000,
    addressBytesPerSecond: 200_000,
    addressBytesBurst: 10_000,
    maxSessionsPerAddress: 4,
  });
  const tabs = await boundTabs(relay, 3);
  // 1000-byte datagrams from three tabs: 10 000 bytes of burst, then 10 000 bytes per 50 ms.
  const passed = await pump(relay, tabs, s, clock, { steps: 5, stepMs: 50, perStep: 6, size: 1000 });
  expect(passed).toEqual([10, 10, 10, 10, 10]);
  await Promise.all(tabs.map((t) => t.close()));
});

it('limits the real ports of one address and of the whole class, so that others can still bind', async () => {
  const relay = await relayFor({ maxPortsPerAddress: 4, maxPortsPerToken: 6 });
  const s = await sink();
  const tab1 = await connect(relay);
  const tab2 = await connect(relay);
  for (const [t, id] of [
    [tab1, 1],
    [tab1, 2],
    [tab2, 1],
    [tab2, 2],
  ] as const)
    expect(await t.bind(id, 0)).toMatchObject({ type: 'bound' });
  expect(await tab2.bind(3, 0)).toMatchObject({
    type: 'error',
    code: 'RELAY_ERR_TOO_MANY_PORTS',
    errno: 'EMFILE',
    message: expect.stringContaining('all tabs of this computer'),
  });
  // Another learner's implicit bind (its first sendto) still gets a port.
  const other = await connect(relay, { localAddress: '127.0.0.2' });
  other.sendto(1, '127.0.0.1', s.port, 'x');
  expect(await other.message('bound')).toMatchObject({ socket: 1, implicit: true });
  expect(await other.bind(2, 0)).toMatchObject({ type: 'bound' });
  // The class now holds 6: a third learner is refused, by the class limit.
  const third = await connect(relay, { localAddress: '127.0.0.3' });
  expect(await third.bind(1, 0)).toMatchObject({
    code: 'RELAY_ERR_TOO_MANY_PORTS',
    message: expect.stringContaining('whole class'),
  });
  // A closed socket gives its port back to the count.
  tab1.sendJson({ type: 'close', id: 77, socket: 1 });
  await tab1.message('closed');
  expect(await third.bind(1, 0)).toMatchObject({ type: 'bound' });
  await tab2.close();
  await until(() => relay.usage('127.0.0.1').ports === 1);
  expect(await tab1.bind(3, 0)).toMatchObject({ type: 'bound' });
  await Promise.all([tab1.close(), other.close(), third.close()]);
});

it('with the default limits, serves a class of 40 learners, each on their own computer with two tabs', async () => {
  const relay = await relayFor({ tickMs: 1000 });
  const echo = await udpEcho();
  cleanup.push(() => echo.close());
  const learners = await Promise.all(
    Array.from({ length: 40 }, async (_, i) => {
      const localAddress = `127.0.1.${i + 1}`;
      return [await connect(relay, { localAddress }), await connect(relay, { localAddress })];
    }),
  );
  const tabs = learners.flat();
  for (const t of tabs) {
    expect(await t.bind(1, 0)).toMatchObject({ type: 'bound' });
    expect(await t.bind(2, 0)).toMatchObject({ type: 'bound' });
  }
  // Every socket of every tab sends 20 datagrams, 40 every 5 ms (8 000/s, paced so that the echo
  // server's receive buffer, the test's instrument, never overflows): every one comes back.
  for (let k = 0; k < 20; k++) {
    for (const [n, t] of tabs.entries()) {
      for (const sock of [1, 2]) t.sendto(sock, '127.0.0.1', echo.port, 'hi');
      if (n % 20 === 19) await sleep(5);
    }
  }
  await until(() => tabs.every((t) => t.inbox.filter((r) => r.binary).length === 40), 10_000);
  expect(tabs.flatMap((t) => t.inbox.filter((r) => !r.binary && r.message.type === 'error'))).toEqual([]);
  await Promise.all(tabs.map((t) => t.close()));
});
