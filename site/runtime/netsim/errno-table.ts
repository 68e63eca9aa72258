// The one errno table of the repository: every Linux errno (x86-64, asm-generic/errno.h) with
// glibc 2.36's strerror text, getaddrinfo's EAI_* codes and the board's two lwIP numbers.
// netsim, the Python kernel, the relay's protocol and the Python shims all take their numbers and
// texts from here: the Python `errno` module, the texts of `os.strerror` and the relay's table are
// generated from it (door-codegen.ts, `npm run gen:door`), never written again by hand.

/** One row: errno name, Linux number, glibc text. */
export type ErrnoRow = readonly [name: string, errno: number, text: string];

/**
 * Linux's errnos in the order of their numbers, as CPython's `errno` module on Linux has them
 * (`errno.errorcode[95]` is 'ENOTSUP', `[11]` 'EAGAIN', `[35]` 'EDEADLOCK'; their other names are
 * {@link ERRNO_ALIASES}). 41 and 58 are unused on Linux.
 */
export const LINUX_ERRNO_ROWS = [
  ['EPERM', 1, 'Operation not permitted'],
  ['ENOENT', 2, 'No such file or directory'],
  ['ESRCH', 3, 'No such process'],
  ['EINTR', 4, 'Interrupted system call'],
  ['EIO', 5, 'Input/output error'],
  ['ENXIO', 6, 'No such device or address'],
  ['E2BIG', 7, 'Argument list too long'],
  ['ENOEXEC', 8, 'Exec format error'],
  ['EBADF', 9, 'Bad file descriptor'],
  ['ECHILD', 10, 'No child processes'],
  ['EAGAIN', 11, 'Resource temporarily unavailable'],
  ['ENOMEM', 12, 'Cannot allocate memory'],
  ['EACCES', 13, 'Permission denied'],
  ['EFAULT', 14, 'Bad address'],
  ['ENOTBLK', 15, 'Block device required'],
  ['EBUSY', 16, 'Device or resource busy'],
  ['EEXIST', 17, 'File exists'],
  ['EXDEV', 18, 'Invalid cross-device link'],
  ['ENODEV', 19, 'No such device'],
  ['ENOTDIR', 20, 'Not a directory'],
  ['EISDIR', 21, 'Is a directory'],
  ['EINVAL', 22, 'Invalid argument'],
  ['ENFILE', 23, 'Too many open files in system'],
  ['EMFILE', 24, 'Too many open files'],
  ['ENOTTY', 25, 'Inappropriate ioctl for device'],
  ['ETXTBSY', 26, 'Text file busy'],
  ['EFBIG', 27, 'File too large'],
  ['ENOSPC', 28, 'No space left on device'],
  ['ESPIPE', 29, 'Illegal seek'],
  ['EROFS', 30, 'Read-only file system'],
  ['EMLINK', 31, 'Too many links'],
  ['EPIPE', 32, 'Broken pipe'],
  ['EDOM', 33, 'Numerical argument out of domain'],
  ['ERANGE', 34, 'Numerical result out of range'],
  ['EDEADLOCK', 35, 'Resource deadlock avoided'],
  ['ENAMETOOLONG', 36, 'File name too long'],
  ['ENOLCK', 37, 'No locks available'],
  ['ENOSYS', 38, 'Function not implemented'],
  ['ENOTEMPTY', 39, 'Directory not empty'],
  ['ELOOP', 40, 'Too many levels of symbolic links'],
  ['ENOMSG', 42, 'No message of desired type'],
  ['EIDRM', 43, 'Identifier removed'],
  ['ECHRNG', 44, 'Channel number out of range'],
  ['EL2NSYNC', 45, 'Level 2 not synchronized'],
  ['EL3HLT', 46, 'Level 3 halted'],
  ['EL3RST', 47, 'Level 3 reset'],
  ['ELNRNG', 48, 'Link number out of range'],
  ['EUNATCH', 49, 'Protocol driver not attached'],
  ['ENOCSI', 50, 'No CSI structure available'],
  ['EL2HLT', 51, 'Level 2 halted'],
  ['EBADE', 52, 'Invalid exchange'],
  ['EBADR', 53, 'Invalid request descriptor'],
  ['EXFULL', 54, 'Exchange full'],
  ['ENOANO', 55, 'No anode'],
  ['EBADRQC', 56, 'Invalid request code'],
  ['EBADSLT', 57, 'Invalid slot'],
  ['EBFONT', 59, 'Bad font file format'],
  ['ENOSTR', 60, 'Device not a stream'],
  ['ENODATA', 61, 'No data available'],
  ['ETIME', 62, 'Timer expired'],
  ['ENOSR', 63, 'Out of streams resources'],
  ['ENONET', 64, 'Machine is not on the network'],
  ['ENOPKG', 65, 'Package not installed'],
  ['EREMOTE', 66, 'Object is remote'],
  ['ENOLINK', 67, 'Link has been severed'],
  ['EADV', 68, 'Advertise error'],
  ['ESRMNT', 69, 'Srmount error'],
  ['ECOMM', 70, 'Communication error on send'],
  ['EPROTO', 71, 'Protocol error'],
  ['EMULTIHOP', 72, 'Multihop attempted'],
  ['EDOTDOT', 73, 'RFS specific error'],
  ['EBADMSG', 74, 'Bad message'],
  ['EOVERFLOW', 75, 'Value too large for defined data type'],
  ['ENOTUNIQ', 76, 'Name not unique on network'],
  ['EBADFD', 77, 'File descriptor in bad state'],
  ['EREMCHG', 78, 'Remote address changed'],
  ['ELIBACC', 79, 'Can not access a needed shared library'],
  ['ELIBBAD', 80, 'Accessing a corrupted shared library'],
  ['ELIBSCN', 81, '.lib section in a.out corrupted'],
  ['ELIBMAX', 82, 'Attempting to link in too many shared libraries'],
  ['ELIBEXEC', 83, 'Cannot exec a shared library directly'],
  ['EILSEQ', 84, 'Invalid or incomplete multibyte or wide character'],
  ['ERESTART', 85, 'Interrupted system call should be restarted'],
  ['ESTRPIPE', 86, 'Streams pipe error'],
  ['EUSERS', 87, 'Too many users'],
  ['ENOTSOCK', 88, 'Socket operation on non-socket'],
  ['EDESTADDRREQ', 89, 'Destination address required'],
  ['EMSGSIZE', 90, 'Message too long'],
  ['EPROTOTYPE', 91, 'Protocol wrong type for socket'],
  ['ENOPROTOOPT', 92, 'Protocol not available'],
  ['EPROTONOSUPPORT', 93, 'Protocol not supported'],
  ['ESOCKTNOSUPPORT', 94, 'Socket type not supported'],
  ['ENOTSUP', 95, 'Operation not supported'],
  ['EPFNOSUPPORT', 96, 'Protocol family not supported'],
  ['EAFNOSUPPORT', 97, 'Address family not supported by protocol'],
  ['EADDRINUSE', 98, 'Address already in use'],
  ['EADDRNOTAVAIL', 99, 'Cannot assign requested address'],
  ['ENETDOWN', 100, 'Network is down'],
  ['ENETUNREACH', 101, 'Network is unreachable'],
  ['ENETRESET', 102, 'Network dropped connection on reset'],
  ['ECONNABORTED', 103, 'Software caused connection abort'],
  ['ECONNRESET', 104, 'Connection reset by peer'],
  ['ENOBUFS', 105, 'No buffer space available'],
  ['EISCONN', 106, 'Transport endpoint is already connected'],
  ['ENOTCONN', 107, 'Transport endpoint is not connected'],
  ['ESHUTDOWN', 108, 'Cannot send after transport endpoint shutdown'],
  ['ETOOMANYREFS', 109, 'Too many references: cannot splice'],
  ['ETIMEDOUT', 110, 'Connection timed out'],
  ['ECONNREFUSED', 111, 'Connection refused'],
  ['EHOSTDOWN', 112, 'Host is down'],
  ['EHOSTUNREACH', 113, 'No route to host'],
  ['EALREADY', 114, 'Operation already in progress'],
  ['EINPROGRESS', 115, 'Operation now in progress'],
  ['ESTALE', 116, 'Stale file handle'],
  ['EUCLEAN', 117, 'Structure needs cleaning'],
  ['ENOTNAM', 118, 'Not a XENIX named type file'],
  ['ENAVAIL', 119, 'No XENIX semaphores available'],
  ['EISNAM', 120, 'Is a named type file'],
  ['EREMOTEIO', 121, 'Remote I/O error'],
  ['EDQUOT', 122, 'Disk quota exceeded'],
  ['ENOMEDIUM', 123, 'No medium found'],
  ['EMEDIUMTYPE', 124, 'Wrong medium type'],
  ['ECANCELED', 125, 'Operation canceled'],
  ['ENOKEY', 126, 'Required key not available'],
  ['EKEYEXPIRED', 127, 'Key has expired'],
  ['EKEYREVOKED', 128, 'Key has been revoked'],
  ['EKEYREJECTED', 129, 'Key was rejected by service'],
  ['EOWNERDEAD', 130, 'Owner died'],
  ['ENOTRECOVERABLE', 131, 'State not recoverable'],
  ['ERFKILL', 132, 'Operation not possible due to RF-kill'],
  ['EHWPOISON', 133, 'Memory page has hardware error'],
] as const satisfies readonly ErrnoRow[];

