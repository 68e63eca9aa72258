// Shared fixtures for the netsim tests: a small home LAN with two PCs and a board, and byte helpers.

import { ManualClock } from '../clock.ts';
import { NetError } from '../errors.ts';
import { createNetwork } from '../network.ts';
import type { NetworkOptions } from '../options.ts';
import type { Host, Network } from '../types.ts';

export function bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

export function text(b: Uint8Array): string {
  return new TextDecoder().decode(b);
}

export function zeros(n: number): Uint8Array {
  return new Uint8Array(n);
}

export interface Home {
  net: Network;
  clock: ManualClock;
  /** linux, 192.168.0.2 */
  pc1: Host;
  /** linux, 192.168.0.3 */
  pc2: Host;
  /** lwip, 192.168.0.4 */
  board: Host;
}

/** LAN 'home' 192.168.0.0/24 with pc1 (.2), pc2 (.3) and board (.4). */
export function home(options: NetworkOptions = {}): Home {
  const clock = new ManualClock(0);
  const net = createNetwork({ clock, ...options });
  net.addLan('home', '192.168.0.0/24');
  const pc1 = net.addHost({ name: 'pc1', profile: 'linux' });
  const pc2 = net.addHost({ name: 'pc2', profile: 'linux' });
  const board = net.addHost({ name: 'board', profile: 'lwip' });
  pc1.attach('home');
  pc2.attach('home');
  board.attach('home');
  return { net, clock, pc1, pc2, board };
}

/** A socket bound to ip:port. */
export function bound(host: Host, ip: string, port: number): number {
  const fd = host.socket('AF_INET', 'SOCK_DGRAM');
  host.bind(fd, ip, port);
  return fd;
}

/** Runs fn and returns the NetError it throws (fails the test if it throws something else or nothing). */
export function netError(fn: () => unknown): NetError {
  try {
    fn();
  } catch (e) {
    if (e instanceof NetError) return e;
    throw e;
  }
  throw new Error('expected a NetError, but the call succeeded');
}
