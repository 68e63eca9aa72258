// The routing decision for one outgoing datagram: loopback, a LAN, a LAN broadcast, the gateway or the uplink, and the source address.

import { NetError } from './errors.ts';
import type { StackHost } from './stack-host.ts';
import { ANY, LIMITED_BROADCAST, LOOPBACK, formatIpv4, inSubnet, isLoopback } from './ipv4.ts';
import type { Iface, Lan } from './lan.ts';

/**
 * Where a datagram goes. 'loopback' stays inside the host (127/8 or one of its own addresses);
 * 'lan' is unicast on a directly connected subnet; 'broadcast' is the LAN broadcast or
 * 255.255.255.255; 'gateway' is off every subnet and vanishes at the router; 'uplink' leaves
 * through the host's uplink (unicast to an address no virtual host has, on a host with an uplink).
 */
export type RouteKind = 'loopback' | 'lan' | 'broadcast' | 'gateway' | 'uplink';

/**
 * What routing needs to know of the sending socket: its local address, and for a UDP socket the
 * uplink it came through and the relay-side loopback peers it may answer through it.
 */
export interface RouteSource {
  readonly localIp: number;
  readonly localIpStr: string;
  readonly uplink?: unknown;
  readonly uplinkLoopbackPeers?: ReadonlySet<string> | null;
}

/** Result of route(); one scratch object per host, overwritten by each call. */
export interface Route {
  kind: RouteKind;
  lan: Lan<StackHost> | null;
  srcIp: number;
  srcIpStr: string;
  /** Destination after Linux's 0.0.0.0 → this-host rewrite. */
  dstIp: number;
  dstIpStr: string;
}

export function newRoute(): Route {
  return { kind: 'loopback', lan: null, srcIp: 0, srcIpStr: '0.0.0.0', dstIp: 0, dstIpStr: '0.0.0.0' };
}

function unreachable(host: StackHost, why: string): NetError {
  return host.profile === 'lwip'
    ? new NetError(
        'EHOSTUNREACH_LWIP',
        `${why} (the board prints a bare OSError: 118); connect to Wi-Fi first`,
      )
    : new NetError('ENETUNREACH', `${why}; attach the host to a LAN first`);
}

/**
 * Routes a datagram from sock to dstIp the way Linux does (weak host model: a directly connected
 * subnet is used whatever address the socket is bound to; otherwise the bound address picks
 * the interface, else the first LAN is the default route). Throws ENETUNREACH / bare 118 when
 * there is no route, EINVAL when a loopback-bound socket tries to leave the host. On a host with an
 * uplink, a unicast address that no virtual host has (and that is no LAN's broadcast) goes to the
 * uplink, even from a host on no LAN.
 */
export function route(
  host: StackHost,
  sock: RouteSource,
  dstIp: number,
  dstIpStr: string,
  r: Route,
  dstPort = 0,
): void {
  const lwip = host.profile === 'lwip';
  const src = sock.localIp;
  let srcIface: Iface<StackHost> | undefined;
  if (src !== ANY && !isLoopback(src)) {
    srcIface = host.ifaceByIp(src);
    if (srcIface === undefined) {
      if (!lwip && src === LIMITED_BROADCAST) {
        throw new NetError(
          'EINVAL',
          'a socket bound to 255.255.255.255 can receive broadcasts but not send; bind to "" instead',
        );
      }
      throw unreachable(
        host,
        `this socket is bound to ${sock.localIpStr}, which host "${host.name}" no longer has`,
      );
    }
  }
  if (dstIp === ANY && !lwip) {
    dstIp = src !== ANY ? src : LOOPBACK;
    dstIpStr = src !== ANY ? sock.localIpStr : '127.0.0.1';
  }
  r.dstIp = dstIp;
  r.dstIpStr = dstIpStr;
  r.lan = null;

  // A reply to a program on the relay's computer (127.x) that reached this socket through the
  // uplink goes back through it — unless a socket of this host holds that port (then it is local).
  if (
    isLoopback(dstIp) &&
    host.uplink !== null &&
    sock.uplink !== null &&
    sock.uplink !== undefined &&
    sock.uplinkLoopbackPeers?.has(`${formatIpv4(dstIp)}:${dstPort}`) === true &&
    (host.ports.at(dstPort)?.length ?? 0) === 0
  ) {
    const iface = host.ifaces[0];
    r.kind = 'uplink';
    r.lan = iface?.lan ?? null;
    r.srcIp = src !== ANY ? src : (iface?.ip ?? ANY);
    r.srcIpStr = src !== ANY ? sock.localIpStr : (iface?.ipStr ?? '0.0.0.0');
    return;
  }
  const own = isLoopback(dstIp) ? undefined : host.ifaceByIp(dstIp);
  if (own !== undefined || isLoopback(dstIp)) {
    r.kind = 'loopback';
    if (src !== ANY) {
      r.srcIp = src;
      r.srcIpStr = sock.localIpStr;
    } else if (own !== undefined) {
      r.srcIp = own.ip;
      r.srcIpStr = own.ipStr;
    } else {
      r.srcIp = LOOPBACK;
      r.srcIpStr = '127.0.0.1';
    }
    return;
  }
  if (isLoopback(src)) {
    throw new NetError(
      'EINVAL',
      `a socket bound to ${sock.localIpStr} can only reach its own host; bind to "" (or the LAN address) to reach ${formatIpv4(dstIp)}`,
    );
  }

  let iface: Iface<StackHost> | undefined;
  if (host.uplink !== null && dstIp !== LIMITED_BROADCAST && !host.isVirtualAddress(dstIp)) {
    iface = srcIface;
    if (iface === undefined)
      for (const candidate of host.ifaces)
        if (inSubnet(dstIp, candidate.lan.subnet)) {
          iface = candidate;
          break;
        }
    iface ??= host.ifaces[0];
    r.kind = 'uplink';
    r.lan = iface?.lan ?? null;
    r.srcIp = src !== ANY ? src : (iface?.ip ?? ANY);
    r.srcIpStr = src !== ANY ? sock.localIpStr : (iface?.ipStr ?? '0.0.0.0');
    return;
  }
  if (dstIp === LIMITED_BROADCAST) {
    iface = srcIface ?? host.ifaces[0];
    if (iface === undefined)
      throw unreachable(host, `host "${host.name}" is on no LAN, so there is nowhere to broadcast`);
    r.kind = 'broadcast';
  } else {
    if (srcIface !== undefined && inSubnet(dstIp, srcIface.lan.subnet)) iface = srcIface;
    else {
      for (const candidate of host.ifaces) {
        if (inSubnet(dstIp, candidate.lan.subnet)) {
          iface = candidate;
          break;
        }
      }
    }
    if (iface !== undefined) {
      r.kind = dstIp === iface.lan.subnet.broadcast ? 'broadcast' : 'lan';
    } else {
      iface = srcIface ?? host.ifaces[0];
      if (iface === undefined)
        throw unreachable(
          host,
          `host "${host.name}" is on no LAN, so ${formatIpv4(dstIp)} cannot be reached`,
        );
      r.kind = 'gateway';
    }
  }
  r.lan = iface.lan;
  if (src !== ANY) {
    r.srcIp = src;
    r.srcIpStr = sock.localIpStr;
  } else {
    r.srcIp = iface.ip;
    r.srcIpStr = iface.ipStr;
  }
}
