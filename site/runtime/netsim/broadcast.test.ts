import { describe, expect, test } from 'vitest';
import type { Host } from './types.ts';
import { bound, bytes, home, netError, text } from './testing/fixtures.ts';

function broadcaster(host: Host): number {
  const fd = host.socket('AF_INET', 'SOCK_DGRAM');
  host.setsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST', 1);
  return fd;
}

describe('broadcast', () => {
  test('linux without SO_BROADCAST: EACCES (errno 13, PermissionError), to the LAN broadcast and to 255.255.255.255', () => {
    const { pc1, net } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (const dst of ['192.168.0.255', '255.255.255.255']) {
      const e = netError(() => pc1.sendto(fd, bytes('x'), dst, 9000));
      expect([e.code, e.errno, e.strerror]).toEqual(['EACCES', 13, 'Permission denied']);
    }
    expect(net.records()).toHaveLength(0);
  });

  test('linux connect to a broadcast address without SO_BROADCAST: EACCES', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => pc1.connect(fd, '192.168.0.255', 9000)).code).toBe('EACCES');
  });

  test('getsockopt reports SO_BROADCAST', () => {
    const { pc1 } = home();
    const fd = broadcaster(pc1);
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST')).toBe(1);
  });

  test('reaches every matching socket on every host of the LAN, including the sender host', () => {
    const { pc1, pc2, board, net } = home();
    const r1 = bound(pc1, '', 9000);
    const r2 = bound(pc2, '', 9000);
    const rb = bound(board, '', 9000);
    const fd = broadcaster(pc1);
    pc1.sendto(fd, bytes('hello all'), '192.168.0.255', 9000);
    for (const [h, s] of [
      [pc1, r1],
      [pc2, r2],
      [board, rb],
    ] as const) {
      const r = h.recvfrom(s, 100);
      expect(r && [text(r.data), r.ip]).toEqual(['hello all', '192.168.0.2']);
    }
    const recs = net.records();
    expect(recs.map((r) => [r.lan, r.fate, r.deliveredTo])).toEqual([
      ['lo:pc1', 'delivered', ['pc1']],
      ['home', 'delivered', ['pc2', 'board']],
    ]);
    expect(recs[1]?.dst).toEqual(['192.168.0.255', 9000]);
  });

  test('255.255.255.255 reaches the LAN too', () => {
    const { pc1, pc2 } = home();
    const r2 = bound(pc2, '', 9000);
    pc1.sendto(broadcaster(pc1), bytes('x'), '255.255.255.255', 9000);
    expect(pc2.readable(r2)).toBe(true);
  });

  test('SO_REUSEADDR sockets sharing a port each get a copy of a broadcast', () => {
    const { pc1, pc2 } = home();
    const a = pc2.socket('AF_INET', 'SOCK_DGRAM');
    const b = pc2.socket('AF_INET', 'SOCK_DGRAM');
    for (const fd of [a, b]) {
      pc2.setsockopt(fd, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
      pc2.bind(fd, '', 9000);
    }
    pc1.sendto(broadcaster(pc1), bytes('x'), '192.168.0.255', 9000);
    expect([pc2.readable(a), pc2.readable(b)]).toEqual([true, true]);
  });

  test('linux: a socket bound to its LAN address does not receive broadcasts; one bound to the broadcast address does', () => {
    const { pc1, pc2 } = home();
    const specific = bound(pc2, '192.168.0.3', 9000);
    const bcast = bound(pc2, '192.168.0.255', 9001);
    const fd = broadcaster(pc1);
    pc1.sendto(fd, bytes('x'), '192.168.0.255', 9000);
    pc1.sendto(fd, bytes('y'), '192.168.0.255', 9001);
    expect(pc2.readable(specific)).toBe(false);
    expect(pc2.readable(bcast)).toBe(true);
  });

  test('lwip: sending a broadcast needs no SO_BROADCAST, and setting it changes nothing', () => {
    const { pc2, board } = home();
    const r2 = bound(pc2, '', 9000);
    const fd = board.socket('AF_INET', 'SOCK_DGRAM');
    expect(board.sendto(fd, bytes('x'), '192.168.0.255', 9000)).toBe(1);
    expect(board.sendto(fd, bytes('y'), '255.255.255.255', 9000)).toBe(1);
    expect(pc2.recvfrom(r2, 9)?.ip).toBe('192.168.0.4');
    board.setsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST', 1);
    expect(board.getsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST')).toBe(0);
  });

  test('lwip: no copy back to the sending board (lwIP does not loop broadcasts)', () => {
    const { board, net } = home();
    const own = bound(board, '', 9000);
    board.sendto(own, bytes('x'), '192.168.0.255', 9000);
    expect(board.readable(own)).toBe(false);
    expect(net.records().map((r) => r.fate)).toEqual(['unclaimed']);
  });

  test('lwip: a board socket bound to its LAN address still receives the LAN broadcast', () => {
    const { pc1, board } = home();
    const rb = bound(board, '192.168.0.4', 9000);
    pc1.sendto(broadcaster(pc1), bytes('x'), '192.168.0.255', 9000);
    expect(board.readable(rb)).toBe(true);
  });

  test('a broadcast nobody listens to is unclaimed and raises no error', () => {
    const { pc1, net } = home();
    const fd = broadcaster(pc1);
    pc1.connect(fd, '192.168.0.255', 9000);
    pc1.sendto(fd, bytes('x'));
    expect(net.records().map((r) => r.fate)).toEqual(['unclaimed']);
    expect(() => pc1.sendto(fd, bytes('x'))).not.toThrow();
  });

  test('a broadcast stays on its LAN', () => {
    const { net, pc1 } = home();
    net.addLan('lab', '10.0.0.0/24');
    const far = net.addHost({ name: 'far', profile: 'linux' });
    far.attach('lab');
    const rf = bound(far, '', 9000);
    pc1.sendto(broadcaster(pc1), bytes('x'), '255.255.255.255', 9000);
    expect(far.readable(rf)).toBe(false);
  });
});
