// Canonical IP addresses and CIDR ranges for the policy: every spelling of an address becomes one form.
import { parseIpv6, formatIp } from '../protocol/index.ts';

export type Cidr = { family: 4 | 6; bytes: Uint8Array; prefix: number; text: string };

/**
 * Parses any IPv4 spelling that `inet_aton` (and so CPython's `sendto`) accepts: 1 to 4 parts,
 * each decimal, octal (leading 0) or hex (0x), the last part filling the remaining bytes —
 * "127.1", "0x7f.0.0.1", "2130706433", "0177.0.0.01".
 */
export function parseIpv4Lenient(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const values = [];
  for (const p of parts) {
    let n;
    if (/^0[xX][0-9a-fA-F]*$/.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]*$/.test(p)) n = p.length === 1 ? 0 : parseInt(p.slice(1), 8);
    else if (/^[1-9][0-9]*$/.test(p)) n = Number(p);
    else return null;
    if (!Number.isSafeInteger(n)) return null;
    values.push(n);
  }
  const last = values.pop() as number;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return null;
  const out = new Uint8Array(4);
  values.forEach((v, i) => (out[i] = v));
  for (let i = 3; i >= values.length; i--) out[i] = Math.floor(last / 2 ** (8 * (3 - i))) % 256;
  return out;
}

/**
 * Parses an IP literal in any spelling: lenient IPv4, IPv6 with optional brackets and zone id.
 * Host names are not literals and give null.
 * @returns 4 or 16 bytes, not yet canonicalised.
 */
export function parseIpAny(text: string): Uint8Array | null {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (t.includes(':')) {
    const zone = t.indexOf('%');
    return parseIpv6(zone >= 0 ? t.slice(0, zone) : t);
  }
  return parseIpv4Lenient(t);
}

/**
 * Reduces an address to its canonical form: IPv4 stays; an IPv6 address that carries an IPv4
 * address (mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d, compatible ::a.b.c.d, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) becomes that IPv4 address; other IPv6 stays.
 * @param ip 4 or 16 bytes.
 */
export function canonicalIp(ip: Uint8Array): Uint8Array {
  if (ip.length === 4) return ip;
  const zeros = (from: number, to: number) => ip.subarray(from, to).every((b) => b === 0);
  if (zeros(0, 10) && ip[10] === 0xff && ip[11] === 0xff) return ip.slice(12);
  if (zeros(0, 8) && ip[8] === 0xff && ip[9] === 0xff && zeros(10, 12)) return ip.slice(12);
  // ::a.b.c.d (deprecated "compatible"), but not :: and ::1 themselves.
  if (zeros(0, 12) && !zeros(12, 15)) return ip.slice(12);
  if (ip[0] === 0x00 && ip[1] === 0x64 && ip[2] === 0xff && ip[3] === 0x9b && zeros(4, 12))
    return ip.slice(12);
  if (ip[0] === 0x20 && ip[1] === 0x02) return ip.slice(2, 6);
  return ip;
}

/**
 * Parses a CIDR range ("192.168.1.0/24", "fe80::/10") or a single address (a /32 or /128).
 * @throws when `text` is not a CIDR range, saying how to write one.
 */
export function parseCidr(text: string): Cidr {
  const [addr = '', len, extra] = text.trim().split('/');
  const raw = addr.includes(':') ? parseIpv6(addr) : parseIpv4Lenient(addr);
  const bits = raw ? raw.length * 8 : 0;
  const prefix = len === undefined ? bits : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!raw || extra !== undefined || !(prefix >= 0 && prefix <= bits)) {
    throw new TypeError(
      `"${text}" is not a CIDR range: write an address and a prefix length, like 192.168.1.0/24`,
    );
  }
  const bytes = raw.slice();
  for (let i = 0; i < bytes.length; i++) bytes[i]! &= maskByte(prefix, i);
  const family = raw.length === 4 ? 4 : 6;
  return { family, bytes, prefix, text: `${formatIp(bytes)}/${prefix}` };
}

function maskByte(prefix: number, i: number) {
  const left = prefix - i * 8;
  return left >= 8 ? 0xff : left <= 0 ? 0 : (0xff << (8 - left)) & 0xff;
}

/** Whether a canonical address lies in a range. */
export function inCidr(ip: Uint8Array, cidr: Cidr) {
  if (ip.length !== cidr.bytes.length) return false;
  for (let i = 0; i < ip.length; i++) {
    const m = maskByte(cidr.prefix, i);
    if (m === 0) return true;
    if ((ip[i]! & m) !== cidr.bytes[i]) return false;
  }
  return true;
}

/** Whether range `inner` lies entirely inside range `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr) {
  return inner.family === outer.family && inner.prefix >= outer.prefix && inCidr(inner.bytes, outer);
}

/** The directed-broadcast address of an IPv4 range (host bits all ones), or null for /31 and /32. */
export function broadcastOf(cidr: Cidr) {
  if (cidr.family !== 4 || cidr.prefix > 30) return null;
  const out = cidr.bytes.slice();
  for (let i = 0; i < 4; i++) out[i]! |= ~maskByte(cidr.prefix, i) & 0xff;
  return out;
}

export function sameIp(a: Uint8Array, b: Uint8Array) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
