// The page's relay client and its netsim glue against a scripted WebSocket: token first, binds and
// rebinds, datagrams both ways, relay errors raised as the socket's errno, back-off and final closes.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SUBPROTOCOL, decodeDatagram, encodeDatagram } from '../../relay-server/src/protocol/index.ts';
import { ManualClock, NetError, createNetwork, type Host } from '../runtime/netsim/index.ts';
import { RelayClient, type RelayResume } from './relay-client.ts';
import { RelayUplink, errnoName } from './relay-uplink.ts';
import { parseRelayInput } from './relay-token.ts';

type Listener = (event: { data?: unknown; code?: number; reason?: string }) => void;

/** A WebSocket whose far end the test plays. */
class FakeSocket {
  static made: FakeSocket[] = [];
  readonly url: string;
  readonly protocol: string;
  binaryType = 'blob';
  sent: (string | Uint8Array)[] = [];
  closed = false;
  #listeners = new Map<string, Listener[]>();

  constructor(url: string, protocol: string) {
    this.url = url;
    this.protocol = protocol;
    FakeSocket.made.push(this);
  }

  addEventListener(type: string, cb: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), cb]);
  }

  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }

  close(): void {
    this.closed = true;
  }

  fire(type: string, event: Parameters<Listener>[0] = {}): void {
    for (const cb of this.#listeners.get(type) ?? []) cb(event);
  }

  /** Control messages sent, parsed. */
  get controls(): Record<string, unknown>[] {
    return this.sent.filter((d): d is string => typeof d === 'string').map((d) => JSON.parse(d));
  }

  /** The relay's side: welcome, with `fields` added to (or replacing) the usual ones. */
  welcome(fields: Record<string, unknown> = {}): void {
    this.reply({
      type: 'welcome',
      v: 1,
      session: 's-1',
      address: '192.168.1.10',
      maxDatagram: 65507,
      limits: {},
      ...fields,
    });
  }

  reply(message: Record<string, unknown>): void {
    this.fire('message', { data: JSON.stringify(message) });
  }
}

const latest = (): FakeSocket => FakeSocket.made.at(-1) as FakeSocket;

/** Connects `c` and opens its WebSocket (not yet welcomed); returns the socket. */
function opened(c: RelayClient): FakeSocket {
  c.connect();
  const ws = latest();
  ws.fire('open');
  return ws;
}

function client(random = () => 0.5): RelayClient {
  return new RelayClient({
    url: 'ws://192.168.1.10:4321/relay',
    token: 'T0KEN',
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
    random,
  });
}

/** A PC on a virtual LAN with the relay as its uplink, connected and welcomed. */
function connectedPc(): { pc: Host; relay: RelayClient; uplink: RelayUplink; ws: FakeSocket } {
  const net = createNetwork({ clock: new ManualClock(0) });
  net.addLan('home', '192.168.0.0/24');
  const pc = net.addHost({ name: 'pc', profile: 'linux' });
  pc.attach('home');
  const relay = client();
  const uplink = new RelayUplink(relay);
  uplink.attach(pc);
  const ws = opened(relay);
  ws.welcome();
  return { pc, relay, uplink, ws };
}

beforeEach(() => {
  FakeSocket.made = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RelayClient', () => {
  it('offers the subprotocol and sends the token as the first message, not in the URL', () => {
    const c = client();
    const states: string[] = [];
    c.onStatus((s) => states.push(s.state));
    c.connect();
    const ws = latest();
    expect(ws.url).toBe('ws://192.168.1.10:4321/relay');
    expect(ws.protocol).toBe(SUBPROTOCOL);
    expect(ws.binaryType).toBe('arraybuffer');
    ws.fire('open');
    expect(ws.controls).toEqual([{ type: 'auth', token: 'T0KEN', v: 1 }]);
    ws.welcome();
    expect(c.status).toMatchObject({ state: 'open', session: 's-1', address: '192.168.1.10' });
    expect(states).toEqual(['connecting', 'open']);
  });

  it('reconnects with exponential back-off (jitter ±25 %), capped, and resets after a welcome', () => {
    const c = client(() => 0.5); // no jitter
    c.connect();
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) {
      latest().fire('close', { code: 1006, reason: '' });
      const s = c.status;
      expect(s.state).toBe('reconnecting');
      expect(s.attempt).toBe(i + 1);
      delays.push((s.retryAt as number) - Date.now());
      const before = FakeSocket.made.length;
      vi.advanceTimersByTime(delays[i] as number);
      expect(FakeSocket.made.length).toBe(before + 1);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000]);
    latest().fire('open');
    latest().welcome();
    latest().fire('close', { code: 1001, reason: 'RELAY_ERR_SHUTDOWN: The relay is shutting down' });
    expect(c.status).toMatchObject({
      attempt: 1,
      error: { code: 'RELAY_ERR_SHUTDOWN', message: 'The relay is shutting down' },
    });
    const jittery = client(() => 0);
    jittery.connect();
    latest().fire('close', { code: 1006, reason: '' });
    expect((jittery.status.retryAt as number) - Date.now()).toBe(375);
  });

  it.each([
    [4001, 'RELAY_ERR_AUTH'],
    [4003, 'RELAY_ERR_VIOLATIONS'],
    [4004, 'RELAY_ERR_ENDED'],
  ])('gives up after close code %i (%s): retrying cannot help', (code, relayCode) => {
    const c = client();
    c.connect();
    latest().fire('close', { code, reason: `${relayCode}: message` });
    expect(c.status).toMatchObject({ state: 'failed', error: { code: relayCode } });
    const before = FakeSocket.made.length;
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.made.length).toBe(before);
  });

  it('stops reconnecting on disconnect', () => {
    const c = client();
    c.connect();
    latest().fire('close', { code: 1006, reason: '' });
    c.disconnect();
    expect(c.status.state).toBe('idle');
    const before = FakeSocket.made.length;
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.made.length).toBe(before);
  });

  it('counts datagrams sent while not open, the relay drop counts and denials', () => {
    const c = client();
    expect(c.send(1, '192.168.1.57', 6000, new Uint8Array([1]))).toBe(false);
    const ws = opened(c);
    ws.welcome();
    ws.reply({ type: 'drops', backpressure: 1, rate: 2, inboundDenied: 3, total: 6 });
    ws.reply({
      type: 'error',
      id: null,
      socket: 1,
      code: 'RELAY_ERR_DENIED_PEER',
      errno: 'EACCES',
      message: 'Destination not allowed by the relay',
    });
    expect(c.status.drops).toEqual({ backpressure: 1, rate: 2, inboundDenied: 3, total: 6, offline: 0 });
    expect(c.status.denials).toBe(1);
  });
});

