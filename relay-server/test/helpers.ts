// Test helpers: a relay on 127.0.0.1 port 0, WebSocket clients that queue what they receive, UDP peers on loopback.
import dgram from 'node:dgram';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { createRelay } from '../src/server/server.ts';
import { silentLogger } from '../src/relay/logger.ts';
import { SUBPROTOCOL, decodeDatagram, encodeDatagram } from '../src/protocol/codec.ts';
import type { RelayOptions } from '../src/relay/config.ts';

export const TOKEN = 'class-token-for-tests';
export const ADMIN_TOKEN = 'admin-token-for-tests';

/**
 * A socket factory that refuses — and records — any send to an address outside 127.0.0.0/8,
 * so that a policy bug in a test can never put a packet on a real network.
 */
export function loopbackOnlySockets() {
  const refused: string[] = [];
  const created: dgram.Socket[] = [];
  const createSocket = (type: 'udp4') => {
    const s = dgram.createSocket(type);
    const send = s.send.bind(s) as (...args: unknown[]) => void;
    (s as { send: (...args: unknown[]) => void }).send = (...args: unknown[]) => {
      const [, port, address, cb] = args;
      if (typeof address !== 'string' || !address.startsWith('127.')) {
        refused.push(`${address}:${port}`);
        if (typeof cb === 'function')
          queueMicrotask(() =>
            cb(Object.assign(new Error('refused by the test guard'), { code: 'EHOSTUNREACH' })),
          );
        return;
      }
      return send(...args);
    };
    created.push(s);
    return s;
  };
  return { createSocket, refused, created };
}

/** Starts a relay for tests: 127.0.0.1, port 0, loopback opted in, sockets guarded. */
export async function startRelay(overrides: RelayOptions = {}) {
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
 * A value parsed from JSON (a relay message, an answer of the dashboard's API): tests read its
 * fields freely, and their assertions check them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Received = { binary: false; message: Json } | { binary: true; datagram: Json; raw: Uint8Array };

/**
 * A WebSocket client of the relay that queues what it receives.
 * @param [options]
 *   token null: do not authenticate. localAddress: the client's source address (127.0.0.2 … play
 *   other computers of the class).
 */
export async function connect(
  relay: { url: string },
  options: {
    token?: string | null;
    origin?: string;
    protocols?: string[];
    autoPong?: boolean;
    localAddress?: string;
    headers?: Record<string, string>;
  } = {},
) {
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
  const inbox: Received[] = [];
  let wake: Array<() => void> = [];
  ws.on('message', (data, isBinary) => {
    const buf = data as Buffer;
    if (isBinary) {
      const raw = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      const d = decodeDatagram(raw);
      inbox.push({ binary: true, datagram: d.ok ? d.datagram : d, raw });
    } else inbox.push({ binary: false, message: JSON.parse(buf.toString()) });
    const w = wake;
    wake = [];
    w.forEach((f) => f());
  });
  const closed: Promise<{ code: number; reason: string }> = new Promise((resolve) =>
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
    sendJson: (m: unknown) => ws.send(JSON.stringify(m)),
    sendBytes: (bytes: Uint8Array) => ws.send(bytes),
    /** Sends a datagram frame. */
    sendto: (socket: number, address: string, port: number, payload: Uint8Array | string) =>
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
     * @param [timeoutMs] Default 3000.
     */
    async take(match: (r: Received) => boolean, timeoutMs: number = 3000): Promise<Received> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const i = inbox.findIndex(match);
        if (i >= 0) return inbox.splice(i, 1)[0] as Received;
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
    async message(type: string, timeoutMs?: number) {
      const r = await client.take((x) => !x.binary && x.message.type === type, timeoutMs);
      return (r as Json).message;
    },
    async datagram(timeoutMs?: number) {
      const r = await client.take((x) => x.binary, timeoutMs);
      return (r as Json).datagram;
    },
    /** Binds a socket and resolves with the `bound` (or `error`) reply. */
    async bind(socket: number, port: number, implicit: boolean = false) {
      const id = nextId++;
      client.sendJson({ type: 'bind', id, socket, port, implicit });
      const r = await client.take((x) => !x.binary && x.message.id === id);
      return (r as Json).message;
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

export type Client = Awaited<ReturnType<typeof connect>>;

/**
 * A UDP echo server on 127.0.0.1 that records what it receives.
 * @param [options] echo false: only record (a sink). Default true.
 */
export async function udpEcho({ echo = true }: { echo?: boolean } = {}) {
  const socket = dgram.createSocket('udp4');
  const received: Array<{ data: Buffer; address: string; port: number; at: number }> = [];
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until `check` returns true, polling.
 * @param [timeoutMs] Default 3000.
 */
export async function until(check: () => boolean, timeoutMs: number = 3000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/**
 * Starts a relay in a child process (test/relay-child.ts, under tsx) and resolves once it listens.
 */
export async function startRelayProcess({
  relay = {},
  fdLimit,
  unprivileged = false,
}: {
  /** RelayOptions (JSON) for createRelay. */
  relay?: Record<string, unknown>;
  /** `ulimit -n` of the child. */
  fdLimit?: number;
  /**
   * Run it as `nobody` when this process is root, so that file permissions apply to it as they do
   * to a relay started by a teacher's account.
   */
  unprivileged?: boolean;
} = {}) {
  const { spawn } = await import('node:child_process');
  const { readdirSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const child = new URL('./relay-child.ts', import.meta.url).pathname;
  // TypeScript, so under the loader `udp-lab` uses (tsx), as the relay runs.
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const args = [
    '--import',
    loader,
    child,
    JSON.stringify({ token: TOKEN, adminToken: ADMIN_TOKEN, ...relay }),
  ];
  const asNobody = unprivileged && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const proc = fdLimit
    ? spawn('sh', ['-c', `ulimit -n ${fdLimit} && exec "$0" "$@"`, process.execPath, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        ...asNobody,
      })
    : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...asNobody });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (t) => (stderr += t));
  const exited: Promise<{ code: number | null; signal: string | null }> = new Promise((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let alive = true;
  exited.then(() => (alive = false));
  const ready = await new Promise<{ port: number; pid: number }>((resolve, reject) => {
    let out = '';
    proc.stdout.setEncoding('utf8').on('data', (t) => {
      out += t;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(out.slice(0, nl)));
    });
    exited.then(({ code }) => reject(new Error(`relay child exited ${code}: ${stderr}`)));
  });
  const port = ready.port;
  return {
    port,
    pid: proc.pid as number,
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
