// A host's TCP: its ports, which connection a segment belongs to, RST for closed ports, and the stream socket calls (listen, accept, connect, send, recv, shutdown, close).

import { checkPort, mayBind, parseAddr } from './endpoint.ts';
import { NetError, type ErrnoName } from './errors.ts';
import type { StackHost } from './stack-host.ts';
import { ANY, formatIpv4 } from './ipv4.ts';
import type { ResolvedOptions } from './options.ts';
import {
  LINUX_EPHEMERAL_HIGH,
  LINUX_EPHEMERAL_LOW,
  LWIP_EPHEMERAL_HIGH,
  WINDOWS_EPHEMERAL_HIGH,
  WINDOWS_EPHEMERAL_LOW,
  LWIP_EPHEMERAL_LOW,
} from './port-table.ts';
import type { Fate } from './records.ts';
import { newRoute, route, type RouteSource } from './router.ts';
import {
  ACK,
  RST,
  SYN,
  TcpSocket,
  seqAdd,
  type Segment,
  type TcpEnv,
  type TcpProfile,
  type TcpState,
} from './tcp-socket.ts';
import { clearPendingError, setLocal, setLocalPort, setLocks, setOption, setPeer } from './socket-fields.ts';
import type { Wire } from './wire.ts';

/** A connection handed out by accept(). */
export interface AcceptResult {
  fd: number;
  ip: string;
  port: number;
}

/** One line of `ss -tan`: a TCP socket of the host, including orphans still closing (fd null). */
export interface TcpSocketInfo {
  fd: number | null;
  state: TcpState;
  local: [string, number];
  /** null for a listening or unconnected socket. */
  peer: [string, number] | null;
  /** Bytes received and not yet read (Recv-Q); for a listener, connections waiting for accept. */
  recvQ: number;
  /** Bytes sent and not yet acknowledged, plus bytes not yet sent (Send-Q); for a listener, its backlog (as Linux's ss shows it). */
  sendQ: number;
}

export type ShutdownHow = 'SHUT_RD' | 'SHUT_WR' | 'SHUT_RDWR';

const EMPTY = new Uint8Array(0);

export function tcpProfile(opts: ResolvedOptions, lwip: boolean): TcpProfile {
  return lwip
    ? {
        mss: opts.lwipTcpMss,
        sndBuf: opts.lwipTcpSndBuf,
        rcvBuf: opts.lwipTcpWnd,
        rtoInitialMs: opts.lwipTcpRtoInitialMs,
        rtoMinMs: opts.lwipTcpRtoMinMs,
        rtoMaxMs: opts.tcpRtoMaxMs,
        synRetries: opts.lwipTcpSynRetries,
        synAckRetries: opts.lwipTcpMaxRtx,
        retries: opts.lwipTcpMaxRtx,
        timeWaitMs: opts.lwipTcpTimeWaitMs,
        finTimeoutMs: opts.tcpFinTimeoutMs,
        maxBacklog: opts.lwipMaxBacklog,
      }
    : {
        mss: opts.tcpMss,
        sndBuf: opts.tcpSndBuf,
        rcvBuf: opts.tcpRcvBuf,
        rtoInitialMs: opts.tcpRtoInitialMs,
        rtoMinMs: opts.tcpRtoMinMs,
        rtoMaxMs: opts.tcpRtoMaxMs,
        synRetries: opts.tcpSynRetries,
        synAckRetries: opts.tcpSynAckRetries,
        retries: opts.tcpRetries2,
        timeWaitMs: opts.tcpTimeWaitMs,
        finTimeoutMs: opts.tcpFinTimeoutMs,
        maxBacklog: opts.somaxconn,
      };
}

export class TcpStack implements TcpEnv {
  readonly profile;
  readonly limits: TcpProfile;
  readonly #host: StackHost;
  readonly #wire: Wire;
  readonly #opts: ResolvedOptions;
  readonly #ports = new Map<number, TcpSocket[]>();
  readonly #route = newRoute();
  #seq = 0;
  #lwipLast = LWIP_EPHEMERAL_LOW;

