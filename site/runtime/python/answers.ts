// How a handler's return value or error becomes the JSON answer Python reads.
import { EINTR_ANSWER } from './channel.ts';
import { toErrorInfo } from './errors.ts';
import { codedError } from './coded-error.ts';

/** A result that also hands Python bytes (the second item of `_udplab_sys.exchange()`'s answer). */
export class WithData<R = unknown> {
  constructor(
    readonly result: R,
    readonly data: Uint8Array,
  ) {}
}

/** `return withData([ip, port], payload)` from a handler. */
export function withData<R>(result: R, data: Uint8Array): WithData<R> {
  return new WithData(result, data);
}

export function encodeResult(value: unknown): { json: string; data: Uint8Array | null } {
  if (value instanceof WithData) return { json: encodeJson(value.result), data: value.data };
  return { json: encodeJson(value), data: null };
}

/** `{"result": value}`; by hand for the hot answers (a count, an [ip, port] pair). */
function encodeJson(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return `{"result":${value}}`;
  if (Array.isArray(value) && value.length === 2 && typeof value[1] === 'number' && isPlain(value[0])) {
    return `{"result":["${value[0]}",${JSON.stringify(value[1])}]}`;
  }
  return JSON.stringify({ result: value ?? null });
}

/** A string JSON writes as it is (an IPv4 address, say): nothing to escape. */
function isPlain(s: unknown): s is string {
  if (typeof s !== 'string' || s.length > 64) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return false;
  }
  return true;
}

export function encodeError(err: unknown): string {
  const info = toErrorInfo(err);
  return info.code === 'EINTR' ? EINTR_ANSWER : JSON.stringify({ error: info });
}

/** Value of one hex digit's char code, or -1. */
function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** The request's bytes (hex from Python) as a Uint8Array. */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw codedError(TypeError, 'UDPLAB_ERR_BAD_HEX', 'request data is not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw codedError(TypeError, 'UDPLAB_ERR_BAD_HEX', 'request data is not hex');
    out[i] = (hi << 4) | lo;
  }
  return out;
}
