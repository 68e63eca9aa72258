// The public contract of the simulated network: the Network and Host interfaces that the kernel and the UI code against.

import type { Clock } from './clock.ts';
import type { Impairment } from './impairment.ts';
import type { DatagramListener, DatagramRecord } from './records.ts';
import type { Uplink } from './uplink.ts';

/** 'linux': PC / 虚谷号 hosts, behaving like CPython on Linux. 'lwip': the 掌控板 (MicroPython on lwIP). */
export type Profile = 'linux' | 'lwip';

/** A host's place on one LAN, as ifconfig would show it. */
export interface InterfaceInfo {
  lan: string;
  ip: string;
  netmask: string;
  gateway: string;
  broadcast: string;
}

/** What recvfrom returns: at most bufsize bytes of the oldest datagram, and who sent it. */
export interface RecvResult {
  /** Shared with the record and other receivers: read it, never write to it. */
  data: Uint8Array;
  ip: string;
  port: number;
  /** True if the datagram was longer than bufsize; the rest is gone. */
  truncated: boolean;
}

export type SetOptName = 'SO_REUSEADDR' | 'SO_BROADCAST' | 'SO_RCVBUF' | 'SO_SNDBUF';
export type GetOptName = SetOptName | 'SO_TYPE' | 'SO_ERROR';

/** Options of addHost(). */
export interface HostOptions {
  /** Unique name (case-insensitive), also resolvable with network.resolve(). */
  name: string;
  profile: Profile;
  /** Overrides the network's maxSocketsPerHost for this host. */
  maxSockets?: number;
}

/** A simulated machine: its own loopback, its own ports, its LAN interfaces and its sockets. */
export interface Host {
  readonly name: string;
  readonly profile: Profile;
  /** Joins a LAN; without ip, takes the lowest free address from .2 upward. Returns the address. */
  attach(lanName: string, ip?: string): string;
  /** Leaves a LAN (Wi-Fi disconnect). Sockets stay open; sends that need the LAN then fail. */
  detach(lanName: string): void;
  /** LAN addresses in attach order (no loopback). */
  addresses(): string[];
  interfaces(): InterfaceInfo[];
  socket(family: 'AF_INET', type: 'SOCK_DGRAM'): number;
  bind(fd: number, ip: string, port: number): void;
  connect(fd: number, ip: string, port: number): void;
  /** connect(AF_UNSPEC): forgets the peer (and an address or port that connect chose). */
  disconnect(fd: number): void;
  sendto(fd: number, data: Uint8Array, ip?: string, port?: number): number;
  /** `peek` (MSG_PEEK): the datagram stays queued; a longer one is cut in the answer only. */
  recvfrom(fd: number, bufsize: number, peek?: boolean): RecvResult | null;
  readable(fd: number): boolean;
  onReadable(fd: number, cb: () => void): () => void;
  setsockopt(fd: number, level: 'SOL_SOCKET', name: SetOptName, value: number): void;
  getsockopt(fd: number, level: 'SOL_SOCKET', name: GetOptName): number;
  getsockname(fd: number): [string, number];
  getpeername(fd: number): [string, number];
  close(fd: number): void;
  closeAll(): void;
  openSockets(): number;
  /**
   * Connects the host to a real network (or disconnects it with null). While set, a unicast
   * datagram to an address no virtual host has goes to `uplink.send` (fate `relayed`) instead of
   * vanishing at the gateway, and every binding of a socket not bound to 127.x is announced:
   * the ones that exist now at once, later ones as they happen. Replacing the uplink makes the
   * old handles inactive without calling the old uplink.
   */
  setUplink(uplink: Uplink | null): void;
  /** The uplink set with setUplink, or null. */
  readonly uplink: Uplink | null;
}

/** The whole simulated internetwork of one page or one test. */
export interface Network {
  readonly clock: Clock;
  addLan(name: string, cidr: string): void;
  addHost(opts: HostOptions): Host;
  /** Closes the host's sockets, detaches it from every LAN and forgets it. */
  removeHost(name: string): void;
  host(name: string): Host | undefined;
  hosts(): Host[];
  /** Names of the LANs, in creation order. */
  lans(): string[];
  /**
   * gethostbyname: a dotted quad returns itself, 'localhost' → '127.0.0.1', a host name (any
   * case) → its address (on a LAN shared with fromHost if given, else its first), else null.
   */
  resolve(name: string, fromHost?: string): string | null;
  /** Changes the given fields of a LAN's impairment (the others keep their values). */
  setImpairment(lanName: string, imp: Partial<Impairment>): void;
  impairment(lanName: string): Readonly<Impairment>;
  onDatagram(cb: DatagramListener): () => void;
  records(): readonly DatagramRecord[];
}
