// One simulated machine: its LAN interfaces, its file-descriptor table, and the UDP socket calls as Linux or lwIP answer them.

import { autobind, bindSocket, checkPort, connectSocket, disconnectSocket, parseAddr } from './endpoint.ts';
import { NetError, NetsimConfigError } from './errors.ts';
import { ANY, formatIpv4, isLoopback } from './ipv4.ts';
import type { Iface, Lan } from './lan.ts';
import type { ResolvedOptions } from './options.ts';
import { POLLERR, POLLIN, POLLOUT } from './poll-events.ts';
import { PortTable } from './port-table.ts';
import { Prng, deriveSeed } from './prng.ts';
import { newRoute, route } from './router.ts';
import { clearPendingError, setUplinkHandle } from './socket-fields.ts';
import { getSockOpt, setSockOpt } from './sockopt.ts';
import type { StackHost } from './stack-host.ts';
import { TcpSocket, type TcpState } from './tcp-socket.ts';
import { TcpStack, type AcceptResult, type ShutdownHow, type TcpSocketInfo } from './tcp-stack.ts';
import type {
  GetOptName,
  Host,
  InterfaceInfo,
  Profile,
  RecvResult,
  SetOptName,
  SocketType,
  UdpSocketInfo,
} from './types.ts';
import { UdpSocket } from './udp-socket.ts';
import { UplinkSocketImpl, type Uplink } from './uplink.ts';
import type { Wire } from './wire.ts';

/** What a host needs from its network. */
export interface HostContext {
  readonly opts: ResolvedOptions;
  readonly wire: Wire;
  lan(name: string): Lan<HostImpl> | undefined;
  /** True when a virtual host has this address, or it is a LAN's broadcast address. */
  isVirtualAddress(ip: number): boolean;
}

/** Lowest file descriptor handed out (0–2 are stdin, stdout, stderr). */
const FIRST_FD = 3;

export class HostImpl implements Host, StackHost {
  readonly name: string;
  readonly profile: Profile;
  /** Record LAN name for traffic inside this host. */
  readonly loName: string;
  readonly ports = new PortTable();
  /** LAN memberships in attach order; the first is the default route. */
  readonly ifaces: Iface<HostImpl>[] = [];
  readonly #ctx: HostContext;
  /** Seeded source of Linux ephemeral ports (one stream per host). */
  readonly prng: Prng;
  readonly #maxSockets: number;
  readonly #route = newRoute();
  /** This host's TCP: ports, connections, segments. */
  readonly tcp: TcpStack;
  #fds: (UdpSocket | TcpSocket | undefined)[] = [];
  /** No fd below this one is free. */
  #freeHint = FIRST_FD;
  #open = 0;
  /** Where datagrams to non-virtual addresses go; null: they vanish at the gateway. */
  uplink: Uplink | null = null;

  constructor(ctx: HostContext, name: string, profile: Profile, maxSockets: number) {
    this.#ctx = ctx;
    this.name = name;
    this.profile = profile;
    this.loName = `lo:${name}`;
    this.#maxSockets = maxSockets;
    this.prng = new Prng(deriveSeed(ctx.opts.seed, `host:${name.toLowerCase()}`));
    this.tcp = new TcpStack(this, ctx.wire, ctx.opts);
  }

  isVirtualAddress(ip: number): boolean {
    return this.#ctx.isVirtualAddress(ip);
  }

