// The relay wire codec, shared by the relay (Node) and the browser's relay client: no Node imports.
//
// Binary frame (datagram), the same layout in both directions, integers big-endian:
//   0  u8   version (1)
//   1  u8   address family: 4 or 6
//   2  u16  socket id (chosen by the browser)
//   4  u16  port  — destination when the browser sends, source when the relay delivers
//   6  4|16 IP    — destination / source, same rule
//   10|22   payload (0 .. maxDatagram bytes)
// Text frame: one JSON control message (see the typedefs below and relay-server/README.md).
import { parseIp, formatIp } from './ip-text.ts';
import { MAX_TIME_MS, checkDisplayName, isExerciseId } from './class-report.ts';

export { parseIp, formatIp, parseIpv4, parseIpv6 } from './ip-text.ts';

export const PROTOCOL_VERSION = 1;
/** The WebSocket subprotocol; a future incompatible version gets a new name. */
export const SUBPROTOCOL = 'udp-lab.relay.v1';
export const HEADER_BYTES_V4 = 10;
export const HEADER_BYTES_V6 = 22;
export const MAX_SOCKET_ID = 0xffff;
/** Largest UDP payload over IPv4, and the relay's default limit. */
export const MAX_DATAGRAM = 65_507;

/** `address` is an IP literal in standard text form. */
export type Datagram = { socket: number; address: string; port: number; payload: Uint8Array };
export type DecodedDatagram = { ok: true; datagram: Datagram & { family: 4 | 6; ip: Uint8Array } };
export type FrameFailure = { ok: false; code: string; detail: string; socket: number | null };

/** Encodes a datagram frame. */
export function encodeDatagram(d: Datagram): Uint8Array {
  const ip = parseIp(d.address);
  if (!ip) throw new TypeError(`not an IP literal: ${JSON.stringify(d.address)}`);
  checkUint16('socket', d.socket);
  checkUint16('port', d.port);
  const header = ip.length === 4 ? HEADER_BYTES_V4 : HEADER_BYTES_V6;
  const out = new Uint8Array(header + d.payload.length);
  const view = new DataView(out.buffer);
  out[0] = PROTOCOL_VERSION;
  out[1] = ip.length === 4 ? 4 : 6;
  view.setUint16(2, d.socket);
  view.setUint16(4, d.port);
  out.set(ip, 6);
  out.set(d.payload, header);
  return out;
}

/**
 * Decodes a datagram frame without copying the payload (it is a view into `bytes`).
 * Never throws: a bad frame gives `{ ok: false, code, detail }` with the socket id when it was readable.
 * @param [maxDatagram] Largest payload accepted. Default MAX_DATAGRAM (65 507).
 */
export function decodeDatagram(
  bytes: Uint8Array,
  maxDatagram: number = MAX_DATAGRAM,
): DecodedDatagram | FrameFailure {
  const socket = bytes.length >= 4 ? (bytes[2]! << 8) | bytes[3]! : null;
  if (bytes.length < 1) return fail('RELAY_ERR_BAD_FRAME', 'empty frame', null);
  if (bytes[0] !== PROTOCOL_VERSION)
    return fail('RELAY_ERR_BAD_VERSION', `version byte is ${bytes[0]}`, socket);
  if (bytes.length < 2) return fail('RELAY_ERR_BAD_FRAME', 'frame ends before the address family', null);
  const family = bytes[1];
  if (family !== 4 && family !== 6)
    return fail('RELAY_ERR_BAD_FRAME', `address family byte is ${family}, expected 4 or 6`, socket);
  const header = family === 4 ? HEADER_BYTES_V4 : HEADER_BYTES_V6;
  if (bytes.length < header)
    return fail(
      'RELAY_ERR_BAD_FRAME',
      `frame of ${bytes.length} bytes is shorter than its ${header}-byte header`,
      socket,
    );
  const payloadLength = bytes.length - header;
  if (payloadLength > maxDatagram)
    return fail('RELAY_ERR_MSG_SIZE', `${payloadLength} bytes, limit ${maxDatagram}`, socket);
  const port = (bytes[4]! << 8) | bytes[5]!;
  const ip = bytes.subarray(6, header);
  return {
    ok: true,
    datagram: {
      socket: socket as number,
      family,
      ip,
      address: formatIp(ip),
      port,
      payload: bytes.subarray(header),
    },
  };
}

