import { describe, expect, test } from 'vitest';
import { bound, bytes, home, netError, text } from './testing/fixtures.ts';

describe('unicast delivery', () => {
  test('echo across the LAN, synchronously with a clean link', () => {
    const { pc1, pc2 } = home();
    const server = bound(pc2, '', 9000);
    const client = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.sendto(client, bytes('ping'), '192.168.0.3', 9000)).toBe(4);
    const got = pc2.recvfrom(server, 1024);
    expect(got && text(got.data)).toBe('ping');
    const [, cport] = pc1.getsockname(client);
    expect(got && [got.ip, got.port, got.truncated]).toEqual(['192.168.0.2', cport, false]);
    pc2.sendto(server, bytes('pong'), got?.ip, got?.port);
    const back = pc1.recvfrom(client, 1024);
    expect(back && [text(back.data), back.ip, back.port]).toEqual(['pong', '192.168.0.3', 9000]);
  });

  test('datagrams keep their boundaries and order', () => {
    const { pc1, pc2 } = home();
    const server = bound(pc2, '', 9000);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (const m of ['a', 'bb', '', 'ccc']) pc1.sendto(c, bytes(m), '192.168.0.3', 9000);
    const out: string[] = [];
    for (let r = pc2.recvfrom(server, 100); r !== null; r = pc2.recvfrom(server, 100)) out.push(text(r.data));
    expect(out).toEqual(['a', 'bb', '', 'ccc']);
  });

  test('the sender may reuse its buffer: the network keeps its own copy', () => {
    const { pc1, pc2 } = home();
    const server = bound(pc2, '', 9000);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    const buf = bytes('abc');
    pc1.sendto(c, buf, '192.168.0.3', 9000);
    buf[0] = 0x7a;
    expect(text(pc2.recvfrom(server, 10)?.data ?? bytes('?'))).toBe('abc');
  });

  test('exact local address beats wildcard', () => {
    const { pc1, pc2 } = home();
    const any = pc2.socket('AF_INET', 'SOCK_DGRAM');
    const exact = pc2.socket('AF_INET', 'SOCK_DGRAM');
    for (const fd of [any, exact]) pc2.setsockopt(fd, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc2.bind(exact, '192.168.0.3', 9000);
    pc2.bind(any, '', 9000);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(c, bytes('x'), '192.168.0.3', 9000);
    expect(pc2.readable(exact)).toBe(true);
    expect(pc2.readable(any)).toBe(false);
  });

  test('SO_REUSEADDR sharing a port: a unicast datagram goes to one socket, the most recently bound', () => {
    const { pc1, pc2 } = home();
    const first = pc2.socket('AF_INET', 'SOCK_DGRAM');
    const second = pc2.socket('AF_INET', 'SOCK_DGRAM');
    for (const fd of [first, second]) pc2.setsockopt(fd, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc2.bind(first, '', 9000);
    pc2.bind(second, '', 9000);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(c, bytes('x'), '192.168.0.3', 9000);
    pc1.sendto(c, bytes('y'), '192.168.0.3', 9000);
    expect(pc2.readable(first)).toBe(false);
    expect([
      text(pc2.recvfrom(second, 9)?.data ?? bytes('')),
      text(pc2.recvfrom(second, 9)?.data ?? bytes('')),
    ]).toEqual(['x', 'y']);
  });

  test('connect sets the default peer and filters incoming datagrams to that peer', () => {
    const { pc1, pc2, board } = home();
    const fd = bound(pc1, '', 5000);
    pc1.connect(fd, '192.168.0.3', 9000);
    expect(pc1.getpeername(fd)).toEqual(['192.168.0.3', 9000]);
    const peer = bound(pc2, '', 9000);
    const other = bound(pc2, '', 9001);
    pc2.sendto(other, bytes('stranger'), '192.168.0.2', 5000);
    const b = board.socket('AF_INET', 'SOCK_DGRAM');
    board.sendto(b, bytes('board'), '192.168.0.2', 5000);
    expect(pc1.readable(fd)).toBe(false);
    pc2.sendto(peer, bytes('peer'), '192.168.0.2', 5000);
    expect(text(pc1.recvfrom(fd, 100)?.data ?? bytes(''))).toBe('peer');
    pc1.sendto(fd, bytes('to peer'));
    expect(text(pc2.recvfrom(peer, 100)?.data ?? bytes(''))).toBe('to peer');
  });

  test('a socket connected to the sender wins over an unconnected one on the same port', () => {
    const { pc1, pc2 } = home();
    const open = pc2.socket('AF_INET', 'SOCK_DGRAM');
    const conn = pc2.socket('AF_INET', 'SOCK_DGRAM');
    for (const fd of [open, conn]) pc2.setsockopt(fd, 'SOL_SOCKET', 'SO_REUSEADDR', 1);
    pc2.bind(conn, '', 9000);
    pc2.bind(open, '', 9000);
    const c = bound(pc1, '', 5000);
    pc2.connect(conn, '192.168.0.2', 5000);
    pc1.sendto(c, bytes('x'), '192.168.0.3', 9000);
    expect(pc2.readable(conn)).toBe(true);
    expect(pc2.readable(open)).toBe(false);
  });

  test('sendto without address: EDESTADDRREQ (89) unless connected', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    const e = netError(() => pc1.sendto(fd, bytes('x')));
    expect([e.code, e.errno]).toEqual(['EDESTADDRREQ', 89]);
  });

  test('a connected socket may still sendto another address', () => {
    const { pc1, pc2 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '192.168.0.3', 9000);
    const other = bound(pc2, '', 9001);
    pc1.sendto(fd, bytes('x'), '192.168.0.3', 9001);
    expect(pc2.readable(other)).toBe(true);
  });

  test('onReadable fires synchronously on delivery; unsubscribe stops it', () => {
    const { pc1, pc2 } = home();
    const server = bound(pc2, '', 9000);
    let calls = 0;
    const off = pc2.onReadable(server, () => {
      calls++;
      expect(pc2.readable(server)).toBe(true);
    });
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(c, bytes('x'), '192.168.0.3', 9000);
    expect(calls).toBe(1);
    off();
    pc1.sendto(c, bytes('y'), '192.168.0.3', 9000);
    expect(calls).toBe(1);
  });

  test('a readable listener may reply at once (nested delivery)', () => {
    const { pc1, pc2 } = home();
    const server = bound(pc2, '', 9000);
    pc2.onReadable(server, () => {
      const r = pc2.recvfrom(server, 100);
      if (r) pc2.sendto(server, r.data, r.ip, r.port);
    });
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    let echoed = '';
    pc1.sendto(c, bytes('hi'), '192.168.0.3', 9000);
    const r = pc1.recvfrom(c, 100);
    if (r) echoed = text(r.data);
    expect(echoed).toBe('hi');
  });

  test('board to PC and back', () => {
    const { pc1, board } = home();
    const server = bound(pc1, '', 9000);
    const b = board.socket('AF_INET', 'SOCK_DGRAM');
    board.sendto(b, bytes('hello from board'), '192.168.0.2', 9000);
    const r = pc1.recvfrom(server, 100);
    expect(r && [text(r.data), r.ip, r.port]).toEqual(['hello from board', '192.168.0.4', 49153]);
  });
});

