// A small Node client of the relay protocol for the benchmarks (WebSocket, subprotocol udp-lab.relay.v1,
// the relay's own codec), and a relay run in a child process so that its CPU and memory are measured
// apart from the load generator. Run as `node --import tsx relay-client.ts --child relay '<json>'` it
// is that child.
//
// Every socket here is on loopback: the relay's HTTP server and its learners' UDP sockets bind
// 127.0.0.1, and the child refuses (with EHOSTUNREACH, as the relay tests do) any send that is not to
// 127.0.0.0/8 — and, when `sendPorts` is given, not to one of those ports.
import { fork } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { Session as InspectorSession } from 'node:inspector';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type { RelayOptions } from '../../relay-server/src/relay/index.ts';
import {
  SUBPROTOCOL,
  decodeDatagram,
  decodeServerMessage,
  encodeControl,
  encodeDatagram,
} from '../../relay-server/src/protocol/index.ts';

const SELF = fileURLToPath(import.meta.url);
/** The children run this TypeScript file: through tsx's loader, as the bench itself (`npm run bench`). */
const TSX_LOADER = ['--import', import.meta.resolve('tsx')];

// ---- small helpers shared by the relay suites ----------------------------------------------------

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Rejects when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The q-quantile (0..1) of an ascending array, nearest rank. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

/** What a UDP echo server or sink is started with. */
export interface UdpPeerOptions {
  echo?: boolean;
  recvBufferSize?: number | undefined;
  host?: string;
}

/** A UDP echo server (or sink) on a loopback address (default 127.0.0.1) in this process. */
export async function udpEchoServer({
  echo = true,
  recvBufferSize,
  host = '127.0.0.1',
}: UdpPeerOptions = {}) {
  if (!host.startsWith('127.')) throw new Error('the benchmark echo server binds loopback only');
  const socket = dgram.createSocket({ type: 'udp4', ...(recvBufferSize ? { recvBufferSize } : {}) });
  const server = {
    socket,
    received: 0,
    bytes: 0,
    port: 0,
    /** Called with each datagram (after it is echoed). */
    onmessage: null as ((msg: Buffer, rinfo: dgram.RemoteInfo) => void) | null,
    close: () => new Promise((r) => socket.close(() => r(undefined))).catch(() => undefined),
  };
  socket.on('message', (msg, rinfo) => {
    server.received++;
    server.bytes += msg.length;
    if (echo) socket.send(msg, rinfo.port, rinfo.address);
    server.onmessage?.(msg, rinfo);
  });
  socket.on('error', () => undefined); // ICMP port unreachable from a client already gone
  await new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve(undefined));
  });
  server.port = socket.address().port;
  return server;
}

/**
 * The kernel's drop counters (receive-buffer overflows) of the UDP sockets bound to 127.0.0.1, by
 * port, from /proc/net/udp; empty when it cannot be read.
 */
export function udpDropsByPort(): Map<number, number> {
  const drops = new Map<number, number>();
  try {
    for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      const [ip, port] = String(f[1] ?? '').split(':');
      const n = Number(f.at(-1));
      if (ip === '0100007F' && port && Number.isFinite(n)) drops.set(parseInt(port, 16), n);
    }
  } catch {
    // not Linux, or /proc not mounted: no counters
  }
  return drops;
}

/** The kernel's drop counter of the UDP socket bound to 127.0.0.1:`port`; null when unknown. */
export function udpDrops(port: number): number | null {
  return udpDropsByPort().get(port) ?? null;
}

// ---- the client ----------------------------------------------------------------------------------

/**
 * A control message from the relay (JSON, decoded by the shared codec): every one has a `type`; the
 * fields the benchmarks read, by message type (welcome, bound, closed, error, drops, …).
 */
export interface ControlMessage {
  type: string;
  id?: number | null;
  socket?: number | null;
  code?: string;
  errno?: string;
  message?: string;
  relayPort?: number;
}

/** A datagram from the relay, decoded by the shared codec. */
export interface RelayDatagram {
  socket: number;
  address: string;
  port: number;
  payload: Uint8Array;
}

