// The relay host's network: its LAN interface, that interface's subnets, and all of its own addresses.
import os from 'node:os';

export type Interfaces = ReturnType<typeof os.networkInterfaces>;

/**
 * The host's non-internal IPv4 interfaces, as { name, address, cidr }.
 * @param [interfaces] Default `os.networkInterfaces()`.
 */
export function lanCandidates(interfaces: Interfaces = os.networkInterfaces()) {
  const out = [];
  for (const [name, addrs] of Object.entries(interfaces)) {
    for (const a of addrs ?? []) {
      if (a.family === 'IPv4' && !a.internal && a.cidr) out.push({ name, address: a.address, cidr: a.cidr });
    }
  }
  return out;
}

/**
 * Picks the LAN interface: the one named, else the first non-internal IPv4 one.
 * @throws when `name` is given and has no IPv4 address, listing the ones that do.
 */
export function pickLanInterface(
  name: string | undefined,
  interfaces: Interfaces = os.networkInterfaces(),
): { name: string; address: string; cidr: string } | null {
  const all = lanCandidates(interfaces);
  if (!name) return all[0] ?? null;
  const found = all.find((c) => c.name === name);
  if (!found) {
    const names = all.map((c) => `${c.name} (${c.address})`).join(', ') || 'none';
    throw new Error(`interface "${name}" has no IPv4 LAN address; interfaces that do: ${names}`);
  }
  return found;
}

/** Every address of this host, loopback included: destinations that are the relay itself. */
export function hostAddresses(interfaces: Interfaces = os.networkInterfaces()) {
  return Object.values(interfaces).flatMap((addrs) =>
    (addrs ?? []).map((a) => a.address.split('%')[0] ?? a.address),
  );
}
