// The two error types of the simulated network: NetError for socket calls (errno, as Python's OSError) and NetsimConfigError for scenario set-up mistakes.

import { ERRNO_TABLE } from './errno-table.ts';

/**
 * The errnos a netsim socket call can raise (numbers and texts from `errno-table.ts`).
 * `EHOSTUNREACH_LWIP` and `EMSGSIZE_LWIP` are the board's newlib numbers, which MicroPython's
 * errno table does not know, so the 掌控板 prints them bare (`OSError: 118`).
 */
const NETSIM_ERRNOS = [
  'EIO',
  'EBADF',
  'EAGAIN',
  'EACCES',
  'EPIPE',
  'EINVAL',
  'ENFILE',
  'EMFILE',
  'EDESTADDRREQ',
  'EMSGSIZE',
  'EPROTOTYPE',
  'ENOPROTOOPT',
  'EPROTONOSUPPORT',
  'EOPNOTSUPP',
  'EAFNOSUPPORT',
  'EADDRINUSE',
  'EADDRNOTAVAIL',
  'ENETUNREACH',
  'ECONNABORTED',
  'ECONNRESET',
  'ENOBUFS',
  'EISCONN',
  'ENOTCONN',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'EALREADY',
  'EINPROGRESS',
  'EHOSTUNREACH_LWIP',
  'EMSGSIZE_LWIP',
] as const;

/** Name of an errno that netsim raises; NetError.code is one of these. */
export type ErrnoName = (typeof NETSIM_ERRNOS)[number];

/** Linux errno number of every errno netsim raises (the board's newlib number for `_LWIP`). */
export const ERRNO: Readonly<Record<ErrnoName, number>> = Object.freeze(
  Object.fromEntries(NETSIM_ERRNOS.map((name) => [name, ERRNO_TABLE[name][0]])) as Record<ErrnoName, number>,
);

/** strerror() text as glibc prints it (newlib's for the two board-only numbers). */
export const STRERROR: Readonly<Record<ErrnoName, string>> = Object.freeze(
  Object.fromEntries(NETSIM_ERRNOS.map((name) => [name, ERRNO_TABLE[name][1]])) as Record<ErrnoName, string>,
);

/**
 * A failed socket call. The kernel turns it into Python's `OSError(errno, strerror)`
 * (CPython picks the subclass, e.g. errno 111 → ConnectionRefusedError).
 * `code` is the stable errno name, `reason` says in English what went wrong and how to fix it.
 */
export class NetError extends Error {
  /** Stable errno name, e.g. 'EADDRINUSE'. Board-only numbers end in `_LWIP`. */
  readonly code: ErrnoName;
  /** The number Python shows: `[Errno 98]` on Linux hosts, a bare `118`/`122` on the board. */
  readonly errno: number;
  /** Linux strerror text, what CPython prints after `[Errno n]`. */
  readonly strerror: string;
  /** English explanation for developers and logs (not shown by Python). */
  readonly reason: string;

  constructor(code: ErrnoName, reason: string) {
    super(`${code} (${ERRNO[code]}): ${reason}`);
    this.name = 'NetError';
    this.code = code;
    this.errno = ERRNO[code];
    this.strerror = STRERROR[code];
    this.reason = reason;
  }
}

/** Stable codes of set-up errors (building LANs and hosts), listed in README.md. */
export type ConfigErrorCode =
  | 'NETSIM_ERR_BAD_CIDR'
  | 'NETSIM_ERR_LAN_EXISTS'
  | 'NETSIM_ERR_UNKNOWN_LAN'
  | 'NETSIM_ERR_BAD_HOST_NAME'
  | 'NETSIM_ERR_HOST_EXISTS'
  | 'NETSIM_ERR_TOO_MANY_HOSTS'
  | 'NETSIM_ERR_BAD_PROFILE'
  | 'NETSIM_ERR_ALREADY_ATTACHED'
  | 'NETSIM_ERR_NOT_ATTACHED'
  | 'NETSIM_ERR_BAD_ADDRESS'
  | 'NETSIM_ERR_OUTSIDE_SUBNET'
  | 'NETSIM_ERR_ADDRESS_TAKEN'
  | 'NETSIM_ERR_LAN_FULL'
  | 'NETSIM_ERR_BAD_IMPAIRMENT'
  | 'NETSIM_ERR_BAD_OPTION';

/** A mistake in building the scenario (not something a Python program can cause). */
export class NetsimConfigError extends Error {
  readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string) {
    super(`${code}: ${message}`);
    this.name = 'NetsimConfigError';
    this.code = code;
  }
}