/**
 * One browser-like session: a WebSocket with the relay subprotocol, authenticated with the class token.
 * Datagrams arrive on `ondatagram` (decoded with the shared codec), control messages on `oncontrol`.
 */
export class RelayClient {
  ondatagram: ((d: RelayDatagram) => void) | null = null;
  /** Every control message, before `next` waiters see it. */
  oncontrol: ((m: ControlMessage) => void) | null = null;
  /** The relay's answer to `auth` (null until then, and for sessions opened without a token). */
  welcome: ControlMessage | null = null;
  controls = 0;
  datagrams = 0;
  readonly ws: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: Array<{ match: (m: ControlMessage) => boolean; resolve: (m: ControlMessage) => void }> = [];
  #nextId = 1;

  constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('error', () => undefined); // surfaces as 'close' (1006)
    ws.on('message', (data, isBinary) => {
      const buf = data as Buffer;
      if (isBinary) {
        this.datagrams++;
        const d = decodeDatagram(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
        if (d.ok) this.ondatagram?.(d.datagram);
        return;
      }
      this.controls++;
      const m: ControlMessage | null = decodeServerMessage(buf.toString('utf8'));
      if (!m) return;
      this.oncontrol?.(m);
      const i = this.#waiters.findIndex((w) => w.match(m));
      if (i >= 0) this.#waiters.splice(i, 1)[0]?.resolve(m);
    });
  }

  /** Opens a session. `token` null: no auth message is sent (for pre-auth fuzzing). */
  static async open(
    url: string,
    token: string | null,
    { timeoutMs = 5000 }: { timeoutMs?: number } = {},
  ): Promise<RelayClient> {
    const ws = new WebSocket(url, [SUBPROTOCOL], { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    await withTimeout(
      new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      }),
      timeoutMs,
      'WebSocket handshake',
    ).catch((err) => {
      ws.terminate();
      throw err;
    });
    const client = new RelayClient(ws);
    if (token !== null) {
      const welcome = client.next((m) => m.type === 'welcome' || m.type === 'error', timeoutMs);
      client.sendControl({ type: 'auth', token, v: 1 });
      const answer = await welcome.catch((err: unknown) => {
        ws.terminate();
        throw err;
      });
      client.welcome = answer;
      if (answer.type !== 'welcome') throw new Error(`auth refused: ${JSON.stringify(answer)}`);
    }
    return client;
  }

  /** Sends a control message, encoded by the shared codec (which checks nothing: fuzzing sends bad ones). */
  sendControl(message: { type: string } & Record<string, unknown>): void {
    this.ws.send(encodeControl(message as Parameters<typeof encodeControl>[0]));
  }

  sendRaw(frame: Uint8Array | string): void {
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }

  /** @param frame an encoded datagram frame (see `frame`) */
  sendFrame(frame: Uint8Array): void {
    this.ws.send(frame, { binary: true });
  }

  /** Resolves with the next control message matching `match`; rejects after `timeoutMs` or on close. */
  next(match: (m: ControlMessage) => boolean, timeoutMs = 5000): Promise<ControlMessage> {
    let resolve: (m: ControlMessage) => void = () => undefined;
    const p = new Promise<ControlMessage>((r) => (resolve = r));
    const waiter = { match, resolve };
    this.#waiters.push(waiter);
    const closed = this.closed.then(({ code, reason }): never => {
      throw new Error(`session closed (${code} ${reason}) while waiting`);
    });
    return withTimeout(Promise.race([p, closed]), timeoutMs, 'relay reply').finally(() => {
      const i = this.#waiters.indexOf(waiter);
      if (i >= 0) this.#waiters.splice(i, 1);
    });
  }

  /** Binds socket `socket` to `port` (0: any) and resolves with the `bound` reply. */
  async bind(
    socket: number,
    port: number,
    timeoutMs = 5000,
  ): Promise<ControlMessage & { relayPort: number }> {
    const id = this.#nextId++;
    const reply = this.next((m) => m.id === id && (m.type === 'bound' || m.type === 'error'), timeoutMs);
    this.sendControl({ type: 'bind', id, socket, port, implicit: false });
    const m = await reply;
    if (m.type !== 'bound' || typeof m.relayPort !== 'number')
      throw new Error(`bind refused: ${JSON.stringify(m)}`);
    return { ...m, relayPort: m.relayPort };
  }

