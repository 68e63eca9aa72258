// How a handler's return value or error becomes the JSON answer Python reads.
import { EINTR_ANSWER } from './channel.ts';
import { toErrorInfo } from './errors.ts';

/** A result that also hands Python bytes (read with `_udplab_sys.take_data()`). */
export class WithData {
  constructor(
    readonly result: unknown,
    readonly data: Uint8Array,
  ) {}
}

/** `return withData([ip, port], payload)` from a handler. */
export function withData(result: unknown, data: Uint8Array): WithData {
  return new WithData(result, data);
}

export function encodeResult(value: unknown): { json: string; data: Uint8Array | null } {
  if (value instanceof WithData)
    return { json: JSON.stringify({ result: value.result ?? null }), data: value.data };
  return { json: JSON.stringify({ result: value ?? null }), data: null };
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
  if (hex.length % 2 !== 0) throw new TypeError('UDPLAB_ERR_BAD_HEX: request data is not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i));
    const lo = nibble(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new TypeError('UDPLAB_ERR_BAD_HEX: request data is not hex');
    out[i] = (hi << 4) | lo;
  }
  return out;
}
