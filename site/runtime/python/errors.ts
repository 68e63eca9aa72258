// Errors crossing the syscall channel: Linux errno numbers and strerror texts, and the error
// handlers throw so that Python raises exactly what CPython on Linux (or the board) would.
import { ERRNO_TABLE } from '../netsim/index.ts';
import type { SyscallErrorInfo } from './types.ts';

/**
 * errno name → [Linux number, glibc strerror text], every name the repository knows (netsim's
 * `errno-table.ts`: Linux's errnos, getaddrinfo's negative EAI_* codes, the board's lwIP numbers).
 */
export const ERRNO: Readonly<Record<string, readonly [number, string]>> = ERRNO_TABLE;

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
