// The sequence diagram's lanes are hosts: real netsim records, and the lanes each one is drawn between.
import { describe, expect, it } from 'vitest';
import type { DatagramRecord } from '../runtime/netsim/index.ts';
import type { Uplink, UplinkSocket } from '../runtime/netsim/index.ts';
import { bound, bytes, home } from '../runtime/netsim/testing/fixtures.ts';
import { lanesOf } from './sequence-lanes.ts';

/** Names the host owning an address now, as mount.ts's resolver does. */
function resolver(hosts: { name: string; addresses(): string[] }[]): (ip: string) => string | undefined {
  return (ip) => hosts.find((h) => h.addresses().includes(ip))?.name;
}

describe('lanesOf', () => {
  it('a datagram to an address no host has yet (the board before Wi-Fi) has no destination lane', () => {
    const { net, pc1 } = home();
    const late = net.addHost({ name: 'late-board', profile: 'lwip' }); // not attached: no address
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('hello board'), '192.168.0.77', 6000);
    const [rec] = net.records() as [DatagramRecord];
    expect(rec.fate).toBe('unroutable');
    expect(lanesOf(rec, resolver([pc1, late]))).toEqual({ from: 'pc1', to: null });
    // Even if an address is later handed to a host, that datagram still went nowhere.
    expect(lanesOf(rec, () => 'late-board')).toEqual({ from: 'pc1', to: null });
  });

  it('a datagram off every subnet (to the gateway) has no destination lane', () => {
    const { net, pc1, pc2 } = home();
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '8.8.8.8', 53);
    expect(lanesOf(net.records()[0] as DatagramRecord, resolver([pc1, pc2]))).toEqual({
      from: 'pc1',
      to: null,
    });
  });

  it('delivered and refused datagrams go to the host that owns the address', () => {
    const { net, pc1, pc2, board } = home({});
    const hosts = resolver([pc1, pc2, board]);
    bound(pc2, '', 9000);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.sendto(fd, bytes('a'), '192.168.0.3', 9000); // delivered
    pc1.sendto(fd, bytes('b'), '192.168.0.4', 9000); // refused: nothing bound on the board
    const [delivered, refused] = net.records() as [DatagramRecord, DatagramRecord];
    expect([delivered.fate, refused.fate]).toEqual(['delivered', 'refused']);
    expect(lanesOf(delivered, hosts)).toEqual({ from: 'pc1', to: 'pc2' });
    expect(lanesOf(refused, hosts)).toEqual({ from: 'pc1', to: 'board' });
  });

  it('traffic on one host stays on its lane', () => {
    const { net, pc1 } = home();
    bound(pc1, '127.0.0.1', 9000);
    pc1.sendto(pc1.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '127.0.0.1', 9000);
    expect(lanesOf(net.records()[0] as DatagramRecord, () => undefined)).toEqual({ from: 'pc1', to: 'pc1' });
  });

  it('a broadcast nobody wanted has no destination lane; one that was received goes to its receiver', () => {
    const { net, pc1, pc2, board } = home();
    const hosts = resolver([pc1, pc2, board]);
    const fd = pc1.socket('AF_INET', 'SOCK_DGRAM');
    pc1.setsockopt(fd, 'SOL_SOCKET', 'SO_BROADCAST', 1);
    pc1.sendto(fd, bytes('anyone?'), '192.168.0.255', 7777);
    const unclaimed = net.records().find((r) => r.lan === 'home') as DatagramRecord;
    expect(unclaimed.fate).toBe('unclaimed');
    expect(lanesOf(unclaimed, hosts)).toEqual({ from: 'pc1', to: null });
    bound(pc2, '', 7777);
    pc1.sendto(fd, bytes('pc2?'), '192.168.0.255', 7777);
    const heard = net
      .records()
      .filter((r) => r.lan === 'home')
      .at(-1) as DatagramRecord;
    expect(lanesOf(heard, hosts)).toEqual({ from: 'pc1', to: 'pc2' });
  });

  it('a real peer through the relay is one lane, named by its address, both ways', () => {
    const { net, pc1, pc2 } = home();
    const hosts = resolver([pc1, pc2]);
    const handles: UplinkSocket[] = [];
    const uplink: Uplink = { bound: (s) => handles.push(s), send: () => undefined, unbound: () => undefined };
    pc1.setUplink(uplink);
    const fd = bound(pc1, '', 5000);
    pc1.sendto(fd, bytes('to the real board'), '10.0.0.7', 6000);
    handles[0]?.deliver('10.0.0.7', 6000, bytes('reply'));
    const [out, back] = net.records() as [DatagramRecord, DatagramRecord];
    expect([out.fate, back.fate]).toEqual(['relayed', 'delivered']);
    expect(lanesOf(out, hosts)).toEqual({ from: 'pc1', to: '10.0.0.7', peer: '10.0.0.7' });
    expect(lanesOf(back, hosts)).toEqual({ from: '10.0.0.7', to: 'pc1', peer: '10.0.0.7' });
  });
});
