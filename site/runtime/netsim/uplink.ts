// The uplink: an optional door from one host to a real network (the classroom relay). Pure: the
// network only calls the Uplink it is given and takes datagrams and errors back through handles.

import { ERRNO, type ErrnoName } from './errors.ts';
import type { StackHost } from './stack-host.ts';
import type { RelayRule } from './records.ts';
import { setPendingError } from './socket-fields.ts';
import type { UdpSocket } from './udp-socket.ts';

/**
 * One bound socket as the uplink sees it. A handle lives from the socket's bind (explicit, or
 * implicit by a first sendto/connect) to its close; after that `active` is false and every
 * call is ignored. A socket that is unbound and bound again gets a new handle.
 */
export interface UplinkSocket {
  /** The host's name. */
  readonly host: string;
  readonly fd: number;
  /** The socket's port on its virtual host. */
  readonly port: number;
  /** True when the port came from a first sendto/connect, not from bind(). */
  readonly implicit: boolean;
  /** False once the socket is closed, unbound or the uplink was replaced. */
  readonly active: boolean;
  /**
   * Queues a datagram that came from the real network, as if it arrived from ip:port. It is
   * recorded (LAN `uplink`) and wakes readers like any other datagram. Returns false when it was
   * not queued: the handle is inactive, `ip` is not a dotted quad, the socket is connected to
   * someone else (fate `refused`) or its receive buffer is full (fate `dropped`).
   */
  deliver(ip: string, port: number, data: Uint8Array): boolean;
  /**
   * Sets an error raised by the socket's next call (or woken recvfrom/select), the way Linux
   * raises an ICMP error: e.g. `fail('EACCES', 'destination not allowed by the relay')`.
   */
  fail(code: ErrnoName, reason: string): void;
  /**
   * The real network refused to send on the datagram this socket last sent to ip:port: its record
   * becomes `relay-denied`, with the rule. False when there is no such record.
   */
  denied(ip: string, port: number, rule: RelayRule): boolean;
  /**
   * A datagram for this socket that the real network's side refused on arrival (the relay's
   * inbound filter): recorded as `relay-refused` with the rule, never queued.
   */
  refusedInbound(ip: string, port: number, size: number, rule: RelayRule): void;
}

/**
 * What a host with an uplink tells the real network. Calls are synchronous, from inside the
 * socket call that caused them; an implementation must not call back into the same socket
 * synchronously (queue the work instead).
 */
export interface Uplink {
  /** A socket was bound (or was bound already when the uplink was set). */
  bound(sock: UplinkSocket): void;
  /** A datagram to an address no virtual host has. `data` is the network's own copy: keep it or copy it. */
  send(sock: UplinkSocket, ip: string, port: number, data: Uint8Array): void;
  /** The socket was closed or lost its port; `sock.active` is already false. */
  unbound(sock: UplinkSocket): void;
}

/** What a handle needs from the wire: queueing an inbound datagram with its record. */
export interface UplinkDelivery {
  deliverFromUplink(host: StackHost, sock: UdpSocket, ip: string, port: number, data: Uint8Array): boolean;
  relayDenied(sock: UdpSocket, ip: string, port: number, rule: RelayRule): boolean;
  relayRefused(
    host: StackHost,
    sock: UdpSocket,
    ip: string,
    port: number,
    size: number,
    rule: RelayRule,
  ): void;
}

export class UplinkSocketImpl implements UplinkSocket {
  readonly host: string;
  readonly fd: number;
  readonly port: number;
  readonly implicit: boolean;
  #sock: UdpSocket | null;
  readonly #owner: StackHost;
  readonly #wire: UplinkDelivery;

  constructor(owner: StackHost, sock: UdpSocket, wire: UplinkDelivery) {
    this.#owner = owner;
    this.host = owner.name;
    this.fd = sock.fd;
    this.port = sock.localPort;
    this.implicit = sock.autobound;
    this.#sock = sock;
    this.#wire = wire;
  }

  get active(): boolean {
    return this.#sock !== null;
  }

  /** Called by the host when the socket closes or unbinds. */
  deactivate(): void {
    this.#sock = null;
  }

  deliver(ip: string, port: number, data: Uint8Array): boolean {
    const s = this.#sock;
    if (s === null) return false;
    return this.#wire.deliverFromUplink(this.#owner, s, ip, port, data);
  }

  denied(ip: string, port: number, rule: RelayRule): boolean {
    const s = this.#sock;
    return s !== null && this.#wire.relayDenied(s, ip, port, rule);
  }

  refusedInbound(ip: string, port: number, size: number, rule: RelayRule): void {
    const s = this.#sock;
    if (s !== null) this.#wire.relayRefused(this.#owner, s, ip, port, size, rule);
  }

  fail(code: ErrnoName, reason: string): void {
    const s = this.#sock;
    if (s === null) return;
    if (!Object.hasOwn(ERRNO, code)) throw new TypeError(`unknown errno name ${String(code)}`);
    setPendingError(s, code, reason);
    s.notify();
  }
}
