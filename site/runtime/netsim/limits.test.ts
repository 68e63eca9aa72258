import { describe, expect, test } from 'vitest';
import { NetsimConfigError } from './errors.ts';
import { createNetwork } from './network.ts';
import { bound, bytes, home, netError, text, zeros } from './testing/fixtures.ts';
import type { Host } from './types.ts';

function drain(host: Host, fd: number): number {
  let n = 0;
  while (host.recvfrom(fd, 65_535) !== null) n++;
  return n;
}

describe('datagram size', () => {
  test('linux: 65 507 bytes go, 65 508 is EMSGSIZE (errno 90) and sends nothing', () => {
    const { pc1, pc2, net } = home();
    const r = bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.sendto(fd, zeros(65_507), '192.168.0.3', 9000)).toBe(65_507);
    expect(pc2.recvfrom(r, 70_000)?.data.length).toBe(65_507);
    const e = netError(() => pc1.sendto(fd, zeros(65_508), '192.168.0.3', 9000));
    expect([e.code, e.errno, e.strerror]).toEqual(['EMSGSIZE', 90, 'Message too long']);
    expect(net.records()).toHaveLength(1);
  });

  test('linux: maxDatagram is an option', () => {
    const { pc1 } = home({ maxDatagram: 1472 });
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.sendto(fd, zeros(1472), '192.168.0.3', 9000)).toBe(1472);
    expect(netError(() => pc1.sendto(fd, zeros(1473), '192.168.0.3', 9000)).code).toBe('EMSGSIZE');
  });

  test('lwip: up to 65 535 bytes go, 65 536 is a bare errno 122', () => {
    const { board, pc1 } = home();
    const r = bound(pc1, '', 9000);
    const fd = board.socket('AF_INET', 'SOCK_DGRAM');
    expect(board.sendto(fd, zeros(65_535), '192.168.0.2', 9000)).toBe(65_535);
    expect(pc1.recvfrom(r, 65_535)?.data.length).toBe(65_535);
    const e = netError(() => board.sendto(fd, zeros(65_536), '192.168.0.2', 9000));
    expect([e.code, e.errno]).toEqual(['EMSGSIZE_LWIP', 122]);
  });

  test('empty datagrams are datagrams', () => {
    const { pc1, pc2 } = home();
    const r = bound(pc2, '', 9000);
    expect(pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), zeros(0), '192.168.0.3', 9000)).toBe(0);
    const got = pc2.recvfrom(r, 10);
    expect(got?.data.length).toBe(0);
    expect(got?.truncated).toBe(false);
  });
});

describe('recvfrom truncation', () => {
  test('returns at most bufsize bytes, discards the rest, marks the record truncated', () => {
    const { pc1, pc2, net } = home();
    const r = bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('0123456789'), '192.168.0.3', 9000);
    pc1.sendto(fd, bytes('abc'), '192.168.0.3', 9000);
    const got = pc2.recvfrom(r, 4);
    expect(got && [text(got.data), got.truncated]).toEqual(['0123', true]);
    expect(net.records().map((x) => x.fate)).toEqual(['truncated', 'delivered']);
    expect(text(pc2.recvfrom(r, 4)?.data ?? bytes(''))).toBe('abc');
    expect(pc2.recvfrom(r, 4)).toBeNull();
  });

  test('bufsize equal to the size is not truncation; bufsize 0 truncates a non-empty datagram', () => {
    const { pc1, pc2 } = home();
    const r = bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('abcd'), '192.168.0.3', 9000);
    pc1.sendto(fd, bytes('abcd'), '192.168.0.3', 9000);
    expect(pc2.recvfrom(r, 4)?.truncated).toBe(false);
    const zero = pc2.recvfrom(r, 0);
    expect(zero && [zero.data.length, zero.truncated]).toEqual([0, true]);
  });
});