  constructor(host: StackHost, wire: Wire, opts: ResolvedOptions) {
    this.#host = host;
    this.#wire = wire;
    this.#opts = opts;
    this.profile = host.profile;
    this.limits = tcpProfile(opts, host.profile === 'lwip');
  }

  // ---------------------------------------------------------------- TcpEnv

  now(): number {
    return this.#opts.clock.now();
  }

  setTimer(atMs: number, cb: () => void): number {
    return this.#opts.clock.setTimer(atMs, () => {
      cb();
      this.#wire.drainSegments();
    });
  }

  clearTimer(id: number): void {
    this.#opts.clock.clearTimer(id);
  }

  emit(
    sock: TcpSocket,
    flags: number,
    seq: number,
    ack: number,
    data: Uint8Array,
    retransmit: boolean,
  ): void {
    const wnd = sock.rcvWnd();
    sock.lastAdvertised = wnd;
    this.#send(
      sock,
      {
        srcIp: sock.localIp,
        srcIpStr: sock.localIpStr,
        sport: sock.localPort,
        dstIp: sock.peerIp,
        dstIpStr: sock.peerIpStr,
        dport: sock.peerPort,
        seq,
        ack,
        flags,
        wnd,
        data,
      },
      retransmit,
    );
  }

  #send(src: RouteSource, seg: Segment, retransmit: boolean): void {
    const r = this.#route;
    try {
      route(this.#host, src, seg.dstIp, seg.dstIpStr, r);
    } catch {
      return; // the host lost its address or LAN: the segment cannot leave (a retransmission may later)
    }
    this.#wire.transmitSegment(this.#host, seg, r, retransmit);
  }

  closed(sock: TcpSocket): void {
    if (sock.fd !== null && sock.portLocked) return;
    this.#release(sock);
    // Linux: a connect that failed forgets the source address it chose (getsockname shows
    // 0.0.0.0 and the old port); a connect on the same socket picks a new port.
    if (sock.fd !== null && !sock.everConnected && !sock.addrLocked) {
      setLocal(sock, ANY, '0.0.0.0');
    }
  }

  childChanged(child: TcpSocket): void {
    const parent = child.parent;
    if (parent === null) return;
    if (child.state === 'CLOSED') {
      const i = parent.children.indexOf(child);
      if (i >= 0) parent.children.splice(i, 1);
      child.parent = null;
    }
    parent.notify();
  }

  // ---------------------------------------------------------------- ports

  #add(sock: TcpSocket): void {
    sock.bindSeq = ++this.#seq;
    const list = this.#ports.get(sock.localPort);
    if (list === undefined) this.#ports.set(sock.localPort, [sock]);
    else list.push(sock);
  }

  /** sock is in the port table under its port. */
  #holds(sock: TcpSocket): boolean {
    return this.#ports.get(sock.localPort)?.includes(sock) ?? false;
  }

  #release(sock: TcpSocket): void {
    const list = this.#ports.get(sock.localPort);
    if (list === undefined) return;
    const i = list.indexOf(sock);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.#ports.delete(sock.localPort);
  }

  /**
   * The socket that stops sock from using ip:port. Overlapping addresses conflict unless both
   * have SO_REUSEADDR and the other is not listening — a connection in TIME-WAIT too: it keeps
   * the flag of its socket (an accepted one, its listener's), so a restarted server binds at once
   * only when the old one had set it as well, as CPython 3.11 on Linux shows
   * (tests/differential/programs/tcp-time-wait.py; Linux inet_csk_bind_conflict; lwIP tcp_bind).
   */
  #conflict(sock: TcpSocket, ip: number, port: number, listening: boolean): TcpSocket | null {
    const list = this.#ports.get(port);
    if (list === undefined) return null;
    for (const other of list) {
      if (other === sock) continue;
      if (ip !== ANY && other.localIp !== ANY && other.localIp !== ip) continue;
      if (listening) {
        if (other.state === 'LISTEN') return other;
        continue;
      }
      if (sock.reuseAddr && other.reuseAddr && other.state !== 'LISTEN') continue;
      return other;
    }
    return null;
  }

  #ephemeral(sock: TcpSocket): number {
    if (this.profile !== 'lwip') {
      const win = this.profile === 'windows';
      const low = win ? WINDOWS_EPHEMERAL_LOW : LINUX_EPHEMERAL_LOW;
      const span = (win ? WINDOWS_EPHEMERAL_HIGH : LINUX_EPHEMERAL_HIGH) - low + 1;
      const start = this.#host.prng.int(0, span - 1);
      for (let i = 0; i < span; i++) {
        const port = low + ((start + i) % span);
        if (!this.#ports.has(port)) return port;
      }
      throw new NetError(
        win ? 'ENOBUFS' : 'EAGAIN',
        `host "${this.#host.name}" has no free TCP port left in ${low}–${low + span - 1} (fd ${String(sock.fd)})`,
      );
    }
    const span = LWIP_EPHEMERAL_HIGH - LWIP_EPHEMERAL_LOW + 1;
    for (let i = 0; i < span; i++) {
      this.#lwipLast = this.#lwipLast === LWIP_EPHEMERAL_HIGH ? LWIP_EPHEMERAL_LOW : this.#lwipLast + 1;
      if (!this.#ports.has(this.#lwipLast)) return this.#lwipLast;
    }
    throw new NetError('EADDRINUSE', `host "${this.#host.name}" has no free TCP port left in 49152–65535`);
  }

  #iss(): number {
    return this.#host.prng.int(0, 0xffff_ffff) >>> 0;
  }

  bind(sock: TcpSocket, ip: string, port: number): void {
    const addr = parseAddr(ip);
    checkPort(port);
    if (sock.bound || sock.state !== 'CLOSED')
      throw new NetError(
        'EINVAL',
        `fd ${String(sock.fd)} is already bound to ${sock.localIpStr}:${sock.localPort}; a socket can be bound once (open a new one)`,
      );
    if (this.profile !== 'lwip' && addr !== ANY && !mayBind(this.#host, addr)) {
      const mine = ['127.0.0.1', ...this.#host.addresses()].join(', ');
      throw new NetError(
        'EADDRNOTAVAIL',
        `host "${this.#host.name}" has no address ${ip}; bind to "" or one of: ${mine}`,
      );
    }
    let chosen = port;
    if (chosen === 0) chosen = this.#ephemeral(sock);
    else {
      const other = this.#conflict(sock, addr, chosen, false);
      if (other !== null) {
        const tw = other.state === 'TIME-WAIT';
        throw new NetError(
          'EADDRINUSE',
          tw
            ? `port ${chosen} on host "${this.#host.name}" is still held by a connection in TIME-WAIT (it lasts ${this.limits.timeWaitMs / 1000} s after an active close); set SO_REUSEADDR before bind, or wait`
            : `port ${chosen} on host "${this.#host.name}" is taken by a TCP socket in state ${other.state}; close it, pick another port, or set SO_REUSEADDR on both sockets before bind`,
        );
      }
    }
    setLocal(sock, addr, formatIpv4(addr), chosen);
    setLocks(sock, port !== 0, addr !== ANY);
    this.#add(sock);
  }

  // ---------------------------------------------------------------- the socket calls

  listen(sock: TcpSocket, backlog: number): void {
    if (!Number.isInteger(backlog))
      throw new NetError('EINVAL', `backlog must be an integer, got ${String(backlog)}`);
    if (sock.state !== 'CLOSED' && sock.state !== 'LISTEN')
      throw new NetError('EINVAL', `fd ${String(sock.fd)} is ${sock.state}; only a fresh socket can listen`);
    if (!sock.bound) {
      setLocalPort(sock, this.#ephemeral(sock));
      this.#add(sock);
    } else if (!this.#holds(sock)) {
      // Linux: a socket that connected, or whose connect failed, cannot listen (EINVAL).
      throw new NetError(
        'EINVAL',
        `fd ${String(sock.fd)} has connected (or tried to); open a new socket to listen`,
      );
    }
    if (sock.state === 'CLOSED') {
      const other = this.#conflict(sock, sock.localIp, sock.localPort, true);
      if (other !== null)
        throw new NetError(
          'EADDRINUSE',
          `another socket (fd ${String(other.fd)}) already listens on port ${sock.localPort}; close it or pick another port`,
        );
    }
    const lwip = this.profile === 'lwip';
    const b = Math.min(Math.max(backlog, 0), this.limits.maxBacklog);
    sock.backlog = lwip ? Math.max(b, 1) : b;
    sock.state = 'LISTEN';
  }

  /** The oldest established child, or null (EAGAIN for a non-blocking accept). */
  acceptable(sock: TcpSocket): TcpSocket | null {
    if (sock.state !== 'LISTEN')
      throw new NetError('EINVAL', `fd ${String(sock.fd)} is not listening; call listen() before accept()`);
    if (sock.pendingError !== null) this.raisePending(sock);
    return sock.children.find((c) => c.accepted()) ?? null;
  }

  /** Hands a child to the program under fd. */
  adopt(parent: TcpSocket, child: TcpSocket, fd: number): AcceptResult {
    const i = parent.children.indexOf(child);
    if (i >= 0) parent.children.splice(i, 1);
    child.parent = null;
    child.fd = fd;
    return { fd, ip: child.peerIpStr, port: child.peerPort };
  }

  connect(sock: TcpSocket, ip: string, port: number): void {
    const addr = parseAddr(ip);
    checkPort(port);
    if (sock.pendingError !== null) this.raisePending(sock);
    switch (sock.state) {
      case 'SYN-SENT':
      case 'SYN-RECEIVED':
        throw new NetError(
          'EALREADY',
          `fd ${String(sock.fd)} is already connecting to ${sock.peerIpStr}:${sock.peerPort}; wait until it is writable`,
        );
      case 'CLOSED':
        break;
      default:
        throw new NetError(
          'EISCONN',
          `fd ${String(sock.fd)} is ${sock.state === 'LISTEN' ? 'listening' : 'already connected'}; open a new socket to connect`,
        );
    }
    if (port === 0)
      throw new NetError('ECONNREFUSED', 'cannot connect to port 0; use the port the server listens on');
    const r = this.#route;
    route(this.#host, sock, addr, formatIpv4(addr), r);
    if (r.kind === 'broadcast')
      throw new NetError('ENETUNREACH', `${r.dstIpStr} is a broadcast address; TCP connects to one host`);
    if (r.kind === 'uplink')
      throw new NetError(
        'ENETUNREACH',
        `${r.dstIpStr} is outside the simulation: TCP connections stay between simulated hosts (only UDP goes through the classroom relay)`,
      );
    if (!sock.bound || !this.#holds(sock)) {
      // Unbound, or its port went with a connect that failed (only an explicit bind keeps it).
      setLocalPort(sock, this.#ephemeral(sock));
      this.#add(sock);
    }
    if (sock.localIp === ANY) setLocal(sock, r.srcIp, r.srcIpStr);
    setPeer(sock, r.dstIp, r.dstIpStr, port);
    sock.open(this.#iss());
  }

  /** send(): bytes taken, or null when nothing fits now (EAGAIN / block). */
  send(sock: TcpSocket, data: Uint8Array): number | null {
    if (sock.pendingError !== null) this.raisePending(sock);
    const lwip = this.profile === 'lwip';
    if (sock.state === 'SYN-SENT' || sock.state === 'SYN-RECEIVED') return null;
    if (sock.wrShut || (sock.state !== 'ESTABLISHED' && sock.state !== 'CLOSE-WAIT')) {
      if (lwip && !sock.everConnected)
        throw new NetError('ENOTCONN', `fd ${String(sock.fd)} is not connected; connect() first`);
      throw new NetError(
        lwip ? 'ENOTCONN' : 'EPIPE',
        sock.wrShut
          ? `fd ${String(sock.fd)} can no longer send: it was shut down for writing (shutdown SHUT_WR or close)`
          : sock.everConnected
            ? `the connection of fd ${String(sock.fd)} is over (state ${sock.state}); nothing more can be sent`
            : `fd ${String(sock.fd)} is not connected; connect() first`,
      );
    }
    if (data.length === 0) return 0;
    const n = sock.write(data);
    return n === 0 ? null : n;
  }

  /** recv(): data, an empty array at end of stream, or null when nothing is there yet (EAGAIN / block). */
  recv(sock: TcpSocket, bufsize: number, peek: boolean): Uint8Array | null {
    if (!Number.isInteger(bufsize) || bufsize < 0)
      throw new NetError('EINVAL', `bufsize must be an integer ≥ 0, got ${String(bufsize)}`);
    if (sock.state === 'LISTEN')
      throw new NetError(
        'ENOTCONN',
        `fd ${String(sock.fd)} is listening; accept() a connection and recv on that`,
      );
    if (sock.rcvQ.length > 0) return bufsize === 0 ? EMPTY : sock.read(bufsize, peek);
    // Linux (SOCK_DONE): once the peer's FIN is in, recv reads the end of stream even if an RST
    // came after it; the error it left (EPIPE) waits for the next send or SO_ERROR.
    // lwIP reports the reset instead.
    if (sock.eof && this.profile !== 'lwip') return EMPTY;
    if (sock.pendingError !== null) this.raisePending(sock);
    if (sock.eof || sock.rdShut) return EMPTY;
    if (sock.state === 'CLOSED') {
      if (sock.everConnected) return EMPTY;
      throw new NetError('ENOTCONN', `fd ${String(sock.fd)} is not connected; connect() first`);
    }
    return null;
  }

  shutdown(sock: TcpSocket, how: ShutdownHow): void {
    if (how !== 'SHUT_RD' && how !== 'SHUT_WR' && how !== 'SHUT_RDWR')
      throw new NetError('EINVAL', `how must be SHUT_RD, SHUT_WR or SHUT_RDWR, got ${String(how)}`);
    const st = sock.state;
    // Linux: a connection in TIME-WAIT has left its socket, which is CLOSED again.
    if (st === 'CLOSED' || st === 'TIME-WAIT')
      throw new NetError('ENOTCONN', `fd ${String(sock.fd)} is not connected`);
    if (st === 'LISTEN' || st === 'SYN-SENT') {
      if (st === 'LISTEN' && how === 'SHUT_WR') return;
      this.#closeListener(sock);
      sock.toClosed();
      return;
    }
    if (how !== 'SHUT_WR') sock.rdShut = true;
    if (how !== 'SHUT_RD') sock.finish();
  }

  /** close(): the fd is gone; the connection closes gracefully, or with RST if data was left unread. */
  close(sock: TcpSocket): void {
    const st = sock.state;
    if (st === 'LISTEN') {
      this.#closeListener(sock);
      sock.toClosed();
    } else if (st === 'SYN-SENT') {
      sock.toClosed();
    } else if (st !== 'CLOSED' && (sock.rcvQ.length > 0 || sock.ooo.length > 0)) {
      sock.abort();
    } else {
      sock.finish();
    }
    sock.orphan();
    if (sock.state === 'CLOSED') this.#release(sock);
  }

  #closeListener(sock: TcpSocket): void {
    for (const child of [...sock.children]) {
      child.parent = null;
      child.abort();
      this.#release(child);
    }
    sock.children.length = 0;
  }

  raisePending(sock: TcpSocket): never {
    const code = sock.pendingError as ErrnoName;
    const reason = sock.pendingReason ?? 'an earlier error on this connection';
    clearPendingError(sock);
    throw new NetError(code, reason);
  }

  info(): TcpSocketInfo[] {
    const out: TcpSocketInfo[] = [];
    const seen = new Set<TcpSocket>();
    for (const list of this.#ports.values())
      for (const s of list) {
        if (seen.has(s)) continue;
        seen.add(s);
        out.push(describe(s));
      }
    return out.sort((a, b) => a.local[1] - b.local[1] || (a.fd ?? 1e9) - (b.fd ?? 1e9));
  }

  // ---------------------------------------------------------------- arrivals

  /**
   * A segment reached this host: finds its connection or listener (or nobody: RST). Returns the
   * record's fate and the work to do, which the wire runs after settling the record, so the
   * packet list shows a segment arrive before the answers it causes.
   */
  arrive(seg: Segment): { fate: Fate; then: (() => void) | null } {
    const list = this.#ports.get(seg.dport);
    let conn: TcpSocket | null = null;
    let listener: TcpSocket | null = null;
    if (list !== undefined) {
      for (const s of list) {
        if (s.localIp !== ANY && s.localIp !== seg.dstIp) continue;
        if (s.state === 'LISTEN') {
          if (listener === null || (listener.localIp === ANY && s.localIp !== ANY)) listener = s;
        } else if (s.state !== 'CLOSED' && s.peerPort === seg.sport && s.peerIp === seg.srcIp) {
          conn = s;
          break;
        }
      }
    }
    if (conn !== null) {
      const c = conn;
      return {
        fate: 'delivered',
        then: () => {
          if (c.state === 'CLOSED') return;
          c.input(seg);
          c.notify();
        },
      };
    }
    if (listener !== null) return this.#toListener(listener, seg);
    return { fate: 'refused', then: seg.flags & RST ? null : () => this.#reset(seg) };
  }

  #toListener(listener: TcpSocket, seg: Segment): { fate: Fate; then: (() => void) | null } {
    if (seg.flags & RST) return { fate: 'delivered', then: null };
    if (seg.flags & ACK) return { fate: 'delivered', then: () => this.#reset(seg) };
    if (!(seg.flags & SYN)) return { fate: 'delivered', then: null };
    const limit = this.profile !== 'lwip' ? listener.backlog + 1 : listener.backlog;
    if (listener.children.length >= limit) return { fate: 'dropped', then: null };
    return { fate: 'delivered', then: () => this.#newChild(listener, seg) };
  }

  #newChild(listener: TcpSocket, seg: Segment): void {
    if (listener.state !== 'LISTEN') return;
    const child = new TcpSocket(this, null);
    setLocal(child, seg.dstIp, seg.dstIpStr, listener.localPort);
    setPeer(child, seg.srcIp, seg.srcIpStr, seg.sport);
    setOption(child, 'reuseAddr', listener.reuseAddr);
    child.parent = listener;
    listener.children.push(child);
    this.#add(child);
    child.openChild(seg, this.#iss());
  }

  /** RST for a segment nobody takes (RFC 9293: seq from its ACK, or ACK of everything it occupied). */
  #reset(seg: Segment): void {
    const segLen = seg.data.length + (seg.flags & SYN ? 1 : 0) + (seg.flags & 1 ? 1 : 0);
    const withAck = (seg.flags & ACK) === 0;
    this.#send(
      { localIp: seg.dstIp, localIpStr: seg.dstIpStr },
      {
        srcIp: seg.dstIp,
        srcIpStr: seg.dstIpStr,
        sport: seg.dport,
        dstIp: seg.srcIp,
        dstIpStr: seg.srcIpStr,
        dport: seg.sport,
        seq: withAck ? 0 : seg.ack,
        ack: withAck ? seqAdd(seg.seq, segLen) : 0,
        flags: withAck ? RST | ACK : RST,
        wnd: 0,
        data: EMPTY,
      },
      false,
    );
  }
}

function describe(s: TcpSocket): TcpSocketInfo {
  const connected = s.state !== 'LISTEN' && s.peerPort !== 0;
  return {
    fd: s.fd,
    state: s.state,
    local: [s.localIpStr, s.localPort],
    peer: connected ? [s.peerIpStr, s.peerPort] : null,
    recvQ: s.state === 'LISTEN' ? s.children.filter((c) => c.accepted()).length : s.rcvQ.length,
    sendQ: s.state === 'LISTEN' ? s.backlog : s.sndQ.length,
  };
}
