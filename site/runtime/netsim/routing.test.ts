import { describe, expect, test } from 'vitest';
import { bound, bytes, home, netError } from './testing/fixtures.ts';

describe('routing', () => {
  test('an address in the subnet that no host owns: sendto succeeds, fate unroutable', () => {
    const { pc1, net } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.sendto(fd, bytes('x'), '192.168.0.99', 9000)).toBe(1);
    expect(net.records().map((r) => [r.lan, r.fate])).toEqual([['home', 'unroutable']]);
  });

  test('the gateway .1 is not a host unless one is attached there', () => {
    const { pc1, net } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('x'), '192.168.0.1', 9000);
    expect(net.records().at(-1)?.fate).toBe('unroutable');
    const router = net.addHost({ name: 'router', profile: 'linux' });
    expect(router.attach('home', '192.168.0.1')).toBe('192.168.0.1');
    const s = bound(router, '', 9000);
    pc1.sendto(fd, bytes('x'), '192.168.0.1', 9000);
    expect(router.readable(s)).toBe(true);
  });

  test('off every subnet: goes to the gateway and disappears (unroutable), on the sending LAN', () => {
    const { pc1, net } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.sendto(fd, bytes('x'), '8.8.8.8', 53)).toBe(1);
    expect(net.records().map((r) => [r.lan, r.fate, r.dst])).toEqual([
      ['home', 'unroutable', ['8.8.8.8', 53]],
    ]);
  });

  test('no LAN at all: ENETUNREACH (101) on linux, bare 118 on the board', () => {
    const { net } = home();
    const pc = net.addHost({ name: 'pc9', profile: 'linux' });
    const b = net.addHost({ name: 'b9', profile: 'lwip' });
    const e1 = netError(() => pc.sendto(pc.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '192.168.0.2', 9000));
    expect([e1.code, e1.errno, e1.strerror]).toEqual(['ENETUNREACH', 101, 'Network is unreachable']);
    const e2 = netError(() => b.sendto(b.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '192.168.0.2', 9000));
    expect([e2.code, e2.errno]).toEqual(['EHOSTUNREACH_LWIP', 118]);
    expect(netError(() => pc.connect(pc.socket('AF_INET', 'SOCK_DGRAM'), '8.8.8.8', 53)).code).toBe(
      'ENETUNREACH',
    );
    expect(
      netError(() => pc.sendto(pc.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '255.255.255.255', 1)).code,
    ).toBe('ENETUNREACH');
  });

  test('detach (Wi-Fi off): sockets stay open, sends fail as on the profile; re-attach works again', () => {
    const { pc1, board, pc2 } = home();
    const sp = pc1.socket('AF_INET', 'SOCK_DGRAM');
    const sb = board.socket('AF_INET', 'SOCK_DGRAM');
    pc1.detach('home');
    board.detach('home');
    expect(pc1.addresses()).toEqual([]);
    expect(netError(() => pc1.sendto(sp, bytes('x'), '192.168.0.3', 9000)).code).toBe('ENETUNREACH');
    expect(netError(() => board.sendto(sb, bytes('x'), '192.168.0.3', 9000)).errno).toBe(118);
    expect(pc1.openSockets()).toBe(1);
    pc1.attach('home');
    const r = bound(pc2, '', 9000);
    pc1.sendto(sp, bytes('x'), '192.168.0.3', 9000);
    expect(pc2.readable(r)).toBe(true);
  });

  test('a socket bound to an address the host lost: ENETUNREACH (linux) / 118 (lwip)', () => {
    const { pc1, board } = home();
    const sp = bound(pc1, '192.168.0.2', 5000);
    const sb = bound(board, '192.168.0.4', 5000);
    pc1.detach('home');
    board.detach('home');
    pc1.attach('home', '192.168.0.20');
    board.attach('home', '192.168.0.40');
    expect(netError(() => pc1.sendto(sp, bytes('x'), '192.168.0.3', 9000)).code).toBe('ENETUNREACH');
    expect(netError(() => board.sendto(sb, bytes('x'), '192.168.0.3', 9000)).errno).toBe(118);
  });

  test('a datagram in flight to a host that leaves meanwhile is unroutable', () => {
    const { pc1, pc2, net, clock } = home();
    net.setImpairment('home', { delayMs: 5 });
    bound(pc2, '', 9000);
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '192.168.0.3', 9000);
    pc2.detach('home');
    clock.advance(5);
    expect(net.records().map((r) => r.fate)).toEqual(['unroutable']);
  });

  test('two LANs: a multi-homed host reaches both, each from its own address', () => {
    const { net, pc1, pc2 } = home();
    net.addLan('lab', '10.0.0.0/24');
    const far = net.addHost({ name: 'far', profile: 'linux' });
    far.attach('lab');
    pc1.attach('lab');
    expect(pc1.addresses()).toEqual(['192.168.0.2', '10.0.0.3']);
    const rf = bound(far, '', 9000);
    const r2 = bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('x'), '10.0.0.2', 9000);
    pc1.sendto(fd, bytes('y'), '192.168.0.3', 9000);
    expect(far.recvfrom(rf, 9)?.ip).toBe('10.0.0.3');
    expect(pc2.recvfrom(r2, 9)?.ip).toBe('192.168.0.2');
    expect(net.records().map((r) => r.lan)).toEqual(['lab', 'home']);
  });

  test('hosts on different LANs cannot reach each other (no router between them)', () => {
    const { net, pc1 } = home();
    net.addLan('lab', '10.0.0.0/24');
    const far = net.addHost({ name: 'far', profile: 'linux' });
    far.attach('lab');
    const rf = bound(far, '', 9000);
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '10.0.0.2', 9000);
    expect(far.readable(rf)).toBe(false);
    expect(net.records().at(-1)?.fate).toBe('unroutable');
  });

  test('a socket bound to one LAN address sends broadcasts out of that LAN', () => {
    const { net, pc1 } = home();
    net.addLan('lab', '10.0.0.0/24');
    pc1.attach('lab');
    const far = net.addHost({ name: 'far', profile: 'linux' });
    far.attach('lab');
    const rf = bound(far, '', 9000);
    const fd = bound(pc1, '10.0.0.2', 0);
    pc1.setsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST', 1);
    pc1.sendto(fd, bytes('x'), '255.255.255.255', 9000);
    expect(far.recvfrom(rf, 9)?.ip).toBe('10.0.0.2');
  });
});
