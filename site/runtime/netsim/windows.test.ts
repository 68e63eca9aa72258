// The 'windows' profile's rules (WINDOWS.md): bind table, SO_EXCLUSIVEADDRUSE, ephemeral range,
// WSAECONNRESET after ICMP port unreachable, WSAEMSGSIZE on a short receive buffer, broadcasts.

import { describe, expect, test } from 'vitest';
import { ManualClock } from './clock.ts';
import { createNetwork } from './network.ts';
import { bound, bytes, netError, text } from './testing/fixtures.ts';
import type { Host, Network } from './types.ts';

interface World {
  net: Network;
  win: Host;
  win2: Host;
  linux: Host;
  board: Host;
}

/** LAN 'home' 192.168.0.0/24: win (.2), win2 (.3), linux (.4), board (.5). */
function world(seed = 1): World {
  const net = createNetwork({ seed, clock: new ManualClock(0) });
  net.addLan('home', '192.168.0.0/24');
  const win = net.addHost({ name: 'win', profile: 'windows' });
  const win2 = net.addHost({ name: 'win2', profile: 'windows' });
  const linux = net.addHost({ name: 'linux', profile: 'linux' });
  const board = net.addHost({ name: 'board', profile: 'lwip' });
  for (const h of [win, win2, linux, board]) h.attach('home');
  return { net, win, win2, linux, board };
}

