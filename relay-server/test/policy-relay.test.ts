// The policy table through a real relay: every forbidden destination, sent as wire bytes, is answered with an error and nothing leaves.
import { afterAll, beforeAll, expect, it } from 'vitest';
import dgram from 'node:dgram';
import { DENIED } from './denied-destinations.ts';
import { canonicalIp, parseIpAny } from '../src/relay/ip-address.ts';
import { connect, sleep, startRelay } from './helpers.ts';
import { HEADER_BYTES_V4, HEADER_BYTES_V6 } from '../src/protocol/codec.ts';

let relay: Awaited<ReturnType<typeof startRelay>>;
let trap: dgram.Socket;
let trapPort: number;
let trapped = 0;

beforeAll(async () => {
  // The relay's LAN is 192.168.1.0/24 and it calls itself 192.168.1.10, as in the unit table;
  // its sockets are guarded: a send outside 127/8 is refused and recorded.
  relay = await startRelay({
    allowLoopback: false,
    subnets: ['192.168.1.0/24'],
    selfAddresses: ['192.168.1.10', '127.0.0.1', '::1', 'fe80::1234'],
    publicAddress: '192.168.1.10',
    violationLimit: 10_000,
  });
  trap = dgram.createSocket('udp4');
  trap.on('message', () => trapped++);
  await new Promise((r) => trap.bind(0, '127.0.0.1', () => r(undefined)));
  trapPort = trap.address().port;
});
afterAll(async () => {
  await relay.close();
  await new Promise((r) => trap.close(() => r(undefined)));
});

it('answers every denied destination of the table with an error, sends nothing and binds nothing', async () => {
  const c = await connect(relay);
  const cases = DENIED.filter(([address]) => parseIpAny(address));
  expect(cases.length).toBeGreaterThanOrEqual(30);
  for (const [i, [address, port]] of cases.entries()) {
    const ip = parseIpAny(address) as Uint8Array;
    const header = ip.length === 4 ? HEADER_BYTES_V4 : HEADER_BYTES_V6;
    const frame = new Uint8Array(header + 1);
    const view = new DataView(frame.buffer);
    frame[0] = 1;
    frame[1] = ip.length === 4 ? 4 : 6;
    view.setUint16(2, i + 1);
    // loopback cases aim at a live socket on this machine, so that a leak would be seen arriving
    const loopback = canonicalIp(ip).length === 4 && canonicalIp(ip)[0] === 127;
    view.setUint16(4, port > 65535 ? 0 : loopback && port !== 50_012 ? trapPort : port);
    frame.set(ip, 6);
    c.sendBytes(frame);
    const e = await c.message('error');
    expect(e.socket, address).toBe(i + 1);
    expect(['RELAY_ERR_DENIED_PEER', 'RELAY_ERR_BAD_ADDRESS', 'RELAY_ERR_FAMILY'], address).toContain(e.code);
  }
  await sleep(100);
  expect(trapped).toBe(0);
  expect(relay.guard.refused).toEqual([]);
  expect(relay.guard.created).toEqual([]);
  expect(relay.mapper.held.size).toBe(0);
  await c.close();
});

it("denies the relay's own web port and reaches a learner's held port internally", async () => {
  const a = await connect(relay);
  const b = await connect(relay);
  const held = await a.bind(1, 0);
  b.sendto(1, '192.168.1.10', relay.address().port, 'to the web server');
  expect(await b.message('error')).toMatchObject({ code: 'RELAY_ERR_DENIED_PEER', reason: 'relay-host' });
  b.sendto(1, '::ffff:192.168.1.10', held.relayPort, 'to a learner');
  expect(new TextDecoder().decode((await a.datagram()).payload)).toBe('to a learner');
  expect(relay.guard.refused).toEqual([]);
  await Promise.all([a.close(), b.close()]);
});
