// @ts-check
// One learner socket bridged to one real UDP socket: sends, filters what comes back, tracks activity.

/**
 * Longest wait, after `close`, for the sends still under way (Node resolves even an IP literal on
 * the next tick) before the real socket is closed anyway.
 */
export const CLOSE_FLUSH_MS = 1_000;

/**
 * @typedef {object} BridgeOwner What a RelaySocket reports to (its session).
 * @property {(sock: RelaySocket, address: string, port: number, payload: Uint8Array, internal: boolean) => void} deliver
 *   A datagram for the browser, already past the inbound filter; `internal` when another learner of this relay sent it.
 * @property {(sock: RelaySocket, address: string, port: number, payload: Uint8Array, internal: boolean) => void} deniedInbound
 * @property {string} learner The learner's tag for the dashboard: display name, else session id.
 * @property {(sock: RelaySocket, err: NodeJS.ErrnoException) => void} socketError
 */

export class RelaySocket {
  /** Destinations sent to, "address:port": the only sources an implicitly bound socket accepts. @type {Set<string>} */
  peers = new Set();
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

  /**
   * @param {object} options
   * @param {number} options.id Socket id chosen by the browser.
   * @param {number} options.port The port the learner's program asked for (0 when any).
   * @param {number} options.relayPort The real port on the relay host.
   * @param {boolean} options.implicit Bound by a first `sendto` rather than by `bind`.
   * @param {import('node:dgram').Socket} options.udp Bound real socket; this object owns it from now on.
   * @param {BridgeOwner} options.owner
   * @param {(address: string) => boolean} options.sourceAllowed Inbound filter for explicitly bound sockets.
   * @param {() => number} options.now Clock (ms).
   * @param {() => void} [options.onUdpClosed] Called once the real socket is really closed (its port free
   *   again in the kernel) — up to CLOSE_FLUSH_MS after `close`.
   */
  constructor({ id, port, relayPort, implicit, udp, owner, sourceAllowed, now, onUdpClosed = () => {} }) {
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
   * @param {string} address @param {number} port @param {Uint8Array} payload
   * @param {boolean} internal
   * @returns {boolean} whether it passed the inbound filter
   */
  receive(address, port, payload, internal) {
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
   * @param {string} address IPv4 literal @param {number} port @param {Uint8Array} payload
   */
  send(address, port, payload) {
    this.notePeer(address, port, payload.length);
    this.#sending++;
    this.#udp.send(payload, port, address, (err) => {
      this.#sending--;
      if (err && !this.closed) this.#owner.socketError(this, err);
      if (this.closed && this.#sending === 0) this.#closeUdp();
    });
  }

  /**
   * Records a destination and the traffic sent to it (also for internal deliveries).
   * @param {string} address @param {number} port @param {number} bytes
   */
  notePeer(address, port, bytes) {
    if (this.peers.size < 4096) this.peers.add(`${address}:${port}`);
    this.packetsOut++;
    this.bytesOut += bytes;
    this.lastActivity = this.#now();
  }

  /** @param {boolean} on */
  setBroadcast(on) {
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
