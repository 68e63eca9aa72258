// Trying a class on one machine: with allowLoopback, a real python3 on the relay's computer sends to
// a virtual PC's port through a real relay on 127.0.0.1, and the PC's textbook reply
// `sendto(answer, client_addr)` to ('127.0.0.1', port) goes back through the relay to it — not into
// the virtual host's own loopback.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ManualClock, createNetwork, type DatagramRecord } from '../../site/runtime/netsim/index.ts';
import dgram from 'node:dgram';
import { RelayClient } from '../../site/playground/relay-client.ts';
import { RelayUplink, type RelayMapping } from '../../site/playground/relay-uplink.ts';
import { hasPython, startRelay, tokensFor } from '../support/relay-fixture.ts';

const { token: TOKEN } = tokensFor('loopback');

/** Sends b'ping' to the relay's port and prints what comes back and from where. */
const CLIENT = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(5)
s.sendto(b'ping', ('127.0.0.1', int(sys.argv[1])))
print(s.getsockname()[1], flush=True)
try:
    data, addr = s.recvfrom(2048)
    print(data.decode(), addr[0], addr[1], flush=True)
except socket.timeout:
    print('timeout', flush=True)
`;

let cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function until<T>(get: () => T | null | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A relay on 127.0.0.1 (with `relayOptions`) and a virtual PC on a LAN of its own whose uplink is a
 * playground's relay client connected to it, as a page has them; resolves once the session is open.
 * `mappings()` is the relay ports the PC's bound sockets hold; everything is closed after the test.
 */
async function pcThroughRelay(relayOptions: Record<string, unknown> = {}) {
  const relay = await startRelay({ token: TOKEN, ...relayOptions });
  cleanup.push(() => relay.close());
  const client = new RelayClient({
    url: relay.url,
    token: TOKEN,
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  cleanup.push(() => client.disconnect());
  const net = createNetwork({ clock: new ManualClock(0) });
  net.addLan('home', '192.168.0.0/24');
  const pc = net.addHost({ name: 'pc', profile: 'linux' });
  pc.attach('home');
  const records: DatagramRecord[] = [];
  net.onDatagram((r, change) => {
    if (change === 'create') records.push(r);
  });
  const uplink = new RelayUplink(client);
  let mappings: readonly RelayMapping[] = [];
  uplink.onMappings((m) => (mappings = m));
  uplink.attach(pc);
  client.connect();
  await until(() => (client.open ? true : null));
  return { pc, records, mappings: () => mappings };
}

describe('a reply to a program on the relay’s computer', () => {
  it('has python3', () => expect(hasPython).toBe(true));

  it.skipIf(!hasPython)(
    'goes back through the relay when the request came through it from 127.0.0.1',
    async () => {
      const { pc, mappings } = await pcThroughRelay({ allowLoopback: true });

      // The textbook server on the virtual PC.
      const srv = pc.socket('AF_INET', 'SOCK_DGRAM');
      pc.bind(srv, '', 9999);
      const relayPort = await until(() => mappings().find((m) => m.port === 9999)?.relayPort);

      // python3 on the relay's computer sends to the port the relay holds for it.
      const py = spawn('python3', ['-c', CLIENT, String(relayPort)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      cleanup.push(() => py.kill());
      let out = '';
      py.stdout.on('data', (d: Buffer) => (out += d.toString()));

      const got = await until(() => pc.recvfrom(srv, 2048));
      const pyPort = Number(await until(() => /^(\d+)\n/.exec(out)?.[1]));
      expect([got.ip, got.port]).toEqual(['127.0.0.1', pyPort]);
      expect(new TextDecoder().decode(got.data)).toBe('ping');

      // data, client_addr = recvfrom(...); sendto(answer, client_addr)
      pc.sendto(srv, new TextEncoder().encode('pong'), got.ip, got.port);
      // A whole line: a pipe may hand over the start of it first.
      await until(() => (/\n(pong|timeout)[^\n]*\n/.test(out) ? true : null), 8000);
      expect(out.split('\n')[1]).toBe(`pong 127.0.0.1 ${relayPort}`);
    },
  );

  it('lists what the relay refused in the packet list: a denied destination with the flag, and a datagram refused on arrival', async () => {
    const { pc, records: recs, mappings } = await pcThroughRelay();

    // A bound server; the relay (without --allow-loopback) refuses what comes from this computer.
    const fd = pc.socket('AF_INET', 'SOCK_DGRAM');
    pc.bind(fd, '', 9999);
    // A destination off the classroom's subnet: listed "sent through the relay", then refused by it,
    // with the rule and the flag (the relay sends nothing: it refuses before any real send).
    pc.sendto(fd, new TextEncoder().encode('out'), '203.0.113.9', 9000);
    const out = recs.find((r) => r.dst[0] === '203.0.113.9');
    expect(out?.fate).toBe('relayed');
    await until(() => (out?.fate === 'relay-denied' ? true : null));
    expect(out?.relayRule).toEqual({ reason: 'outside-subnet', allow: '--allow <cidr>' });

    const relayPort = await until(() => mappings().find((m) => m.port === 9999)?.relayPort);
    const stranger = dgram.createSocket('udp4');
    cleanup.push(() => stranger.close());
    await new Promise((r) => stranger.bind(0, '127.0.0.1', () => r(undefined)));
    stranger.send('let me in', relayPort, '127.0.0.1');
    const refused = await until(() => recs.find((r) => r.fate === 'relay-refused'));
    expect(refused).toMatchObject({
      src: ['127.0.0.1', stranger.address().port],
      size: 9,
      relayRule: { reason: 'loopback', allow: '--allow-loopback' },
    });
    // The denial is raised on the socket's next call, as before; the refused datagram was never queued.
    expect(() => pc.recvfrom(fd, 100)).toThrow(/EACCES/);
    expect(pc.recvfrom(fd, 100)).toBeNull();
  });
});
