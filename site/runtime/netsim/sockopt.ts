// setsockopt/getsockopt at SOL_SOCKET, with Linux's buffer doubling and the board's ignored options.

import { ERRNO, NetError, type ErrnoName } from './errors.ts';
import type { ResolvedOptions } from './options.ts';
import { clearPendingError, setOption } from './socket-fields.ts';
import type { Profile } from './types.ts';
/** The fields socket options read and write (UDP and TCP sockets both have them). */
export interface SockOptTarget {
  reuseAddr: boolean;
  exclusiveAddrUse: boolean;
  broadcast: boolean;
  rcvBuf: number;
  sndBuf: number;
  pendingError: ErrnoName | null;
  /** What SO_TYPE reports: 1 (SOCK_STREAM) or 2 (SOCK_DGRAM). */
  readonly sockType: number;
}

/** Linux SOCK_MIN_RCVBUF: 2048 + sizeof(sk_buff) rounded (256). */
export const MIN_RCVBUF = 2304;
/** Linux SOCK_MIN_SNDBUF: twice (2048 + 256). */
export const MIN_SNDBUF = 4608;
/** SOCK_DGRAM, what SO_TYPE reports for a UDP socket. */
export const SOCK_DGRAM = 2;
/** SOCK_STREAM, what SO_TYPE reports for a TCP socket. */
export const SOCK_STREAM = 1;

function noSuchOption(level: string, name: string): NetError {
  return new NetError(
    'ENOPROTOOPT',
    `option ${level}/${name} is not simulated; netsim knows SOL_SOCKET SO_REUSEADDR, SO_BROADCAST, SO_RCVBUF, SO_SNDBUF (and SO_TYPE, SO_ERROR to read)`,
  );
}

/** Linux clamps a buffer size to the sysctl maximum as an unsigned value (so a negative one means the maximum), then doubles it. */
function linuxBuffer(value: number, max: number, min: number): number {
  const v = value < 0 ? max : Math.min(Math.trunc(value), max);
  return Math.max(v * 2, min);
}

/** Windows keeps a buffer size as set (no doubling, no cap); a negative one is WSAEINVAL. */
function windowsBuffer(value: number, name: string): number {
  if (value < 0) throw new NetError('EINVAL', `${name} must be ≥ 0 on Windows, got ${String(value)}`);
  return Math.trunc(value);
}

/**
 * setsockopt(SOL_SOCKET, name, value). On lwip only SO_REUSEADDR takes effect: the firmware
 * prints a warning for other options and ignores them (the Python shim prints the warning).
 */
export function setSockOpt(
  s: SockOptTarget,
  profile: Profile,
  opts: ResolvedOptions,
  level: string,
  name: string,
  value: number,
): void {
  if (level !== 'SOL_SOCKET') throw noSuchOption(level, name);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new NetError('EINVAL', `the value of ${name} must be an integer, got ${String(value)}`);
  const linux = profile !== 'lwip';
  const windows = profile === 'windows';
  switch (name) {
    case 'SO_REUSEADDR':
      if (windows && value !== 0 && s.exclusiveAddrUse) throw bothReuseAndExclusive(name);
      setOption(s, 'reuseAddr', value !== 0);
      return;
    case 'SO_EXCLUSIVEADDRUSE':
      if (!windows) throw noSuchOption(level, name);
      if (value !== 0 && s.reuseAddr) throw bothReuseAndExclusive(name);
      setOption(s, 'exclusiveAddrUse', value !== 0);
      return;
    case 'SO_BROADCAST':
      if (linux) setOption(s, 'broadcast', value !== 0);
      return;
    case 'SO_RCVBUF':
      if (windows) setOption(s, 'rcvBuf', windowsBuffer(value, name));
      else if (linux) setOption(s, 'rcvBuf', linuxBuffer(value, opts.rmemMax, MIN_RCVBUF));
      return;
    case 'SO_SNDBUF':
      if (windows) setOption(s, 'sndBuf', windowsBuffer(value, name));
      else if (linux) setOption(s, 'sndBuf', linuxBuffer(value, opts.wmemMax, MIN_SNDBUF));
      return;
    default:
      throw noSuchOption(level, name);
  }
}

/** Windows refuses SO_REUSEADDR and SO_EXCLUSIVEADDRUSE together on one socket (WSAEINVAL). */
function bothReuseAndExclusive(name: string): NetError {
  return new NetError(
    'EINVAL',
    `${name}: a socket cannot have both SO_REUSEADDR and SO_EXCLUSIVEADDRUSE; set the other one back to 0 first`,
  );
}

/** getsockopt(SOL_SOCKET, name). SO_ERROR returns the pending errno (0 if none) and clears it, as Linux does. */
export function getSockOpt(
  s: SockOptTarget,
  level: string,
  name: string,
  profile: Profile = 'linux',
): number {
  if (level !== 'SOL_SOCKET') throw noSuchOption(level, name);
  switch (name) {
    case 'SO_REUSEADDR':
      return s.reuseAddr ? 1 : 0;
    case 'SO_EXCLUSIVEADDRUSE':
      if (profile !== 'windows') throw noSuchOption(level, name);
      return s.exclusiveAddrUse ? 1 : 0;
    case 'SO_BROADCAST':
      return s.broadcast ? 1 : 0;
    case 'SO_RCVBUF':
      return s.rcvBuf;
    case 'SO_SNDBUF':
      return s.sndBuf;
    case 'SO_TYPE':
      return s.sockType;
    case 'SO_ERROR': {
      const pending = s.pendingError;
      clearPendingError(s);
      return pending === null ? 0 : ERRNO[pending];
    }
    default:
      throw noSuchOption(level, name);
  }
}