function fail(code: string, detail: string, socket: number | null): FrameFailure {
  return { ok: false, code, detail, socket };
}

function checkUint16(name: string, n: number) {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff)
    throw new RangeError(`${name} must be an integer from 0 to 65535, got ${n}`);
}

// ---- JSON control messages -------------------------------------------------------------------

/**
 * Browser -> relay. The session this tab had (a page it left, a reload) and the key its `welcome` gave:
 * the relay resumes it when it may (README: "Resuming a session").
 */
export type ResumeRequest = { session: string; key: string };
export type AuthMessage = { type: 'auth'; token: string; v?: number; resume?: ResumeRequest };
export type BindMessage = { type: 'bind'; id: number; socket: number; port: number; implicit?: boolean };
export type CloseMessage = { type: 'close'; id: number; socket: number };
export type NameMessage = { type: 'name'; id: number; name: string };
export type CheckResultMessage = {
  type: 'check-result';
  id: number;
  exercise: string;
  passed: boolean;
  at: number;
};
/** Relay -> browser. */
export type ClientMessage = AuthMessage | BindMessage | CloseMessage | NameMessage | CheckResultMessage;
/**
 * What the teacher's dashboard shows of the class's datagrams: `traffic` their metadata (time, from, to,
 * size), `preview` also their first `previewBytes` bytes.
 */
export type Observed = { traffic: boolean; preview: boolean; previewBytes: number };
export type WelcomeMessage = {
  type: 'welcome';
  v: number;
  session: string;
  address: string;
  maxDatagram: number;
  limits: Record<string, number>;
  observed?: Observed;
  resume?: string;
  resumed?: boolean;
};
export type ObservedMessage = { type: 'observed' } & Observed;
export type BoundMessage = {
  type: 'bound';
  id: number | null;
  socket: number;
  port: number;
  relayPort: number;
  address: string;
  implicit: boolean;
};
export type ClosedMessage = {
  type: 'closed';
  id: number | null;
  socket: number;
  code?: string;
  errno?: string;
  message?: string;
};
export type ErrorMessage = {
  type: 'error';
  id: number | null;
  socket: number | null;
  code: string;
  errno: string;
  message: string;
  reason?: string;
  peer?: string;
  allow?: string | null;
};
export type RefusedMessage = {
  type: 'refused';
  socket: number;
  peer: string;
  size: number;
  reason: string;
  allow: string | null;
};
export type DropsMessage = {
  type: 'drops';
  backpressure: number;
  rate: number;
  inboundDenied: number;
  total: number;
};
export type NamedMessage = { type: 'named'; id: number; name: string };
export type RecordedMessage = {
  type: 'recorded';
  id: number;
  exercise: string;
  passed: boolean;
  attempts: number;
};
export type ServerMessage =
  | WelcomeMessage
  | BoundMessage
  | ClosedMessage
  | ErrorMessage
  | DropsMessage
  | NamedMessage
  | RecordedMessage
  | ObservedMessage
  | RefusedMessage;

/** A session id, as `welcome` gives it. */
export const SESSION_ID = /^s-[0-9a-f]{8}$/;
/** A resume key, as `welcome` gives it: 128 random bits in hex. */
export const RESUME_KEY = /^[0-9a-f]{32}$/;

/** Longest token accepted in an auth message. */
export const MAX_TOKEN_LENGTH = 256;

/**
 * Parses and validates one JSON control message from the browser.
 * Never throws: a bad message gives `{ ok: false, code, detail, id }`, with its request id when readable.
 */