describe('RelayClient: what the teacher sees', () => {
  it('keeps the welcome’s `observed` and follows the relay’s `observed` messages; none before welcome nor after disconnect', () => {
    const c = client();
    const ws = opened(c);
    expect(c.status.observed).toBeNull();
    ws.welcome({ observed: { traffic: true, preview: false, previewBytes: 16 } });
    expect(c.status.observed).toEqual({ traffic: true, preview: false, previewBytes: 16 });
    ws.reply({ type: 'observed', traffic: true, preview: true, previewBytes: 16 });
    expect(c.status.observed).toEqual({ traffic: true, preview: true, previewBytes: 16 });
    ws.reply({ type: 'observed', traffic: 'yes' });
    expect(c.status.observed).toBeNull(); // malformed: not claimed either way
    c.disconnect();
    expect(c.status.observed).toBeNull();
  });
});

describe('RelayClient: one session per tab, resumed across its pages', () => {
  /** A store as the tab's sessionStorage would keep it, shared by the "pages" of one test. */
  function tabStore(): {
    saved: RelayResume | null;
    load(): RelayResume | null;
    save(r: RelayResume | null): void;
  } {
    return {
      saved: null,
      load() {
        return this.saved;
      },
      save(r) {
        this.saved = r;
      },
    };
  }
  const page = (store: ReturnType<typeof tabStore>): RelayClient =>
    new RelayClient({
      url: 'ws://192.168.1.10:4321/relay',
      token: 'T0KEN',
      WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
      resumeStore: store,
    });
  const KEY = 'ab'.repeat(16);

  it('keeps the welcome’s resume key for the tab and asks the next page’s connection to resume it', () => {
    const store = tabStore();
    const firstSocket = opened(page(store));
    expect(firstSocket.controls).toEqual([{ type: 'auth', token: 'T0KEN', v: 1 }]);
    firstSocket.welcome({ session: 's-0000000a', resume: KEY, resumed: false });
    expect(store.saved).toEqual({ session: 's-0000000a', key: KEY });
    // The learner opens another lesson: a new page, a new client, the same tab's store.
    const second = page(store);
    const ws = opened(second);
    expect(ws.controls).toEqual([
      { type: 'auth', token: 'T0KEN', v: 1, resume: { session: 's-0000000a', key: KEY } },
    ]);
    ws.welcome({ session: 's-0000000a', resume: 'cd'.repeat(16), resumed: true });
    expect(second.status).toMatchObject({ state: 'open', session: 's-0000000a', resumed: true });
    expect(store.saved).toEqual({ session: 's-0000000a', key: 'cd'.repeat(16) });
  });

  it('forgets it when the learner disconnects or the relay refuses the tab for good', () => {
    const store = tabStore();
    const c = page(store);
    opened(c).welcome({ session: 's-0000000a', resume: KEY });
    c.disconnect();
    expect(store.saved).toBeNull();
    const kicked = opened(page(store));
    kicked.welcome({ session: 's-0000000b', resume: KEY });
    kicked.fire('close', { code: 4004, reason: 'RELAY_ERR_ENDED: ended' });
    expect(store.saved).toBeNull();
  });
});

