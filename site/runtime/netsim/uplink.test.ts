// The uplink hook: which datagrams leave through it, the binds and closes it hears, and what comes back in.

import { describe, expect, it } from 'vitest';
import type { DatagramRecord } from './records.ts';
import { bound, bytes, home, netError, text } from './testing/fixtures.ts';
import type { Uplink, UplinkSocket } from './uplink.ts';

type Event =
  | { type: 'bound'; host: string; fd: number; port: number; implicit: boolean }
  | { type: 'send'; fd: number; to: string; data: string }
  | { type: 'unbound'; fd: number; port: number; active: boolean };

/** An uplink that writes down every call and keeps the handles. */
function recorder(): Uplink & { events: Event[]; handles: UplinkSocket[] } {
  const events: Event[] = [];
  const handles: UplinkSocket[] = [];
  return {
    events,
    handles,
    bound(sock) {
      handles.push(sock);
      events.push({ type: 'bound', host: sock.host, fd: sock.fd, port: sock.port, implicit: sock.implicit });
    },
    send(sock, ip, port, data) {
      events.push({ type: 'send', fd: sock.fd, to: `${ip}:${port}`, data: text(data) });
    },
    unbound(sock) {
      events.push({ type: 'unbound', fd: sock.fd, port: sock.port, active: sock.active });
    },
  };
}