/** Linux names that CPython 3.11's `errno` module lacks (os.strerror still knows their text). */
export const NOT_IN_PYTHON_ERRNO: ReadonlySet<string> = new Set(['EHWPOISON']);

/** Second names of a number (alias → the name in {@link LINUX_ERRNO_ROWS}). */
export const ERRNO_ALIASES = {
  EWOULDBLOCK: 'EAGAIN',
  EDEADLK: 'EDEADLOCK',
  EOPNOTSUPP: 'ENOTSUP',
} as const;

/** getaddrinfo's error codes (glibc's netdb.h: negative) and gai_strerror's texts. */
export const EAI_ROWS = [
  ['EAI_NONAME', -2, 'Name or service not known'],
  ['EAI_AGAIN', -3, 'Temporary failure in name resolution'],
  ['EAI_FAIL', -4, 'Non-recoverable failure in name resolution'],
  ['EAI_FAMILY', -6, 'ai_family not supported'],
  ['EAI_SERVICE', -8, 'Servname not supported for ai_socktype'],
] as const satisfies readonly ErrnoRow[];

/**
 * The 掌控板's newlib numbers that MicroPython's errno table does not know, so the board prints
 * them bare (`OSError: 118`), with newlib's texts.
 */
export const LWIP_ROWS = [
  ['EHOSTUNREACH_LWIP', 118, 'Host is unreachable'],
  ['EMSGSIZE_LWIP', 122, 'Message too long'],
] as const satisfies readonly ErrnoRow[];

type RowsOf<R extends readonly ErrnoRow[]> = R[number];
type Row = RowsOf<typeof LINUX_ERRNO_ROWS> | RowsOf<typeof EAI_ROWS> | RowsOf<typeof LWIP_ROWS>;
type Alias = keyof typeof ERRNO_ALIASES;

/** Every errno name the repository knows. */
export type AnyErrnoName = Row[0] | Alias;

/** Every name (aliases included) → [number, text]. */
export const ERRNO_TABLE: Readonly<Record<AnyErrnoName, readonly [number, string]>> = (() => {
  const out: Record<string, readonly [number, string]> = {};
  for (const [name, errno, text] of [...LINUX_ERRNO_ROWS, ...EAI_ROWS, ...LWIP_ROWS])
    out[name] = [errno, text];
  for (const [alias, name] of Object.entries(ERRNO_ALIASES)) out[alias] = out[name]!;
  return Object.freeze(out) as Record<AnyErrnoName, readonly [number, string]>;
})();

/** The number of an errno name. */
export function errnoNumber(name: AnyErrnoName): number {
  return ERRNO_TABLE[name][0];
}

/** The strerror text of an errno name. */
export function errnoText(name: AnyErrnoName): string {
  return ERRNO_TABLE[name][1];
}
