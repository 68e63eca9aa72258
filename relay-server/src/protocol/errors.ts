// Every relay error: stable code, errno name for Python, English message. Shared with the browser.

import { ERRNO_NUMBERS } from './errno-table.ts';
import type { ErrorMessage } from './codec.ts';

/** The errno names the relay sends (numbers from the one errno table), so the browser can raise
 * `OSError(errno, strerror)` exactly as CPython on Linux would. */
const RELAY_ERRNOS = [
  'EBADF',
  'EACCES',
  'EINVAL',
  'EMFILE',
  'EMSGSIZE',
  'EPROTONOSUPPORT',
  'EAFNOSUPPORT',
  'EADDRINUSE',
  'ENETUNREACH',
  'ENOBUFS',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'EIO',
] as const;

export const ERRNO: Readonly<Record<(typeof RELAY_ERRNOS)[number], number>> = Object.freeze(
  Object.fromEntries(RELAY_ERRNOS.map((name) => [name, ERRNO_NUMBERS[name]])) as Record<
    (typeof RELAY_ERRNOS)[number],
    number
  >,
);

export type ErrnoName = keyof typeof ERRNO;

/**
 * The relay's error codes. `errno` is what the learner's Python program sees; `close` is the
 * WebSocket close code when the error ends the whole session, `http` the status when it refuses
 * the WebSocket handshake.
 */
/** One relay error: its errno, its message, and its close code or HTTP status when it has one. */
export interface RelayErrorInfo {
  errno: ErrnoName;
  message: string;
  close?: number;
  http?: number;
}

const TABLE = {
  RELAY_ERR_BAD_FRAME: { errno: 'EINVAL', message: 'Malformed frame: check it against the relay protocol' },
  RELAY_ERR_BAD_VERSION: {
    errno: 'EPROTONOSUPPORT',
    message: 'Unsupported frame version: this relay speaks version 1',
  },
  RELAY_ERR_BAD_ADDRESS: { errno: 'EINVAL', message: 'Invalid destination address or port' },
  RELAY_ERR_FAMILY: { errno: 'EAFNOSUPPORT', message: 'The relay sends IPv4 only' },
  RELAY_ERR_MSG_SIZE: { errno: 'EMSGSIZE', message: 'Datagram larger than the relay allows' },
  RELAY_ERR_DENIED_PEER: { errno: 'EACCES', message: 'Destination not allowed by the relay' },
  RELAY_ERR_RATE_LIMIT: { errno: 'ENOBUFS', message: 'Sending too fast for the relay: datagram dropped' },
  RELAY_ERR_RELAY_BUSY: {
    errno: 'ENOBUFS',
    message: 'The relay is at its classroom-wide packet limit: datagram dropped',
  },
  RELAY_ERR_TOO_MANY_DESTINATIONS: {
    errno: 'ENOBUFS',
    message: 'Too many different destinations for one session',
  },
  RELAY_ERR_TOO_MANY_SOCKETS: { errno: 'EMFILE', message: 'Too many sockets open in this session' },
  RELAY_ERR_ADDR_IN_USE: { errno: 'EADDRINUSE', message: 'No free port on the relay host' },
  RELAY_ERR_TOO_MANY_PORTS: {
    errno: 'EMFILE',
    message: 'Too many ports held through the relay by this computer or the class',
  },
  RELAY_ERR_SOCKET_IN_USE: { errno: 'EINVAL', message: 'Socket id already bound' },
  RELAY_ERR_NO_SOCKET: { errno: 'EBADF', message: 'No such socket in this session' },
  RELAY_ERR_SOCKET_IDLE: { errno: 'ETIMEDOUT', message: 'Socket closed after being idle' },
  RELAY_ERR_SEND_FAILED: { errno: 'EIO', message: 'The relay host could not send the datagram' },
  RELAY_ERR_NAME: {
    errno: 'EINVAL',
    message: 'Display name refused: 1 to 32 characters, no control characters',
  },
  RELAY_ERR_NO_NAME: { errno: 'EINVAL', message: 'Send {"type":"name"} before the first check result' },
  RELAY_ERR_EXERCISE: { errno: 'EINVAL', message: 'Exercise id refused' },
  RELAY_ERR_REPORT_RATE: {
    errno: 'ENOBUFS',
    message: 'Too many check results from this session: wait a little, then check again',
  },
  RELAY_ERR_CLASS_FULL: {
    errno: 'ENOBUFS',
    message: 'The class report is full: the relay keeps no more learners or exercises',
  },
  RELAY_ERR_NOT_AUTHENTICATED: {
    errno: 'EACCES',
    message: 'The first message must be {"type":"auth"}',
    close: 4001,
  },
  RELAY_ERR_AUTH: {
    errno: 'EACCES',
    message: 'Wrong class token: ask your teacher for the join link',
    close: 4001,
  },
  RELAY_ERR_AUTH_TIMEOUT: {
    errno: 'ETIMEDOUT',
    message: 'No auth message within the time allowed',
    close: 4002,
  },
  RELAY_ERR_VIOLATIONS: { errno: 'EACCES', message: 'Session closed after repeated violations', close: 4003 },
  RELAY_ERR_ENDED: { errno: 'ECONNREFUSED', message: 'Session ended by the instructor', close: 4004 },
  RELAY_ERR_IDLE: { errno: 'ETIMEDOUT', message: 'Session closed after being idle', close: 4005 },
  RELAY_ERR_TOO_MANY_SESSIONS: {
    errno: 'ECONNREFUSED',
    message: 'Too many sessions for this token or address',
    close: 4006,
  },
  RELAY_ERR_AUTH_BACKOFF: {
    errno: 'ECONNREFUSED',
    message: 'Too many wrong class tokens from this computer: wait, then try again',
    close: 4007,
  },
  RELAY_ERR_SHUTDOWN: { errno: 'ECONNREFUSED', message: 'The relay is shutting down', close: 1001 },
  RELAY_ERR_ORIGIN: {
    errno: 'EACCES',
    message: 'Origin not allowed: open the course from the relay itself or start it with --allow-origin',
    http: 403,
  },
  RELAY_ERR_HOST: {
    errno: 'EACCES',
    message: 'The relay does not answer to this host name: use its address or start it with --allow-host',
    http: 421,
  },
  RELAY_ERR_TOO_MANY_CONNECTIONS: {
    errno: 'ECONNREFUSED',
    message: 'Too many connections from this address',
    http: 503,
  },
  RELAY_ERR_FILE_READ: {
    errno: 'EIO',
    message: 'The relay could not read a file of the course',
    http: 500,
  },
  RELAY_ERR_SUBPROTOCOL: {
    errno: 'EPROTONOSUPPORT',
    message: 'Missing WebSocket subprotocol udp-lab.relay.v1',
    http: 400,
  },
  RELAY_ERR_ADMIN_AUTH: {
    errno: 'EACCES',
    message: 'Missing or wrong admin token in the Authorization header',
    http: 401,
  },
} satisfies Record<string, RelayErrorInfo>;

