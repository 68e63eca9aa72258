// Errors crossing the syscall channel: Linux errno numbers and strerror texts, and the error
// handlers throw so that Python raises exactly what CPython on Linux (or the board) would.
import type { SyscallErrorInfo } from './types.ts';

/** errno name → [Linux number, glibc strerror text]. getaddrinfo's EAI_* codes are negative. */
export const ERRNO: Readonly<Record<string, readonly [number, string]>> = {
  EPERM: [1, 'Operation not permitted'],
  ENOENT: [2, 'No such file or directory'],
  EINTR: [4, 'Interrupted system call'],
  EBADF: [9, 'Bad file descriptor'],
  EAGAIN: [11, 'Resource temporarily unavailable'],
  ENOMEM: [12, 'Cannot allocate memory'],
  EACCES: [13, 'Permission denied'],
  EINVAL: [22, 'Invalid argument'],
  EMFILE: [24, 'Too many open files'],
  EPIPE: [32, 'Broken pipe'],
  ENOSYS: [38, 'Function not implemented'],
  ENOTSOCK: [88, 'Socket operation on non-socket'],
  EDESTADDRREQ: [89, 'Destination address required'],
  EMSGSIZE: [90, 'Message too long'],
  EPROTOTYPE: [91, 'Protocol wrong type for socket'],
  ENOPROTOOPT: [92, 'Protocol not available'],
  EPROTONOSUPPORT: [93, 'Protocol not supported'],
  EOPNOTSUPP: [95, 'Operation not supported'],
  EAFNOSUPPORT: [97, 'Address family not supported by protocol'],
  EADDRINUSE: [98, 'Address already in use'],
  EADDRNOTAVAIL: [99, 'Cannot assign requested address'],
  ENETDOWN: [100, 'Network is down'],
  ENETUNREACH: [101, 'Network is unreachable'],
  ECONNABORTED: [103, 'Software caused connection abort'],
  ECONNRESET: [104, 'Connection reset by peer'],
  ENOBUFS: [105, 'No buffer space available'],
  EISCONN: [106, 'Transport endpoint is already connected'],
  ENOTCONN: [107, 'Transport endpoint is not connected'],
  ETIMEDOUT: [110, 'Connection timed out'],
  ECONNREFUSED: [111, 'Connection refused'],
  EHOSTDOWN: [112, 'Host is down'],
  EHOSTUNREACH: [113, 'No route to host'],
  EALREADY: [114, 'Operation already in progress'],
  EINPROGRESS: [115, 'Operation now in progress'],
  EAI_NONAME: [-2, 'Name or service not known'],
  EAI_AGAIN: [-3, 'Temporary failure in name resolution'],
  EAI_FAIL: [-4, 'Non-recoverable failure in name resolution'],
  EAI_FAMILY: [-6, 'ai_family not supported'],
  EAI_SERVICE: [-8, 'Servname not supported for ai_socktype'],
};

/**
 * An error a syscall handler throws to make Python raise `OSError` (or its subclass).
 * @param code errno name, e.g. 'ETIMEDOUT'.
 * @param message Defaults to the Linux strerror text of `code`.
 * @param errno Defaults to the Linux number of `code` (pass the board's number when it differs).
 */
export class SyscallError extends Error {
  readonly code: string;
  readonly errno: number;
  constructor(code: string, message?: string, errno?: number) {
    const known = ERRNO[code];
    super(message ?? known?.[1] ?? code);
    this.name = 'SyscallError';
    this.code = code;
    this.errno = errno ?? known?.[0] ?? 0;
  }
}

/** The error a blocking call returns when the program is interrupted (→ KeyboardInterrupt). */
export const interrupted = (): SyscallError => new SyscallError('EINTR');

/**
 * Turn anything a handler threw into what Python sees. Errors with an errno `code` (netsim's
 * NetError, SyscallError) keep it; the strerror text is used when the code is a known one,
 * so PC programs print Linux's words. Anything else is a bug in a handler: EIO-like ENOSYS with
 * the JS message, so the learner sees an OSError rather than a hang.
 */
export function toErrorInfo(err: unknown): SyscallErrorInfo {
  const e = err as { code?: unknown; errno?: unknown; message?: unknown; strerror?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (e && typeof e.code === 'string' && /^E[A-Z_0-9]+$/.test(e.code)) {
    const known = ERRNO[e.code];
    const errno = typeof e.errno === 'number' ? e.errno : (known?.[0] ?? 0);
    // netsim's NetError carries the strerror text; its message is for developers.
    if (typeof e.strerror === 'string') return { code: e.code, errno, message: e.strerror };
    const ownText = err instanceof SyscallError || known === undefined;
    return { code: e.code, errno, message: ownText ? message : known[1] };
  }
  return { code: 'ENOSYS', errno: 38, message: `internal error in the simulator: ${message}` };
}
