// The socket syscalls behind shims/socket.py and shims/select.py, on the program's netsim host.
// Argument checks CPython does before its syscall live in the shim; here the host decides.
import { withData } from './answers.ts';
import { waitUntil } from './blocking.ts';
import { ERRNO, SyscallError } from './errors.ts';
import { internal } from './kernel-context.ts';
import type { SetOptName, GetOptName, Profile } from '../netsim/index.ts';
import type { HandlerOf, HandlerTable } from './syscall-table.ts';

const SOL_SOCKET = 1;
/** Linux's SOL_SOCKET option numbers. */
const OPTION_NAMES: Readonly<Record<number, GetOptName>> = {
  2: 'SO_REUSEADDR',
  3: 'SO_TYPE',
  4: 'SO_ERROR',
  6: 'SO_BROADCAST',
  7: 'SO_SNDBUF',
  8: 'SO_RCVBUF',
};

/** A Windows PC's numbers (Winsock2.h: SOL_SOCKET 0xffff; SO_EXCLUSIVEADDRUSE is ~SO_REUSEADDR). */
const WINDOWS_SOL_SOCKET = 0xffff;
const WINDOWS_OPTION_NAMES: Readonly<Record<number, GetOptName>> = {
  4: 'SO_REUSEADDR',
  [-5]: 'SO_EXCLUSIVEADDRUSE',
  0x1008: 'SO_TYPE',
  0x1007: 'SO_ERROR',
  0x20: 'SO_BROADCAST',
  0x1001: 'SO_SNDBUF',
  0x1002: 'SO_RCVBUF',
};

function option(level: unknown, name: unknown, profile: Profile): GetOptName {
  const windows = profile === 'windows';
  const known =
    level === (windows ? WINDOWS_SOL_SOCKET : SOL_SOCKET) && typeof name === 'number'
      ? (windows ? WINDOWS_OPTION_NAMES : OPTION_NAMES)[name]
      : undefined;
  if (!known) throw new SyscallError('ENOPROTOOPT');
  return known;
}

/** `timeout`: ms; null = block until data, 0 = don't wait. `peek`: MSG_PEEK, leave the datagram queued. */
const recvfrom: HandlerOf<'socket.recvfrom'> = (ctx, args) => {
  const k = internal(ctx);
  const fd = k.fds.host(args.fd);
  const n = Math.min(Math.max(0, Math.trunc(Number(args.n)) || 0), k.limits.maxDatagramBytes);
  const take = () => {
    const got = ctx.host.recvfrom(fd, n, args.peek === true);
    return got && withData<[string, number]>([got.ip, got.port], got.data);
  };
  const now = take();
  if (now) return now;
  if (args.timeout === 0) throw new SyscallError('EAGAIN');
  const deadline = args.timeout === null ? null : ctx.clock.now() + args.timeout;
  return (async () => {
    for (;;) {
      const left = deadline === null ? null : deadline - ctx.clock.now();
      const readable = await waitUntil(
        ctx.clock,
        k.abort,
        (wake) => [ctx.host.onReadable(fd, wake)],
        () => ctx.host.readable(fd),
        left,
      );
      if (!readable) throw new SyscallError('ETIMEDOUT');
      const got = take();
      if (got) return got;
    }
  })();
};

/** poll()'s event bits, as Linux and the board's uselect number them. */
const POLLIN = 1;
const POLLOUT = 4;
const POLLERR = 8;
const POLLHUP = 16;
const POLLNVAL = 32;
/** poll()'s stand-in host fd for a descriptor closed since it was registered. */
const CLOSED = -2;

/** select(): sockets by the program's fd, and fd 0 = stdin (a whole line typed). */
const select: HandlerOf<'select'> = (ctx, args) => {
  const k = internal(ctx);
  const toHost = (fd: number) => (fd === 0 ? -1 : k.fds.host(fd));
  const reads = args.r.map((fd) => [fd, toHost(fd)] as const);
  for (const fd of [...args.w, ...args.x]) if (fd > 2) toHost(fd);
  const writes = args.w.filter((fd) => fd !== 0).map((fd) => [fd, fd > 2 ? k.fds.host(fd) : -1] as const);
  // Linux's third list is out-of-band data, never sent here; the board's uselect puts there the
  // sockets whose connection met an error (lwIP's error event, its POLLHUP).
  const excepts =
    ctx.host.profile === 'lwip'
      ? args.x.filter((fd) => fd > 2).map((fd) => [fd, k.fds.host(fd)] as const)
      : [];
  const readyNow = (): number[][] => {
    const r = reads
      .filter(([, host]) => (host < 0 ? k.stdin.ready() : ctx.host.readable(host)))
      .map(([fd]) => fd);
    // UDP sockets are always writable (sendto never blocks here), stdout/stderr too; a TCP
    // socket when its send buffer has room, its handshake ended, or its write side is shut.
    const w = writes.filter(([, host]) => host < 0 || ctx.host.writable(host)).map(([fd]) => fd);
    const x = excepts.filter(([, host]) => (ctx.host.pollEvents(host) & POLLHUP) !== 0).map(([fd]) => fd);
    return [r, w, x];
  };
  const any = (): boolean => readyNow().some((list) => list.length > 0);
  if (any() || args.timeout === 0) return readyNow();
  const subscribe = (wake: () => void) => [
    ...reads.map(([, host]) => (host < 0 ? k.stdin.onChange(wake) : ctx.host.onReadable(host, wake))),
    ...[...writes, ...excepts]
      .filter(([, host]) => host >= 0)
      .map(([, host]) => ctx.host.onReadable(host, wake)),
  ];
  return waitUntil(ctx.clock, k.abort, subscribe, any, args.timeout).then(() => readyNow());
};

