// Host names as the relay compares them (DNS-rebinding defence): from a Host header, or from an
// `allowHosts` / `publicAddress` entry the instructor wrote, which may carry a port or be a bare IPv6.
import net from 'node:net';

/** The host name of a Host header (or a name): lower case, IPv6 without brackets; null if malformed. */
export function hostName(header: string) {
  try {
    const name = new URL(`http://${header}`).hostname;
    return name.startsWith('[') ? name.slice(1, -1) : name;
  } catch {
    return null;
  }
}

/**
 * The host name of an entry the instructor wrote: `name`, `name:port`, an IPv4 address (with or
 * without a port), a bare IPv6 literal (`fe80::1`) or one in brackets (`[fe80::1]:8080`). The port, if
 * any, is only checked to be a port: the relay compares names, never the Host header's port.
 * @returns null when it is not a host
 */
export function parseHostEntry(entry: string): { name: string; port: boolean } | null {
  if (typeof entry !== 'string') return null;
  const text = entry.trim();
  if (net.isIPv6(text)) return { name: text.toLowerCase(), port: false };
  // Only a host and a port: no scheme, path, user, query or spaces (URL would read them otherwise).
  if (text === '' || /[\s/\\@?#]/.test(text)) return null;
  const m = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(text);
  if (!m) return null;
  if (m[2] !== undefined && Number(m[2]) > 65535) return null;
  const name = hostName(m[1] as string);
  if (name === null || name === '') return null;
  return { name: name.replace(/\.$/, ''), port: m[2] !== undefined };
}

/**
 * Throws a clear error for an entry that is not a host.
 * @param rules whether a port may follow
 */
export function checkHostEntry(option: string, entry: unknown, { port }: { port: boolean }) {
  const parsed = typeof entry === 'string' ? parseHostEntry(entry) : null;
  const how = port
    ? 'write a name or address, optionally with :port (the port is ignored), e.g. teacher-pc.local, teacher-pc.local:8080, 192.168.1.10, fe80::1 or [fe80::1]:8080'
    : 'write a name or address without a scheme, path or port, e.g. 192.168.1.10, teacher-pc.local or fe80::1';
  if (parsed === null || (parsed.port && !port))
    throw new RangeError(`option ${option}: ${JSON.stringify(entry)} is not a host; ${how}`);
  return parsed.name;
}
