// The one place that writes a socket's addresses, connection, options and pending error, for UDP
// and TCP sockets alike: the binding, routing, option and error code elsewhere says what changes,
// and this file changes it, so each field has one writer to read when its value is in doubt.

import type { ErrnoName } from './errors.ts';
import { formatIpv4 } from './ipv4.ts';

/** A socket's pending error and its reason (both socket kinds; SO_ERROR sees the error only). */
export interface PendingError {
  pendingError: ErrnoName | null;
  pendingReason?: string | null;
}

/** The fields UDP and TCP sockets share. */
export interface SocketFields {
  localIp: number;
  localIpStr: string;
  localPort: number;
  portLocked: boolean;
  peerIp: number;
  peerIpStr: string;
  peerPort: number;
  reuseAddr: boolean;
  pendingError: ErrnoName | null;
  pendingReason: string | null;
}

/** The local address (and, when given, port) the socket is bound to. */
export function setLocal(s: SocketFields, ip: number, ipStr: string = formatIpv4(ip), port?: number): void {
  s.localIp = ip;
  s.localIpStr = ipStr;
  if (port !== undefined) s.localPort = port;
}

/** The port alone: an automatic bind on first use. */
export function setLocalPort(s: SocketFields, port: number): void {
  s.localPort = port;
}

/** The peer a socket sends to by default (UDP connect) or is connected with (TCP). */
export function setPeer(
  s: SocketFields,
  ip: number,
  ipStr: string = formatIpv4(ip),
  port = s.peerPort,
): void {
  s.peerIp = ip;
  s.peerIpStr = ipStr;
  s.peerPort = port;
}

/** No peer. */
export function clearPeer(s: SocketFields): void {
  setPeer(s, 0, '', 0);
}

/** What the application chose when it bound: a fixed port (and, for UDP, a fixed address). */
export function setLocks(s: SocketFields & { addrLocked?: boolean }, port: boolean, addr?: boolean): void {
  s.portLocked = port;
  if (addr !== undefined) s.addrLocked = addr;
}

/** UDP: whether the port was chosen by an automatic bind on first use. */
export function setAutobound(s: { autobound: boolean }, autobound: boolean): void {
  s.autobound = autobound;
}

/** UDP: whether the socket is connected (has a default peer). */
export function setConnected(s: { connected: boolean }, connected: boolean): void {
  s.connected = connected;
}

/** UDP: the socket's handle on its host's uplink, or null. */
export function setUplinkHandle<H>(s: { uplink: H | null }, handle: H | null): void {
  s.uplink = handle;
}

/** An error the next call on the socket raises (an ICMP or relay answer, a reset…). */
export function setPendingError(s: PendingError, code: ErrnoName, reason: string | null = null): void {
  s.pendingError = code;
  s.pendingReason = reason;
}

/** The pending error was raised (or read with SO_ERROR): forget it and its reason. */
export function clearPendingError(s: PendingError): void {
  s.pendingError = null;
  s.pendingReason = null;
}

/** The socket options sockopt.ts sets. */
export type OptionField = 'reuseAddr' | 'exclusiveAddrUse' | 'broadcast' | 'rcvBuf' | 'sndBuf';

/** A SOL_SOCKET option's value, as sockopt.ts has checked and clamped it (or a TCP child inherits it). */
export function setOption<T extends { [P in K]: boolean | number }, K extends OptionField>(
  s: T,
  name: K,
  value: T[K],
): void {
  s[name] = value;
}