  setUplink(uplink: Uplink | null): void {
    for (const s of this.#fds) {
      if (!(s instanceof UdpSocket)) continue;
      s.uplink?.deactivate();
      setUplinkHandle(s, null);
    }
    this.uplink = uplink;
    if (uplink === null) return;
    for (const s of this.#fds) if (s instanceof UdpSocket && s.bound) this.uplinkBound(s);
  }

  /** Tells the uplink about a new binding (not for sockets bound to 127.x: they never leave the host). */
  uplinkBound(s: UdpSocket): void {
    const uplink = this.uplink;
    if (uplink === null || isLoopback(s.localIp)) return;
    const handle = new UplinkSocketImpl(this, s, this.#ctx.wire);
    setUplinkHandle(s, handle);
    uplink.bound(handle);
  }

  /** Tells the uplink a binding is gone (close, disconnect that drops the port, lwIP rebind). */
  uplinkUnbound(s: UdpSocket): void {
    const handle = s.uplink;
    if (handle === null) return;
    handle.deactivate();
    setUplinkHandle(s, null);
    this.uplink?.unbound(handle);
  }

  ifaceByIp(ip: number): Iface<HostImpl> | undefined {
    for (const iface of this.ifaces) if (iface.ip === ip) return iface;
    return undefined;
  }

  attach(lanName: string, ip?: string): string {
    const lan = this.#ctx.lan(lanName);
    if (lan === undefined)
      throw new NetsimConfigError(
        'NETSIM_ERR_UNKNOWN_LAN',
        `host "${this.name}": there is no LAN "${lanName}"; create it with addLan first`,
      );
    if (this.ifaces.some((i) => i.lan === lan))
      throw new NetsimConfigError(
        'NETSIM_ERR_ALREADY_ATTACHED',
        `host "${this.name}" is already on LAN "${lanName}"; detach it first to change its address`,
      );
    const addr = lan.allocate(this.name, ip);
    const iface: Iface<HostImpl> = { lan, host: this, ip: addr, ipStr: formatIpv4(addr) };
    lan.members.set(addr, iface);
    this.ifaces.push(iface);
    return iface.ipStr;
  }

  detach(lanName: string): void {
    const i = this.ifaces.findIndex((f) => f.lan.name === lanName);
    const iface = this.ifaces[i];
    if (iface === undefined)
      throw new NetsimConfigError(
        'NETSIM_ERR_NOT_ATTACHED',
        `host "${this.name}" is not on LAN "${lanName}"`,
      );
    iface.lan.members.delete(iface.ip);
    this.ifaces.splice(i, 1);
  }

  addresses(): string[] {
    return this.ifaces.map((i) => i.ipStr);
  }

  interfaces(): InterfaceInfo[] {
    return this.ifaces.map((i) => ({
      lan: i.lan.name,
      ip: i.ipStr,
      netmask: i.lan.netmaskStr,
      gateway: i.lan.gatewayStr,
      broadcast: i.lan.broadcastStr,
    }));
  }

  socket(family: 'AF_INET', type: SocketType): number {
    if (family !== 'AF_INET')
      throw new NetError('EAFNOSUPPORT', `address family ${String(family)} is not simulated; use AF_INET`);
    if (type !== 'SOCK_DGRAM' && type !== 'SOCK_STREAM')
      throw new NetError(
        'EPROTOTYPE',
        `socket type ${String(type)} is not simulated; netsim has UDP (SOCK_DGRAM) and TCP (SOCK_STREAM)`,
      );
    const fd = this.#freeFd();
    const { defaultRcvBuf, defaultSndBuf } = this.#ctx.opts;
    this.#fds[fd] =
      type === 'SOCK_DGRAM'
        ? new UdpSocket(fd, this.name, defaultRcvBuf, defaultSndBuf)
        : new TcpSocket(this.tcp, fd);
    this.#open++;
    return fd;
  }

  /** The lowest free fd, or EMFILE (linux) / ENFILE (lwip) at the socket limit. */
  #freeFd(): number {
    if (this.#open >= this.#maxSockets) {
      const code = this.profile === 'lwip' ? 'ENFILE' : 'EMFILE';
      throw new NetError(
        code,
        `host "${this.name}" already has ${this.#open} open sockets, the limit; close some first`,
      );
    }
    let fd = this.#freeHint;
    while (this.#fds[fd] !== undefined) fd++;
    this.#freeHint = fd + 1;
    return fd;
  }

  #udp(fd: number): UdpSocket {
    const s = this.#sock(fd);
    if (s instanceof UdpSocket) return s;
    throw new NetError(
      'EOPNOTSUPP',
      `fd ${fd} is a TCP (SOCK_STREAM) socket; use send/recv, not the datagram calls sendto/recvfrom/disconnect`,
    );
  }

  #tcp(fd: number): TcpSocket {
    const s = this.#sock(fd);
    if (s instanceof TcpSocket) return s;
    throw new NetError(
      'EOPNOTSUPP',
      `fd ${fd} is a UDP (SOCK_DGRAM) socket; listen/accept/send/recv/shutdown are for SOCK_STREAM sockets (use sendto/recvfrom)`,
    );
  }

