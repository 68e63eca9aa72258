// @ts-check
// Test helpers: a relay on 127.0.0.1 port 0, WebSocket clients that queue what they receive, UDP peers on loopback.
import dgram from 'node:dgram';
import WebSocket from 'ws';
import { createRelay } from '../src/server.js';
import { silentLogger } from '../src/logger.js';
import { SUBPROTOCOL, decodeDatagram, encodeDatagram } from '../src/protocol/codec.js';

export const TOKEN = 'class-token-for-tests';
export const ADMIN_TOKEN = 'admin-token-for-tests';

/**
 * A socket factory that refuses — and records — any send to an address outside 127.0.0.0/8,
 * so that a policy bug in a test can never put a packet on a real network.
 */
export function loopbackOnlySockets() {
  /** @type {string[]} */
  const refused = [];
  /** @type {dgram.Socket[]} */
  const created = [];
  /** @param {'udp4'} type */
  const createSocket = (type) => {
    const s = dgram.createSocket(type);
    const send = s.send.bind(s);
    /** @type {any} */ (s).send = (/** @type {any[]} */ ...args) => {
      const [, port, address, cb] = args;
      if (typeof address !== 'string' || !address.startsWith('127.')) {
        refused.push(`${address}:${port}`);
        if (typeof cb === 'function')
          queueMicrotask(() =>
            cb(Object.assign(new Error('refused by the test guard'), { code: 'EHOSTUNREACH' })),
          );
        return;
      }
      return /** @type {any} */ (send)(...args);
    };
    created.push(s);
    return s;
  };
  return { createSocket, refused, created };
}

/**
 * Starts a relay for tests: 127.0.0.1, port 0, loopback opted in, sockets guarded.
 * @param {import('../src/config.js').RelayOptions} [overrides]
 */
export async function startRelay(overrides = {}) {
  const guard = loopbackOnlySockets();
  const relay = await createRelay({
    host: '127.0.0.1',
    port: 0,
    udpHost: '127.0.0.1',
    publicAddress: '127.0.0.1',
    allowLoopback: true,
    token: TOKEN,
    adminToken: ADMIN_TOKEN,
    logger: silentLogger,
    createSocket: guard.createSocket,
    tickMs: 100,
    ...overrides,
  });
  return Object.assign(relay, { guard });
}

/**
 * @typedef {{ binary: false, message: any } | { binary: true, datagram: any, raw: Uint8Array }} Received
 */

/**
 * A WebSocket client of the relay that queues what it receives.
 * @param {{ url: string }} relay
 * @param {{ token?: string | null, origin?: string, protocols?: string[], autoPong?: boolean, localAddress?: string, headers?: Record<string, string> }} [options]
 *   token null: do not authenticate. localAddress: the client's source address (127.0.0.2 … play
 *   other computers of the class).
 */
export async function connect(relay, options = {}) {
  const {
    token = TOKEN,
    origin,
    protocols = [SUBPROTOCOL],
    autoPong = true,
    localAddress,
    headers,
  } = options;
  const ws = new WebSocket(relay.url, protocols, {
    perMessageDeflate: false,
    autoPong,
    ...(origin ? { origin } : {}),
    ...(localAddress ? { localAddress } : {}),
    ...(headers ? { headers } : {}),
  });
  /** @type {Received[]} */
  const inbox = [];
  /** @type {Array<() => void>} */
  let wake = [];
  ws.on('message', (data, isBinary) => {
    const buf = /** @type {Buffer} */ (data);
    if (isBinary) {
      const raw = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      const d = decodeDatagram(raw);
      inbox.push({ binary: true, datagram: d.ok ? d.datagram : d, raw });
    } else inbox.push({ binary: false, message: JSON.parse(buf.toString()) });
    const w = wake;
    wake = [];
    w.forEach((f) => f());
  });
  /** @type {Promise<{ code: number, reason: string }>} */
  const closed = new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  closed.then(() => {
    const w = wake;
    wake = [];
    w.forEach((f) => f());
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })),
    );
  });
  let nextId = 1;
  const client = {
    ws,
    inbox,
    closed,
    /** @param {unknown} m */
    sendJson: (m) => ws.send(JSON.stringify(m)),
    /** @param {Uint8Array} bytes */
    sendBytes: (bytes) => ws.send(bytes),
    /**
     * Sends a datagram frame.
     * @param {number} socket @param {string} address @param {number} port @param {Uint8Array | string} payload
     */
    sendto: (socket, address, port, payload) =>
      ws.send(
        encodeDatagram({
          socket,
          address,
          port,
          payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
        }),
      ),
    /**
     * Resolves with the first queued item matching `match` (and removes it).
     * @param {(r: Received) => boolean} match
     * @param {number} [timeoutMs] Default 3000.
     * @returns {Promise<Received>}
     */
    async take(match, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = inbox.findIndex(match);
        if (i >= 0) return /** @type {Received} */ (inbox.splice(i, 1)[0]);
        const left = deadline - Date.now();
        if (left <= 0 || ws.readyState === WebSocket.CLOSED)
          throw new Error(
            `nothing matching arrived; inbox: ${JSON.stringify(inbox.map((r) => (r.binary ? 'binary' : r.message)))}`,
          );
        await new Promise((resolve) => {
          const t = setTimeout(resolve, left);
          wake.push(() => {
            clearTimeout(t);
            resolve(undefined);
          });
        });
      }
    },
    /** @param {string} type @param {number} [timeoutMs] */
    async message(type, timeoutMs) {
      const r = await client.take((x) => !x.binary && x.message.type === type, timeoutMs);
      return /** @type {any} */ (r).message;
    },
    /** @param {number} [timeoutMs] */
    async datagram(timeoutMs) {
      const r = await client.take((x) => x.binary, timeoutMs);
      return /** @type {any} */ (r).datagram;
    },
    /** Binds a socket and resolves with the `bound` (or `error`) reply. @param {number} socket @param {number} port @param {boolean} [implicit] */
    async bind(socket, port, implicit = false) {
      const id = nextId++;
      client.sendJson({ type: 'bind', id, socket, port, implicit });
      const r = await client.take((x) => !x.binary && x.message.id === id);
      return /** @type {any} */ (r).message;
    },
    close: () => {
      ws.close();
      return closed;
    },
  };
  if (token !== null) {
    client.sendJson({ type: 'auth', token });
    if (token === TOKEN) await client.message('welcome');
  }
  return client;
}

