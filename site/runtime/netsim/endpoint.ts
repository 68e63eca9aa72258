// A socket's own and peer address: bind, the implicit bind, connect and disconnect, as Linux or lwIP do them.

import { NetError } from './errors.ts';
import type { StackHost } from './stack-host.ts';
import { ANY, LIMITED_BROADCAST, formatIpv4, isLoopback, parseIpv4 } from './ipv4.ts';
import { route, type Route } from './router.ts';
import {
  clearPeer,
  setAutobound,
  setConnected,
  setLocal,
  setLocalPort,
  setLocks,
  setPeer,
} from './socket-fields.ts';
import type { UdpSocket } from './udp-socket.ts';

/** '' is 0.0.0.0; anything but a strict dotted quad is EINVAL (names go through network.resolve first). */
export function parseAddr(ip: string): number {
  if (ip === '') return ANY;
  const n = typeof ip === 'string' ? parseIpv4(ip) : -1;
  if (n < 0) {
    throw new NetError(
      'EINVAL',
      `"${String(ip)}" is not a dotted-quad IPv4 address; resolve host names with network.resolve() first`,
    );
  }
  return n;
}

export function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new NetError('EINVAL', `port must be an integer 0–65535, got ${String(port)}`);
  }
}

/**
 * Linux binds only local addresses (127/8, its own, a broadcast of its LANs); Windows the same but
 * no broadcast address; lwIP binds anything.
 */
export function mayBind(host: StackHost, addr: number): boolean {
  if (host.profile === 'lwip' || addr === ANY || isLoopback(addr)) return true;
  const windows = host.profile === 'windows';
  if (addr === LIMITED_BROADCAST) return !windows;
  return host.ifaces.some((i) => i.ip === addr || (!windows && i.lan.subnet.broadcast === addr));
}

function ephemeral(host: StackHost, s: UdpSocket): number {
  if (host.profile === 'windows') {
    const port = host.ports.windowsEphemeral(host.prng);
    if (port !== 0) return port;
    throw new NetError(
      'ENOBUFS',
      `host "${host.name}" has no free ephemeral port left in 49152–65535 (fd ${s.fd})`,
    );
  }
  const linux = host.profile === 'linux';
  const port = linux ? host.ports.linuxEphemeral(host.prng) : host.ports.lwipEphemeral();
  if (port !== 0) return port;
  throw linux
    ? new NetError(
        'EAGAIN',
        `host "${host.name}" has no free ephemeral port left in 32768–60999 (fd ${s.fd})`,
      )
    : new NetError(
        'EADDRINUSE',
        `host "${host.name}" has no free ephemeral port left in 49152–65535 (fd ${s.fd})`,
      );
}

/** Binds an unbound socket to 0.0.0.0 and an ephemeral port, as the first sendto or connect does. */
export function autobind(host: StackHost, s: UdpSocket): void {
  if (s.bound) return;
  setLocalPort(s, ephemeral(host, s));
  setAutobound(s, true);
  host.ports.add(s);
  host.uplinkBound(s);
}

export function bindSocket(host: StackHost, s: UdpSocket, ip: string, port: number): void {
  const addr = parseAddr(ip);
  checkPort(port);
  if (s.bound && host.profile !== 'lwip') {
    throw new NetError(
      'EINVAL',
      `fd ${s.fd} is already bound to ${s.localIpStr}:${s.localPort}; a socket can be bound once (open a new one)`,
    );
  }
  if (!mayBind(host, addr)) {
    const mine = ['127.0.0.1', ...host.addresses()].join(', ');
    throw new NetError(
      'EADDRNOTAVAIL',
      `host "${host.name}" has no address ${ip}; bind to "" or one of: ${mine}`,
    );
  }
  const wasBound = s.bound;
  if (wasBound) host.ports.remove(s); // lwIP rebinds a bound socket
  try {
    let chosen = port;
    if (chosen === 0) chosen = ephemeral(host, s);
    else if (host.profile === 'windows') {
      const c = host.ports.windowsConflict(s, addr, chosen);
      if (c !== null) {
        throw new NetError(
          c.code,
          c.code === 'EACCES'
            ? `port ${chosen} on host "${host.name}" is held by fd ${c.other.fd} with SO_EXCLUSIVEADDRUSE; no other socket may take it`
            : `port ${chosen} on host "${host.name}" is taken by fd ${c.other.fd} (bound to ${c.other.localIpStr}); ` +
                'close the other socket, pick another port, or set SO_REUSEADDR on this socket before bind',
        );
      }
    } else {
      const other = host.ports.conflict(s, addr, chosen);
      if (other !== null) {
        throw new NetError(
          'EADDRINUSE',
          `port ${chosen} on host "${host.name}" is taken by fd ${other.fd} (bound to ${other.localIpStr}); ` +
            'close the other socket, pick another port, or set SO_REUSEADDR on both sockets before bind',
        );
      }
    }
    setLocal(s, addr, formatIpv4(addr), chosen);
    setLocks(s, port !== 0, addr !== ANY);
    setAutobound(s, false);
  } finally {
    if (s.bound) host.ports.add(s);
  }
  if (wasBound) host.uplinkUnbound(s);
  host.uplinkBound(s);
}

/**
 * Sets the default peer. Linux also routes at once (ENETUNREACH, EACCES for a broadcast without
 * SO_BROADCAST) and fills in an unset local address with the route's source; lwIP does neither.
 */
export function connectSocket(host: StackHost, s: UdpSocket, ip: string, port: number, r: Route): void {
  const addr = parseAddr(ip);
  checkPort(port);
  autobind(host, s);
  if (host.profile === 'lwip') {
    setPeer(s, addr, formatIpv4(addr), port);
  } else {
    route(host, s, addr, formatIpv4(addr), r, port);
    if (r.kind === 'broadcast' && !s.broadcast) {
      throw new NetError(
        'EACCES',
        `connecting to the broadcast address ${r.dstIpStr} needs SO_BROADCAST: call setsockopt(SOL_SOCKET, SO_BROADCAST, 1) first`,
      );
    }
    if (s.localIp === ANY) setLocal(s, r.srcIp, r.srcIpStr);
    setPeer(s, r.dstIp, r.dstIpStr, port);
  }
  setConnected(s, true);
}

/** connect(AF_UNSPEC). Linux also forgets a local address or port that bind did not set explicitly. */
export function disconnectSocket(host: StackHost, s: UdpSocket): void {
  setConnected(s, false);
  clearPeer(s);
  if (host.profile === 'lwip') return;
  if (!s.addrLocked) setLocal(s, ANY, '0.0.0.0');
  if (!s.portLocked && s.bound) {
    host.uplinkUnbound(s);
    host.ports.remove(s);
    setLocalPort(s, 0);
  }
}