function sock(h: Host, opts: { reuse?: boolean; excl?: boolean } = {}): number {
  const fd = h.socket('AF_INET', 'SOCK_DGRAM');
  if (opts.reuse === true) h.setsockopt(fd, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
  if (opts.excl === true) h.setsockopt(fd, 'SOL_SOCKET', 'SO_EXCLUSIVEADDRUSE', 1);
  return fd;
}

describe('windows profile: binding', () => {
  test('a second bind of the same port is WSAEADDRINUSE, as on Linux', () => {
    const { win } = world();
    bound(win, '', 9000);
    const e = netError(() => bound(win, '', 9000));
    expect([e.code, e.errno]).toEqual(['EADDRINUSE', 98]);
  });

  test('SO_REUSEADDR on the second socket alone takes the bound port (Linux needs it on both)', () => {
    const { win, linux } = world();
    const first = bound(win, '', 9000);
    const second = sock(win, { reuse: true });
    win.bind(second, '', 9000);
    expect(win.getsockname(second)).toEqual(['0.0.0.0', 9000]);
    // the newcomer gets the unicast datagrams
    const tx = linux.socket('AF_INET', 'SOCK_DGRAM');
    linux.sendto(tx, bytes('hi'), '192.168.0.2', 9000);
    expect(win.recvfrom(first, 100)).toBeNull();
    expect(text(win.recvfrom(second, 100)?.data ?? new Uint8Array())).toBe('hi');

    const l1 = bound(linux, '', 9000);
    expect(l1).toBeGreaterThan(0);
    const l2 = sock(linux, { reuse: true });
    expect(netError(() => linux.bind(l2, '', 9000)).code).toBe('EADDRINUSE');
  });

  test('SO_EXCLUSIVEADDRUSE: a later SO_REUSEADDR bind is access denied (10013), a plain one in use', () => {
    const { win } = world();
    const first = sock(win, { excl: true });
    win.bind(first, '', 9000);
    expect(netError(() => win.bind(sock(win, { reuse: true }), '', 9000)).code).toBe('EACCES');
    expect(netError(() => win.bind(sock(win), '', 9000)).code).toBe('EADDRINUSE');
    // and a specific address beside the exclusive wildcard is denied too
    expect(netError(() => win.bind(sock(win), '192.168.0.2', 9000)).code).toBe('EACCES');
  });

  test('an exclusive second socket cannot share, even with a reuse-address first one', () => {
    const { win } = world();
    win.bind(sock(win, { reuse: true }), '', 9000);
    expect(netError(() => win.bind(sock(win, { excl: true }), '', 9000)).code).toBe('EADDRINUSE');
  });

  test('a specific address beside a wildcard binding (and back) is allowed without options', () => {
    const { win } = world();
    bound(win, '', 9000);
    expect(() => bound(win, '192.168.0.2', 9000)).not.toThrow();
    const { win: w2 } = world();
    bound(w2, '127.0.0.1', 9001);
    expect(() => bound(w2, '', 9001)).not.toThrow();
  });

  test('SO_REUSEADDR and SO_EXCLUSIVEADDRUSE together are WSAEINVAL; the option is Windows-only', () => {
    const { win, linux } = world();
    const fd = sock(win, { reuse: true });
    expect(netError(() => win.setsockopt(fd, 'SOL_SOCKET', 'SO_EXCLUSIVEADDRUSE', 1)).code).toBe('EINVAL');
    const fd2 = sock(win, { excl: true });
    expect(win.getsockopt(fd2, 'SOL_SOCKET', 'SO_EXCLUSIVEADDRUSE')).toBe(1);
    expect(netError(() => win.setsockopt(fd2, 'SOL_SOCKET', 'SO_REUSEADDR', 1)).code).toBe('EINVAL');
    const lfd = linux.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => linux.setsockopt(lfd, 'SOL_SOCKET', 'SO_EXCLUSIVEADDRUSE', 1)).code).toBe(
      'ENOPROTOOPT',
    );
  });

  test('broadcast addresses cannot be bound on Windows (they can on Linux)', () => {
    const { win, linux } = world();
    expect(netError(() => bound(win, '255.255.255.255', 9000)).code).toBe('EADDRNOTAVAIL');
    expect(netError(() => bound(win, '192.168.0.255', 9000)).code).toBe('EADDRNOTAVAIL');
    expect(() => bound(linux, '192.168.0.255', 9000)).not.toThrow();
  });

  test('ephemeral ports come from 49152–65535', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { win, linux } = world(seed);
      for (let i = 0; i < 20; i++) {
        const fd = win.socket('AF_INET', 'SOCK_DGRAM');
        win.sendto(fd, bytes('x'), '192.168.0.4', 7);
        const port = win.getsockname(fd)[1];
        expect(port).toBeGreaterThanOrEqual(49152);
        expect(port).toBeLessThanOrEqual(65535);
        const w0 = win.socket('AF_INET', 'SOCK_DGRAM');
        win.bind(w0, '', 0);
        expect(win.getsockname(w0)[1]).toBeGreaterThanOrEqual(49152);
      }
      const lfd = linux.socket('AF_INET', 'SOCK_DGRAM');
      linux.bind(lfd, '', 0);
      expect(linux.getsockname(lfd)[1]).toBeLessThanOrEqual(60999);
    }
  });

  test('getsockname of an unbound socket and recvfrom on it are WSAEINVAL', () => {
    const { win, linux } = world();
    const fd = win.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => win.getsockname(fd)).code).toBe('EINVAL');
    expect(netError(() => win.recvfrom(fd, 10)).code).toBe('EINVAL');
    const lfd = linux.socket('AF_INET', 'SOCK_DGRAM');
    expect(linux.recvfrom(lfd, 10)).toBeNull();
  });

  test('sending to 0.0.0.0 is WSAEADDRNOTAVAIL (Linux means this host)', () => {
    const { win } = world();
    const fd = win.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => win.sendto(fd, bytes('x'), '0.0.0.0', 9)).code).toBe('EADDRNOTAVAIL');
  });
});

describe('windows profile: port unreachable → WSAECONNRESET', () => {
  test('an unconnected socket gets ECONNRESET on its next receive, not on its next send', () => {
    const { win, net } = world();
    const fd = win.socket('AF_INET', 'SOCK_DGRAM');
    win.sendto(fd, bytes('ping'), '192.168.0.4', 9999);
    expect(net.records().map((r) => r.fate)).toEqual(['refused']);
    expect(win.readable(fd)).toBe(true);
    expect(win.sendto(fd, bytes('again'), '192.168.0.4', 9999)).toBe(5);
    const e = netError(() => win.recvfrom(fd, 100));
    expect([e.code, e.errno]).toEqual(['ECONNRESET', 104]);
    expect(win.recvfrom(fd, 100)).toBeNull();
  });

  test('a Linux sender, unconnected, hears nothing (as before)', () => {
    const { linux } = world();
    const fd = linux.socket('AF_INET', 'SOCK_DGRAM');
    linux.sendto(fd, bytes('ping'), '192.168.0.2', 9999);
    expect(linux.readable(fd)).toBe(false);
    expect(linux.recvfrom(fd, 100)).toBeNull();
  });

  test("connected: the peer's unreachable port is reported as ECONNRESET, not ECONNREFUSED", () => {
    const { win } = world();
    const fd = win.socket('AF_INET', 'SOCK_DGRAM');
    win.connect(fd, '127.0.0.1', 9999);
    win.sendto(fd, bytes('x'));
    expect(netError(() => win.recvfrom(fd, 10)).code).toBe('ECONNRESET');
  });

  test('the error comes before a datagram queued earlier', () => {
    const { win, linux } = world();
    const fd = bound(win, '', 5000);
    const tx = linux.socket('AF_INET', 'SOCK_DGRAM');
    linux.sendto(tx, bytes('early'), '192.168.0.2', 5000);
    win.sendto(fd, bytes('x'), '192.168.0.5', 4444); // the board has no socket there
    expect(netError(() => win.recvfrom(fd, 100)).code).toBe('ECONNRESET');
    expect(text(win.recvfrom(fd, 100)?.data ?? new Uint8Array())).toBe('early');
  });
});

