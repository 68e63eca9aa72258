// What the protocol code (endpoint.ts, router.ts, wire.ts, uplink.ts, tcp-stack.ts) needs of a host:
// a narrow view that HostImpl implements. Those files import this interface, never host.ts, so
// host.ts depends on them and not the other way round.

import type { Iface } from './lan.ts';
import type { PortTable } from './port-table.ts';
import type { Prng } from './prng.ts';
import type { Fate } from './records.ts';
import type { Segment } from './tcp-socket.ts';
import type { Profile } from './types.ts';
import type { UdpSocket } from './udp-socket.ts';

/** Where a host's datagrams to addresses no virtual host has go (uplink.ts's `Uplink`, as the wire uses it). */
export interface UplinkSend {
  send(sock: NonNullable<UdpSocket['uplink']>, ip: string, port: number, data: Uint8Array): void;
}

/** What a host's TCP stack does with an arriving segment (tcp-stack.ts's `TcpStack`, as the wire uses it). */
export interface SegmentArrival {
  arrive(seg: Segment): { fate: Fate; then: (() => void) | null };
}

/** A host, as the protocol code sees it. */
export interface StackHost {
  readonly name: string;
  readonly profile: Profile;
  /** Record LAN name for traffic inside this host. */
  readonly loName: string;
  readonly ports: PortTable;
  /** LAN memberships in attach order; the first is the default route. */
  readonly ifaces: readonly Iface<StackHost>[];
  /** Seeded source of Linux ephemeral ports. */
  readonly prng: Prng;
  readonly tcp: SegmentArrival;
  readonly uplink: UplinkSend | null;
  /** True when a virtual host has this address, or it is a LAN's broadcast address. */
  isVirtualAddress(ip: number): boolean;
  ifaceByIp(ip: number): Iface<StackHost> | undefined;
  /** This host's addresses on its LANs, as text. */
  addresses(): string[];
  /** Tells the uplink about a new binding. */
  uplinkBound(s: UdpSocket): void;
  /** Tells the uplink a binding is gone. */
  uplinkUnbound(s: UdpSocket): void;
}
