// Which destinations a learner may send to, and which sources may reach a learner: deny by default.
import { formatIp } from '../protocol/index.ts';
import { parseCidr, canonicalIp, inCidr, cidrWithin, broadcastOf, parseIpAny, sameIp } from './ip-address.ts';
import type { Cidr } from './ip-address.ts';

/**
 * Ranges that are denied even inside an allowed subnet, each with the reason reported and the
 * option that opts it in. An `--allow` CIDR lying entirely inside one of them opts in that part.
 */
const SPECIAL_RANGES: ReadonlyArray<{
  cidr: Cidr;
  reason: string;
  flag?: 'allowLoopback' | 'allowBroadcast';
}> = [
  ['0.0.0.0/8', 'unspecified'],
  ['127.0.0.0/8', 'loopback', 'allowLoopback'],
  ['169.254.0.0/16', 'link-local'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast', 'allowBroadcast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback', 'allowLoopback'],
  ['fe80::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
].map(([c, reason, flag]) => ({
  cidr: parseCidr(c as string),
  reason: reason as string,
  ...(flag ? { flag: flag as 'allowLoopback' | 'allowBroadcast' } : {}),
}));

export interface PolicyOptions {
  /** The relay's LAN subnets, CIDR. Default [] (detected by the CLI). */
  subnets?: string[];
  /** Extra allowed CIDR ranges (`--allow`). Default []. */
  allow?: string[];
  /** Opt loopback (127.0.0.0/8, ::1) in. Default false. */
  allowLoopback?: boolean;
  /** Opt limited and directed broadcast in. Default false. */
  allowBroadcast?: boolean;
  /** Allow destination ports below 1024. Default false. */
  allowLowPorts?: boolean;
  /** Allow the relay host's own addresses at ports it does not hold. Default false. */
  allowSelf?: boolean;
  /** The relay host's own addresses. Default []. */
  selfAddresses?: string[];
}
export type Allowed = { ok: true; ip: Uint8Array; address: string; internal: boolean };
export type Denied = {
  ok: false;
  code: 'RELAY_ERR_DENIED_PEER' | 'RELAY_ERR_BAD_ADDRESS' | 'RELAY_ERR_FAMILY';
  reason: string;
  address: string;
};

/** Creates the destination and source policy. */
export function createPolicy(options: PolicyOptions = {}) {
  const subnets = (options.subnets ?? []).map(parseCidr);
  const allow = (options.allow ?? []).map(parseCidr);
  const self = (options.selfAddresses ?? [])
    .map((a) => parseIpAny(a))
    .filter((b) => b !== null)
    .map((b) => canonicalIp(b as Uint8Array));
  const broadcasts = [...subnets, ...allow].map(broadcastOf).filter((b) => b !== null);
  const { allowLoopback = false, allowBroadcast = false, allowLowPorts = false, allowSelf = false } = options;

  /**
   * Why an address may not be used, or null when it may. Ports are not considered.
   * @param ip canonical
   */
  function addressDenial(ip: Uint8Array): string | null {
    for (const special of SPECIAL_RANGES) {
      if (!inCidr(ip, special.cidr)) continue;
      if (special.flag === 'allowLoopback' && allowLoopback) return null;
      if (special.flag === 'allowBroadcast' && allowBroadcast) return null;
      if (allow.some((a) => cidrWithin(a, special.cidr) && inCidr(ip, a))) return null;
      return special.reason;
    }
    if (broadcasts.some((b) => sameIp(b, ip))) return allowBroadcast ? null : 'broadcast';
    if (subnets.some((s) => inCidr(ip, s)) || allow.some((a) => inCidr(ip, a))) return null;
    return 'outside-subnet';
  }

  /** @param ip canonical */
  function isSelf(ip: Uint8Array) {
    return self.some((s) => sameIp(s, ip)) || isLoopback(ip);
  }

  return {
    /**
     * Checks a destination. `internal` means a port this relay holds on its own address: the
     * datagram is delivered inside the relay, never through the network.
     * @param destination address bytes (4 or 16) or text in any spelling
     * @param [isHeldPort] whether the relay holds this UDP port
     */
    checkDestination(
      destination: Uint8Array | string,
      port: number,
      isHeldPort: (port: number) => boolean = () => false,
    ): Allowed | Denied {
      const raw = typeof destination === 'string' ? parseIpAny(destination) : destination;
      const shown =
        typeof destination === 'string'
          ? destination
          : raw && (raw.length === 4 || raw.length === 16)
            ? formatIp(raw)
            : '?';
      if (!raw) return { ok: false, code: 'RELAY_ERR_DENIED_PEER', reason: 'not-ip-literal', address: shown };
      const ip = canonicalIp(raw);
      const address = formatIp(ip);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        return { ok: false, code: 'RELAY_ERR_BAD_ADDRESS', reason: 'port', address };
      const denial = addressDenial(ip);
      if (denial) return { ok: false, code: 'RELAY_ERR_DENIED_PEER', reason: denial, address };
      if (isSelf(ip)) {
        if (isHeldPort(port)) return { ok: true, ip, address, internal: true };
        if (!allowSelf && !(allowLoopback && isLoopback(ip))) {
          return { ok: false, code: 'RELAY_ERR_DENIED_PEER', reason: 'relay-host', address };
        }
      }
      if (port < 1024 && !allowLowPorts)
        return { ok: false, code: 'RELAY_ERR_DENIED_PEER', reason: 'low-port', address };
      if (ip.length !== 4) return { ok: false, code: 'RELAY_ERR_FAMILY', reason: 'ipv6', address };
      return { ok: true, ip, address, internal: false };
    },

    /**
     * Whether a datagram from this source may reach a socket the program bound itself.
     * @param source address text as Node reports it
     */
    sourceAllowed(source: string) {
      return this.sourceDenial(source) === null;
    },

    /** Why a source may not reach an explicitly bound socket (the rule, as for destinations), or null. */
    sourceDenial(source: string): string | null {
      const raw = parseIpAny(source);
      if (!raw) return 'not-ip-literal';
      const ip = canonicalIp(raw);
      const denial = addressDenial(ip);
      if (denial) return denial;
      return !isSelf(ip) || allowSelf || (allowLoopback && isLoopback(ip)) ? null : 'relay-host';
    },
  };
}

/** @param ip canonical */
function isLoopback(ip: Uint8Array) {
  return ip.length === 4 ? ip[0] === 127 : ip.every((b, i) => b === (i === 15 ? 1 : 0));
}

export type Policy = ReturnType<typeof createPolicy>;
