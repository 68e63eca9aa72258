// One LAN: its subnet, gateway and broadcast address, which host holds which address, and its impairment.

import { NetsimConfigError } from './errors.ts';
import { NO_IMPAIRMENT, isClean, mergeImpairment, type Impairment } from './impairment.ts';
import { formatIpv4, inSubnet, parseCidr, parseIpv4, type Subnet } from './ipv4.ts';
import { Prng, deriveSeed } from './prng.ts';

/** A host's membership of a LAN. `T` is the host type (kept generic to avoid an import cycle). */
export interface Iface<T> {
  readonly lan: Lan<T>;
  readonly host: T;
  readonly ip: number;
  readonly ipStr: string;
}

/** A broadcast domain with a /n subnet; the gateway is network + 1 and not a host unless one is attached there. */
export class Lan<T> {
  readonly name: string;
  readonly subnet: Subnet;
  readonly gateway: number;
  readonly netmaskStr: string;
  readonly gatewayStr: string;
  readonly broadcastStr: string;
  /** Members by address. */
  readonly members = new Map<number, Iface<T>>();
  readonly prng: Prng;
  #impairment: Impairment = { ...NO_IMPAIRMENT };
  #clean = true;

  constructor(name: string, cidr: string, seed: number) {
    const subnet = parseCidr(cidr);
    if (subnet === null || subnet.prefix < 8 || subnet.prefix > 30) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_CIDR',
        `LAN "${name}": "${cidr}" is not a usable subnet; write it as network/prefix with a prefix from 8 to 30, e.g. 192.168.0.0/24`,
      );
    }
    const first = subnet.network >>> 24;
    if (first === 0 || first === 127 || first >= 224) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_CIDR',
        `LAN "${name}": ${cidr} is reserved (0/8, 127/8, multicast or class E); use a private range such as 192.168.0.0/24`,
      );
    }
    this.name = name;
    this.subnet = subnet;
    this.gateway = subnet.network + 1;
    this.netmaskStr = formatIpv4(subnet.mask);
    this.gatewayStr = formatIpv4(this.gateway);
    this.broadcastStr = formatIpv4(subnet.broadcast);
    this.prng = new Prng(deriveSeed(seed, `lan:${name}`));
  }

  get impairment(): Readonly<Impairment> {
    return this.#impairment;
  }

  /** True when no impairment is set (the fast, synchronous path). */
  get clean(): boolean {
    return this.#clean;
  }

  impair(update: Partial<Impairment>): void {
    this.#impairment = mergeImpairment(this.#impairment, update);
    this.#clean = isClean(this.#impairment);
  }

  /**
   * Picks the address for a joining host: the requested one, checked, or the lowest free
   * address from network + 2 upward (DHCP). Returns it as a uint32.
   */
  allocate(hostName: string, requested?: string): number {
    const { network, broadcast } = this.subnet;
    if (requested !== undefined) {
      const ip = parseIpv4(requested);
      if (ip < 0)
        throw new NetsimConfigError(
          'NETSIM_ERR_BAD_ADDRESS',
          `host "${hostName}": "${requested}" is not a dotted-quad IPv4 address`,
        );
      if (!inSubnet(ip, this.subnet) || ip === network || ip === broadcast) {
        throw new NetsimConfigError(
          'NETSIM_ERR_OUTSIDE_SUBNET',
          `host "${hostName}": ${requested} is not a host address of LAN "${this.name}" (${formatIpv4(network)}/${this.subnet.prefix}); pick one between ${formatIpv4(network + 1)} and ${formatIpv4(broadcast - 1)}`,
        );
      }
      const holder = this.members.get(ip);
      if (holder !== undefined) {
        throw new NetsimConfigError(
          'NETSIM_ERR_ADDRESS_TAKEN',
          `host "${hostName}": ${requested} on LAN "${this.name}" is already taken; omit the address to get a free one`,
        );
      }
      return ip;
    }
    for (let ip = network + 2; ip < broadcast; ip++) {
      if (!this.members.has(ip)) return ip;
    }
    throw new NetsimConfigError(
      'NETSIM_ERR_LAN_FULL',
      `LAN "${this.name}" has no free address left; use a larger subnet`,
    );
  }
}
