// IPv4 addresses as unsigned 32-bit numbers: strict dotted-quad parsing, formatting, subnets.

/** 0.0.0.0, INADDR_ANY. */
export const ANY = 0;
/** 255.255.255.255, the limited broadcast address. */
export const LIMITED_BROADCAST = 0xffffffff;
/** 127.0.0.1. */
export const LOOPBACK = 0x7f000001;

/**
 * Parses a dotted quad ('192.168.0.5') without allocating. Strict: four decimal parts 0–255,
 * no leading zeros, no spaces. Returns the address as a uint32, or -1 if it is not one.
 */
export function parseIpv4(s: string): number {
  const n = s.length;
  if (n < 7 || n > 15) return -1;
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  let leadingZero = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (leadingZero) return -1;
      if (digits === 0 && c === 48) leadingZero = true;
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
      leadingZero = false;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + part;
}

/** Formats a uint32 as a dotted quad. */
export function formatIpv4(ip: number): string {
  return `${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

/** True for 127.0.0.0/8. */
export function isLoopback(ip: number): boolean {
  return ip >>> 24 === 127;
}

/** True for 224.0.0.0/4. */
export function isMulticast(ip: number): boolean {
  return ip >>> 28 === 14;
}

/** A subnet, as uint32 values. */
export interface Subnet {
  readonly network: number;
  readonly prefix: number;
  readonly mask: number;
  readonly broadcast: number;
}

/** Netmask for a prefix length 0–32. */
export function prefixToMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses 'a.b.c.d/n'. The address must be the network address itself. Returns null if invalid. */
export function parseCidr(s: string): Subnet | null {
  const slash = s.indexOf('/');
  if (slash < 0) return null;
  const ip = parseIpv4(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (ip < 0 || !/^\d{1,2}$/.test(p)) return null;
  const prefix = Number(p);
  if (prefix > 32) return null;
  const mask = prefixToMask(prefix);
  if ((ip & mask) >>> 0 !== ip) return null;
  return { network: ip, prefix, mask, broadcast: (ip | ~mask) >>> 0 };
}

/** True if ip lies in the subnet (network and broadcast addresses included). */
export function inSubnet(ip: number, subnet: Subnet): boolean {
  return (ip & subnet.mask) >>> 0 === subnet.network;
}
