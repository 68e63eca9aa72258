// @ts-check
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
import { parseIp, formatIp } from './ip-text.js';
import { MAX_TIME_MS, checkDisplayName, isExerciseId } from './class-report.js';

export { parseIp, formatIp, parseIpv4, parseIpv6 } from './ip-text.js';

export const PROTOCOL_VERSION = 1;
/** The WebSocket subprotocol; a future incompatible version gets a new name. */
export const SUBPROTOCOL = 'udp-lab.relay.v1';
export const HEADER_BYTES_V4 = 10;
export const HEADER_BYTES_V6 = 22;
export const MAX_SOCKET_ID = 0xffff;
/** Largest UDP payload over IPv4, and the relay's default limit. */
export const MAX_DATAGRAM = 65_507;

/**
 * @typedef {{ socket: number, address: string, port: number, payload: Uint8Array }} Datagram
 *   `address` is an IP literal in standard text form.
 * @typedef {{ ok: true, datagram: Datagram & { family: 4 | 6, ip: Uint8Array } }} DecodedDatagram
 * @typedef {{ ok: false, code: string, detail: string, socket: number | null }} FrameFailure
 */

/**
 * Encodes a datagram frame.
 * @param {Datagram} d
 * @returns {Uint8Array}
 */
export function encodeDatagram(d) {
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
 * @param {Uint8Array} bytes
 * @param {number} [maxDatagram] Largest payload accepted. Default MAX_DATAGRAM (65 507).
 * @returns {DecodedDatagram | FrameFailure}
 */
export function decodeDatagram(bytes, maxDatagram = MAX_DATAGRAM) {
  const socket = bytes.length >= 4 ? (bytes[2] << 8) | /** @type {number} */ (bytes[3]) : null;
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
  const port = /** @type {number} */ (bytes[4] << 8) | /** @type {number} */ (bytes[5]);
  const ip = bytes.subarray(6, header);
  return {
    ok: true,
    datagram: {
      socket: /** @type {number} */ (socket),
      family,
      ip,
      address: formatIp(ip),
      port,
      payload: bytes.subarray(header),
    },
  };
}

/**
 * @param {string} code @param {string} detail @param {number | null} socket
 * @returns {FrameFailure}
 */
function fail(code, detail, socket) {
  return { ok: false, code, detail, socket };
}

/** @param {string} name @param {number} n */
function checkUint16(name, n) {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff)
    throw new RangeError(`${name} must be an integer from 0 to 65535, got ${n}`);
}

// ---- JSON control messages -------------------------------------------------------------------

/**
 * Browser -> relay.
 * @typedef {{ session: string, key: string }} ResumeRequest The session this tab had (a page it left, a
 *   reload) and the key its `welcome` gave: the relay resumes it when it may (README: "Resuming a session").
 * @typedef {{ type: 'auth', token: string, v?: number, resume?: ResumeRequest }} AuthMessage
 * @typedef {{ type: 'bind', id: number, socket: number, port: number, implicit?: boolean }} BindMessage
 * @typedef {{ type: 'close', id: number, socket: number }} CloseMessage
 * @typedef {{ type: 'name', id: number, name: string }} NameMessage
 * @typedef {{ type: 'check-result', id: number, exercise: string, passed: boolean, at: number }} CheckResultMessage
 * @typedef {AuthMessage | BindMessage | CloseMessage | NameMessage | CheckResultMessage} ClientMessage
 *
 * Relay -> browser.
 * @typedef {{ traffic: boolean, preview: boolean, previewBytes: number }} Observed What the teacher's
 *   dashboard shows of the class's datagrams: `traffic` their metadata (time, from, to, size), `preview`
 *   also their first `previewBytes` bytes.
 * @typedef {{ type: 'welcome', v: number, session: string, address: string, maxDatagram: number,
 *   limits: Record<string, number>, observed?: Observed, resume?: string, resumed?: boolean }} WelcomeMessage
 * @typedef {{ type: 'observed' } & Observed} ObservedMessage
 * @typedef {{ type: 'bound', id: number | null, socket: number, port: number, relayPort: number,
 *   address: string, implicit: boolean }} BoundMessage
 * @typedef {{ type: 'closed', id: number | null, socket: number, code?: string, errno?: string, message?: string }} ClosedMessage
 * @typedef {{ type: 'error', id: number | null, socket: number | null, code: string, errno: string,
 *   message: string, reason?: string, peer?: string, allow?: string | null }} ErrorMessage
 * @typedef {{ type: 'refused', socket: number, peer: string, size: number, reason: string,
 *   allow: string | null }} RefusedMessage
 * @typedef {{ type: 'drops', backpressure: number, rate: number, inboundDenied: number, total: number }} DropsMessage
 * @typedef {{ type: 'named', id: number, name: string }} NamedMessage
 * @typedef {{ type: 'recorded', id: number, exercise: string, passed: boolean, attempts: number }} RecordedMessage
 * @typedef {WelcomeMessage | BoundMessage | ClosedMessage | ErrorMessage | DropsMessage | NamedMessage
 *   | RecordedMessage | ObservedMessage | RefusedMessage} ServerMessage
 */

/** A session id, as `welcome` gives it. */
export const SESSION_ID = /^s-[0-9a-f]{8}$/;
/** A resume key, as `welcome` gives it: 128 random bits in hex. */
export const RESUME_KEY = /^[0-9a-f]{32}$/;

/** Longest token accepted in an auth message. */
export const MAX_TOKEN_LENGTH = 256;

/**
 * Parses and validates one JSON control message from the browser.
 * Never throws: a bad message gives `{ ok: false, code, detail, id }`, with its request id when readable.
 * @param {string} text
 * @returns {{ ok: true, message: ClientMessage } | { ok: false, code: string, detail: string, id: number | null, socket: number | null }}
 */
export function decodeClientMessage(text) {
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return badJson('not valid JSON', null, null);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return badJson('a control message is a JSON object', null, null);
  const m = /** @type {Record<string, unknown>} */ (value);
  const id = isUint(m.id, 0x7fffffff) ? /** @type {number} */ (m.id) : null;
  const socket = isUint(m.socket, MAX_SOCKET_ID) ? /** @type {number} */ (m.socket) : null;
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
        const r = /** @type {Record<string, unknown> | null} */ (m.resume);
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
          port: /** @type {number} */ (m.port),
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
          exercise: /** @type {string} */ (m.exercise),
          passed: m.passed,
          at: /** @type {number} */ (m.at),
        },
      };
    }
    default:
      return badJson(`unknown message type ${JSON.stringify(m.type)}`.slice(0, 120), id, socket);
  }
}

/** @param {string} detail @param {number | null} id @param {number | null} socket */
function badJson(detail, id, socket) {
  return /** @type {const} */ ({ ok: false, code: 'RELAY_ERR_BAD_FRAME', detail, id, socket });
}

/** @param {unknown} n @param {number} max */
function isUint(n, max) {
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
 * @param {string} text
 * @returns {ServerMessage | null} null when it is not a message this version knows.
 */
export function decodeServerMessage(text) {
  try {
    const m = JSON.parse(text);
    return typeof m === 'object' && m !== null && SERVER_TYPES.has(m.type) ? m : null;
  } catch {
    return null;
  }
}

/**
 * Serialises a control message (either direction).
 * @param {ClientMessage | ServerMessage} message
 */
export function encodeControl(message) {
  return JSON.stringify(message);
}
