// @ts-check
// Which destinations a learner may send to, and which sources may reach a learner: deny by default.
import { formatIp } from './protocol/codec.js';
import { parseCidr, canonicalIp, inCidr, cidrWithin, broadcastOf, parseIpAny, sameIp } from './ip-address.js';

/**
 * Ranges that are denied even inside an allowed subnet, each with the reason reported and the
 * option that opts it in. An `--allow` CIDR lying entirely inside one of them opts in that part.
 * @type {ReadonlyArray<{ cidr: import('./ip-address.js').Cidr, reason: string, flag?: 'allowLoopback' | 'allowBroadcast' }>}
 */
const SPECIAL_RANGES = [
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
  cidr: parseCidr(/** @type {string} */ (c)),
  reason: /** @type {string} */ (reason),
  ...(flag ? { flag: /** @type {any} */ (flag) } : {}),
}));

/**
 * @typedef {object} PolicyOptions
 * @property {string[]} [subnets] The relay's LAN subnets, CIDR. Default [] (detected by the CLI).
 * @property {string[]} [allow] Extra allowed CIDR ranges (`--allow`). Default [].
 * @property {boolean} [allowLoopback] Opt loopback (127.0.0.0/8, ::1) in. Default false.
 * @property {boolean} [allowBroadcast] Opt limited and directed broadcast in. Default false.
 * @property {boolean} [allowLowPorts] Allow destination ports below 1024. Default false.
 * @property {boolean} [allowSelf] Allow the relay host's own addresses at ports it does not hold. Default false.
 * @property {string[]} [selfAddresses] The relay host's own addresses. Default [].
 *
 * @typedef {{ ok: true, ip: Uint8Array, address: string, internal: boolean }} Allowed
 * @typedef {{ ok: false, code: 'RELAY_ERR_DENIED_PEER' | 'RELAY_ERR_BAD_ADDRESS' | 'RELAY_ERR_FAMILY', reason: string, address: string }} Denied
 */

/**
 * Creates the destination and source policy.
 * @param {PolicyOptions} options
 */
export function createPolicy(options = {}) {
  const subnets = (options.subnets ?? []).map(parseCidr);
  const allow = (options.allow ?? []).map(parseCidr);
  const self = (options.selfAddresses ?? [])
    .map((a) => parseIpAny(a))
    .filter((b) => b !== null)
    .map((b) => canonicalIp(/** @type {Uint8Array} */ (b)));
  const broadcasts = [...subnets, ...allow].map(broadcastOf).filter((b) => b !== null);
  const { allowLoopback = false, allowBroadcast = false, allowLowPorts = false, allowSelf = false } = options;

  /**
   * Why an address may not be used, or null when it may. Ports are not considered.
   * @param {Uint8Array} ip canonical
   * @returns {string | null}
   */
  function addressDenial(ip) {
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

  /** @param {Uint8Array} ip canonical */
  function isSelf(ip) {
    return self.some((s) => sameIp(s, ip)) || isLoopback(ip);
  }

  return {
    /**
     * Checks a destination. `internal` means a port this relay holds on its own address: the
     * datagram is delivered inside the relay, never through the network.
     * @param {Uint8Array | string} destination address bytes (4 or 16) or text in any spelling
     * @param {number} port
     * @param {(port: number) => boolean} [isHeldPort] whether the relay holds this UDP port
     * @returns {Allowed | Denied}
     */
    checkDestination(destination, port, isHeldPort = () => false) {
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
     * @param {string} source address text as Node reports it
     */
    sourceAllowed(source) {
      return this.sourceDenial(source) === null;
    },

    /**
     * Why a source may not reach an explicitly bound socket (the rule, as for destinations), or null.
     * @param {string} source
     * @returns {string | null}
     */
    sourceDenial(source) {
      const raw = parseIpAny(source);
      if (!raw) return 'not-ip-literal';
      const ip = canonicalIp(raw);
      const denial = addressDenial(ip);
      if (denial) return denial;
      return !isSelf(ip) || allowSelf || (allowLoopback && isLoopback(ip)) ? null : 'relay-host';
    },
  };
}

/** @param {Uint8Array} ip canonical */
function isLoopback(ip) {
  return ip.length === 4 ? ip[0] === 127 : ip.every((b, i) => b === (i === 15 ? 1 : 0));
}

/** @typedef {ReturnType<typeof createPolicy>} Policy */
