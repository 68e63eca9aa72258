import { describe, expect, test } from 'vitest';
import { ManualClock } from './clock.ts';
import { createNetwork } from './network.ts';
import { bound, home } from './testing/fixtures.ts';
import type { Profile } from './types.ts';

describe('building the network', () => {
  test('defaults: a ManualClock at 0, no LANs, no hosts', () => {
    const net = createNetwork();
    expect(net.clock).toBeInstanceOf(ManualClock);
    expect(net.clock.now()).toBe(0);
    expect(net.lans()).toEqual([]);
    expect(net.hosts()).toEqual([]);
  });

  test('addLan validates the subnet and the name', () => {
    const net = createNetwork();
    net.addLan('home', '192.168.0.0/24');
    expect(() => net.addLan('home', '10.0.0.0/8')).toThrow(/NETSIM_ERR_LAN_EXISTS/);
    for (const bad of [
      '192.168.0.1/24',
      '192.168.0.0',
      '192.168.0.0/31',
      '127.0.0.0/8',
      '224.0.0.0/24',
      'x/24',
    ]) {
      expect(() => net.addLan('x', bad), bad).toThrow(/NETSIM_ERR_BAD_CIDR/);
    }
    expect(net.lans()).toEqual(['home']);
  });

  test('attach without ip is DHCP from .2 upward, skipping taken addresses', () => {
    const net = createNetwork();
    net.addLan('home', '192.168.0.0/24');
    const a = net.addHost({ name: 'a', profile: 'linux' });
    const b = net.addHost({ name: 'b', profile: 'linux' });
    const c = net.addHost({ name: 'c', profile: 'lwip' });
    expect(a.attach('home', '192.168.0.3')).toBe('192.168.0.3');
    expect(b.attach('home')).toBe('192.168.0.2');
    expect(c.attach('home')).toBe('192.168.0.4');
  });

  test('attach errors: taken, outside, network/broadcast address, unknown LAN, twice, full', () => {
    const net = createNetwork();
    net.addLan('home', '192.168.0.0/24');
    net.addLan('tiny', '10.0.0.0/30');
    const a = net.addHost({ name: 'a', profile: 'linux' });
    const b = net.addHost({ name: 'b', profile: 'linux' });
    a.attach('home', '192.168.0.2');
    expect(() => b.attach('home', '192.168.0.2')).toThrow(/NETSIM_ERR_ADDRESS_TAKEN/);
    expect(() => b.attach('home', '192.168.1.2')).toThrow(/NETSIM_ERR_OUTSIDE_SUBNET/);
    expect(() => b.attach('home', '192.168.0.0')).toThrow(/NETSIM_ERR_OUTSIDE_SUBNET/);
    expect(() => b.attach('home', '192.168.0.255')).toThrow(/NETSIM_ERR_OUTSIDE_SUBNET/);
    expect(() => b.attach('home', 'pc')).toThrow(/NETSIM_ERR_BAD_ADDRESS/);
    expect(() => b.attach('nowhere')).toThrow(/NETSIM_ERR_UNKNOWN_LAN/);
    expect(() => a.attach('home')).toThrow(/NETSIM_ERR_ALREADY_ATTACHED/);
    expect(() => a.detach('tiny')).toThrow(/NETSIM_ERR_NOT_ATTACHED/);
    expect(a.attach('tiny')).toBe('10.0.0.2');
    expect(() => b.attach('tiny')).toThrow(/NETSIM_ERR_LAN_FULL/);
  });

  test('interfaces() reports ip, netmask, gateway and broadcast', () => {
    const { pc1 } = home();
    expect(pc1.interfaces()).toEqual([
      {
        lan: 'home',
        ip: '192.168.0.2',
        netmask: '255.255.255.0',
        gateway: '192.168.0.1',
        broadcast: '192.168.0.255',
      },
    ]);
  });

  test('the board in AP mode can be the gateway address itself', () => {
    const net = createNetwork();
    net.addLan('ap', '192.168.4.0/24');
    const board = net.addHost({ name: 'board', profile: 'lwip' });
    expect(board.attach('ap', '192.168.4.1')).toBe('192.168.4.1');
    const pc = net.addHost({ name: 'pc', profile: 'linux' });
    expect(pc.attach('ap')).toBe('192.168.4.2');
  });

  test('addHost validates names (unique, any case) and profiles', () => {
    const net = createNetwork();
    net.addHost({ name: 'PC1', profile: 'linux' });
    expect(() => net.addHost({ name: 'pc1', profile: 'linux' })).toThrow(/NETSIM_ERR_HOST_EXISTS/);
    expect(() => net.addHost({ name: 'localhost', profile: 'linux' })).toThrow(/NETSIM_ERR_BAD_HOST_NAME/);
    expect(() => net.addHost({ name: '10.0.0.1', profile: 'linux' })).toThrow(/NETSIM_ERR_BAD_HOST_NAME/);
    expect(() => net.addHost({ name: '', profile: 'linux' })).toThrow(/NETSIM_ERR_BAD_HOST_NAME/);
    expect(() => net.addHost({ name: 'x', profile: 'windows' as Profile })).toThrow(/NETSIM_ERR_BAD_PROFILE/);
    expect(net.host('pc1')?.name).toBe('PC1');
    expect(net.hosts().map((h) => h.name)).toEqual(['PC1']);
  });

  test('names may be Chinese', () => {
    const net = createNetwork();
    net.addLan('home', '192.168.0.0/24');
    net.addHost({ name: '掌控板', profile: 'lwip' }).attach('home');
    expect(net.resolve('掌控板')).toBe('192.168.0.2');
  });

  test('removeHost closes its sockets and frees its address', () => {
    const { net, pc1 } = home();
    bound(pc1, '', 9000);
    net.removeHost('PC1');
    expect(net.host('pc1')).toBeUndefined();
    expect(pc1.openSockets()).toBe(0);
    const again = net.addHost({ name: 'pc1', profile: 'linux' });
    expect(again.attach('home')).toBe('192.168.0.2');
  });
});

describe('resolve', () => {
  test('dotted quads, localhost, host names in any case, unknown', () => {
    const { net } = home();
    expect(net.resolve('10.1.2.3')).toBe('10.1.2.3');
    expect(net.resolve('localhost')).toBe('127.0.0.1');
    expect(net.resolve('LocalHost')).toBe('127.0.0.1');
    expect(net.resolve('pc2')).toBe('192.168.0.3');
    expect(net.resolve('BOARD')).toBe('192.168.0.4');
    expect(net.resolve('nobody')).toBeNull();
  });

  test('a host with no LAN does not resolve; fromHost picks the address on a shared LAN', () => {
    const { net, pc1 } = home();
    net.addHost({ name: 'loner', profile: 'linux' });
    expect(net.resolve('loner')).toBeNull();
    net.addLan('lab', '10.0.0.0/24');
    const far = net.addHost({ name: 'far', profile: 'linux' });
    far.attach('lab');
    pc1.attach('lab');
    expect(net.resolve('pc1')).toBe('192.168.0.2');
    expect(net.resolve('pc1', 'far')).toBe('10.0.0.3');
  });
});
