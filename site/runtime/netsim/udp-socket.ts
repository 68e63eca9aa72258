// One UDP socket's state: addresses, options, pending error, and its bounded receive queue.

import type { ErrnoName } from './errors.ts';
import type { DatagramRecord } from './records.ts';
import type { UplinkSocketImpl } from './uplink.ts';

/** A queued datagram. `data` is shared with other receivers and the record: never mutated. */
export interface QueuedDatagram {
  readonly data: Uint8Array;
  readonly srcIp: string;
  readonly srcPort: number;
  readonly rec: DatagramRecord;
  /** Bytes charged to the receive buffer. */
  readonly charge: number;
}

/** Socket state. Fields are read and written by host.ts, port-table.ts and network.ts. */
/** Loopback sources through the uplink a socket remembers (its replies go back through the uplink). */
export const MAX_UPLINK_LOOPBACK_PEERS = 64;

export class UdpSocket {
  readonly fd: number;
  /** Name of the host, for records. */
  readonly hostName: string;
  closed = false;
  /** SOCK_DGRAM, for SO_TYPE. */
  readonly sockType = 2;

  /** Local address (uint32, 0 = any) and its string; port 0 = not bound. */
  localIp = 0;
  localIpStr = '0.0.0.0';
  localPort = 0;
  /** Order of binding on the host: among equal matches the most recently bound socket wins (Linux). */
  bindSeq = 0;
  /** Set by an explicit bind: connect(AF_UNSPEC) must not undo them (Linux SOCK_BINDADDR_LOCK / SOCK_BINDPORT_LOCK). */
  addrLocked = false;
  portLocked = false;

  connected = false;
  peerIp = 0;
  peerIpStr = '';
  peerPort = 0;

  reuseAddr = false;
  /** Windows SO_EXCLUSIVEADDRUSE: no other socket may bind this address and port. */
  exclusiveAddrUse = false;
  broadcast = false;
  /** Receive buffer limit as getsockopt reports it (Linux: twice the value set). */
  rcvBuf: number;
  sndBuf: number;
  /** Set by ICMP port unreachable on a connected linux socket; raised once by the next call. */
  pendingError: ErrnoName | null = null;
  /** Why the pending error was set (English, for logs); null for ICMP port unreachable. */
  pendingReason: string | null = null;
  /** Bound by the first sendto/connect rather than by bind (the relay treats such a port as NAT-like). */
  autobound = false;
  /** This socket's binding on the host's uplink, while it has one. */
  uplink: UplinkSocketImpl | null = null;
  /**
   * Loopback sources ("127.0.0.1:5000") whose datagrams reached this socket through the uplink:
   * programs on the relay's own computer. A reply to one of them goes back through the uplink, not
   * to this virtual host's loopback (see router.ts). At most MAX_UPLINK_LOOPBACK_PEERS, the oldest forgotten.
   */
  uplinkLoopbackPeers: Set<string> | null = null;
  /**
   * The latest record relayed to each destination ("ip:port"), at most MAX_UPLINK_LOOPBACK_PEERS:
   * the relay's refusal, which comes back later, marks it relay-denied.
   */
  uplinkSent: Map<string, DatagramRecord> | null = null;

  #queue: (QueuedDatagram | undefined)[] = [];
  #head = 0;
  /** Bytes charged by queued datagrams. */
  used = 0;
  #listeners: Set<() => void> | null = null;

  constructor(fd: number, hostName: string, rcvBuf: number, sndBuf: number) {
    this.fd = fd;
    this.hostName = hostName;
    this.rcvBuf = rcvBuf;
    this.sndBuf = sndBuf;
  }

  get bound(): boolean {
    return this.localPort !== 0;
  }

  /** Datagrams waiting. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  readable(): boolean {
    return this.#head < this.#queue.length || this.pendingError !== null;
  }

  /** Appends a datagram (the caller has checked the buffer); the caller calls notify() once the record is logged. */
  enqueue(item: QueuedDatagram): void {
    this.#queue.push(item);
    this.used += item.charge;
  }

  /** The oldest datagram, left in the queue (MSG_PEEK). */
  peek(): QueuedDatagram | null {
    return this.#queue[this.#head] ?? null;
  }

  dequeue(): QueuedDatagram | null {
    const item = this.#queue[this.#head];
    if (item === undefined) return null;
    this.#queue[this.#head] = undefined;
    this.#head++;
    if (this.#head === this.#queue.length) {
      this.#queue.length = 0;
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
    this.used -= item.charge;
    return item;
  }

  onReadable(cb: () => void): () => void {
    (this.#listeners ??= new Set()).add(cb);
    return () => {
      this.#listeners?.delete(cb);
    };
  }

  /** Calls the readable listeners (after a datagram was queued or an error set). */
  notify(): void {
    const listeners = this.#listeners;
    if (listeners !== null && listeners.size > 0) for (const cb of listeners) cb();
  }

  /** Marks closed and frees the queue; later calls on the fd raise EBADF. */
  close(): void {
    this.closed = true;
    this.#queue = [];
    this.#head = 0;
    this.used = 0;
    this.#listeners = null;
    this.pendingError = null;
    this.pendingReason = null;
  }
}
