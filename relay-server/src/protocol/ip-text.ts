// Strict IP address text <-> bytes, for the wire codec. Runs in the browser too: no Node imports.

/**
 * Parses a dotted-quad IPv4 address ("192.168.1.10"): four decimal parts 0-255, no leading zeros.
 * @returns 4 bytes, or null if `text` is not exactly that form.
 */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

/**
 * Parses IPv6 text ("fe80::1", "::ffff:192.168.1.10"). No brackets, no zone id.
 * @returns 16 bytes, or null if `text` is not an IPv6 address.
 */
export function parseIpv6(text: string): Uint8Array | null {
  if (text.length < 2 || text.length > 45 || !/^[0-9a-fA-F:.]+$/.test(text)) return null;
  let tailV4: number[] = [];
  let body = text;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tailV4 = [...v4];
    body = text.slice(0, lastColon + 1);
    if (body.endsWith('::')) body += '';
    else if (body.endsWith(':')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  const wanted = 8 - tailV4.length / 2;
  const given = head.length + tail.length;
  if (halves.length === 1 ? given !== wanted : given > wanted - 1) return null;
  const all = [...head, ...Array(wanted - given).fill('0'), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < all.length; i++) {
    const g = all[i] as string;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
    const n = parseInt(g, 16);
    out[i * 2] = n >> 8;
    out[i * 2 + 1] = n & 0xff;
  }
  out.set(tailV4, 12);
  return out;
}

/**
 * Parses an IPv4 or IPv6 literal in its standard text form.
 * @returns 4 or 16 bytes.
 */
export function parseIp(text: string): Uint8Array | null {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/**
 * Formats 4 or 16 address bytes as text: dotted quad, or RFC 5952 IPv6
 * (lower case, longest zero run compressed, IPv4-mapped shown as ::ffff:a.b.c.d).
 */
export function formatIp(ip: Uint8Array): string {
  if (ip.length === 4) return `${ip[0]}.${ip[1]}.${ip[2]}.${ip[3]}`;
  if (ip.length !== 16) throw new RangeError(`an IP address has 4 or 16 bytes, got ${ip.length}`);
  const mapped = ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  if (mapped) return `::ffff:${formatIp(ip.subarray(12))}`;
  const g = [];
  for (let i = 0; i < 16; i += 2) g.push(((ip[i]! << 8) | ip[i + 1]!).toString(16));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  if (bestStart < 0) return g.join(':');
  return `${g.slice(0, bestStart).join(':')}::${g.slice(bestStart + bestLen).join(':')}`;
}
