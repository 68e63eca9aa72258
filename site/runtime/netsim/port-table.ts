// A host's bound UDP ports: bind conflicts, ephemeral port choice, and which socket receives a datagram.

import { ANY, LIMITED_BROADCAST, inSubnet, type Subnet } from './ipv4.ts';
import type { Prng } from './prng.ts';
import type { UdpSocket } from './udp-socket.ts';

/** Linux ip_local_port_range. */
export const LINUX_EPHEMERAL_LOW = 32768;
export const LINUX_EPHEMERAL_HIGH = 60999;
/** lwIP UDP_LOCAL_PORT_RANGE_START/END (IANA dynamic ports). */
export const LWIP_EPHEMERAL_LOW = 0xc000;
export const LWIP_EPHEMERAL_HIGH = 0xffff;
/** Windows' default dynamic port range (netsh int ipv4 show dynamicport udp: start 49152, 16384 ports). */
export const WINDOWS_EPHEMERAL_LOW = 49152;
export const WINDOWS_EPHEMERAL_HIGH = 65535;

/** Why a Windows bind fails: the port is in use (WSAEADDRINUSE) or refused to it (WSAEACCES). */
export interface WindowsConflict {
  other: UdpSocket;
  code: 'EADDRINUSE' | 'EACCES';
}

export class PortTable {
  #ports = new Map<number, UdpSocket[]>();
  #seq = 0;
  /** lwIP's udp_port counter: the last port handed out. */
  #lwipLast = LWIP_EPHEMERAL_LOW;

  /** Sockets bound to port (not a copy: do not modify). */
  at(port: number): readonly UdpSocket[] | undefined {
    return this.#ports.get(port);
  }

  /**
   * The socket that stops sock from binding ip:port, or null. Two sockets conflict on the same
   * port when their addresses are equal or either is the wildcard, unless both have SO_REUSEADDR.
   */
  conflict(sock: UdpSocket, ip: number, port: number): UdpSocket | null {
    const list = this.#ports.get(port);
    if (list === undefined) return null;
    for (const other of list) {
      if (other === sock) continue;
      if (sock.reuseAddr && other.reuseAddr) continue;
      if (ip === ANY || other.localIp === ANY || other.localIp === ip) return other;
    }
    return null;
  }

  /**
   * Windows' bind rules for a second socket on a port (WINDOWS.md, "Binding"), for programs of one
   * user account: same address (or both wildcard) → in use unless the new socket has SO_REUSEADDR;
   * SO_EXCLUSIVEADDRUSE on either side wins (the new one: in use, the old one: access denied);
   * a specific address beside a wildcard binding is allowed unless the wildcard one is exclusive
   * or, for a new wildcard, the new one asks for exclusivity.
   */
  windowsConflict(sock: UdpSocket, ip: number, port: number): WindowsConflict | null {
    const list = this.#ports.get(port);
    if (list === undefined) return null;
    for (const other of list) {
      if (other === sock) continue;
      const c = windowsPair(sock, ip, other);
      if (c !== null) return { other, code: c };
    }
    return null;
  }

  add(sock: UdpSocket): void {
    sock.bindSeq = ++this.#seq;
    const list = this.#ports.get(sock.localPort);
    if (list === undefined) this.#ports.set(sock.localPort, [sock]);
    else list.push(sock);
  }

  remove(sock: UdpSocket): void {
    const list = this.#ports.get(sock.localPort);
    if (list === undefined) return;
    const i = list.indexOf(sock);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.#ports.delete(sock.localPort);
  }