export function decodeClientMessage(
  text: string,
):
  | { ok: true; message: ClientMessage }
  | { ok: false; code: string; detail: string; id: number | null; socket: number | null } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return badJson('not valid JSON', null, null);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return badJson('a control message is a JSON object', null, null);
  const m = value as Record<string, unknown>;
  const id = isUint(m.id, 0x7fffffff) ? (m.id as number) : null;
  const socket = isUint(m.socket, MAX_SOCKET_ID) ? (m.socket as number) : null;
  switch (m.type) {
    case 'auth':
      if (typeof m.token !== 'string' || m.token.length > MAX_TOKEN_LENGTH)
        return badJson(`"token" must be a string of at most ${MAX_TOKEN_LENGTH} characters`, id, socket);
      if (m.v !== undefined && m.v !== PROTOCOL_VERSION)
        return {
          ok: false,
          code: 'RELAY_ERR_BAD_VERSION',
          detail: `"v" is ${JSON.stringify(m.v)}`,
          id,
          socket,
        };
      if (m.resume !== undefined) {
        const r = m.resume as Record<string, unknown> | null;
        if (
          typeof r !== 'object' ||
          r === null ||
          typeof r.session !== 'string' ||
          !SESSION_ID.test(r.session) ||
          typeof r.key !== 'string' ||
          !RESUME_KEY.test(r.key)
        )
          return badJson('"resume" must be {"session":"s-<8 hex>","key":"<32 hex>"}', id, socket);
        return {
          ok: true,
          message: { type: 'auth', token: m.token, resume: { session: r.session, key: r.key } },
        };
      }
      return { ok: true, message: { type: 'auth', token: m.token } };
    case 'bind':
    case 'close': {
      if (id === null)
        return badJson(`"${m.type}" needs "id", an integer from 0 to 2147483647`, null, socket);
      if (socket === null) return badJson(`"${m.type}" needs "socket", an integer from 0 to 65535`, id, null);
      if (m.type === 'close') return { ok: true, message: { type: 'close', id, socket } };
      if (!isUint(m.port, 0xffff))
        return badJson('"bind" needs "port", an integer from 0 to 65535', id, socket);
      if (m.implicit !== undefined && typeof m.implicit !== 'boolean')
        return badJson('"implicit" must be true or false', id, socket);
      return {
        ok: true,
        message: {
          type: 'bind',
          id,
          socket,
          port: m.port as number,
          implicit: m.implicit === true,
        },
      };
    }
    case 'name': {
      if (id === null) return badJson('"name" needs "id", an integer from 0 to 2147483647', null, null);
      const checked = checkDisplayName(m.name);
      if (!checked.ok) return { ok: false, code: 'RELAY_ERR_NAME', detail: checked.detail, id, socket: null };
      return { ok: true, message: { type: 'name', id, name: checked.name } };
    }
    case 'check-result': {
      if (id === null)
        return badJson('"check-result" needs "id", an integer from 0 to 2147483647', null, null);
      if (!isExerciseId(m.exercise))
        return {
          ok: false,
          code: 'RELAY_ERR_EXERCISE',
          detail: `"exercise" must match ^[a-z0-9-]{1,48}$, got ${JSON.stringify(m.exercise)}`.slice(0, 160),
          id,
          socket: null,
        };
      if (typeof m.passed !== 'boolean') return badJson('"passed" must be true or false', id, null);
      // Bounded by what a Date can hold: the dashboard turns it into a date.
      if (!isUint(m.at, MAX_TIME_MS))
        return badJson(
          '"at" must be a time in milliseconds since 1970 (an integer, at most 8.64e15)',
          id,
          null,
        );
      return {
        ok: true,
        message: {
          type: 'check-result',
          id,
          exercise: m.exercise as string,
          passed: m.passed,
          at: m.at as number,
        },
      };
    }
    default:
      return badJson(`unknown message type ${JSON.stringify(m.type)}`.slice(0, 120), id, socket);
  }
}

function badJson(detail: string, id: number | null, socket: number | null) {
  return { ok: false, code: 'RELAY_ERR_BAD_FRAME', detail, id, socket } as const;
}

function isUint(n: unknown, max: number) {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= max;
}

const SERVER_TYPES = new Set([
  'welcome',
  'bound',
  'closed',
  'error',
  'drops',
  'named',
  'recorded',
  'observed',
  'refused',
]);

/**
 * Parses one JSON control message from the relay (the browser's side).
 * @returns null when it is not a message this version knows.
 */
export function decodeServerMessage(text: string): ServerMessage | null {
  try {
    const m = JSON.parse(text);
    return typeof m === 'object' && m !== null && SERVER_TYPES.has(m.type) ? m : null;
  } catch {
    return null;
  }
}

/** Serialises a control message (either direction). */
export function encodeControl(message: ClientMessage | ServerMessage) {
  return JSON.stringify(message);
}
