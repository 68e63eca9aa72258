// Wires netsim's uplink hook to the relay client: socket ids, binds and closes, datagrams both ways,
// relay errors raised on the right socket as OSError, and the port mappings the panel shows.

import { ERRNO, type ErrnoName, type Host, type Uplink, type UplinkSocket } from '../runtime/netsim/index.ts';
import type { RelayClient, RelayEvent } from './relay-client.ts';

/** "Your port `port` on `host` is reachable at `address`:`relayPort`." */
export interface RelayMapping {
  host: string;
  port: number;
  address: string;
  relayPort: number;
  implicit: boolean;
}

/** The relay's errno name as netsim's; an unknown one becomes EIO. */
export function errnoName(name: string | undefined): ErrnoName {
  return name !== undefined && Object.hasOwn(ERRNO, name) ? (name as ErrnoName) : 'EIO';
}

/** Socket ids are 16-bit on the wire; 0 is left unused so that a missing id is never a socket. */
const MAX_SOCKET_ID = 0xffff;

export class RelayUplink implements Uplink {
  readonly #client: RelayClient;
  readonly #hosts = new Set<Host>();
  /** Socket id ↔ handle, for the handles that are active. */
  readonly #byId = new Map<number, UplinkSocket>();
  readonly #ids = new Map<UplinkSocket, number>();
  /** Request id → socket id, to place a failed bind's error. */
  readonly #requests = new Map<number, number>();
  readonly #mappings = new Map<number, RelayMapping>();
  readonly #listeners = new Set<(m: RelayMapping[]) => void>();
  readonly #off: () => void;
  #nextSocket = 1;
  #nextRequest = 1;

  constructor(client: RelayClient) {
    this.#client = client;
    this.#off = client.onEvent((e) => this.#event(e));
  }

  /** Gives `host` this uplink (its existing bound sockets are announced at once). */
  attach(host: Host): void {
    this.#hosts.add(host);
    host.setUplink(this);
  }

  /** Takes the uplink from every host and closes their relay sockets (a new world replaces them). */
  detachAll(): void {
    for (const host of this.#hosts) if (host.uplink === this) host.setUplink(null);
    this.#hosts.clear();
    for (const id of this.#byId.keys()) this.#client.close(this.#nextRequest++, id);
    this.#byId.clear();
    this.#ids.clear();
    this.#requests.clear();
    this.#mappings.clear();
    this.#emitMappings();
  }

  /** detachAll, and stop listening to the client. */
  dispose(): void {
    this.detachAll();
    this.#off();
  }

  get mappings(): RelayMapping[] {
    return [...this.#mappings.values()];
  }

  onMappings(cb: (m: RelayMapping[]) => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  bound(sock: UplinkSocket): void {
    const id = this.#allocate();
    if (id === 0) {
      sock.fail('EMFILE', 'every relay socket id of this page is in use');
      return;
    }
    this.#byId.set(id, sock);
    this.#ids.set(sock, id);
    this.#bind(id, sock);
  }

  send(sock: UplinkSocket, ip: string, port: number, data: Uint8Array): void {
    const id = this.#ids.get(sock);
    if (id !== undefined) this.#client.send(id, ip, port, data);
  }

  unbound(sock: UplinkSocket): void {
    const id = this.#ids.get(sock);
    if (id === undefined) return;
    this.#ids.delete(sock);
    this.#byId.delete(id);
    if (this.#mappings.delete(id)) this.#emitMappings();
    this.#client.close(this.#nextRequest++, id);
  }

  #bind(id: number, sock: UplinkSocket): void {
    const request = this.#nextRequest++;
    if (this.#client.bind(request, id, sock.implicit ? 0 : sock.port, sock.implicit))
      this.#requests.set(request, id);
  }

  #allocate(): number {
    for (let i = 0; i < MAX_SOCKET_ID; i++) {
      const id = this.#nextSocket;
      this.#nextSocket = id >= MAX_SOCKET_ID ? 1 : id + 1;
      if (!this.#byId.has(id)) return id;
    }
    return 0;
  }

  #event(e: RelayEvent): void {
    switch (e.type) {
      case 'welcome':
        // A new session holds no sockets: bind every live one again (new mappings follow).
        this.#requests.clear();
        this.#mappings.clear();
        this.#emitMappings();
        for (const [id, sock] of this.#byId) this.#bind(id, sock);
        return;
      case 'bound': {
        if (e.id !== null) this.#requests.delete(e.id);
        const sock = this.#byId.get(e.socket);
        if (!sock) return;
        this.#mappings.set(e.socket, {
          host: sock.host,
          port: sock.port,
          address: e.address,
          relayPort: e.relayPort,
          implicit: sock.implicit,
        });
        this.#emitMappings();
        return;
      }
      case 'closed':
        // The relay closed an idle socket: its next datagram binds it again, implicitly.
        if (e.id === null && this.#mappings.delete(e.socket)) this.#emitMappings();
        return;
      case 'error': {
        const socket = e.socket ?? (e.id !== null ? this.#requests.get(e.id) : undefined);
        if (e.id !== null) this.#requests.delete(e.id);
        const sock = socket === undefined ? undefined : this.#byId.get(socket);
        sock?.fail(errnoName(e.errno), `${e.code}: ${e.message}`);
        // The packet list: the datagram it had marked "sent through the relay" was refused, and why.
        const peer = e.peer === undefined ? null : splitPeer(e.peer);
        if (sock && peer && e.code === 'RELAY_ERR_DENIED_PEER')
          sock.denied(peer.ip, peer.port, { reason: e.reason ?? 'denied', allow: e.allow ?? null });
        return;
      }
      case 'refused': {
        // A datagram for this socket that the relay refused on arrival: listed, never delivered.
        const peer = splitPeer(e.peer);
        if (peer)
          this.#byId
            .get(e.socket)
            ?.refusedInbound(peer.ip, peer.port, e.size, { reason: e.reason, allow: e.allow });
        return;
      }
      case 'datagram':
        this.#byId.get(e.socket)?.deliver(e.ip, e.port, e.payload);
        return;
    }
  }

  #emitMappings(): void {
    const list = this.mappings;
    for (const cb of this.#listeners) cb(list);
  }
}

/** "192.168.1.5:6000" → its address and port; null when it is not one (an IPv6 peer, a malformed one). */
function splitPeer(peer: string): { ip: string; port: number } | null {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(peer);
  return m ? { ip: m[1] as string, port: Number(m[2]) } : null;
}