  /** Closes the WebSocket and waits (bounded) for the close; terminates it if that takes too long. */
  async close(timeoutMs = 2000) {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    await withTimeout(this.closed, timeoutMs, 'WebSocket close').catch(() => this.ws.terminate());
  }
}

/** Encodes a datagram frame once, for sending many times. */
export function frame(socket: number, address: string, port: number, payload: Uint8Array): Uint8Array {
  return encodeDatagram({ socket, address, port, payload });
}

// ---- children: the relay, and a UDP echo server or sink --------------------------------------

/** What a child reports about itself. */
export interface ChildStats {
  /** its performance.now(), ms */
  at: number;
  /** process.cpuUsage(), µs */
  cpu: { user: number; system: number };
  mem: NodeJS.MemoryUsage;
  /** relay: open sessions */
  sessions?: number;
  /** relay: log lines written at warn and error */
  logs?: Record<string, number>;
  /** relay: the last few of them */
  lastLogs?: string[];
  /** relay: sends refused by the loopback guard */
  refusedSends?: number;
  /** relay: relay.snapshot().relay */
  snapshot?: unknown;
  /** relay: datagrams its open sessions sent (UDP out) */
  packetsOut?: number;
  /** relay: datagrams its open sessions received (UDP in) */
  packetsIn?: number;
  /** UDP peer: datagrams received */
  received?: number;
}

/** A request from the parent to a child, and the child's reply: matched by `seq` (0: the child's announcement). */
interface ChildRequest {
  type: string;
  seq: number;
  intervalUs?: number;
  tag?: number;
}
type ChildReply = { seq: number } & Record<string, unknown>;

/**
 * Forks this file as a child with an IPC channel; resolves once the child announces itself.
 * @param init JSON-able
 */