/**
 * poll(): what each socket reports (netsim's `pollEvents`), fd 0 = stdin (POLLIN once a line is
 * typed), 1 and 2 always writable. Linux adds POLLERR and POLLHUP whatever the mask asked for;
 * the board's uselect reports only what was asked (its POLLHUP: lwIP's error event).
 */
const poll: HandlerOf<'poll'> = (ctx, args) => {
  const k = internal(ctx);
  const lwip = ctx.host.profile === 'lwip';
  // Linux reports a descriptor closed since it was registered as POLLNVAL; the board's poll fails.
  const hostOf = (fd: number): number => {
    if (fd <= 2) return -1;
    if (lwip) return k.fds.host(fd);
    try {
      return k.fds.host(fd);
    } catch {
      return CLOSED;
    }
  };
  const entries = args.fds.map(([fd, mask]) => [fd, mask, hostOf(fd)] as const);
  const events = (fd: number, host: number): number => {
    if (fd === 0) return k.stdin.ready() ? POLLIN : 0;
    if (host === CLOSED) return POLLNVAL;
    if (host < 0) return POLLOUT;
    // A non-blocking connect that failed inside the call keeps its error here (for SO_ERROR).
    const kept = !lwip && typeof k.fds.connecting.get(fd) === 'string' ? POLLERR : 0;
    return ctx.host.pollEvents(host) | kept;
  };
  const readyNow = (): [number, number][] => {
    const out: [number, number][] = [];
    for (const [fd, mask, host] of entries) {
      const revents = events(fd, host) & (lwip ? mask : mask | POLLERR | POLLHUP | POLLNVAL);
      if (revents !== 0) out.push([fd, revents]);
    }
    return out;
  };
  const now = readyNow();
  if (now.length > 0 || args.timeout === 0) return now;
  const subscribe = (wake: () => void) =>
    entries
      .filter(([fd, , host]) => fd === 0 || host >= 0)
      .map(([fd, , host]) => (fd === 0 ? k.stdin.onChange(wake) : ctx.host.onReadable(host, wake)));
  return waitUntil(ctx.clock, k.abort, subscribe, () => readyNow().length > 0, args.timeout).then(() =>
    readyNow(),
  );
};

/** The socket syscalls' ops. */
export type SocketOp =
  | `socket.${'socket' | 'close' | 'bind' | 'sendto' | 'recvfrom'}`
  | `socket.${'setsockopt' | 'getsockopt' | 'getsockname' | 'getpeername'}`
  | 'select'
  | 'poll'
  | `net.${'gethostname' | 'reverse' | 'resolve'}`;

export const SOCKET_SYSCALLS: HandlerTable<SocketOp> = {
  'socket.socket': (ctx, a) => internal(ctx).fds.open(a.type === 1 ? 'SOCK_STREAM' : 'SOCK_DGRAM'),
  'socket.close': (ctx, a) => internal(ctx).fds.close(a.fd),
  'socket.bind': (ctx, a) => ctx.host.bind(internal(ctx).fds.host(a.fd), a.ip, a.port),
  'socket.sendto': (ctx, a) =>
    ctx.host.sendto(internal(ctx).fds.host(a.fd), a.data ?? new Uint8Array(0), a.ip, a.port),
  'socket.recvfrom': recvfrom,
  'socket.setsockopt': (ctx, a) => {
    const fd = internal(ctx).fds.host(a.fd);
    const name = option(a.level, a.name, ctx.host.profile);
    if (name === 'SO_TYPE' || name === 'SO_ERROR') throw new SyscallError('ENOPROTOOPT');
    ctx.host.setsockopt(fd, 'SOL_SOCKET', name as SetOptName, a.value);
  },
  'socket.getsockopt': (ctx, a) => {
    const k = internal(ctx);
    const fd = k.fds.host(a.fd);
    const name = option(a.level, a.name, ctx.host.profile);
    // A non-blocking connect whose handshake failed inside the call keeps its error for SO_ERROR.
    const failed = name === 'SO_ERROR' ? k.fds.connecting.get(a.fd) : undefined;
    if (typeof failed === 'string') {
      k.fds.connecting.set(a.fd, null);
      ctx.host.getsockopt(fd, 'SOL_SOCKET', name);
      return ERRNO[failed]?.[0] ?? 5;
    }
    return ctx.host.getsockopt(fd, 'SOL_SOCKET', name);
  },
  'socket.getsockname': (ctx, a) => ctx.host.getsockname(internal(ctx).fds.host(a.fd)),
  'socket.getpeername': (ctx, a) => ctx.host.getpeername(internal(ctx).fds.host(a.fd)),
  select,
  poll,
  'net.gethostname': (ctx) => ctx.host.name,
  /** getnameinfo / gethostbyaddr: 127.0.0.1 is localhost (/etc/hosts); a host's address, its name. */
  'net.reverse': (ctx, a) => {
    const ip = String(a.ip);
    if (ip === '127.0.0.1') return 'localhost';
    const owner = ctx.network.hosts().find((h) => h.addresses().includes(ip));
    if (!owner) throw new SyscallError('EAI_NONAME');
    return owner.name;
  },
  'net.resolve': (ctx, a) => {
    const ip = ctx.network.resolve(String(a.name), ctx.host.name);
    if (!ip) throw new SyscallError('EAI_NONAME');
    return ip;
  },
};
