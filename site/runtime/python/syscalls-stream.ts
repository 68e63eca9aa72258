// The TCP (SOCK_STREAM) syscalls behind shims/socket.py: connect, listen, accept, send, recv,
// shutdown. netsim's stream calls never wait (null = would block); the waiting happens here, on
// the network's clock, bounded by the socket's timeout and cut short by Stop.
import { withData } from './answers.ts';
import { waitUntil } from './blocking.ts';
import { ERRNO, SyscallError } from './errors.ts';
import { internal } from './kernel-context.ts';
import type { HandlerOf, HandlerTable } from './syscall-table.ts';
import type { SyscallContext } from './types.ts';

/**
 * The end of a socket's own timeout, as CPython reports it (`TimeoutError: timed out`, no errno):
 * told apart from the connection's ETIMEDOUT ("[Errno 110] Connection timed out") by its text.
 */
export const SOCKET_TIMED_OUT = 'timed out';
const timedOut = (): SyscallError => new SyscallError('ETIMEDOUT', SOCKET_TIMED_OUT);

/**
 * What a TCP connect to an address beyond the simulation says (the classroom relay carries UDP
 * only): Linux's ENETUNREACH, its text followed by why, in both languages.
 */
export const TCP_OUTSIDE_MESSAGE =
  'Network is unreachable: TCP stays inside the simulation, only UDP goes through the classroom relay ' +
  '/ 网络不可达：TCP 只在模拟网络内通信，只有 UDP 能经教室中继到达真实设备';

/** The most one stream `recv` hands back (a larger bufsize reads at most this much). */
export const MAX_STREAM_READ = 1_048_576;

/** errno number → name (SO_ERROR gives a number; the answer needs the name). */
const NAME_OF: ReadonlyMap<number, string> = new Map(
  Object.entries(ERRNO)
    .filter(([name, [n]]) => n > 0 && !name.endsWith('_LWIP'))
    .reverse()
    .map(([name, [n]]) => [n, name] as const),
);

/**
 * Tries `attempt` (null = would block) until it gives a result: at once when `timeout` is 0
 * (else EAGAIN), otherwise waiting for the socket to change, up to `timeout` ms (null = forever).
 */
async function retry<T>(
  ctx: SyscallContext,
  hostFd: number,
  timeout: number | null,
  attempt: () => T | null,
  ready: () => boolean,
): Promise<T> {
  const k = internal(ctx);
  const deadline = timeout === null ? null : ctx.clock.now() + timeout;
  for (;;) {
    const left = deadline === null ? null : deadline - ctx.clock.now();
    const woke = await waitUntil(
      ctx.clock,
      k.abort,
      (wake) => [ctx.host.onReadable(hostFd, wake)],
      ready,
      left,
    );
    if (!woke) throw timedOut();
    const got = attempt();
    if (got !== null) return got;
  }
}

/** The first try without a Promise (the common case on a clean LAN), then `retry`. */
function now<T>(
  ctx: SyscallContext,
  hostFd: number,
  timeout: number | null,
  attempt: () => T | null,
  ready: () => boolean,
): T | Promise<T> {
  const got = attempt();
  if (got !== null) return got;
  if (timeout === 0) throw new SyscallError('EAGAIN');
  return retry(ctx, hostFd, timeout, attempt, ready);
}

function isStream(ctx: SyscallContext, hostFd: number): boolean {
  return ctx.host.socketType(hostFd) === 'SOCK_STREAM';
}

/** True when `ip` is an address of no simulated host while the program's host has an uplink (the relay). */
function beyondSimulation(ctx: SyscallContext, ip: string): boolean {
  return ctx.host.uplink !== null && !ctx.network.hosts().some((h) => h.addresses().includes(ip));
}

/** Errors of a handshake that ended within the connect call (a non-blocking one reports them later). */
const HANDSHAKE_ERRORS: ReadonlySet<unknown> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
]);