async function startChild<Ready extends object>(
  role: 'relay' | 'udp-peer',
  init: object,
  { execArgv = [], timeoutMs = 10_000 }: { execArgv?: string[]; timeoutMs?: number } = {},
) {
  const child = fork(SELF, ['--child', role, JSON.stringify(init)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    execArgv: [...TSX_LOADER, ...execArgv],
  });
  child.on('error', () => undefined); // a send on a channel that just closed; 'exit' tells the rest
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let seq = 0;
  const pending = new Map<number, (m: ChildReply) => void>();
  child.on('message', (m: ChildReply | null) => {
    const f = m ? pending.get(m.seq) : undefined;
    if (m && f) {
      pending.delete(m.seq);
      f(m);
    }
  });
  const death = (what: string) =>
    exited.then(({ code, signal }): never => {
      throw new Error(`${role} child exited (${code ?? signal}) ${what}: ${stderr.slice(-600)}`);
    });
  /** Sends a request and resolves with the child's reply. */
  const ask = <R = ChildReply>(type: string, body: object = {}, ms = 5000): Promise<R> => {
    const n = ++seq;
    const reply = new Promise<R>((resolve) => pending.set(n, resolve as (m: ChildReply) => void));
    if (child.connected) child.send({ ...body, type, seq: n });
    return withTimeout(
      Promise.race([reply, death(`during "${type}"`)]),
      ms,
      `${role} child "${type}"`,
    ).finally(() => pending.delete(n));
  };
  // The child announces itself (seq 0) once it listens.
  const announced = new Promise<Ready>((resolve) => pending.set(0, resolve as (m: ChildReply) => void));
  let ready: Ready;
  try {
    ready = await withTimeout(
      Promise.race([announced, death('while starting')]),
      timeoutMs,
      `${role} child start`,
    );
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return {
    pid: child.pid as number,
    ready,
    exited,
    ask,
    get stderr() {
      return stderr;
    },
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    stats: () => ask<ChildStats>('stats'),
    /** Closes what the child holds, then the child; kills it if that takes over `ms`. */
    async stop(ms = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      await ask('close', {}, ms).catch(() => undefined);
      const done = await withTimeout(exited, 2000, `${role} child exit`).catch(() => null);
      if (done) return done;
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** The relay's options the bench may set: JSON-able (the child adds its logger and guarded sockets). */
export type RelayChildOptions = Omit<RelayOptions, 'logger' | 'createSocket' | 'now' | 'tls'>;

/** Starts `createRelay(options)` in a child Node process on 127.0.0.1, port 0. */
export async function startRelayChild({
  options = {},
  sendPorts = null,
  execArgv = [],
}: {
  options?: RelayChildOptions;
  /** when given, the relay's UDP sends go only to these loopback ports */
  sendPorts?: number[] | null;
  /** extra Node flags of the child */
  execArgv?: string[];
} = {}) {
  const c = await startChild<{ url: string; token: string }>('relay', { options, sendPorts }, { execArgv });
  return Object.assign(c, {
    url: c.ready.url,
    token: c.ready.token,
    /** Starts the V8 sampling profiler in the child. */
    profileStart: (intervalUs = 100) => c.ask('profile-start', { intervalUs }),
    /** Stops it; resolves with the profile summed by category (see summarizeProfile). */
    profileStop: () => c.ask<{ summary: ProfileSummary }>('profile-stop', {}, 15_000).then((m) => m.summary),
  });
}

export type RelayChild = Awaited<ReturnType<typeof startRelayChild>>;

/**
 * Quotas raised so far above what one session can do that only the relay's speed limits it: per
 * session, per client address and relay-wide, `packetsPerSecond` datagrams/s and 1 000 bytes per
 * datagram of that, bursts of 1/100 s of each (the defaults are 1,000/s per session, 20,000/s per relay).
 */
export function raisedQuotas(packetsPerSecond: number): RelayChildOptions {
  const packets = packetsPerSecond;
  const bytes = packetsPerSecond * 1000;
  return {
    packetsPerSecond: packets,
    packetsBurst: packets / 100,
    bytesPerSecond: bytes,
    bytesBurst: bytes / 100,
    addressPacketsPerSecond: packets,
    addressPacketsBurst: packets / 100,
    addressBytesPerSecond: bytes,
    addressBytesBurst: bytes / 100,
    relayPacketsPerSecond: packets,
    relayPacketsBurst: packets / 100,
    relayBytesPerSecond: bytes,
    relayBytesBurst: bytes / 100,
  };
}

/**
 * What the one-session suites (relay-latency, relay-throughput) stand on: a UDP peer in a child
 * process (an echo, or a sink), the relay in another with loopback allowed, `raisedQuotas` and its
 * sends restricted to that peer, this process's session with socket 1 bound, and a node:dgram socket
 * of this process on 127.0.0.1 for the raw path to the same peer. Each part's stop goes on `cleanup`.
 */
export async function oneSessionRig(
  cleanup: Array<() => Promise<unknown>>,
  { peer, packetsPerSecond }: { peer: UdpPeerOptions; packetsPerSecond: number },
) {
  const udpPeer = await startUdpPeerChild(peer);
  cleanup.push(() => udpPeer.stop());
  const relay = await startRelayChild({
    options: { allowLoopback: true, ...raisedQuotas(packetsPerSecond) },
    sendPorts: [udpPeer.port],
  });
  cleanup.push(() => relay.stop());
  const client = await RelayClient.open(relay.url, relay.token);
  cleanup.push(() => client.close());
  await client.bind(1, 0);
  const raw = dgram.createSocket('udp4');
  cleanup.push(() => new Promise((r) => raw.close(() => r(undefined))).catch(() => undefined));
  await withTimeout(
    new Promise((resolve) => raw.bind(0, '127.0.0.1', () => resolve(undefined))),
    2000,
    'bind',
  );
  return { peer: udpPeer, relay, client, raw };
}

/**
 * Starts a UDP echo server (echo true) or sink on loopback (default 127.0.0.1) in a child process.
 * Each datagram's first 4 bytes (big-endian) are a tag; `count(tag)` says how many datagrams with that
 * tag arrived.
 */
export async function startUdpPeerChild(init: UdpPeerOptions = {}) {
  const c = await startChild<{ port: number; recvBufferSize: number }>('udp-peer', init);
  return Object.assign(c, {
    port: c.ready.port,
    count: (tag: number) => c.ask<{ count: number }>('count', { tag }).then((m) => m.count),
  });
}

export interface ProfileSummary {
  sampledMs: number;
  busyMs: number;
  categories: Array<{ name: string; ms: number }>;
  top: Array<{ name: string; ms: number }>;
}

/** The parts of a V8 CPU profile (Profiler.stop) that summarizeProfile reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples?: number[];
  timeDeltas?: number[];
}

/**
 * Sums a V8 CPU profile's self time by what the code is: the ws library, the relay's own code, the
 * native calls behind a TCP write and a UDP send, Node's internals, GC, idle.
 */
export function summarizeProfile(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const timeDeltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + (timeDeltas[i] ?? 0));
  }
  const categories = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName: name, url, lineNumber } = node.callFrame;
    total += us;
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    if (url === '' && name === 'dispatch') {
      total -= us; // the inspector session itself (starting and stopping the profiler)
      continue;
    }
    const category =
      name === '(garbage collector)'
        ? 'GC'
        : name === '(program)'
          ? 'native, unattributed (libuv: epoll, socket reads)'
          : url.includes('/node_modules/ws/')
            ? 'ws library (framing, masking)'
            : url.includes('/relay-server/src/')
              ? 'relay code (decode, policy, quotas, encode)'
              : url === '' && /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(name)
                ? 'TCP write syscalls (WebSocket to the client)'
                : url === 'node:dgram' || (url === '' && name === 'send')
                  ? 'UDP send (node:dgram and its syscall)'
                  : url.startsWith('node:')
                    ? 'Node internals (streams, events, timers)'
                    : 'other';
    categories.set(category, (categories.get(category) ?? 0) + us);
    const key = `${name || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => ({ name: k, ms: v / 1000 }));
  return {
    sampledMs: total / 1000,
    busyMs: (total - idle) / 1000,
    categories: sorted(categories, 20),
    top: sorted(functions, 12),
  };
}

// ---- the children's side -------------------------------------------------------------------------

/** Replies to the parent's request `m`. */
function reply(m: ChildRequest, body: object) {
  if (process.connected) process.send?.({ ...body, seq: m.seq });
}

/** `node --import tsx relay-client.ts --child relay '{"options":{…},"sendPorts":[…]}'` */
async function relayChildMain(init: { options?: RelayChildOptions; sendPorts?: number[] | null }) {
  const { createRelay } = await import('../../relay-server/src/server/index.ts');
  const { createLogger } = await import('../../relay-server/src/relay/index.ts');
  const sendPorts = Array.isArray(init.sendPorts) ? new Set(init.sendPorts) : null;
  const logs: Record<string, number> = { warn: 0, error: 0 };
  const lastLogs: string[] = [];
  const logger = createLogger({
    level: 'warn',
    write: (line: string) => {
      const level = /"level":"(\w+)"/.exec(line)?.[1] ?? 'warn';
      logs[level] = (logs[level] ?? 0) + 1;
      lastLogs.push(line.slice(0, 300));
      if (lastLogs.length > 5) lastLogs.shift();
    },
  });
  let refusedSends = 0;
  /** A socket whose sends go to loopback only (and only to `sendPorts` when given). */
  const createSocket = (type: 'udp4') => {
    const s = dgram.createSocket(type);
    const send = s.send as (this: dgram.Socket, ...args: unknown[]) => void;
    (s as { send: unknown }).send = function (
      this: dgram.Socket,
      msg: unknown,
      port: unknown,
      address: unknown,
      cb: unknown,
    ) {
      if (
        typeof address === 'string' &&
        address.startsWith('127.') &&
        (!sendPorts || (typeof port === 'number' && sendPorts.has(port)))
      )
        return send.call(this, msg, port, address, cb);
      refusedSends++;
      if (typeof cb === 'function')
        queueMicrotask(() =>
          cb(Object.assign(new Error('refused by the benchmark guard'), { code: 'EHOSTUNREACH' })),
        );
    };
    return s;
  };
  const options = {
    host: '127.0.0.1',
    port: 0,
    udpHost: '127.0.0.1',
    publicAddress: '127.0.0.1',
    ...init.options,
    logger,
    createSocket,
  };
  if (!String(options.host).startsWith('127.') || !String(options.udpHost).startsWith('127.'))
    throw new Error('the benchmark relay listens on loopback only');
  const relay = await createRelay(options);
  const inspector = await import('node:inspector');
  let profiler: InspectorSession | null = null;
  const post = <R = object>(method: string, params: object = {}) =>
    new Promise<R>((resolve, reject) => {
      if (!profiler) return reject(new Error('the profiler is not started'));
      profiler.post(method, params, (err, res) => (err ? reject(err) : resolve(res as R)));
    });
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await withTimeout(relay.close(), 3000, 'relay.close').catch(() => undefined);
  };
  process.on('disconnect', () => void shutdown().then(() => process.exit(0)));
  process.on('message', async (m: ChildRequest) => {
    if (m.type === 'stats') {
      reply(m, {
        at: performance.now(),
        cpu: process.cpuUsage(),
        mem: process.memoryUsage(),
        sessions: relay.sessions.size,
        logs,
        lastLogs,
        refusedSends,
        snapshot: relay.snapshot().relay,
        packetsOut: [...relay.sessions].reduce((n, s) => n + s.totals().packetsOut, 0),
        packetsIn: [...relay.sessions].reduce((n, s) => n + s.totals().packetsIn, 0),
      });
    } else if (m.type === 'profile-start') {
      profiler = new inspector.Session();
      profiler.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: m.intervalUs });
      await post('Profiler.start');
      reply(m, {});
    } else if (m.type === 'profile-stop') {
      const { profile } = await post<{ profile: CpuProfile }>('Profiler.stop');
      profiler?.disconnect();
      profiler = null;
      reply(m, { summary: summarizeProfile(profile) });
    } else if (m.type === 'close') {
      await shutdown();
      reply(m, {});
      process.disconnect?.();
      setTimeout(() => process.exit(0), 50).unref();
    }
  });
  process.send?.({ seq: 0, url: relay.url, token: relay.token });
}

/** `node --import tsx relay-client.ts --child udp-peer '{"echo":true}'` */
async function udpPeerChildMain(init: UdpPeerOptions) {
  const peer = await udpEchoServer({
    echo: init.echo !== false,
    recvBufferSize: init.recvBufferSize,
    host: init.host ?? '127.0.0.1',
  });
  const byTag = new Map<number, number>();
  peer.onmessage = (msg) => {
    if (msg.length < 4) return;
    const tag = msg.readUInt32BE(0);
    byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
    if (byTag.size > 10_000) byTag.clear();
  };
  process.on('disconnect', () => void peer.close().then(() => process.exit(0)));
  process.on('message', async (m: ChildRequest) => {
    if (m.type === 'stats')
      reply(m, {
        at: performance.now(),
        cpu: process.cpuUsage(),
        mem: process.memoryUsage(),
        received: peer.received,
      });
    else if (m.type === 'count') reply(m, { count: byTag.get(m.tag ?? -1) ?? 0 });
    else if (m.type === 'close') {
      await peer.close();
      reply(m, {});
      process.disconnect?.();
      setTimeout(() => process.exit(0), 50).unref();
    }
  });
  process.send?.({ seq: 0, port: peer.port, recvBufferSize: peer.socket.getRecvBufferSize() });
}

if (process.argv[1] === SELF && process.argv[2] === '--child') {
  const init: unknown = JSON.parse(process.argv[4] ?? '{}');
  const main = process.argv[3] === 'relay' ? relayChildMain : udpPeerChildMain;
  main(init as Parameters<typeof main>[0]).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
