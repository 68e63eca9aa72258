import { describe, expect, test } from 'vitest';
import { formatIpv4, inSubnet, isLoopback, isMulticast, parseCidr, parseIpv4 } from './ipv4.ts';

describe('ipv4', () => {
  test('parses dotted quads at the boundaries', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIpv4('192.168.0.1')).toBe(0xc0a80001);
    expect(parseIpv4('10.0.0.10')).toBe(0x0a00000a);
  });

  test('rejects anything else', () => {
    for (const bad of [
      '',
      '1.2.3',
      '1.2.3.4.5',
      '256.0.0.1',
      '1.2.3.-4',
      '01.2.3.4',
      ' 1.2.3.4',
      '1..2.3',
      'a.b.c.d',
      'localhost',
      '1.2.3.4 ',
    ]) {
      expect(parseIpv4(bad), bad).toBe(-1);
    }
  });

  test('formats back', () => {
    expect(formatIpv4(0xc0a800ff)).toBe('192.168.0.255');
    expect(formatIpv4(parseIpv4('127.0.0.1'))).toBe('127.0.0.1');
  });

  test('parses CIDR and rejects host bits or bad prefixes', () => {
    expect(parseCidr('192.168.0.0/24')).toEqual({
      network: 0xc0a80000,
      prefix: 24,
      mask: 0xffffff00,
      broadcast: 0xc0a800ff,
    });
    expect(parseCidr('10.0.0.0/8')?.broadcast).toBe(0x0affffff);
    expect(parseCidr('192.168.0.1/24')).toBeNull();
    expect(parseCidr('192.168.0.0/33')).toBeNull();
    expect(parseCidr('192.168.0.0')).toBeNull();
  });

  test('classifies addresses', () => {
    const net = parseCidr('192.168.4.0/24');
    if (net === null) throw new Error('cidr');
    expect(inSubnet(parseIpv4('192.168.4.200'), net)).toBe(true);
    expect(inSubnet(parseIpv4('192.168.5.1'), net)).toBe(false);
    expect(isLoopback(parseIpv4('127.5.5.5'))).toBe(true);
    expect(isMulticast(parseIpv4('224.0.0.1'))).toBe(true);
  });
});
