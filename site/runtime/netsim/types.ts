// The public contract of the simulated network: the Network and Host interfaces that the kernel and the UI code against.

import type { Clock } from './clock.ts';
import type { Impairment } from './impairment.ts';
import type { DatagramListener, DatagramRecord } from './records.ts';
import type { TcpState } from './tcp-socket.ts';
import type { AcceptResult, ShutdownHow, TcpSocketInfo } from './tcp-stack.ts';
import type { Uplink } from './uplink.ts';

/** SOCK_DGRAM: UDP. SOCK_STREAM: TCP. */
export type SocketType = 'SOCK_DGRAM' | 'SOCK_STREAM';

/** One UDP socket as `ss -uan` lists it. */
export interface UdpSocketInfo {
  fd: number;
  /** Bound address and port ('0.0.0.0', 0 before bind or the first send). */
  local: [string, number];
  /** The connected peer, null when not connected. */
  peer: [string, number] | null;
  /** Bytes of datagrams received and not yet read (Recv-Q). */
  recvQ: number;
}

/**
 * 'linux': PC / 虚谷号 hosts, behaving like CPython on Linux. 'windows': a PC behaving like CPython on
 * Windows 10/11 (WINDOWS.md). 'lwip': the 掌控板 (MicroPython on lwIP).
 */
export type Profile = 'linux' | 'windows' | 'lwip';

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

export type SetOptName = 'SO_REUSEADDR' | 'SO_BROADCAST' | 'SO_RCVBUF' | 'SO_SNDBUF' | 'SO_EXCLUSIVEADDRUSE';
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
  socket(family: 'AF_INET', type: SocketType): number;
  bind(fd: number, ip: string, port: number): void;
  /**
   * UDP: sets the default peer. TCP: sends the SYN; returns when the handshake completed at once
   * (a clean LAN or loopback), throws the connection's error if it failed at once (ECONNREFUSED),
   * else throws EINPROGRESS: wait for writable(fd), then read SO_ERROR (0 = connected).
   */
  connect(fd: number, ip: string, port: number): void;
  /** connect(AF_UNSPEC): forgets the peer (and an address or port that connect chose). */
  disconnect(fd: number): void;
  sendto(fd: number, data: Uint8Array, ip?: string, port?: number): number;
  /** `peek` (MSG_PEEK): the datagram stays queued; a longer one is cut in the answer only. */
  recvfrom(fd: number, bufsize: number, peek?: boolean): RecvResult | null;
  /** TCP: a listening socket (backlog clamped to somaxconn / lwipMaxBacklog; lwIP takes at least 1). */
  listen(fd: number, backlog: number): void;
  /** TCP: the oldest established connection as a new fd, or null (would block). */
  accept(fd: number): AcceptResult | null;
  /** TCP: bytes taken into the send buffer (maybe fewer than given), or null (would block: buffer full or still connecting). */
  send(fd: number, data: Uint8Array): number | null;
  /** TCP: up to bufsize bytes of the stream, an empty array at end of stream, or null (would block). */
  recv(fd: number, bufsize: number, peek?: boolean): Uint8Array | null;
  /** TCP: SHUT_WR sends FIN after the queued data; SHUT_RD makes recv return end of stream. */
  shutdown(fd: number, how: ShutdownHow): void;
  /** UDP: a datagram or a pending error is queued. TCP: recv or accept would not block. */
  readable(fd: number): boolean;
  /** UDP: always true. TCP: send would not block (or would raise at once). */
  writable(fd: number): boolean;
  /**
   * What `poll` reports for the socket, before the caller's mask (bits as Linux numbers them:
   * POLLIN 1, POLLOUT 4, POLLERR 8, POLLHUP 16). Linux and Windows hosts: Linux's `tcp_poll` /
   * `udp_poll` (a closed or fully shut connection hangs up, a pending error is POLLERR). The board
   * (lwIP): POLLIN / POLLOUT as `readable` / `writable`, POLLHUP once the connection met an error
   * (lwIP's `errevent`, kept until a new connect), never POLLERR.
   */
  pollEvents(fd: number): number;
  /** UDP: after each datagram queued or error set. TCP: after anything that may change readable, writable or the state. */
  onReadable(fd: number, cb: () => void): () => void;
  /** The TCP state of a stream socket, null for a UDP one. */
  tcpState(fd: number): TcpState | null;
  socketType(fd: number): SocketType;
  /** The host's TCP sockets as `ss -tan` lists them, including closed fds still in TIME-WAIT. */
  tcpSockets(): TcpSocketInfo[];
  /** The host's UDP sockets as `ss -uan` lists them (unbound ones show port 0), by port. */
  udpSockets(): UdpSocketInfo[];
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
