import { describe, expect, test } from 'vitest';
import { createNetwork } from './network.ts';
import { LINUX_EPHEMERAL_HIGH, LINUX_EPHEMERAL_LOW } from './port-table.ts';
import { bound, bytes, home, netError } from './testing/fixtures.ts';

describe('bind', () => {
  test('same port twice: EADDRINUSE (errno 98)', () => {
    const { pc1 } = home();
    bound(pc1, '', 5000);
    const e = netError(() => bound(pc1, '', 5000));
    expect([e.code, e.errno, e.strerror]).toEqual(['EADDRINUSE', 98, 'Address already in use']);
  });

  test('the same port on another host is fine (ports are per host)', () => {
    const { pc1, pc2 } = home();
    bound(pc1, '', 5000);
    expect(() => bound(pc2, '', 5000)).not.toThrow();
  });

  test('SO_REUSEADDR on both sockets, set before the second bind, allows sharing', () => {
    const { pc1 } = home();
    const a = pc1.socket('AF_INET', 'SOCK_DGRAM');
    const b = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.setsockopt(a, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc1.setsockopt(b, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc1.bind(a, '', 5000);
    expect(() => pc1.bind(b, '', 5000)).not.toThrow();
  });

  test('SO_REUSEADDR on one side only is not enough, either way round', () => {
    const { pc1 } = home();
    const a = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.setsockopt(a, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc1.bind(a, '', 5000);
    expect(netError(() => bound(pc1, '', 5000)).code).toBe('EADDRINUSE');
    const c = bound(pc1, '', 6000);
    const d = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.setsockopt(d, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    expect(netError(() => pc1.bind(d, '', 6000)).code).toBe('EADDRINUSE');
    expect(c).toBeGreaterThan(0);
  });

  test('wildcard and specific address on the same port conflict, both ways', () => {
    const { pc1 } = home();
    bound(pc1, '0.0.0.0', 5000);
    expect(netError(() => bound(pc1, '192.168.0.2', 5000)).code).toBe('EADDRINUSE');
    bound(pc1, '192.168.0.2', 6000);
    expect(netError(() => bound(pc1, '', 6000)).code).toBe('EADDRINUSE');
  });

  test('two different specific addresses share a port', () => {
    const { pc1 } = home();
    bound(pc1, '127.0.0.1', 5000);
    expect(() => bound(pc1, '192.168.0.2', 5000)).not.toThrow();
  });

  test('with SO_REUSEADDR on both, wildcard and specific share', () => {
    const { pc1 } = home();
    const a = pc1.socket('AF_INET', 'SOCK_DGRAM');
    const b = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.setsockopt(a, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc1.setsockopt(b, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc1.bind(a, '', 5000);
    expect(() => pc1.bind(b, '192.168.0.2', 5000)).not.toThrow();
  });

  test('an address the host does not own: EADDRNOTAVAIL (errno 99); 127/8, own LAN, broadcast are fine', () => {
    const { pc1 } = home();
    expect(netError(() => bound(pc1, '192.168.0.3', 5000)).errno).toBe(99);
    expect(netError(() => bound(pc1, '10.0.0.1', 5000)).code).toBe('EADDRNOTAVAIL');
    expect(() => bound(pc1, '127.0.0.1', 5000)).not.toThrow();
    expect(() => bound(pc1, '127.1.2.3', 5000)).not.toThrow();
    expect(() => bound(pc1, '192.168.0.2', 5000)).not.toThrow();
    expect(() => bound(pc1, '192.168.0.255', 5001)).not.toThrow();
    expect(() => bound(pc1, '255.255.255.255', 5002)).not.toThrow();
  });

  test('binding a bound socket again: EINVAL (linux); the board rebinds', () => {
    const { pc1, board } = home();
    const fd = bound(pc1, '', 5000);
    expect(netError(() => pc1.bind(fd, '', 5001)).code).toBe('EINVAL');
    const bfd = bound(board, '', 5000);
    board.bind(bfd, '', 5001);
    expect(board.getsockname(bfd)).toEqual(['0.0.0.0', 5001]);
    expect(() => bound(board, '', 5000)).not.toThrow();
  });

  test('the board binds any address (lwIP does not check)', () => {
    const { board } = home();
    expect(() => bound(board, '10.9.9.9', 5000)).not.toThrow();
  });

  test('ports below 1024 are allowed (no root simulated)', () => {
    const { pc1 } = home();
    expect(() => bound(pc1, '', 53)).not.toThrow();
    expect(() => bound(pc1, '', 1)).not.toThrow();
    expect(() => bound(pc1, '', 65535)).not.toThrow();
  });

  test('getsockname after bind', () => {
    const { pc1 } = home();
    expect(pc1.getsockname(bound(pc1, '', 5000))).toEqual(['0.0.0.0', 5000]);
    expect(pc1.getsockname(bound(pc1, '192.168.0.2', 5001))).toEqual(['192.168.0.2', 5001]);
  });
});

describe('ephemeral ports', () => {
  test('linux: bind to port 0 and implicit bind on first sendto pick from 32768–60999', () => {
    const { pc1 } = home();
    const a = bound(pc1, '', 0);
    const [, pa] = pc1.getsockname(a);
    const b = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(b, bytes('x'), '192.168.0.3', 9);
    const [ipb, pb] = pc1.getsockname(b);
    expect(ipb).toBe('0.0.0.0');
    for (const p of [pa, pb]) {
      expect(p).toBeGreaterThanOrEqual(LINUX_EPHEMERAL_LOW);
      expect(p).toBeLessThanOrEqual(LINUX_EPHEMERAL_HIGH);
    }
    expect(pa).not.toBe(pb);
  });

  test('linux: the choice is seeded and deterministic', () => {
    const ports = (seed: number): number[] => {
      const { pc1 } = home({ seed });
      return Array.from({ length: 5 }, () => pc1.getsockname(bound(pc1, '', 0))[1]);
    };
    expect(ports(7)).toEqual(ports(7));
    expect(ports(7)).not.toEqual(ports(8));
  });

  test('linux: never a port in use, and both ends of the range are reachable', () => {
    const net = createNetwork({ maxSocketsPerHost: 30_000 });
    const h = net.addHost({ name: 'h', profile: 'linux' });
    const seen = new Set<number>();
    const span = LINUX_EPHEMERAL_HIGH - LINUX_EPHEMERAL_LOW + 1;
    for (let i = 0; i < span; i++) seen.add(h.getsockname(bound(h, '', 0))[1]);
    expect(seen.size).toBe(span);
    expect(Math.min(...seen)).toBe(32768);
    expect(Math.max(...seen)).toBe(60999);
    const e = netError(() => bound(h, '', 0));
    expect(e.code).toBe('EAGAIN');
  });

  test('lwip: sequential from 49153 (lwIP pre-increments from 49152), skipping ports in use', () => {
    const { board } = home();
    const port = (fd: number): number => board.getsockname(fd)[1];
    expect(port(bound(board, '', 0))).toBe(49153);
    bound(board, '', 49154);
    expect(port(bound(board, '', 0))).toBe(49155);
    const s = board.socket('AF_INET', 'SOCK_DGRAM');
    board.sendto(s, bytes('x'), '192.168.0.2', 9);
    expect(port(s)).toBe(49156);
  });

  test('lwip: wraps from 65535 back to 49152', () => {
    const net = createNetwork({ maxSocketsPerHost: 20_000 });
    const b = net.addHost({ name: 'b', profile: 'lwip' });
    let last = 0;
    for (let p = 49153; p <= 65535; p++) last = b.getsockname(bound(b, '', 0))[1];
    expect(last).toBe(65535);
    expect(b.getsockname(bound(b, '', 0))[1]).toBe(49152);
    expect(netError(() => bound(b, '', 0)).code).toBe('EADDRINUSE');
  });

  test('connect binds implicitly too and (linux) fills in the local address', () => {
    const { pc1, board } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 7000);
    const [ip, port] = pc1.getsockname(fd);
    expect(ip).toBe('192.168.0.2');
    expect(port).toBeGreaterThanOrEqual(32768);
    const lo = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(lo, '127.0.0.1', 7000);
    expect(pc1.getsockname(lo)[0]).toBe('127.0.0.1');
    const bfd = board.socket('AF_INET', 'SOCK_DGRAM');
    board.connect(bfd, '192.168.0.2', 7000);
    expect(board.getsockname(bfd)).toEqual(['0.0.0.0', 49153]);
  });

  test('disconnect undoes what connect chose, keeps what bind chose', () => {
    const { pc1 } = home();
    const a = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(a, '192.168.0.3', 7000);
    pc1.disconnect(a);
    expect(pc1.getsockname(a)).toEqual(['0.0.0.0', 0]);
    expect(netError(() => pc1.getpeername(a)).code).toBe('ENOTCONN');
    const b = bound(pc1, '', 5000);
    pc1.connect(b, '192.168.0.3', 7000);
    pc1.disconnect(b);
    expect(pc1.getsockname(b)).toEqual(['0.0.0.0', 5000]);
  });
});