  /** A Linux ephemeral port: a seeded random start in 32768–60999, then the next free one. 0 if all are taken. */
  linuxEphemeral(prng: Prng): number {
    const span = LINUX_EPHEMERAL_HIGH - LINUX_EPHEMERAL_LOW + 1;
    const start = prng.int(0, span - 1);
    for (let i = 0; i < span; i++) {
      const port = LINUX_EPHEMERAL_LOW + ((start + i) % span);
      if (!this.#ports.has(port)) return port;
    }
    return 0;
  }

  /** A Windows ephemeral port: a seeded random start in 49152–65535, then the next free one. 0 if all are taken. */
  windowsEphemeral(prng: Prng): number {
    const span = WINDOWS_EPHEMERAL_HIGH - WINDOWS_EPHEMERAL_LOW + 1;
    const start = prng.int(0, span - 1);
    for (let i = 0; i < span; i++) {
      const port = WINDOWS_EPHEMERAL_LOW + ((start + i) % span);
      if (!this.#ports.has(port)) return port;
    }
    return 0;
  }

  /** An lwIP ephemeral port: the counter's next free value, wrapping 65535 → 49152 (first one 49153). 0 if all are taken. */
  lwipEphemeral(): number {
    const span = LWIP_EPHEMERAL_HIGH - LWIP_EPHEMERAL_LOW + 1;
    for (let i = 0; i < span; i++) {
      this.#lwipLast = this.#lwipLast === LWIP_EPHEMERAL_HIGH ? LWIP_EPHEMERAL_LOW : this.#lwipLast + 1;
      if (!this.#ports.has(this.#lwipLast)) return this.#lwipLast;
    }
    return 0;
  }

  /**
   * The socket that receives a unicast datagram, or null (→ ICMP port unreachable).
   * A socket bound to the exact address beats a wildcard one; then a socket connected to the
   * sender beats an unconnected one; sockets connected elsewhere never match; among equals the
   * most recently bound wins (Linux's hash chains put new sockets first).
   */
  lookup(dstIp: number, dstPort: number, srcIp: number, srcPort: number): UdpSocket | null {
    const list = this.#ports.get(dstPort);
    if (list === undefined) return null;
    let best: UdpSocket | null = null;
    let bestScore = -1;
    for (const sock of list) {
      let score: number;
      if (sock.localIp === dstIp) score = 4;
      else if (sock.localIp === ANY) score = 0;
      else continue;
      if (sock.connected) {
        if (sock.peerIp !== srcIp || sock.peerPort !== srcPort) continue;
        score += 2;
      }
      if (score > bestScore || (score === bestScore && best !== null && sock.bindSeq > best.bindSeq)) {
        best = sock;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * Calls cb for every socket that receives a broadcast to dstIp:dstPort: bound to the wildcard
   * or to dstIp itself (Linux). With lwipSubnet (an lwIP receiver), a socket bound to any address
   * takes 255.255.255.255 and one bound inside that subnet takes the subnet's broadcast
   * (lwIP's udp_input_local_match). With windowsIfaceIp (a Windows receiver), a socket bound to
   * that interface's own address takes the broadcast too. Connected sockets only take their peer's datagrams.
   */
  forBroadcast(
    dstIp: number,
    dstPort: number,
    srcIp: number,
    srcPort: number,
    lwipSubnet: Subnet | null,
    cb: (sock: UdpSocket) => void,
    windowsIfaceIp = -1,
  ): void {
    const list = this.#ports.get(dstPort);
    if (list === undefined) return;
    for (const sock of list.slice()) {
      const local = sock.localIp;
      const addrOk =
        local === ANY ||
        local === dstIp ||
        local === windowsIfaceIp ||
        (lwipSubnet !== null && (dstIp === LIMITED_BROADCAST || inSubnet(local, lwipSubnet)));
      if (!addrOk) continue;
      if (sock.connected && (sock.peerIp !== srcIp || sock.peerPort !== srcPort)) continue;
      cb(sock);
    }
  }
}

/** One cell of Windows' bind table: the second bind (sock at ip) against a socket already bound. */
function windowsPair(sock: UdpSocket, ip: number, other: UdpSocket): 'EADDRINUSE' | 'EACCES' | null {
  const mine = ip;
  const theirs = other.localIp;
  if (mine !== ANY && theirs !== ANY && mine !== theirs) return null; // two different addresses
  if (mine === theirs) {
    // the same address, or both the wildcard
    if (sock.exclusiveAddrUse) return 'EADDRINUSE';
    if (other.exclusiveAddrUse) return sock.reuseAddr ? 'EACCES' : 'EADDRINUSE';
    return sock.reuseAddr ? null : 'EADDRINUSE';
  }
  if (mine !== ANY) {
    // a specific address beside a wildcard binding
    return other.exclusiveAddrUse ? 'EACCES' : null;
  }
  // a wildcard beside a specific binding
  return sock.exclusiveAddrUse ? 'EADDRINUSE' : null;
}