describe('loopback', () => {
  test('127.0.0.1 stays inside the host: each host has its own loopback', () => {
    const { pc1, pc2, net } = home();
    const s1 = bound(pc1, '127.0.0.1', 9000);
    const s2 = bound(pc2, '127.0.0.1', 9000);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(c, bytes('x'), '127.0.0.1', 9000);
    expect(pc1.readable(s1)).toBe(true);
    expect(pc2.readable(s2)).toBe(false);
    const r = pc1.recvfrom(s1, 10);
    expect(r?.ip).toBe('127.0.0.1');
    expect(net.records().at(-1)?.lan).toBe('lo:pc1');
  });

  test('wildcard sockets receive loopback traffic; sockets bound to the LAN address do not', () => {
    const { pc1 } = home();
    const lanOnly = bound(pc1, '192.168.0.2', 9000);
    const any = bound(pc1, '', 9001);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(c, bytes('x'), '127.0.0.1', 9000);
    pc1.sendto(c, bytes('y'), '127.0.0.1', 9001);
    expect(pc1.readable(lanOnly)).toBe(false);
    expect(pc1.readable(any)).toBe(true);
  });

  test('sending to the own LAN address stays in the host, from that address', () => {
    const { pc1, net } = home();
    const any = bound(pc1, '', 9000);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(c, bytes('x'), '192.168.0.2', 9000);
    expect(pc1.recvfrom(any, 9)?.ip).toBe('192.168.0.2');
    expect(net.records().at(-1)?.lan).toBe('lo:pc1');
  });

  test('a socket bound to 127.0.0.1 cannot leave the host: EINVAL', () => {
    const { pc1 } = home();
    const lo = bound(pc1, '127.0.0.1', 5000);
    expect(netError(() => pc1.sendto(lo, bytes('x'), '192.168.0.3', 9000)).code).toBe('EINVAL');
  });

  test('0.0.0.0 as destination means this host (linux)', () => {
    const { pc1 } = home();
    const any = bound(pc1, '', 9000);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(c, bytes('x'), '0.0.0.0', 9000);
    expect(pc1.recvfrom(any, 9)?.ip).toBe('127.0.0.1');
  });

  test('loopback works with no LAN at all', () => {
    const { net } = home();
    const solo = net.addHost({ name: 'solo', profile: 'linux' });
    const s = bound(solo, '', 9000);
    const c = solo.socket('AF_INET', 'SOCK_DGRAM');
    solo.sendto(c, bytes('x'), '127.0.0.1', 9000);
    expect(solo.readable(s)).toBe(true);
  });

  test('loopback is never impaired', () => {
    const { pc1, net } = home();
    net.setImpairment('home', { loss: 1 });
    const s = bound(pc1, '', 9000);
    const c = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(c, bytes('x'), '127.0.0.1', 9000);
    expect(pc1.readable(s)).toBe(true);
  });
});
