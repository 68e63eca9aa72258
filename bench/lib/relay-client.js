// A small Node client of the relay protocol for the benchmarks (WebSocket, subprotocol udp-lab.relay.v1,
// the relay's own codec), and a relay run in a child process so that its CPU and memory are measured
// apart from the load generator. Run as `node relay-client.js --relay-child '<json>'` it is that child.
//
// Every socket here is on loopback: the relay's HTTP server and its learners' UDP sockets bind
// 127.0.0.1, and the child refuses (with EHOSTUNREACH, as the relay tests do) any send that is not to
// 127.0.0.0/8 — and, when `sendPorts` is given, not to one of those ports.
import { fork } from 'node:child_process';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import {
  SUBPROTOCOL,
  decodeDatagram,
  decodeServerMessage,
  encodeControl,
  encodeDatagram,
} from '../../relay-server/src/protocol/codec.ts';

const SELF = fileURLToPath(import.meta.url);

// ---- small helpers shared by the relay suites ----------------------------------------------------

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Rejects when `promise` has not settled within `ms`.
 * @template T @param {Promise<T>} promise @param {number} ms @param {string} what
 * @returns {Promise<T>}
 */
export function withTimeout(promise, ms, what) {
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The q-quantile (0..1) of an ascending array, nearest rank.
 * @param {ArrayLike<number>} sorted @param {number} q
 */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return /** @type {number} */ (sorted[i]);
}

/** A seeded PRNG (mulberry32): the same seed gives the same run. @param {number} seed */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A UDP echo server (or sink) on a loopback address (default 127.0.0.1) in this process.
 * @param {{ echo?: boolean, recvBufferSize?: number, host?: string }} [options]
 */