/** Every relay error by code; looked up by an arbitrary string, possibly none. */
export const RELAY_ERRORS: Readonly<Record<string, RelayErrorInfo>> & Readonly<typeof TABLE> =
  Object.freeze(TABLE);

export type RelayErrorCode = keyof typeof TABLE;

/** What an `error` control message may carry beside its code (the request, socket and details). */
export interface ErrorFields {
  id?: number | null;
  socket?: number | null;
  detail?: string;
  reason?: string;
  peer?: string;
  allow?: string | null;
}

/**
 * Builds the JSON `error` control message for a code.
 * @param code One of RELAY_ERRORS.
 */
export function errorMessage(code: string, extra: ErrorFields = {}) {
  const known = RELAY_ERRORS[code] ?? RELAY_ERRORS.RELAY_ERR_BAD_FRAME;
  const { id = null, socket = null, detail, reason, peer, allow } = extra;
  const msg: ErrorMessage = {
    type: 'error',
    id,
    socket,
    code,
    errno: known.errno,
    message: detail ? `${known.message}: ${detail}` : known.message,
  };
  if (reason !== undefined) msg.reason = reason;
  if (peer !== undefined) msg.peer = peer;
  if (allow !== undefined) msg.allow = allow;
  return msg;
}

/** The WebSocket close reason for a code, kept under the 123-byte limit of a close frame. */
export function closeReason(code: string) {
  const text = `${code}: ${RELAY_ERRORS[code]?.message ?? ''}`;
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= 123) return text;
  return new TextDecoder().decode(bytes.subarray(0, 120)).replace(/\uFFFD+$/, '') + '...';
}
