// The two error types of the simulated network: NetError for socket calls (errno, as Python's OSError) and NetsimConfigError for scenario set-up mistakes.

/**
 * Linux errno numbers (x86-64, asm-generic/errno.h) for every error a socket call can raise.
 * `EHOSTUNREACH_LWIP` and `EMSGSIZE_LWIP` are the board's newlib numbers, which MicroPython's
 * errno table does not know, so the 掌控板 prints them bare (`OSError: 118`).
 */
export const ERRNO = {
  EIO: 5,
  EBADF: 9,
  EAGAIN: 11,
  EACCES: 13,
  EPIPE: 32,
  EINVAL: 22,
  ENFILE: 23,
  EMFILE: 24,
  EDESTADDRREQ: 89,
  EMSGSIZE: 90,
  EPROTOTYPE: 91,
  ENOPROTOOPT: 92,
  EPROTONOSUPPORT: 93,
  EOPNOTSUPP: 95,
  EAFNOSUPPORT: 97,
  EADDRINUSE: 98,
  EADDRNOTAVAIL: 99,
  ENETUNREACH: 101,
  ECONNABORTED: 103,
  ECONNRESET: 104,
  ENOBUFS: 105,
  EISCONN: 106,
  ENOTCONN: 107,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
  EHOSTUNREACH: 113,
  EALREADY: 114,
  EINPROGRESS: 115,
  EHOSTUNREACH_LWIP: 118,
  EMSGSIZE_LWIP: 122,
} as const;

/** Name of an errno that netsim raises; NetError.code is one of these. */
export type ErrnoName = keyof typeof ERRNO;

/** strerror() text as glibc prints it (newlib's for the two board-only numbers). */
export const STRERROR: Readonly<Record<ErrnoName, string>> = {
  EIO: 'Input/output error',
  EBADF: 'Bad file descriptor',
  EAGAIN: 'Resource temporarily unavailable',
  EACCES: 'Permission denied',
  EPIPE: 'Broken pipe',
  EINVAL: 'Invalid argument',
  ENFILE: 'Too many open files in system',
  EMFILE: 'Too many open files',
  EDESTADDRREQ: 'Destination address required',
  EMSGSIZE: 'Message too long',
  EPROTOTYPE: 'Protocol wrong type for socket',
  ENOPROTOOPT: 'Protocol not available',
  EPROTONOSUPPORT: 'Protocol not supported',
  EOPNOTSUPP: 'Operation not supported',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ENETUNREACH: 'Network is unreachable',
  ECONNABORTED: 'Software caused connection abort',
  ECONNRESET: 'Connection reset by peer',
  ENOBUFS: 'No buffer space available',
  EISCONN: 'Transport endpoint is already connected',
  ENOTCONN: 'Transport endpoint is not connected',
  ETIMEDOUT: 'Connection timed out',
  ECONNREFUSED: 'Connection refused',
  EHOSTUNREACH: 'No route to host',
  EALREADY: 'Operation already in progress',
  EINPROGRESS: 'Operation now in progress',
  EHOSTUNREACH_LWIP: 'Host is unreachable',
  EMSGSIZE_LWIP: 'Message too long',
};

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