export async function udpEchoServer({ echo = true, recvBufferSize, host = '127.0.0.1' } = {}) {
  if (!host.startsWith('127.')) throw new Error('the benchmark echo server binds loopback only');
  const socket = dgram.createSocket({ type: 'udp4', ...(recvBufferSize ? { recvBufferSize } : {}) });
  const server = {
    socket,
    received: 0,
    bytes: 0,
    port: 0,
    /** Called with each datagram (after it is echoed). @type {((msg: Buffer, rinfo: dgram.RemoteInfo) => void) | null} */
    onmessage: null,
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
 * @returns {Map<number, number>}
 */
export function udpDropsByPort() {
  /** @type {Map<number, number>} */
  const drops = new Map();
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

/**
 * The kernel's drop counter of the UDP socket bound to 127.0.0.1:`port`; null when unknown.
 * @param {number} port
 */
export function udpDrops(port) {
  return udpDropsByPort().get(port) ?? null;
}

// ---- the client ----------------------------------------------------------------------------------

/**
 * One browser-like session: a WebSocket with the relay subprotocol, authenticated with the class token.
 * Datagrams arrive on `ondatagram` (decoded with the shared codec), control messages on `oncontrol`.
 */
export class RelayClient {
  /** @type {((d: { socket: number, address: string, port: number, payload: Uint8Array }) => void) | null} */
  ondatagram = null;
  /** @type {((m: any) => void) | null} Every control message, before `next` waiters see it. */
  oncontrol = null;
  /** @type {any} */
  welcome = null;
  controls = 0;
  datagrams = 0;
  /** @type {Array<{ match: (m: any) => boolean, resolve: (m: any) => void }>} */
  #waiters = [];
  #nextId = 1;

  /** @param {WebSocket} ws */
  constructor(ws) {
    this.ws = ws;
    /** @type {Promise<{ code: number, reason: string }>} */
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('error', () => undefined); // surfaces as 'close' (1006)
    ws.on('message', (data, isBinary) => {
      const buf = /** @type {Buffer} */ (data);
      if (isBinary) {
        this.datagrams++;
        const d = decodeDatagram(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
        if (d.ok) this.ondatagram?.(d.datagram);
        return;
      }
      this.controls++;
      const m = decodeServerMessage(buf.toString('utf8'));
      if (!m) return;
      this.oncontrol?.(m);
      const i = this.#waiters.findIndex((w) => w.match(m));
      if (i >= 0) this.#waiters.splice(i, 1)[0]?.resolve(m);
    });
  }

  /**
   * Opens a session. `token` null: no auth message is sent (for pre-auth fuzzing).
   * @param {string} url @param {string | null} token
   * @param {{ timeoutMs?: number }} [options]
   */
  static async open(url, token, { timeoutMs = 5000 } = {}) {
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
      client.welcome = await welcome.catch((err) => {
        ws.terminate();
        throw err;
      });
      if (client.welcome.type !== 'welcome')
        throw new Error(`auth refused: ${JSON.stringify(client.welcome)}`);
    }
    return client;
  }

  /** @param {any} message */
  sendControl(message) {
    this.ws.send(encodeControl(message));
  }

  /** @param {Uint8Array | string} frame */
  sendRaw(frame) {
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }

  /** @param {Uint8Array} frame an encoded datagram frame (see `frame`) */
  sendFrame(frame) {
    this.ws.send(frame, { binary: true });
  }

  /**
   * Resolves with the next control message matching `match`; rejects after `timeoutMs` or on close.
   * @param {(m: any) => boolean} match @param {number} [timeoutMs]
   */
  next(match, timeoutMs = 5000) {
    /** @type {(m: any) => void} */
    let resolve = () => undefined;
    const p = new Promise((r) => (resolve = r));
    const waiter = { match, resolve };
    this.#waiters.push(waiter);
    const closed = this.closed.then(({ code, reason }) => {
      throw new Error(`session closed (${code} ${reason}) while waiting`);
    });
    return withTimeout(Promise.race([p, closed]), timeoutMs, 'relay reply').finally(() => {
      const i = this.#waiters.indexOf(waiter);
      if (i >= 0) this.#waiters.splice(i, 1);
    });
  }

  /**
   * Binds socket `socket` to `port` (0: any) and resolves with the `bound` reply.
   * @param {number} socket @param {number} port @param {number} [timeoutMs]
   */
  async bind(socket, port, timeoutMs = 5000) {
    const id = this.#nextId++;
    const reply = this.next((m) => m.id === id && (m.type === 'bound' || m.type === 'error'), timeoutMs);
    this.sendControl({ type: 'bind', id, socket, port, implicit: false });
    const m = await reply;
    if (m.type !== 'bound') throw new Error(`bind refused: ${JSON.stringify(m)}`);
    return m;
  }

  /** Closes the WebSocket and waits (bounded) for the close; terminates it if that takes too long. */
  async close(timeoutMs = 2000) {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(1000);
    await withTimeout(this.closed, timeoutMs, 'WebSocket close').catch(() => this.ws.terminate());
  }
}

/**
 * Encodes a datagram frame once, for sending many times.
 * @param {number} socket @param {string} address @param {number} port @param {Uint8Array} payload
 */
export function frame(socket, address, port, payload) {
  return encodeDatagram({ socket, address, port, payload });
}

// ---- children: the relay, and a UDP echo server or sink --------------------------------------

/**
 * @typedef {object} ChildStats What a child reports about itself.
 * @property {number} at its performance.now(), ms
 * @property {{ user: number, system: number }} cpu process.cpuUsage(), µs
 * @property {NodeJS.MemoryUsage} mem
 * @property {number} [sessions] relay: open sessions
 * @property {Record<string, number>} [logs] relay: log lines written at warn and error
 * @property {string[]} [lastLogs] relay: the last few of them
 * @property {number} [refusedSends] relay: sends refused by the loopback guard
 * @property {any} [snapshot] relay: relay.snapshot().relay
 * @property {number} [packetsOut] relay: datagrams its open sessions sent (UDP out)
 * @property {number} [packetsIn] relay: datagrams its open sessions received (UDP in)
 * @property {number} [received] UDP peer: datagrams received
 */

/**
 * Forks this file as a child with an IPC channel; resolves once the child announces itself.
 * @param {'relay' | 'udp-peer'} role @param {object} init JSON-able
 * @param {{ execArgv?: string[], timeoutMs?: number }} [options]
 */
async function startChild(role, init, { execArgv = [], timeoutMs = 10_000 } = {}) {
  const child = fork(SELF, ['--child', role, JSON.stringify(init)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // The relay is TypeScript: the child loads it (and this file's imports of it) through tsx.
    execArgv: ['--import', 'tsx', ...execArgv],
  });
  child.on('error', () => undefined); // a send on a channel that just closed; 'exit' tells the rest
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let seq = 0;
  /** @type {Map<number, (m: any) => void>} */
  const pending = new Map();
  child.on('message', (/** @type {any} */ m) => {
    const f = pending.get(m?.seq);
    if (f) {
      pending.delete(m.seq);
      f(m);
    }
  });
  /** @param {string} what */
  const death = (what) =>
    exited.then(({ code, signal }) => {
      throw new Error(`${role} child exited (${code ?? signal}) ${what}: ${stderr.slice(-600)}`);
    });
  /**
   * Sends a request and resolves with the child's reply.
   * @param {string} type @param {object} [body] @param {number} [ms] @returns {Promise<any>}
   */
  const ask = (type, body = {}, ms = 5000) => {
    const n = ++seq;
    const reply = new Promise((resolve) => pending.set(n, resolve));
    if (child.connected) child.send({ ...body, type, seq: n });
    return withTimeout(
      Promise.race([reply, death(`during "${type}"`)]),
      ms,
      `${role} child "${type}"`,
    ).finally(() => pending.delete(n));
  };
  // The child announces itself (seq 0) once it listens.
  const announced = new Promise((resolve) => pending.set(0, resolve));
  /** @type {any} */
  let ready;
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
    pid: /** @type {number} */ (child.pid),
    ready,
    exited,
    ask,
    get stderr() {
      return stderr;
    },
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    /** @returns {Promise<ChildStats>} */
    stats: () => ask('stats'),
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

/**
 * Starts `createRelay(options)` in a child Node process on 127.0.0.1, port 0.
 * @param {object} [init]
 * @param {Omit<import('../../relay-server/src/config.ts').RelayOptions, 'logger' | 'createSocket'>} [init.options] JSON-able options
 * @param {number[] | null} [init.sendPorts] when given, the relay's UDP sends go only to these loopback ports
 * @param {string[]} [init.execArgv] extra Node flags of the child
 */
export async function startRelayChild({ options = {}, sendPorts = null, execArgv = [] } = {}) {
  const c = await startChild('relay', { options, sendPorts }, { execArgv });
  return Object.assign(c, {
    url: /** @type {string} */ (c.ready.url),
    token: /** @type {string} */ (c.ready.token),
    /** Starts the V8 sampling profiler in the child. @param {number} [intervalUs] */
    profileStart: (intervalUs = 100) => c.ask('profile-start', { intervalUs }),
    /** Stops it; resolves with the profile summed by category (see summarizeProfile). @returns {Promise<ProfileSummary>} */
    profileStop: () => c.ask('profile-stop', {}, 15_000).then((m) => m.summary),
  });
}

/** @typedef {Awaited<ReturnType<typeof startRelayChild>>} RelayChild */

/**
 * Starts a UDP echo server (echo true) or sink on loopback (default 127.0.0.1) in a child process.
 * Each datagram's first 4 bytes (big-endian) are a tag; `count(tag)` says how many datagrams with that
 * tag arrived.
 * @param {{ echo?: boolean, recvBufferSize?: number, host?: string }} [init]
 */
export async function startUdpPeerChild(init = {}) {
  const c = await startChild('udp-peer', init);
  return Object.assign(c, {
    port: /** @type {number} */ (c.ready.port),
    /** @param {number} tag @returns {Promise<number>} */
    count: (tag) => c.ask('count', { tag }).then((m) => m.count),
  });
}

/**
 * @typedef {{ sampledMs: number, busyMs: number, categories: Array<{ name: string, ms: number }>,
 *   top: Array<{ name: string, ms: number }> }} ProfileSummary
 */

/**
 * Sums a V8 CPU profile's self time by what the code is: the ws library, the relay's own code, the
 * native calls behind a TCP write and a UDP send, Node's internals, GC, idle.
 * @param {{ nodes: any[], samples: number[], timeDeltas: number[] }} profile
 * @returns {ProfileSummary}
 */
export function summarizeProfile(profile) {
  /** @type {Map<number, any>} */
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = /** @type {number} */ (profile.samples[i]);
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  /** @type {Map<string, number>} */
  const categories = new Map();
  /** @type {Map<string, number>} */
  const functions = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const { functionName: name, url, lineNumber } = byId.get(id).callFrame;
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
  const sorted = (/** @type {Map<string, number>} */ m, /** @type {number} */ n) =>
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

/** Replies to the parent's request `m`. @param {any} m @param {object} body */
function reply(m, body) {
  if (process.connected) process.send?.({ ...body, seq: m.seq });
}

/** `node relay-client.js --child relay '{"options":{…},"sendPorts":[…]}'` */
async function relayChildMain(/** @type {any} */ init) {
  const { createRelay } = await import('../../relay-server/src/server.ts');
  const { createLogger } = await import('../../relay-server/src/logger.ts');
  const sendPorts = Array.isArray(init.sendPorts) ? new Set(init.sendPorts) : null;
  /** @type {Record<string, number>} */
  const logs = { warn: 0, error: 0 };
  /** @type {string[]} */
  const lastLogs = [];
  const logger = createLogger({
    level: 'warn',
    write: (line) => {
      const level = /"level":"(\w+)"/.exec(line)?.[1] ?? 'warn';
      logs[level] = (logs[level] ?? 0) + 1;
      lastLogs.push(line.slice(0, 300));
      if (lastLogs.length > 5) lastLogs.shift();
    },
  });
  let refusedSends = 0;
  /** A socket whose sends go to loopback only (and only to `sendPorts` when given). @param {'udp4'} type */
  const createSocket = (type) => {
    const s = dgram.createSocket(type);
    const send = s.send;
    /** @type {any} */ (s).send = function (
      /** @type {any} */ msg,
      /** @type {any} */ port,
      /** @type {any} */ address,
      /** @type {any} */ cb,
    ) {
      if (typeof address === 'string' && address.startsWith('127.') && (!sendPorts || sendPorts.has(port)))
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
  /** @type {import('node:inspector').Session | null} */
  let profiler = null;
  /** @param {string} method @param {object} [params] @returns {Promise<any>} */
  const post = (method, params = {}) =>
    new Promise((resolve, reject) =>
      /** @type {any} */ (profiler).post(method, params, (/** @type {any} */ err, /** @type {any} */ res) =>
        err ? reject(err) : resolve(res),
      ),
    );
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await withTimeout(relay.close(), 3000, 'relay.close').catch(() => undefined);
  };
  process.on('disconnect', () => void shutdown().then(() => process.exit(0)));
  process.on('message', async (/** @type {any} */ m) => {
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
      const { profile } = await post('Profiler.stop');
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

/** `node relay-client.js --child udp-peer '{"echo":true}'` */
async function udpPeerChildMain(/** @type {any} */ init) {
  const peer = await udpEchoServer({
    echo: init.echo !== false,
    recvBufferSize: init.recvBufferSize,
    host: init.host ?? '127.0.0.1',
  });
  /** @type {Map<number, number>} */
  const byTag = new Map();
  peer.onmessage = (msg) => {
    if (msg.length < 4) return;
    const tag = msg.readUInt32BE(0);
    byTag.set(tag, (byTag.get(tag) ?? 0) + 1);
    if (byTag.size > 10_000) byTag.clear();
  };
  process.on('disconnect', () => void peer.close().then(() => process.exit(0)));
  process.on('message', async (/** @type {any} */ m) => {
    if (m.type === 'stats')
      reply(m, {
        at: performance.now(),
        cpu: process.cpuUsage(),
        mem: process.memoryUsage(),
        received: peer.received,
      });
    else if (m.type === 'count') reply(m, { count: byTag.get(m.tag) ?? 0 });
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
  const init = JSON.parse(process.argv[4] ?? '{}');
  const main = process.argv[3] === 'relay' ? relayChildMain : udpPeerChildMain;
  main(init).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
