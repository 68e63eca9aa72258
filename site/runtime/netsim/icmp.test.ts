import { describe, expect, test } from 'vitest';
import { bound, bytes, home, netError } from './testing/fixtures.ts';

describe('ICMP port unreachable', () => {
  test('connected linux socket: fate refused, then the next recv raises ECONNREFUSED (111) once', () => {
    const { pc1, net } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 9999);
    expect(pc1.sendto(fd, bytes('x'))).toBe(1);
    expect(net.records().map((r) => r.fate)).toEqual(['refused']);
    expect(pc1.readable(fd)).toBe(true);
    const e = netError(() => pc1.recvfrom(fd, 100));
    expect([e.code, e.errno, e.strerror]).toEqual(['ECONNREFUSED', 111, 'Connection refused']);
    expect(pc1.recvfrom(fd, 100)).toBeNull();
    expect(pc1.readable(fd)).toBe(false);
  });

  test('…or the next send raises it once (and that datagram is not sent)', () => {
    const { pc1, net } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 9999);
    pc1.sendto(fd, bytes('1'));
    expect(netError(() => pc1.sendto(fd, bytes('2'))).code).toBe('ECONNREFUSED');
    expect(net.records()).toHaveLength(1);
    expect(pc1.sendto(fd, bytes('3'))).toBe(1);
  });

  test('over loopback too', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '127.0.0.1', 9999);
    pc1.sendto(fd, bytes('x'));
    expect(netError(() => pc1.recvfrom(fd, 10)).code).toBe('ECONNREFUSED');
  });

  test('the error wakes onReadable (select sees it)', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 9999);
    let woken = 0;
    pc1.onReadable(fd, () => woken++);
    pc1.sendto(fd, bytes('x'));
    expect(woken).toBe(1);
  });

  test('SO_ERROR reads and clears the pending error', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 9999);
    pc1.sendto(fd, bytes('x'));
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_ERROR')).toBe(111);
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_ERROR')).toBe(0);
    expect(pc1.recvfrom(fd, 10)).toBeNull();
  });

  test('unconnected sockets ignore it', () => {
    const { pc1, net } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('x'), '192.168.0.3', 9999);
    expect(net.records().at(-1)?.fate).toBe('refused');
    expect(pc1.readable(fd)).toBe(false);
    expect(pc1.sendto(fd, bytes('x'), '192.168.0.3', 9999)).toBe(1);
  });

  test('a connected socket ignores refusals of datagrams it sent elsewhere', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 9000);
    pc1.sendto(fd, bytes('x'), '192.168.0.3', 9999);
    expect(pc1.readable(fd)).toBe(false);
  });

  test('the board never raises ECONNREFUSED, but a board with no listener refuses a PC', () => {
    const { pc1, board, net } = home();
    const b = board.socket('AF_INET', 'SOCK_DGRAM');
    board.connect(b, '192.168.0.2', 9999);
    board.sendto(b, bytes('x'));
    expect(board.readable(b)).toBe(false);
    expect(board.sendto(b, bytes('x'))).toBe(1);
    const p = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(p, '192.168.0.4', 9999);
    pc1.sendto(p, bytes('x'));
    expect(net.records().at(-1)?.fate).toBe('refused');
    expect(netError(() => pc1.recvfrom(p, 10)).code).toBe('ECONNREFUSED');
  });

  test('after an impairment delay, the error appears when the datagram arrives', () => {
    const { pc1, net, clock } = home();
    net.setImpairment('home', { delayMs: 10 });
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 9999);
    pc1.sendto(fd, bytes('x'));
    expect(pc1.readable(fd)).toBe(false);
    clock.advance(10);
    expect(pc1.readable(fd)).toBe(true);
  });

  test('a socket connected to a peer that is listening gets no error', () => {
    const { pc1, pc2 } = home();
    bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 9000);
    pc1.sendto(fd, bytes('x'));
    expect(pc1.readable(fd)).toBe(false);
  });

  test('a pending error is raised before queued data, which stays readable after', () => {
    const { pc1, pc2 } = home();
    const peer = bound(pc2, '', 9000);
    const fd = bound(pc1, '', 5000);
    pc1.connect(fd, '192.168.0.3', 9000);
    pc2.sendto(peer, bytes('data'), '192.168.0.2', 5000);
    pc2.close(peer);
    pc1.sendto(fd, bytes('x'));
    expect(netError(() => pc1.recvfrom(fd, 10)).code).toBe('ECONNREFUSED');
    expect(pc1.recvfrom(fd, 10)?.data.length).toBe(4);
  });
});