describe('RelayUplink with a virtual PC', () => {
  it('binds implicitly, sends the datagram frame, and delivers the reply with its real source', () => {
    const { pc, ws } = connectedPc();
    const fd = pc.socket('AF_INET', 'SOCK_DGRAM');
    pc.sendto(fd, new TextEncoder().encode('hi'), '192.168.1.57', 6000);
    expect(ws.controls.slice(1)).toEqual([{ type: 'bind', id: 1, socket: 1, port: 0, implicit: true }]);
    const frame = ws.sent.find((d): d is Uint8Array => typeof d !== 'string');
    const decoded = decodeDatagram(frame as Uint8Array);
    expect(decoded.ok && { ...decoded.datagram, payload: [...decoded.datagram.payload] }).toMatchObject({
      socket: 1,
      address: '192.168.1.57',
      port: 6000,
      payload: [104, 105],
    });
    const reply = encodeDatagram({
      socket: 1,
      address: '192.168.1.57',
      port: 6000,
      payload: new TextEncoder().encode('ok'),
    });
    ws.fire('message', { data: reply.buffer });
    const got = pc.recvfrom(fd, 100);
    expect(got && [got.ip, got.port, new TextDecoder().decode(got.data)]).toEqual([
      '192.168.1.57',
      6000,
      'ok',
    ]);
  });

  it('binds an explicit port, shows the mapping, closes it, and binds again after a reconnect', () => {
    const { pc, uplink, ws } = connectedPc();
    const fd = pc.socket('AF_INET', 'SOCK_DGRAM');
    pc.bind(fd, '', 9000);
    expect(ws.controls.at(-1)).toEqual({ type: 'bind', id: 1, socket: 1, port: 9000, implicit: false });
    ws.reply({
      type: 'bound',
      id: 1,
      socket: 1,
      port: 9000,
      relayPort: 50012,
      address: '192.168.1.10',
      implicit: false,
    });
    expect(uplink.mappings).toEqual([
      { host: 'pc', port: 9000, address: '192.168.1.10', relayPort: 50012, implicit: false },
    ]);
    ws.fire('close', { code: 1006, reason: '' });
    vi.advanceTimersByTime(1000);
    const again = latest();
    again.fire('open');
    again.welcome();
    expect(again.controls).toEqual([
      { type: 'auth', token: 'T0KEN', v: 1 },
      { type: 'bind', id: 2, socket: 1, port: 9000, implicit: false },
    ]);
    pc.close(fd);
    expect(again.controls.at(-1)).toEqual({ type: 'close', id: 3, socket: 1 });
    expect(uplink.mappings).toEqual([]);
  });

  it('raises a denied destination as PermissionError’s errno (EACCES 13) on the socket’s next call', () => {
    const { pc, ws } = connectedPc();
    const fd = pc.socket('AF_INET', 'SOCK_DGRAM');
    pc.sendto(fd, new Uint8Array([120]), '203.0.113.9', 9000);
    ws.reply({
      type: 'error',
      id: null,
      socket: 1,
      code: 'RELAY_ERR_DENIED_PEER',
      errno: 'EACCES',
      message: 'Destination not allowed by the relay',
      reason: 'outside',
    });
    expect(pc.readable(fd)).toBe(true);
    let error: unknown;
    try {
      pc.recvfrom(fd, 100);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NetError);
    expect([(error as NetError).code, (error as NetError).errno]).toEqual(['EACCES', 13]);
  });

  it('places a failed bind’s error by its request id', () => {
    const { pc, ws } = connectedPc();
    const fd = pc.socket('AF_INET', 'SOCK_DGRAM');
    pc.bind(fd, '', 9000);
    ws.reply({
      type: 'error',
      id: 1,
      socket: null,
      code: 'RELAY_ERR_ADDR_IN_USE',
      errno: 'EADDRINUSE',
      message: 'No free port on the relay host',
    });
    expect(pc.getsockopt(fd, 'SOL_SOCKET', 'SO_ERROR')).toBe(98);
  });

  it('maps every errno name the relay sends to Linux’s number, and an unknown one to EIO', () => {
    expect(errnoName('ENOBUFS')).toBe('ENOBUFS');
    expect(errnoName('EMFILE')).toBe('EMFILE');
    expect(errnoName('EWHATEVER')).toBe('EIO');
    expect(errnoName(undefined)).toBe('EIO');
  });
});

describe('parseRelayInput', () => {
  it('turns a join link into the relay URL and the token', () => {
    expect(parseRelayInput('http://192.168.1.10:4321/#relay=abc%2Bdef')).toEqual({
      url: 'ws://192.168.1.10:4321/relay',
      token: 'abc+def',
    });
    expect(parseRelayInput('https://lab.example/en/#pg=xyz&relay=t')).toEqual({
      url: 'wss://lab.example/relay',
      token: 't',
    });
    expect(parseRelayInput('ws://10.0.0.1:4321/relay')).toEqual({
      url: 'ws://10.0.0.1:4321/relay',
      token: null,
    });
    expect(parseRelayInput('not a url')).toEqual({ url: null, token: null });
  });
});
