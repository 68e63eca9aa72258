// The simulated internetwork: creates LANs and hosts, resolves names, holds impairments and the datagram log.

import type { Clock } from './clock.ts';
import { NetsimConfigError } from './errors.ts';
import { HostImpl, type HostContext } from './host.ts';
import type { Impairment } from './impairment.ts';
import { parseIpv4 } from './ipv4.ts';
import { Lan } from './lan.ts';
import { resolveOptions, type NetworkOptions, type ResolvedOptions } from './options.ts';
import { RecordLog, type DatagramListener, type DatagramRecord } from './records.ts';
import type { Host, HostOptions, Network } from './types.ts';
import { Wire } from './wire.ts';

class NetworkImpl implements Network, HostContext {
  readonly clock: Clock;
  readonly opts: ResolvedOptions;
  readonly wire: Wire;
  readonly #log: RecordLog;
  readonly #lans = new Map<string, Lan<HostImpl>>();
  /** Hosts by lower-cased name. */
  readonly #hosts = new Map<string, HostImpl>();

  constructor(opts: ResolvedOptions) {
    this.opts = opts;
    this.clock = opts.clock;
    this.#log = new RecordLog(opts.maxRecords);
    this.wire = new Wire(opts, this.#log);
  }

  lan(name: string): Lan<HostImpl> | undefined {
    return this.#lans.get(name);
  }

  #lanOrThrow(name: string): Lan<HostImpl> {
    const lan = this.#lans.get(name);
    if (lan === undefined)
      throw new NetsimConfigError(
        'NETSIM_ERR_UNKNOWN_LAN',
        `there is no LAN "${name}"; create it with addLan first`,
      );
    return lan;
  }

  addLan(name: string, cidr: string): void {
    if (typeof name !== 'string' || name === '' || name.startsWith('lo:')) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_CIDR',
        `LAN name "${String(name)}" is not allowed; use a non-empty name not starting with "lo:"`,
      );
    }
    if (this.#lans.has(name))
      throw new NetsimConfigError('NETSIM_ERR_LAN_EXISTS', `LAN "${name}" exists already; pick another name`);
    this.#lans.set(name, new Lan<HostImpl>(name, cidr, this.opts.seed));
  }

  isVirtualAddress(ip: number): boolean {
    for (const lan of this.#lans.values())
      if (lan.members.has(ip) || lan.subnet.broadcast === ip) return true;
    return false;
  }

  lans(): string[] {
    return [...this.#lans.keys()];
  }

  addHost(opts: HostOptions): Host {
    const { name, profile, maxSockets = this.opts.maxSocketsPerHost } = opts;
    if (
      typeof name !== 'string' ||
      name.trim() === '' ||
      name.toLowerCase() === 'localhost' ||
      parseIpv4(name) >= 0
    ) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_HOST_NAME',
        `host name "${String(name)}" is not allowed; use a non-empty name that is neither "localhost" nor an IP address`,
      );
    }
    if (profile !== 'linux' && profile !== 'windows' && profile !== 'lwip')
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_PROFILE',
        `host "${name}": profile must be 'linux' (PC, 虚谷号), 'windows' (Windows PC) or 'lwip' (掌控板), got ${String(profile)}`,
      );
    if (!Number.isInteger(maxSockets) || maxSockets < 1)
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_OPTION',
        `host "${name}": maxSockets must be an integer ≥ 1`,
      );
    const key = name.toLowerCase();
    if (this.#hosts.has(key))
      throw new NetsimConfigError(
        'NETSIM_ERR_HOST_EXISTS',
        `a host named "${name}" exists already (names ignore case); pick another name`,
      );
    if (this.#hosts.size >= this.opts.maxHosts)
      throw new NetsimConfigError(
        'NETSIM_ERR_TOO_MANY_HOSTS',
        `the network already has ${this.opts.maxHosts} hosts, the maxHosts limit; remove one first`,
      );
    const host = new HostImpl(this, name, profile, maxSockets);
    this.#hosts.set(key, host);
    return host;
  }

  removeHost(name: string): void {
    const host = this.#hosts.get(name.toLowerCase());
    if (host === undefined) return;
    host.closeAll();
    for (const iface of [...host.ifaces]) host.detach(iface.lan.name);
    this.#hosts.delete(name.toLowerCase());
  }

  host(name: string): Host | undefined {
    return this.#hosts.get(name.toLowerCase());
  }

  hosts(): Host[] {
    return [...this.#hosts.values()];
  }

  resolve(name: string, fromHost?: string): string | null {
    if (typeof name !== 'string') return null;
    const quad = parseIpv4(name);
    if (quad >= 0) return name;
    const key = name.toLowerCase();
    if (key === 'localhost') return '127.0.0.1';
    const target = this.#hosts.get(key);
    if (target === undefined) return null;
    const asker = fromHost === undefined ? undefined : this.#hosts.get(fromHost.toLowerCase());
    if (asker !== undefined) {
      for (const iface of target.ifaces)
        if (asker.ifaces.some((a) => a.lan === iface.lan)) return iface.ipStr;
    }
    return target.ifaces[0]?.ipStr ?? null;
  }

  setImpairment(lanName: string, imp: Partial<Impairment>): void {
    this.#lanOrThrow(lanName).impair(imp);
  }

  impairment(lanName: string): Readonly<Impairment> {
    return { ...this.#lanOrThrow(lanName).impairment };
  }

  onDatagram(cb: DatagramListener): () => void {
    return this.#log.listen(cb);
  }

  records(): readonly DatagramRecord[] {
    return this.#log.toArray();
  }
}

/**
 * Creates an empty simulated network (no LANs, no hosts).
 * @param options Limits and sources of time and randomness; every one has a default (see NetworkOptions).
 */
export function createNetwork(options: NetworkOptions = {}): Network {
  return new NetworkImpl(resolveOptions(options));
}
