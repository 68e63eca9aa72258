import { describe, expect, test } from 'vitest';
import { createNetwork } from './network.ts';
import { bound, bytes, home, netError } from './testing/fixtures.ts';

describe('socket lifecycle', () => {
  test('fds start at 3 and reuse the lowest free one', () => {
    const { pc1 } = home();
    expect([
      pc1.socket('AF_INET', 'SOCK_DGRAM'),
      pc1.socket('AF_INET', 'SOCK_DGRAM'),
      pc1.socket('AF_INET', 'SOCK_DGRAM'),
    ]).toEqual([3, 4, 5]);
    pc1.close(4);
    expect(pc1.socket('AF_INET', 'SOCK_DGRAM')).toBe(4);
    expect(pc1.openSockets()).toBe(3);
  });

  test('fds are per host', () => {
    const { pc1, pc2 } = home();
    expect(pc1.socket('AF_INET', 'SOCK_DGRAM')).toBe(3);
    expect(pc2.socket('AF_INET', 'SOCK_DGRAM')).toBe(3);
  });

  test('maxSocketsPerHost: the limit-th socket opens, one more is EMFILE (linux) / ENFILE (lwip)', () => {
    const { pc1, board } = home({ maxSocketsPerHost: 4 });
    for (let i = 0; i < 4; i++) pc1.socket('AF_INET', 'SOCK_DGRAM');
    const e = netError(() => pc1.socket('AF_INET', 'SOCK_DGRAM'));
    expect([e.code, e.errno]).toEqual(['EMFILE', 24]);
    for (let i = 0; i < 4; i++) board.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => board.socket('AF_INET', 'SOCK_DGRAM')).errno).toBe(23);
    pc1.close(3);
    expect(pc1.socket('AF_INET', 'SOCK_DGRAM')).toBe(3);
  });

  test('default limit is 1024 sockets', () => {
    const net = createNetwork();
    const h = net.addHost({ name: 'h', profile: 'linux' });
    for (let i = 0; i < 1024; i++) h.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => h.socket('AF_INET', 'SOCK_DGRAM')).code).toBe('EMFILE');
  });

  test('addHost maxSockets overrides the network limit', () => {
    const net = createNetwork();
    const h = net.addHost({ name: 'b', profile: 'lwip', maxSockets: 1 });
    h.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => h.socket('AF_INET', 'SOCK_DGRAM')).code).toBe('ENFILE');
  });

  test('every call on a closed or unknown fd is EBADF (errno 9)', () => {
    const { pc1 } = home();
    const fd = bound(pc1, '', 5000);
    pc1.close(fd);
    const calls: (() => unknown)[] = [
      () => pc1.bind(fd, '', 5001),
      () => pc1.connect(fd, '192.168.0.3', 1),
      () => pc1.disconnect(fd),
      () => pc1.sendto(fd, bytes('x'), '192.168.0.3', 1),
      () => pc1.recvfrom(fd, 10),
      () => pc1.readable(fd),
      () => pc1.onReadable(fd, () => undefined),
      () => pc1.setsockopt(fd, 'SOL_SOCKET', 'SO_REUSEADDR', 1),
      () => pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_TYPE'),
      () => pc1.getsockname(fd),
      () => pc1.getpeername(fd),
      () => pc1.close(fd),
      () => pc1.recvfrom(99, 10),
      () => pc1.close(-1),
    ];
    for (const call of calls) {
      const e = netError(call);
      expect([e.code, e.errno, e.strerror]).toEqual(['EBADF', 9, 'Bad file descriptor']);
    }
  });

  test('close frees the port', () => {
    const { pc1 } = home();
    const fd = bound(pc1, '', 5000);
    pc1.close(fd);
    expect(() => bound(pc1, '', 5000)).not.toThrow();
  });

  test('closeAll closes everything and fds start again at 3', () => {
    const { pc1 } = home();
    bound(pc1, '', 5000);
    bound(pc1, '', 5001);
    pc1.closeAll();
    expect(pc1.openSockets()).toBe(0);
    expect(bound(pc1, '', 5000)).toBe(3);
  });

  test('only AF_INET, SOCK_DGRAM or SOCK_STREAM', () => {
    const { pc1 } = home();
    expect(netError(() => pc1.socket('AF_INET6' as 'AF_INET', 'SOCK_DGRAM')).errno).toBe(97);
    expect(netError(() => pc1.socket('AF_INET', 'SOCK_RAW' as 'SOCK_DGRAM')).errno).toBe(91);
    expect(pc1.socketType(pc1.socket('AF_INET', 'SOCK_STREAM'))).toBe('SOCK_STREAM');
  });

  test('getsockname of an unbound socket is 0.0.0.0:0; getpeername unconnected is ENOTCONN', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.getsockname(fd)).toEqual(['0.0.0.0', 0]);
    expect(netError(() => pc1.getpeername(fd)).errno).toBe(107);
  });

  test('bad arguments are EINVAL: address, port, bufsize', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => pc1.bind(fd, 'pc2', 1)).code).toBe('EINVAL');
    expect(netError(() => pc1.bind(fd, '', 65536)).code).toBe('EINVAL');
    expect(netError(() => pc1.bind(fd, '', -1)).code).toBe('EINVAL');
    expect(netError(() => pc1.sendto(fd, bytes('x'), '192.168.0.3')).code).toBe('EINVAL');
    expect(netError(() => pc1.sendto(fd, bytes('x'), '192.168.0.3', 0)).code).toBe('EINVAL');
    expect(netError(() => pc1.recvfrom(fd, -1)).code).toBe('EINVAL');
  });

  test('recvfrom on an empty queue returns null (the kernel decides about blocking)', () => {
    const { pc1 } = home();
    const fd = bound(pc1, '', 5000);
    expect(pc1.recvfrom(fd, 100)).toBeNull();
    expect(pc1.readable(fd)).toBe(false);
  });
});
