import { describe, expect, test } from 'vitest';
import { NetsimConfigError } from './errors.ts';
import type { Impairment } from './impairment.ts';
import type { DatagramRecord } from './records.ts';
import { bound, bytes, home, text } from './testing/fixtures.ts';

/** Sends n numbered datagrams pc1 → pc2 one ms apart under imp, returns what pc2 read and the records. */
function run(seed: number, imp: Partial<Impairment>, n = 50): { got: string[]; recs: DatagramRecord[] } {
  const { net, clock, pc1, pc2 } = home({ seed });
  net.setImpairment('home', imp);
  const r = bound(pc2, '', 9000);
  const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
  for (let i = 0; i < n; i++) {
    pc1.sendto(fd, bytes(String(i)), '192.168.0.3', 9000);
    clock.advance(1);
  }
  clock.advance(1000);
  const got: string[] = [];
  for (let x = pc2.recvfrom(r, 100); x !== null; x = pc2.recvfrom(r, 100)) got.push(text(x.data));
  return { got, recs: [...net.records()] };
}

describe('impairments', () => {
  test('a clean LAN delivers synchronously within sendto', () => {
    const { pc1, pc2 } = home();
    const r = bound(pc2, '', 9000);
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '192.168.0.3', 9000);
    expect(pc2.readable(r)).toBe(true);
  });

  test('loss 1 loses everything; loss 0.3 loses about 30 %, the same ones for the same seed', () => {
    expect(run(1, { loss: 1 }).got).toEqual([]);
    const a = run(5, { loss: 0.3 }, 400);
    const lost = a.recs.filter((r) => r.fate === 'lost').length;
    expect(lost).toBeGreaterThan(80);
    expect(lost).toBeLessThan(160);
    expect(run(5, { loss: 0.3 }, 400).got).toEqual(a.got);
  });

  test('delay: not there at delay − 1, there at delay; record in-flight, then delivered with tDeliver', () => {
    const { net, clock, pc1, pc2 } = home();
    net.setImpairment('home', { delayMs: 20 });
    const r = bound(pc2, '', 9000);
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '192.168.0.3', 9000);
    expect(net.records()[0]?.fate).toBe('in-flight');
    clock.advance(19);
    expect(pc2.readable(r)).toBe(false);
    clock.advance(1);
    expect(pc2.readable(r)).toBe(true);
    expect(net.records()[0]).toMatchObject({ fate: 'delivered', t: 0, tDeliver: 20 });
  });

  test('jitter: delays spread within delay ± jitter and never below 0', () => {
    const { recs } = run(3, { delayMs: 10, jitterMs: 5 }, 200);
    const delays = recs.map((r) => (r.tDeliver ?? NaN) - r.t);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...delays)).toBeLessThanOrEqual(15);
    expect(new Set(delays).size).toBeGreaterThan(50);
    const zeroBased = run(3, { jitterMs: 5 }, 200).recs.map((r) => (r.tDeliver ?? NaN) - r.t);
    expect(Math.min(...zeroBased)).toBe(0);
    expect(Math.max(...zeroBased)).toBeLessThanOrEqual(5);
  });

  test('duplicate 1: every datagram arrives twice; the extra record is copy 1, fate duplicated', () => {
    const { got, recs } = run(1, { duplicate: 1 }, 3);
    expect(got).toEqual(['0', '0', '1', '1', '2', '2']);
    expect(recs.map((r) => [r.id, r.copy, r.fate])).toEqual([
      [1, 0, 'delivered'],
      [1, 1, 'duplicated'],
      [2, 0, 'delivered'],
      [2, 1, 'duplicated'],
      [3, 0, 'delivered'],
      [3, 1, 'duplicated'],
    ]);
  });

  test('reorder: held-back datagrams are overtaken; deterministic per seed', () => {
    const a = run(9, { reorder: 0.3, reorderExtraMs: 5 }, 40);
    const sent = Array.from({ length: 40 }, (_, i) => String(i));
    expect([...a.got].sort()).toEqual([...sent].sort());
    expect(a.got).not.toEqual(sent);
    expect(run(9, { reorder: 0.3, reorderExtraMs: 5 }, 40).got).toEqual(a.got);
  });

  test('same seed + same calls → identical records; another seed → different', () => {
    const imp = { loss: 0.2, delayMs: 5, jitterMs: 4, duplicate: 0.1, reorder: 0.1 };
    const strip = (recs: DatagramRecord[]): unknown[] =>
      recs.map((r) => [r.id, r.copy, r.t, r.tDeliver, r.fate, r.src, r.dst]);
    const a = run(42, imp, 200);
    const b = run(42, imp, 200);
    expect(strip(b.recs)).toEqual(strip(a.recs));
    expect(b.got).toEqual(a.got);
    expect(strip(run(43, imp, 200).recs)).not.toEqual(strip(a.recs));
  });

  test('impairments are per LAN', () => {
    const { net, pc1 } = home();
    net.addLan('lab', '10.0.0.0/24');
    net.setImpairment('lab', { loss: 1 });
    const far = net.addHost({ name: 'far', profile: 'linux' });
    far.attach('lab');
    pc1.attach('lab');
    const rf = bound(far, '', 9000);
    const r2 = bound(net.host('pc2') ?? pc1, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('x'), '10.0.0.2', 9000);
    pc1.sendto(fd, bytes('x'), '192.168.0.3', 9000);
    expect(far.readable(rf)).toBe(false);
    expect(net.host('pc2')?.readable(r2)).toBe(true);
  });

  test('setImpairment merges; impairment() reads back; bad values are NETSIM_ERR_BAD_IMPAIRMENT', () => {
    const { net } = home();
    net.setImpairment('home', { loss: 0.1 });
    net.setImpairment('home', { delayMs: 30 });
    expect(net.impairment('home')).toMatchObject({ loss: 0.1, delayMs: 30, jitterMs: 0 });
    for (const bad of [
      { loss: 1.5 },
      { loss: -0.1 },
      { delayMs: -1 },
      { jitterMs: Number.POSITIVE_INFINITY },
      { reorder: Number.NaN },
      { lossy: 1 } as Partial<Impairment>,
    ]) {
      expect(() => net.setImpairment('home', bad)).toThrow(NetsimConfigError);
    }
    expect(() => net.setImpairment('nowhere', { loss: 0 })).toThrow(/NETSIM_ERR_UNKNOWN_LAN/);
  });

  test('a delayed datagram to a socket closed meanwhile is refused on arrival', () => {
    const { net, clock, pc1, pc2 } = home();
    net.setImpairment('home', { delayMs: 5 });
    const r = bound(pc2, '', 9000);
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '192.168.0.3', 9000);
    pc2.close(r);
    clock.advance(5);
    expect(net.records()[0]?.fate).toBe('refused');
  });

  test('impaired broadcasts: one decision for the whole LAN', () => {
    const { net, clock, pc1, pc2, board } = home();
    net.setImpairment('home', { delayMs: 3 });
    const r2 = bound(pc2, '', 9000);
    const rb = bound(board, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.setsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST', 1);
    pc1.sendto(fd, bytes('x'), '192.168.0.255', 9000);
    expect(pc2.readable(r2)).toBe(false);
    clock.advance(3);
    expect([pc2.readable(r2), board.readable(rb)]).toEqual([true, true]);
  });
});