describe('windows profile: receiving', () => {
  test('a datagram longer than the buffer: WSAEMSGSIZE and the datagram is gone (fate truncated)', () => {
    const { win, linux, net } = world();
    const fd = bound(win, '', 5000);
    const tx = linux.socket('AF_INET', 'SOCK_DGRAM');
    linux.sendto(tx, bytes('0123456789'), '192.168.0.2', 5000);
    linux.sendto(tx, bytes('ok'), '192.168.0.2', 5000);
    const e = netError(() => win.recvfrom(fd, 4));
    expect([e.code, e.errno]).toEqual(['EMSGSIZE', 90]);
    expect(net.records()[0]?.fate).toBe('truncated');
    expect(text(win.recvfrom(fd, 4)?.data ?? new Uint8Array())).toBe('ok');
  });

  test('MSG_PEEK with a short buffer raises too and leaves the datagram queued', () => {
    const { win, linux } = world();
    const fd = bound(win, '', 5000);
    linux.sendto(linux.socket('AF_INET', 'SOCK_DGRAM'), bytes('0123456789'), '192.168.0.2', 5000);
    expect(netError(() => win.recvfrom(fd, 4, true)).code).toBe('EMSGSIZE');
    expect(win.recvfrom(fd, 100)?.data.length).toBe(10);
  });

  test('a socket bound to its own LAN address receives broadcasts on Windows (not on Linux)', () => {
    const { win, linux, board } = world();
    const w = bound(win, '192.168.0.2', 6000);
    const l = bound(linux, '192.168.0.4', 6000);
    const tx = board.socket('AF_INET', 'SOCK_DGRAM');
    board.sendto(tx, bytes('all'), '255.255.255.255', 6000);
    expect(text(win.recvfrom(w, 100)?.data ?? new Uint8Array())).toBe('all');
    expect(linux.recvfrom(l, 100)).toBeNull();
  });

  test('a broadcast without SO_BROADCAST is refused (WSAEACCES), as on Linux', () => {
    const { win } = world();
    const fd = win.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => win.sendto(fd, bytes('x'), '255.255.255.255', 6000)).code).toBe('EACCES');
    win.setsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST', 1);
    expect(win.sendto(fd, bytes('x'), '255.255.255.255', 6000)).toBe(1);
  });

  test('SO_RCVBUF is kept as set (no doubling as on Linux)', () => {
    const { win, linux } = world();
    const w = win.socket('AF_INET', 'SOCK_DGRAM');
    win.setsockopt(w, 'SOL_SOCKET', 'SO_RCVBUF', 4096);
    expect(win.getsockopt(w, 'SOL_SOCKET', 'SO_RCVBUF')).toBe(4096);
    const l = linux.socket('AF_INET', 'SOCK_DGRAM');
    linux.setsockopt(l, 'SOL_SOCKET', 'SO_RCVBUF', 4096);
    expect(linux.getsockopt(l, 'SOL_SOCKET', 'SO_RCVBUF')).toBe(8192);
  });

  test('a bad profile name lists windows among the choices', () => {
    const net = createNetwork({});
    expect(() => net.addHost({ name: 'x', profile: 'win' as never })).toThrow(/'windows'/);
  });
});