describe('receive buffer (linux)', () => {
  test('default 212 992 bytes, 768 bytes per datagram: 278 empty datagrams fit, the rest are dropped', () => {
    const { pc1, pc2, net } = home();
    const r = bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (let i = 0; i < 300; i++) pc1.sendto(fd, zeros(0), '192.168.0.3', 9000);
    const fates = net.records().map((x) => x.fate);
    expect(fates.filter((f) => f === 'delivered')).toHaveLength(278);
    expect(fates.slice(278).every((f) => f === 'dropped')).toBe(true);
    expect(pc2.getsockopt(r, 'SOL_SOCKET', 'SO_RCVBUF')).toBe(212_992);
    expect(drain(pc2, r)).toBe(278);
  });

  test('boundary: charged bytes exactly at the limit still accept one more; one byte over drops', () => {
    const { pc1, pc2, net } = home({ defaultRcvBuf: 3000 });
    const exact = bound(pc2, '', 9000);
    const over = bound(pc2, '', 9001);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, zeros(3000 - 768), '192.168.0.3', 9000); // charged 3000 = limit
    pc1.sendto(fd, zeros(10), '192.168.0.3', 9000); // accepted: nothing above the limit yet
    pc1.sendto(fd, zeros(10), '192.168.0.3', 9000); // dropped
    pc1.sendto(fd, zeros(3001 - 768), '192.168.0.3', 9001); // charged 3001 > limit
    pc1.sendto(fd, zeros(10), '192.168.0.3', 9001); // dropped
    expect(net.records().map((x) => x.fate)).toEqual([
      'delivered',
      'delivered',
      'dropped',
      'delivered',
      'dropped',
    ]);
    expect([drain(pc2, exact), drain(pc2, over)]).toEqual([2, 1]);
  });

  test('an empty buffer takes any datagram, even one larger than the buffer', () => {
    const { pc1, pc2 } = home();
    const r = bound(pc2, '', 9000);
    pc2.setsockopt(r, 'SOL_SOCKET', 'SO_RCVBUF', 1);
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), zeros(60_000), '192.168.0.3', 9000);
    expect(pc2.recvfrom(r, 60_000)?.data.length).toBe(60_000);
  });

  test('reading frees space', () => {
    const { pc1, pc2 } = home({ defaultRcvBuf: 768 });
    const r = bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (let i = 0; i < 3; i++) pc1.sendto(fd, zeros(0), '192.168.0.3', 9000);
    expect(drain(pc2, r)).toBe(2);
    for (let i = 0; i < 3; i++) pc1.sendto(fd, zeros(0), '192.168.0.3', 9000);
    expect(drain(pc2, r)).toBe(2);
  });

  test('SO_RCVBUF: stored doubled, at least 2304, capped at 2 × rmem_max', () => {
    const { pc2 } = home();
    const r = pc2.socket('AF_INET', 'SOCK_DGRAM');
    const set = (v: number): number => {
      pc2.setsockopt(r, 'SOL_SOCKET', 'SO_RCVBUF', v);
      return pc2.getsockopt(r, 'SOL_SOCKET', 'SO_RCVBUF');
    };
    expect(set(5000)).toBe(10_000);
    expect(set(1152)).toBe(2304);
    expect(set(1151)).toBe(2304);
    expect(set(0)).toBe(2304);
    expect(set(212_992)).toBe(425_984);
    expect(set(1_000_000)).toBe(425_984);
    expect(set(-1)).toBe(425_984);
  });

  test('SO_RCVBUF governs drops: 5000 → 10 000 bytes → 14 empty datagrams', () => {
    const { pc1, pc2 } = home();
    const r = bound(pc2, '', 9000);
    pc2.setsockopt(r, 'SOL_SOCKET', 'SO_RCVBUF', 5000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (let i = 0; i < 20; i++) pc1.sendto(fd, zeros(0), '192.168.0.3', 9000);
    expect(drain(pc2, r)).toBe(14);
  });

  test('SO_SNDBUF: default 212 992, doubled, at least 4608', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_SNDBUF')).toBe(212_992);
    pc1.setsockopt(fd, 'SOL_SOCKET', 'SO_SNDBUF', 100);
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_SNDBUF')).toBe(4608);
    pc1.setsockopt(fd, 'SOL_SOCKET', 'SO_SNDBUF', 10_000);
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_SNDBUF')).toBe(20_000);
  });
});

describe('receive queue (lwip)', () => {
  test('6 datagrams queue, the 7th is dropped, whatever their size; reading frees a slot', () => {
    const { pc1, board, net } = home();
    const r = bound(board, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (let i = 0; i < 7; i++) pc1.sendto(fd, zeros(1), '192.168.0.4', 9000);
    expect(net.records().map((x) => x.fate)).toEqual([...Array<string>(6).fill('delivered'), 'dropped']);
    board.recvfrom(r, 10);
    pc1.sendto(fd, zeros(1), '192.168.0.4', 9000);
    expect(net.records().at(-1)?.fate).toBe('delivered');
  });

  test('lwipRecvMbox is an option, and SO_RCVBUF is ignored on the board', () => {
    const { pc1, board } = home({ lwipRecvMbox: 2 });
    const r = bound(board, '', 9000);
    board.setsockopt(r, 'SOL_SOCKET', 'SO_RCVBUF', 100_000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (let i = 0; i < 5; i++) pc1.sendto(fd, zeros(1), '192.168.0.4', 9000);
    expect(drain(board, r)).toBe(2);
  });
});

describe('other limits', () => {
  test('maxHosts: the limit-th host is added, one more is NETSIM_ERR_TOO_MANY_HOSTS', () => {
    const net = createNetwork();
    for (let i = 0; i < 64; i++) net.addHost({ name: `h${i}`, profile: 'linux' });
    expect(() => net.addHost({ name: 'one-more', profile: 'linux' })).toThrow(NetsimConfigError);
    const small = createNetwork({ maxHosts: 1 });
    small.addHost({ name: 'a', profile: 'linux' });
    expect(() => small.addHost({ name: 'b', profile: 'linux' })).toThrow(/NETSIM_ERR_TOO_MANY_HOSTS/);
  });

  test('unknown sockopts: ENOPROTOOPT (92); SO_TYPE is SOCK_DGRAM (2)', () => {
    const { pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_TYPE')).toBe(2);
    expect(pc1.getsockopt(fd, 'SOL_SOCKET', 'SO_REUSEADDR')).toBe(0);
    expect(netError(() => pc1.setsockopt(fd, 'SOL_SOCKET', 'SO_TYPE' as 'SO_RCVBUF', 1)).errno).toBe(92);
    expect(netError(() => pc1.getsockopt(fd, 'IPPROTO_IP' as 'SOL_SOCKET', 'SO_TYPE')).code).toBe(
      'ENOPROTOOPT',
    );
  });

  test('options must be sensible integers', () => {
    expect(() => createNetwork({ maxDatagram: 0 })).toThrow(/NETSIM_ERR_BAD_OPTION/);
    expect(() => createNetwork({ defaultRcvBuf: 1.5 })).toThrow(/NETSIM_ERR_BAD_OPTION/);
    expect(() => createNetwork({ seed: Number.NaN })).toThrow(/NETSIM_ERR_BAD_OPTION/);
  });
});
