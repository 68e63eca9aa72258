import { describe, expect, test } from 'vitest';
import type { DatagramRecord } from './records.ts';
import { bound, bytes, home, zeros } from './testing/fixtures.ts';

describe('records', () => {
  test('a synchronous delivery is announced once, already with its fate', () => {
    const { net, pc1, pc2 } = home();
    bound(pc2, '', 9000);
    const events: [string, string][] = [];
    net.onDatagram((rec, change) => events.push([change, rec.fate]));
    const fd = bound(pc1, '', 5000);
    pc1.sendto(fd, bytes('hi'), '192.168.0.3', 9000);
    expect(events).toEqual([['create', 'delivered']]);
    expect(net.records()[0]).toMatchObject({
      id: 1,
      copy: 0,
      t: 0,
      tDeliver: 0,
      lan: 'home',
      from: 'pc1',
      src: ['192.168.0.2', 5000],
      dst: ['192.168.0.3', 9000],
      size: 2,
      fate: 'delivered',
      deliveredTo: ['pc2'],
    });
  });

  test('a delayed datagram: create in-flight, then update delivered (same object, one row per copy)', () => {
    const { net, clock, pc1, pc2 } = home();
    net.setImpairment('home', { delayMs: 7 });
    bound(pc2, '', 9000);
    const events: [string, string, DatagramRecord][] = [];
    net.onDatagram((rec, change) => events.push([change, rec.fate, rec]));
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '192.168.0.3', 9000);
    clock.advance(7);
    expect(events.map(([c, f]) => [c, f])).toEqual([
      ['create', 'in-flight'],
      ['update', 'delivered'],
    ]);
    expect(events[0]?.[2]).toBe(events[1]?.[2]);
  });

  test('truncation updates the record', () => {
    const { net, pc1, pc2 } = home();
    const r = bound(pc2, '', 9000);
    const changes: string[] = [];
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('hello'), '192.168.0.3', 9000);
    net.onDatagram((rec, change) => changes.push(`${change}:${rec.fate}`));
    pc2.recvfrom(r, 2);
    expect(changes).toEqual(['update:truncated']);
  });

  test('payload keeps the first 256 bytes; size is the full length', () => {
    const { net, pc1, pc2 } = home();
    bound(pc2, '', 9000);
    const data = zeros(1000).map((_, i) => i & 255);
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), data, '192.168.0.3', 9000);
    const rec = net.records()[0];
    expect(rec?.size).toBe(1000);
    expect(rec?.payload.length).toBe(256);
    expect(rec?.payload[255]).toBe(255);
  });

  test('bounded history: maxRecords keeps the newest', () => {
    const { net, pc1 } = home({ maxRecords: 3 });
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (let i = 0; i < 5; i++) pc1.sendto(fd, bytes('x'), '192.168.0.99', 9000);
    expect(net.records().map((r) => r.id)).toEqual([3, 4, 5]);
  });

  test('default history is 10 000 records', () => {
    const { net, pc1 } = home();
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    for (let i = 0; i < 10_001; i++) pc1.sendto(fd, bytes('x'), '8.8.8.8', 53);
    const recs = net.records();
    expect(recs).toHaveLength(10_000);
    expect(recs[0]?.id).toBe(2);
  });

  test('unsubscribe stops events; failed sends make no record', () => {
    const { net, pc1 } = home();
    let n = 0;
    const off = net.onDatagram(() => n++);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    expect(() => pc1.sendto(fd, bytes('x'), '192.168.0.255', 9000)).toThrow();
    expect(n).toBe(0);
    pc1.sendto(fd, bytes('x'), '192.168.0.99', 9000);
    off();
    pc1.sendto(fd, bytes('x'), '192.168.0.99', 9000);
    expect(n).toBe(1);
    expect(net.records()).toHaveLength(2);
  });

  test('lost and dropped fates', () => {
    const { net, pc1, pc2 } = home({ defaultRcvBuf: 0 });
    bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('x'), '192.168.0.3', 9000);
    pc1.sendto(fd, bytes('x'), '192.168.0.3', 9000);
    net.setImpairment('home', { loss: 1 });
    pc1.sendto(fd, bytes('x'), '192.168.0.3', 9000);
    expect(net.records().map((r) => r.fate)).toEqual(['delivered', 'dropped', 'lost']);
  });
});