/** @typedef {Awaited<ReturnType<typeof connect>>} Client */

/**
 * A UDP echo server on 127.0.0.1 that records what it receives.
 * @param {{ echo?: boolean }} [options] echo false: only record (a sink). Default true.
 */
export async function udpEcho({ echo = true } = {}) {
  const socket = dgram.createSocket('udp4');
  /** @type {Array<{ data: Buffer, address: string, port: number, at: number }>} */
  const received = [];
  socket.on('message', (data, rinfo) => {
    received.push({ data, address: rinfo.address, port: rinfo.port, at: performance.now() });
    if (echo) socket.send(data, rinfo.port, rinfo.address);
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', () => resolve(undefined)));
  return {
    socket,
    received,
    port: socket.address().port,
    close: () => new Promise((r) => socket.close(() => r(undefined))),
  };
}

/** A UDP port on 127.0.0.1 that was free a moment ago. */
export async function freePort() {
  const s = dgram.createSocket('udp4');
  await new Promise((resolve) => s.bind(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = s.address();
  await new Promise((r) => s.close(() => r(undefined)));
  return port;
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `check` returns true, polling.
 * @param {() => boolean} check @param {number} [timeoutMs] Default 3000.
 */
export async function until(check, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/**
 * Starts a relay in a child process (test/relay-child.js) and resolves once it listens.
 * @param {object} [options]
 * @param {Record<string, unknown>} [options.relay] RelayOptions (JSON) for createRelay.
 * @param {number} [options.fdLimit] `ulimit -n` of the child.
 * @param {boolean} [options.unprivileged] Run it as `nobody` when this process is root, so that file
 *   permissions apply to it as they do to a relay started by a teacher's account.
 */
export async function startRelayProcess({ relay = {}, fdLimit, unprivileged = false } = {}) {
  const { spawn } = await import('node:child_process');
  const { readdirSync } = await import('node:fs');
  const child = new URL('./relay-child.js', import.meta.url).pathname;
  const args = [child, JSON.stringify({ token: TOKEN, adminToken: ADMIN_TOKEN, ...relay })];
  const asNobody = unprivileged && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const proc = fdLimit
    ? spawn('sh', ['-c', `ulimit -n ${fdLimit} && exec "$0" "$@"`, process.execPath, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        ...asNobody,
      })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...asNobody });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (t) => (stderr += t));
  /** @type {Promise<{ code: number | null, signal: string | null }>} */
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  let alive = true;
  exited.then(() => (alive = false));
  const ready = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (t) => {
      out += t;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    exited.then(({ code }) => reject(new Error(`relay child exited ${code}: ${stderr}`)));
  });
  const port = /** @type {number} */ (ready.port);
  return {
    port,
    pid: /** @type {number} */ (proc.pid),
    url: `ws://127.0.0.1:${port}/relay`,
    origin: `http://127.0.0.1:${port}`,
    exited,
    get alive() {
      return alive;
    },
    /** Everything it logged (JSON lines) and any crash report. */
    get stderr() {
      return stderr;
    },
    /** Its open file descriptors now. */
    fds: () => readdirSync(`/proc/${proc.pid}/fd`).length,
    async stop() {
      if (!alive) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}