const connect: HandlerOf<'socket.connect'> = (ctx, a) => {
  const k = internal(ctx);
  const fd = k.fds.host(a.fd);
  if (!isStream(ctx, fd)) return ctx.host.connect(fd, a.ip, a.port);
  const timeout = a.timeout ?? null;
  const state = ctx.host.tcpState(fd);
  const pending = k.fds.connecting.get(a.fd);
  if (pending !== undefined && state !== 'SYN-SENT') {
    // Linux: the first connect after one that answered EINPROGRESS (a non-blocking one, or one
    // with a timeout: CPython waits in poll) reports how it ended, once: 0 when connected, the
    // error, or ECONNABORTED when SO_ERROR has already taken the error (the board tries again at
    // once). The next one starts afresh.
    k.fds.connecting.delete(a.fd);
    const failed = pending ?? errnoName(ctx.host.getsockopt(fd, 'SOL_SOCKET', 'SO_ERROR'));
    if (failed !== null) throw new SyscallError(failed);
    if (state !== 'CLOSED') return;
    if (ctx.host.profile !== 'lwip') throw new SyscallError('ECONNABORTED');
  }
  try {
    ctx.host.connect(fd, a.ip, a.port);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ENETUNREACH' && beyondSimulation(ctx, a.ip))
      throw new SyscallError('ENETUNREACH', TCP_OUTSIDE_MESSAGE);
    if (timeout === 0 && state === 'CLOSED' && (code === 'EINPROGRESS' || HANDSHAKE_ERRORS.has(code))) {
      // A non-blocking connect reports EINPROGRESS even when the answer is already there.
      k.fds.connecting.set(a.fd, code === 'EINPROGRESS' ? null : String(code));
      throw new SyscallError('EINPROGRESS');
    }
    // With a timeout, CPython's connect is a non-blocking one, a poll and SO_ERROR: Linux
    // remembers the EINPROGRESS, however the handshake ends.
    if (timeout !== null && state === 'CLOSED' && (code === 'EINPROGRESS' || HANDSHAKE_ERRORS.has(code)))
      k.fds.connecting.set(a.fd, null);
    if (code !== 'EINPROGRESS' || timeout === 0) throw err;
    return handshake(ctx, fd, timeout);
  }
  // Linux answers a non-blocking connect EINPROGRESS even when loopback finishes the handshake
  // at once; the socket is writable right after.
  if (timeout === 0 && state === 'CLOSED') {
    k.fds.connecting.set(a.fd, null);
    throw new SyscallError('EINPROGRESS');
  }
  if (timeout !== null && state === 'CLOSED') k.fds.connecting.set(a.fd, null);
};

/** The errno name of an SO_ERROR number, null for 0. */
function errnoName(errno: number): string | null {
  return errno === 0 ? null : (NAME_OF.get(errno) ?? 'EIO');
}

/** Waits until the handshake ends: connected, or its error (SO_ERROR), or the socket's timeout. */
async function handshake(ctx: SyscallContext, fd: number, timeout: number | null): Promise<void> {
  await retry(
    ctx,
    fd,
    timeout,
    () => true,
    () => ctx.host.writable(fd),
  );
  const failed = errnoName(ctx.host.getsockopt(fd, 'SOL_SOCKET', 'SO_ERROR'));
  if (failed !== null) throw new SyscallError(failed);
}

const accept: HandlerOf<'socket.accept'> = (ctx, a) => {
  const k = internal(ctx);
  const fd = k.fds.host(a.fd);
  const attempt = (): [number, string, number] | null => {
    k.fds.assertRoom(); // Linux takes the new fd first: EMFILE leaves the connection queued
    const got = ctx.host.accept(fd);
    return got && [k.fds.adopt(got.fd), got.ip, got.port];
  };
  return now(ctx, fd, a.timeout, attempt, () => ctx.host.readable(fd));
};

const send: HandlerOf<'socket.send'> = (ctx, a) => {
  const k = internal(ctx);
  const fd = k.fds.host(a.fd);
  const data = a.data ?? new Uint8Array(0);
  const first = ctx.host.send(fd, data);
  if (first === data.length) return first;
  // Linux's blocking send (and CPython's sendall) queue every byte; with a timeout CPython
  // waits for room once and sends what fits, or sendall keeps going until its deadline.
  const whole = a.all === true || a.timeout === null;
  if (first !== null && !whole) return first;
  if (a.timeout === 0) throw new SyscallError('EAGAIN');
  let sent = first ?? 0;
  return retry(
    ctx,
    fd,
    a.timeout,
    () => {
      const n = ctx.host.send(fd, data.subarray(sent));
      if (n === null) return null;
      sent += n;
      return whole && sent < data.length ? null : sent;
    },
    () => ctx.host.writable(fd),
  );
};

const recv: HandlerOf<'socket.recv'> = (ctx, a) => {
  const k = internal(ctx);
  const fd = k.fds.host(a.fd);
  const n = Math.min(Math.max(0, Math.trunc(Number(a.n)) || 0), MAX_STREAM_READ);
  const attempt = () => {
    const got = ctx.host.recv(fd, n, a.peek === true);
    return got && withData(null, got);
  };
  return now(ctx, fd, a.timeout, attempt, () => ctx.host.readable(fd));
};

/** The stream syscalls' ops. */
export type StreamOp = `socket.${'connect' | 'listen' | 'accept' | 'send' | 'recv' | 'shutdown'}`;

export const STREAM_SYSCALLS: HandlerTable<StreamOp> = {
  'socket.connect': connect,
  'socket.listen': (ctx, a) =>
    ctx.host.listen(internal(ctx).fds.host(a.fd), Math.trunc(Number(a.backlog)) || 0),
  'socket.accept': accept,
  'socket.send': send,
  'socket.recv': recv,
  'socket.shutdown': (ctx, a) => ctx.host.shutdown(internal(ctx).fds.host(a.fd), a.how),
};
