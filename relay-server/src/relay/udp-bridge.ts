// One learner socket bridged to one real UDP socket: sends, filters what comes back, tracks activity.
import type dgram from 'node:dgram';

/**
 * Longest wait, after `close`, for the sends still under way (Node resolves even an IP literal on
 * the next tick) before the real socket is closed anyway.
 */
export const CLOSE_FLUSH_MS = 1_000;

/** What a RelaySocket reports to (its session). */
export interface BridgeOwner {
  /**
   * A datagram for the browser, already past the inbound filter; `internal` when another learner of this
   * relay sent it.
   */
  deliver: (sock: RelaySocket, address: string, port: number, payload: Uint8Array, internal: boolean) => void;
  deniedInbound: (
    sock: RelaySocket,
    address: string,
    port: number,
    payload: Uint8Array,
    internal: boolean,
  ) => void;
  /** The learner's tag for the dashboard: display name, else session id. */
  learner: string;
  socketError: (sock: RelaySocket, err: NodeJS.ErrnoException) => void;
}

export class RelaySocket {
  /** Socket id chosen by the browser. */
  readonly id: number;
  /** The port the learner's program asked for (0 when any). */
  readonly port: number;
  /** The real port on the relay host. */
  readonly relayPort: number;
  /** Bound by a first `sendto` rather than by `bind`. */
  readonly implicit: boolean;
  /** Destinations sent to, "address:port": the only sources an implicitly bound socket accepts. */
  peers: Set<string> = new Set();
  packetsIn = 0;
  packetsOut = 0;
  bytesIn = 0;
  bytesOut = 0;
  lastActivity;
  closed = false;
  /** Sends handed to Node whose callback has not come yet. */
  #sending = 0;
  #udpClosed = false;
  #udp;
  #owner;
  #sourceAllowed;
  #now;
  #onUdpClosed;

  constructor({
    id,
    port,
    relayPort,
    implicit,
    udp,
    owner,
    sourceAllowed,
    now,
    onUdpClosed = () => {},
  }: {
    id: number;
    port: number;
    relayPort: number;
    implicit: boolean;
    /** Bound real socket; this object owns it from now on. */
    udp: dgram.Socket;
    owner: BridgeOwner;
    /** Inbound filter for explicitly bound sockets. */
    sourceAllowed: (address: string) => boolean;
    /** Clock (ms). */
    now: () => number;
    /**
     * Called once the real socket is really closed (its port free again in the kernel) — up to
     * CLOSE_FLUSH_MS after `close`.
     */
    onUdpClosed?: () => void;
  }) {
    this.id = id;
    this.port = port;
    this.relayPort = relayPort;
    this.implicit = implicit;
    this.lastActivity = now();
    this.#now = now;
    this.#udp = udp;
    this.#owner = owner;
    this.#sourceAllowed = sourceAllowed;
    this.#onUdpClosed = onUdpClosed;
    udp.on('message', (msg, rinfo) => this.receive(rinfo.address, rinfo.port, msg, false));
    udp.on('error', (err) => owner.socketError(this, err));
  }

  /**
   * A datagram arriving for this socket, from the network or (internal) from another learner of this relay.
   * @returns whether it passed the inbound filter
   */
  receive(address: string, port: number, payload: Uint8Array, internal: boolean): boolean {
    if (this.closed) return false;
    const allowed = this.implicit
      ? this.peers.has(`${address}:${port}`)
      : internal || this.#sourceAllowed(address);
    if (!allowed) {
      this.#owner.deniedInbound(this, address, port, payload, internal);
      return false;
    }
    this.packetsIn++;
    this.bytesIn += payload.length;
    this.lastActivity = this.#now();
    this.#owner.deliver(this, address, port, payload, internal);
    return true;
  }

  /** The session this socket belongs to. */
  get owner() {
    return this.#owner;
  }

  /**
   * Sends through the real socket (the policy has already allowed the destination).
   * @param address IPv4 literal
   */
  send(address: string, port: number, payload: Uint8Array) {
    this.notePeer(address, port, payload.length);
    this.#sending++;
    this.#udp.send(payload, port, address, (err) => {
      this.#sending--;
      if (err && !this.closed) this.#owner.socketError(this, err);
      if (this.closed && this.#sending === 0) this.#closeUdp();
    });
  }

  /** Records a destination and the traffic sent to it (also for internal deliveries). */
  notePeer(address: string, port: number, bytes: number) {
    if (this.peers.size < 4096) this.peers.add(`${address}:${port}`);
    this.packetsOut++;
    this.bytesOut += bytes;
    this.lastActivity = this.#now();
  }

  setBroadcast(on: boolean) {
    this.#udp.setBroadcast(on);
  }

  /**
   * Closes the learner's socket; safe to call twice. As on Linux, where `sendto` has handed the
   * datagram to the kernel before `close`, a datagram sent just before still leaves: the real socket
   * closes once its sends are out (at most CLOSE_FLUSH_MS later). Nothing is received meanwhile.
   */
  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.#sending === 0) return this.#closeUdp();
    setTimeout(() => this.#closeUdp(), CLOSE_FLUSH_MS).unref();
  }

  #closeUdp() {
    if (this.#udpClosed) return;
    this.#udpClosed = true;
    try {
      this.#udp.close(() => this.#onUdpClosed());
    } catch {
      // already closed by an error
      this.#onUdpClosed();
    }
  }
}