  /** Runs a TCP call, then lets the segments it sent travel (and their answers), and wakes the sockets they reached. */
  #tcpCall<T>(fn: () => T): T {
    try {
      return fn();
    } finally {
      this.#ctx.wire.drainSegments();
    }
  }

  #sock(fd: number): UdpSocket | TcpSocket {
    const s = this.#fds[fd];
    if (s === undefined)
      throw new NetError(
        'EBADF',
        `fd ${String(fd)} is not an open socket on host "${this.name}" (closed, or never opened)`,
      );
    return s;
  }

  bind(fd: number, ip: string, port: number): void {
    const s = this.#sock(fd);
    if (s instanceof TcpSocket) this.tcp.bind(s, ip, port);
    else bindSocket(this, s, ip, port);
  }

  connect(fd: number, ip: string, port: number): void {
    const s = this.#sock(fd);
    if (s instanceof UdpSocket) {
      connectSocket(this, s, ip, port, this.#route);
      return;
    }
    this.#tcpCall(() => this.tcp.connect(s, ip, port));
    if (s.state === 'ESTABLISHED' || s.state === 'CLOSE-WAIT') return;
    if (s.pendingError !== null) this.tcp.raisePending(s);
    throw new NetError(
      'EINPROGRESS',
      `the SYN to ${s.peerIpStr}:${s.peerPort} is on its way; wait until the socket is writable, then read SO_ERROR`,
    );
  }

  disconnect(fd: number): void {
    disconnectSocket(this, this.#udp(fd));
  }

  listen(fd: number, backlog: number): void {
    const s = this.#tcp(fd);
    this.tcp.listen(s, backlog);
  }

  accept(fd: number): AcceptResult | null {
    const s = this.#tcp(fd);
    return this.#tcpCall(() => {
      const child = this.tcp.acceptable(s);
      if (child === null) return null;
      const newFd = this.#freeFd();
      this.#fds[newFd] = child;
      this.#open++;
      return this.tcp.adopt(s, child, newFd);
    });
  }

  send(fd: number, data: Uint8Array): number | null {
    const s = this.#tcp(fd);
    return this.#tcpCall(() => this.tcp.send(s, data));
  }

  recv(fd: number, bufsize: number, peek = false): Uint8Array | null {
    const s = this.#tcp(fd);
    return this.#tcpCall(() => this.tcp.recv(s, bufsize, peek));
  }

  shutdown(fd: number, how: ShutdownHow): void {
    const s = this.#tcp(fd);
    this.#tcpCall(() => this.tcp.shutdown(s, how));
  }

  writable(fd: number): boolean {
    const s = this.#sock(fd);
    return s instanceof TcpSocket ? s.writable() : true;
  }

  tcpState(fd: number): TcpState | null {
    const s = this.#sock(fd);
    return s instanceof TcpSocket ? s.state : null;
  }

  socketType(fd: number): SocketType {
    return this.#sock(fd) instanceof TcpSocket ? 'SOCK_STREAM' : 'SOCK_DGRAM';
  }

  tcpSockets(): TcpSocketInfo[] {
    return this.tcp.info();
  }

  udpSockets(): UdpSocketInfo[] {
    const out: UdpSocketInfo[] = [];
    for (const s of this.#fds)
      if (s instanceof UdpSocket)
        out.push({
          fd: s.fd,
          local: [s.localIpStr, s.localPort],
          peer: s.connected ? [s.peerIpStr, s.peerPort] : null,
          recvQ: s.used,
        });
    return out.sort((a, b) => a.local[1] - b.local[1] || a.fd - b.fd);
  }

  sendto(fd: number, data: Uint8Array, ip?: string, port?: number): number {
    const s = this.#udp(fd);
    const lwip = this.profile === 'lwip';
    let dst: number;
    let dstStr: string;
    let dport: number;
    if (ip === undefined) {
      dst = s.peerIp;
      dstStr = s.peerIpStr;
      dport = s.peerPort;
    } else {
      dst = parseAddr(ip);
      dstStr = ip === '' ? '0.0.0.0' : ip;
      dport = port ?? -1;
      checkPort(dport);
    }
    const size = data.length;
    if (lwip) {
      if (size > this.#ctx.opts.lwipMaxDatagram)
        throw new NetError(
          'EMSGSIZE_LWIP',
          `${size} bytes is more than the board's ${this.#ctx.opts.lwipMaxDatagram}-byte limit (it prints a bare OSError: 122); send less`,
        );
    }
    if (this.profile === 'windows' && ip !== undefined && dst === ANY) {
      throw new NetError(
        'EADDRNOTAVAIL',
        "Windows cannot send to 0.0.0.0; send to 127.0.0.1 or a host's address",
      );
    }
    autobind(this, s);
    if (!lwip && size > this.#ctx.opts.maxDatagram) {
      throw new NetError(
        'EMSGSIZE',
        `${size} bytes is more than the ${this.#ctx.opts.maxDatagram}-byte maximum of one UDP datagram (65 535 − 8 UDP − 20 IP header bytes); split the data`,
      );
    }
    if (ip === undefined) {
      if (!s.connected)
        throw new NetError(
          'EDESTADDRREQ',
          'no destination: pass an address to sendto, or connect the socket first',
        );
    } else if (dport === 0) {
      throw new NetError('EINVAL', 'cannot send to port 0; use the port the receiver is bound to');
    }
    const r = this.#route;
    route(this, s, dst, dstStr, r, dport);
    if (r.kind === 'broadcast' && !lwip && !s.broadcast) {
      throw new NetError(
        'EACCES',
        `sending to the broadcast address ${r.dstIpStr} needs SO_BROADCAST: call setsockopt(SOL_SOCKET, SO_BROADCAST, 1) first`,
      );
    }
    // Windows reports ICMP port unreachable to the next receive only (WINDOWS.md, "Port unreachable").
    if (this.profile !== 'windows' || s.pendingReason !== null) this.#raisePending(s);
    this.#ctx.wire.transmit(this, s, data, r, dport);
    return size;
  }

  #raisePending(s: UdpSocket): void {
    const code = s.pendingError;
    if (code === null) return;
    const reason = s.pendingReason;
    clearPendingError(s);
    throw new NetError(
      code,
      reason ??
        `an earlier datagram to ${s.peerIpStr}:${s.peerPort} came back as ICMP port unreachable: no socket is bound to that port there`,
    );
  }

  recvfrom(fd: number, bufsize: number, peek = false): RecvResult | null {
    const s = this.#udp(fd);
    if (!Number.isInteger(bufsize) || bufsize < 0)
      throw new NetError('EINVAL', `bufsize must be an integer ≥ 0, got ${String(bufsize)}`);
    const windows = this.profile === 'windows';
    if (windows && !s.bound)
      throw new NetError(
        'EINVAL',
        'Windows cannot receive on a socket that is not bound: bind it, or send first',
      );
    this.#raisePending(s);
    const item = peek ? s.peek() : s.dequeue();
    if (item === null) return null;
    const truncated = bufsize < item.data.length;
    if (truncated && !peek) this.#ctx.wire.truncated(item.rec);
    if (truncated && windows) {
      // WSAEMSGSIZE: the buffer got the first bytes, the call fails, and the rest is gone.
      throw new NetError(
        'EMSGSIZE',
        `the datagram from ${item.srcIp}:${item.srcPort} has ${item.data.length} bytes, more than the buffer of ${bufsize}; Windows discards it and raises WSAEMSGSIZE: pass a larger bufsize`,
      );
    }
    return {
      data: truncated ? item.data.subarray(0, bufsize) : item.data,
      ip: item.srcIp,
      port: item.srcPort,
      truncated,
    };
  }

  readable(fd: number): boolean {
    return this.#sock(fd).readable();
  }

  pollEvents(fd: number): number {
    const s = this.#sock(fd);
    if (s instanceof TcpSocket) return s.pollEvents();
    // udp_poll: a pending ICMP error, queued datagrams, and sendto never blocks here.
    return (
      (s.pendingError !== null && this.profile !== 'lwip' ? POLLERR : 0) |
      (s.queued > 0 ? POLLIN : 0) |
      POLLOUT
    );
  }

  onReadable(fd: number, cb: () => void): () => void {
    const s = this.#sock(fd);
    return s instanceof TcpSocket ? s.onChange(cb) : s.onReadable(cb);
  }

  setsockopt(fd: number, level: 'SOL_SOCKET', name: SetOptName, value: number): void {
    setSockOpt(this.#sock(fd), this.profile, this.#ctx.opts, level, name, value);
  }

  getsockopt(fd: number, level: 'SOL_SOCKET', name: GetOptName): number {
    return getSockOpt(this.#sock(fd), level, name, this.profile);
  }

  getsockname(fd: number): [string, number] {
    const s = this.#sock(fd);
    if (this.profile === 'windows' && s.localPort === 0)
      throw new NetError(
        'EINVAL',
        `fd ${fd} is not bound; Windows has no name for it yet (bind it, or send first)`,
      );
    return [s.localIpStr, s.localPort];
  }

  getpeername(fd: number): [string, number] {
    const s = this.#sock(fd);
    const connected =
      s instanceof TcpSocket
        ? s.state !== 'CLOSED' && s.state !== 'LISTEN' && s.state !== 'SYN-SENT'
        : s.connected;
    if (!connected) throw new NetError('ENOTCONN', `fd ${fd} is not connected; call connect first`);
    return [s.peerIpStr, s.peerPort];
  }

  close(fd: number): void {
    const s = this.#sock(fd);
    if (s instanceof TcpSocket) {
      this.#tcpCall(() => this.tcp.close(s));
    } else {
      this.uplinkUnbound(s);
      if (s.bound) this.ports.remove(s);
      s.close();
    }
    this.#fds[fd] = undefined;
    if (fd < this.#freeHint) this.#freeHint = fd;
    this.#open--;
  }

  closeAll(): void {
    for (let fd = 0; fd < this.#fds.length; fd++) if (this.#fds[fd] !== undefined) this.close(fd);
    this.#fds = [];
    this.#freeHint = FIRST_FD;
  }

  openSockets(): number {
    return this.#open;
  }
}