describe('uplink: egress', () => {
  it('sends a datagram to a non-virtual address through the uplink, recorded as relayed', () => {
    const { net, pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const recs: DatagramRecord[] = [];
    net.onDatagram((r) => recs.push(r));
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(pc1.sendto(fd, bytes('hi'), '10.20.30.40', 9000)).toBe(2);
    const port = pc1.getsockname(fd)[1];
    expect(up.events).toEqual([
      { type: 'bound', host: 'pc1', fd, port, implicit: true },
      { type: 'send', fd, to: '10.20.30.40:9000', data: 'hi' },
    ]);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      lan: 'uplink',
      src: ['192.168.0.2', port],
      dst: ['10.20.30.40', 9000],
      fate: 'relayed',
      from: 'pc1',
    });
  });

  it('keeps virtual hosts, loopback and broadcasts on the virtual network', () => {
    const { pc1, pc2 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const srv = bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.setsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST', 1);
    pc1.sendto(fd, bytes('virtual'), '192.168.0.3', 9000);
    pc1.sendto(fd, bytes('lo'), '127.0.0.1', 9);
    pc1.sendto(fd, bytes('all'), '255.255.255.255', 9000);
    pc1.sendto(fd, bytes('subnet'), '192.168.0.255', 9000);
    expect(up.events.filter((e) => e.type === 'send')).toEqual([]);
    expect(text(pc2.recvfrom(srv, 100)?.data ?? bytes(''))).toBe('virtual');
  });

  it('sends an address inside the virtual subnet that no virtual host has to the uplink (a real LAN host)', () => {
    const { pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('board'), '192.168.0.57', 6000);
    expect(up.events.at(-1)).toEqual({ type: 'send', fd, to: '192.168.0.57:6000', data: 'board' });
  });

  it('leaves hosts without an uplink as before: off-LAN traffic is unroutable', () => {
    const { net, pc1, pc2 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const recs: DatagramRecord[] = [];
    net.onDatagram((r) => recs.push(r));
    const fd = pc2.socket('AF_INET', 'SOCK_DGRAM');
    pc2.sendto(fd, bytes('x'), '10.20.30.40', 9000);
    expect(up.events).toEqual([]);
    expect(recs[0]?.fate).toBe('unroutable');
  });

  it('reaches the uplink from a host on no LAN, which otherwise has no route', () => {
    const { net } = home();
    const solo = net.addHost({ name: 'solo', profile: 'linux' });
    const fd = solo.socket('AF_INET', 'SOCK_DGRAM');
    expect(netError(() => solo.sendto(fd, bytes('x'), '10.0.0.9', 9000)).code).toBe('ENETUNREACH');
    const up = recorder();
    solo.setUplink(up);
    solo.sendto(fd, bytes('x'), '10.0.0.9', 9000);
    expect(up.events.at(-1)).toEqual({ type: 'send', fd, to: '10.0.0.9:9000', data: 'x' });
  });

  it('routes a connected socket through the uplink, with the LAN address as its source', () => {
    const { pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '10.1.2.3', 7000);
    expect(pc1.getsockname(fd)[0]).toBe('192.168.0.2');
    pc1.sendto(fd, bytes('c'));
    expect(up.events.at(-1)).toEqual({ type: 'send', fd, to: '10.1.2.3:7000', data: 'c' });
  });
});

describe('uplink: replies to a program on the relay’s computer', () => {
  it('sends a reply to a 127.x source that came through the uplink back through it, not to this host’s loopback', () => {
    const { net, pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const recs: DatagramRecord[] = [];
    net.onDatagram((r) => recs.push(r));
    const srv = bound(pc1, '', 9000);
    expect(up.handles[0]?.deliver('127.0.0.1', 45000, bytes('ping'))).toBe(true);
    const got = pc1.recvfrom(srv, 100);
    expect(got && [got.ip, got.port]).toEqual(['127.0.0.1', 45000]);
    // The textbook reply: sendto(answer, client_addr).
    pc1.sendto(srv, bytes('pong'), '127.0.0.1', 45000);
    expect(up.events.at(-1)).toEqual({ type: 'send', fd: srv, to: '127.0.0.1:45000', data: 'pong' });
    expect(recs.at(-1)).toMatchObject({ lan: 'uplink', dst: ['127.0.0.1', 45000], fate: 'relayed' });
    // Connected to it, likewise.
    pc1.connect(srv, '127.0.0.1', 45000);
    pc1.sendto(srv, bytes('again'));
    expect(up.events.at(-1)).toEqual({ type: 'send', fd: srv, to: '127.0.0.1:45000', data: 'again' });
  });

  it('keeps loopback local for a source that never came through the uplink, for another socket, and when this host holds the port', () => {
    const { pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const srv = bound(pc1, '', 9000);
    up.handles[0]?.deliver('127.0.0.1', 45000, bytes('ping'));
    pc1.sendto(srv, bytes('elsewhere'), '127.0.0.1', 45001);
    const other = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(other, bytes('other'), '127.0.0.1', 45000);
    const local = bound(pc1, '', 45000);
    pc1.sendto(srv, bytes('local'), '127.0.0.1', 45000);
    expect(up.events.filter((e) => e.type === 'send')).toEqual([]);
    expect(text(pc1.recvfrom(local, 100)?.data ?? bytes(''))).toBe('local');
  });
});

describe('uplink: what the relay refused', () => {
  it('marks the datagram it had relayed as relay-denied, with the rule, once', () => {
    const { net, pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const recs: DatagramRecord[] = [];
    net.onDatagram((r) => recs.push(r));
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('a'), '10.0.0.9', 9000);
    pc1.sendto(fd, bytes('b'), '10.0.0.8', 9000);
    const rule = { reason: 'outside-subnet', allow: '--allow <cidr>' };
    expect(up.handles[0]?.denied('10.0.0.9', 9000, rule)).toBe(true);
    expect(recs[0]).toMatchObject({ fate: 'relay-denied', relayRule: rule, dst: ['10.0.0.9', 9000] });
    expect(recs[1]?.fate).toBe('relayed');
    expect(up.handles[0]?.denied('10.0.0.9', 9000, rule)).toBe(false); // already marked
    expect(up.handles[0]?.denied('10.0.0.7', 9000, rule)).toBe(false); // never sent there
  });

  it('lists a datagram refused on arrival as relay-refused, without queueing it', () => {
    const { net, pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const recs: DatagramRecord[] = [];
    net.onDatagram((r) => recs.push(r));
    const fd = bound(pc1, '', 6000);
    up.handles[0]?.refusedInbound('10.9.9.9', 4000, 12, { reason: 'source', allow: '--allow <cidr>' });
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      lan: 'uplink',
      src: ['10.9.9.9', 4000],
      dst: ['192.168.0.2', 6000],
      size: 12,
      fate: 'relay-refused',
      relayRule: { reason: 'source', allow: '--allow <cidr>' },
    });
    expect(pc1.recvfrom(fd, 100)).toBeNull();
  });
});

describe('uplink: binds and closes', () => {
  it('announces explicit binds, the sockets bound before the uplink was set, and closes', () => {
    const { pc1 } = home();
    const early = bound(pc1, '', 6000);
    const lo = bound(pc1, '127.0.0.1', 6001);
    const up = recorder();
    pc1.setUplink(up);
    const late = bound(pc1, '192.168.0.2', 6002);
    pc1.close(early);
    pc1.close(lo);
    expect(up.events).toEqual([
      { type: 'bound', host: 'pc1', fd: early, port: 6000, implicit: false },
      { type: 'bound', host: 'pc1', fd: late, port: 6002, implicit: false },
      { type: 'unbound', fd: early, port: 6000, active: false },
    ]);
    expect(up.handles[0]?.active).toBe(false);
    expect(up.handles[1]?.active).toBe(true);
  });

  it('announces the port a disconnect gives up, and the new one the next sendto takes', () => {
    const { pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '10.1.2.3', 7000);
    const first = pc1.getsockname(fd)[1];
    pc1.disconnect(fd);
    pc1.sendto(fd, bytes('again'), '10.1.2.3', 7000);
    const second = pc1.getsockname(fd)[1];
    expect(up.events.map((e) => e.type)).toEqual(['bound', 'unbound', 'bound', 'send']);
    expect(up.events[1]).toMatchObject({ port: first });
    expect(up.events[2]).toMatchObject({ port: second, implicit: true });
  });

  it('forgets every handle when the uplink is removed; off-LAN traffic is unroutable again', () => {
    const { net, pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const fd = bound(pc1, '', 6000);
    pc1.setUplink(null);
    expect(pc1.uplink).toBeNull();
    expect(up.handles[0]?.active).toBe(false);
    expect(up.handles[0]?.deliver('10.0.0.1', 5000, bytes('late'))).toBe(false);
    const recs: DatagramRecord[] = [];
    net.onDatagram((r) => recs.push(r));
    pc1.sendto(fd, bytes('x'), '10.0.0.1', 5000);
    expect(recs[0]?.fate).toBe('unroutable');
    expect(up.events.filter((e) => e.type === 'send')).toEqual([]);
  });
});

describe('uplink: ingress', () => {
  it('queues a datagram from the real network with its real source address', () => {
    const { net, pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const fd = bound(pc1, '', 6000);
    let woken = 0;
    pc1.onReadable(fd, () => woken++);
    const recs: DatagramRecord[] = [];
    net.onDatagram((r) => recs.push(r));
    expect(up.handles[0]?.deliver('192.168.1.23', 50012, bytes('pong'))).toBe(true);
    expect(woken).toBe(1);
    const got = pc1.recvfrom(fd, 100);
    expect(got && { ip: got.ip, port: got.port, data: text(got.data) }).toEqual({
      ip: '192.168.1.23',
      port: 50012,
      data: 'pong',
    });
    expect(recs[0]).toMatchObject({
      lan: 'uplink',
      src: ['192.168.1.23', 50012],
      dst: ['192.168.0.2', 6000],
      fate: 'delivered',
      from: '192.168.1.23',
      deliveredTo: ['pc1'],
    });
  });

  it('refuses a datagram from someone other than a connected socket’s peer', () => {
    const { net, pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.connect(fd, '10.1.2.3', 7000);
    const recs: DatagramRecord[] = [];
    net.onDatagram((r) => recs.push(r));
    const handle = up.handles[0];
    expect(handle?.deliver('10.9.9.9', 7000, bytes('stranger'))).toBe(false);
    expect(handle?.deliver('10.1.2.3', 7000, bytes('peer'))).toBe(true);
    expect(recs.map((r) => r.fate)).toEqual(['refused', 'delivered']);
    expect(text(pc1.recvfrom(fd, 100)?.data ?? bytes(''))).toBe('peer');
  });

  it('drops at the receive-buffer limit, exactly as for virtual datagrams', () => {
    const { pc1 } = home({ defaultRcvBuf: 1000, rcvBufOverhead: 0 });
    const up = recorder();
    pc1.setUplink(up);
    bound(pc1, '', 6000);
    const handle = up.handles[0];
    expect(handle?.deliver('10.0.0.1', 5000, new Uint8Array(1000))).toBe(true); // 1000 charged: at the limit
    expect(handle?.deliver('10.0.0.1', 5000, new Uint8Array(1))).toBe(true); // not over it yet: accepted
    expect(handle?.deliver('10.0.0.1', 5000, new Uint8Array(1))).toBe(false); // 1001 > 1000: dropped
  });

  it('rejects a source that is not a dotted quad or a port out of range', () => {
    const { pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    bound(pc1, '', 6000);
    expect(up.handles[0]?.deliver('::1', 5000, bytes('x'))).toBe(false);
    expect(up.handles[0]?.deliver('10.0.0.1', 0, bytes('x'))).toBe(false);
  });
});

describe('uplink: errors', () => {
  it('raises an error from the real network on the socket’s next call, once, and wakes a reader', () => {
    const { pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('x'), '10.0.0.1', 7);
    let woken = 0;
    pc1.onReadable(fd, () => woken++);
    up.handles[0]?.fail('EACCES', 'destination not allowed by the relay (low-port)');
    expect(woken).toBe(1);
    expect(pc1.readable(fd)).toBe(true);
    const e = netError(() => pc1.recvfrom(fd, 100));
    expect([e.code, e.errno, e.strerror]).toEqual(['EACCES', 13, 'Permission denied']);
    expect(e.reason).toContain('low-port');
    expect(pc1.recvfrom(fd, 100)).toBeNull();
  });

  it('knows the relay’s errno names that the virtual network never raised itself', () => {
    const { pc1 } = home();
    const up = recorder();
    pc1.setUplink(up);
    bound(pc1, '', 6000);
    for (const [code, errno] of [
      ['ENOBUFS', 105],
      ['ETIMEDOUT', 110],
      ['EIO', 5],
      ['EPROTONOSUPPORT', 93],
    ] as const) {
      up.handles[0]?.fail(code, 'from the relay');
      expect(pc1.getsockopt(3, 'SOL_SOCKET', 'SO_ERROR')).toBe(errno);
    }
    expect(() => up.handles[0]?.fail('ENOPE' as 'EIO', 'x')).toThrow(TypeError);
  });
});
