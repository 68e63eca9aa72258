// The destination policy, table-driven: every spelling of every forbidden address is denied, for the right reason.
import { describe, expect, it } from 'vitest';
import { createPolicy } from './policy.ts';
import { canonicalIp, parseCidr, parseIpAny, parseIpv4Lenient } from './ip-address.ts';
import { formatIp } from '../protocol/index.ts';
import { DENIED, HELD_PORT } from '../../test/denied-destinations.ts';

const LAN = {
  subnets: ['192.168.1.0/24'],
  selfAddresses: ['192.168.1.10', '127.0.0.1', '::1', 'fe80::1234'],
};
const isHeld = (p: number) => p === HELD_PORT;

describe('destination policy (defaults, LAN 192.168.1.0/24, relay at 192.168.1.10)', () => {
  const policy = createPolicy(LAN);
  it(`has at least 30 encodings in the table (${DENIED.length})`, () =>
    expect(DENIED.length).toBeGreaterThanOrEqual(30));
  it.each(DENIED)('denies %s port %i: %s', (address, port, reason) => {
    const v = policy.checkDestination(address, port, isHeld);
    expect(v).toMatchObject({ ok: false, reason });
  });

  it('denies the same addresses given as wire bytes (4 or 16)', () => {
    for (const [address, port, reason] of DENIED) {
      const raw = parseIpAny(address);
      if (!raw) continue;
      expect(policy.checkDestination(raw, port, isHeld), address).toMatchObject({ ok: false, reason });
    }
  });

  it.each([
    ['192.168.1.20', 5000, '192.168.1.20', false],
    ['192.168.1.1', 1024, '192.168.1.1', false],
    ['::ffff:192.168.1.20', 5000, '192.168.1.20', false],
    ['3232235796', 5000, '192.168.1.20', false],
    ['192.168.1.10', HELD_PORT, '192.168.1.10', true],
    ['::ffff:c0a8:10a', HELD_PORT, '192.168.1.10', true],
  ])('allows %s port %i as %s (internal %s)', (address, port, canonical, internal) => {
    expect(policy.checkDestination(address, port, isHeld)).toMatchObject({
      ok: true,
      address: canonical,
      internal,
    });
  });

  it('accepts sources from the subnet only, never loopback, link-local or itself', () => {
    expect(policy.sourceAllowed('192.168.1.77')).toBe(true);
    expect(policy.sourceAllowed('::ffff:192.168.1.77')).toBe(true);
    for (const s of [
      '127.0.0.1',
      '10.0.0.1',
      '169.254.1.1',
      '192.168.1.10',
      '0.0.0.0',
      '224.0.0.1',
      'nonsense',
    ])
      expect(policy.sourceAllowed(s), s).toBe(false);
  });
});

describe('opting in', () => {
  it('--allow-loopback allows 127.0.0.0/8 in any spelling; ::1 passes policy but the relay sends IPv4 only', () => {
    const p = createPolicy({ ...LAN, allowLoopback: true });
    expect(p.checkDestination('127.1', 5000)).toMatchObject({ ok: true, address: '127.0.0.1' });
    expect(p.checkDestination('::ffff:127.0.0.2', 5000)).toMatchObject({ ok: true, address: '127.0.0.2' });
    expect(p.checkDestination('::1', 5000)).toMatchObject({ ok: false, code: 'RELAY_ERR_FAMILY' });
    expect(p.checkDestination('127.0.0.1', 80)).toMatchObject({ ok: false, reason: 'low-port' });
    expect(p.sourceAllowed('127.0.0.1')).toBe(true);
  });

  it('--allow-broadcast allows limited and directed broadcast', () => {
    const p = createPolicy({ ...LAN, allowBroadcast: true });
    expect(p.checkDestination('255.255.255.255', 5000).ok).toBe(true);
    expect(p.checkDestination('192.168.1.255', 5000).ok).toBe(true);
    expect(p.checkDestination('224.0.0.1', 5000).ok).toBe(false);
  });

  it('--allow opts in a special range only with a range inside it; a wide range does not', () => {
    const wide = createPolicy({ ...LAN, allow: ['0.0.0.0/0'] });
    expect(wide.checkDestination('8.8.8.8', 5000).ok).toBe(true);
    for (const a of ['127.0.0.1', '169.254.169.254', '224.0.0.1', '0.0.0.0', '255.255.255.255'])
      expect(wide.checkDestination(a, 5000).ok, a).toBe(false);
    const ll = createPolicy({ ...LAN, allow: ['169.254.10.0/24', '239.1.2.3'] });
    expect(ll.checkDestination('169.254.10.7', 5000).ok).toBe(true);
    expect(ll.checkDestination('169.254.169.254', 5000).ok).toBe(false);
    expect(ll.checkDestination('239.1.2.3', 5000).ok).toBe(true);
    expect(ll.checkDestination('239.1.2.4', 5000).ok).toBe(false);
  });

  it('--allow-low-ports and --allow-self', () => {
    expect(createPolicy({ ...LAN, allowLowPorts: true }).checkDestination('192.168.1.20', 53).ok).toBe(true);
    expect(createPolicy({ ...LAN, allowSelf: true }).checkDestination('192.168.1.10', 5000)).toMatchObject({
      ok: true,
      internal: false,
    });
  });
});

describe('addresses and ranges', () => {
  it.each([
    ['127.1', '127.0.0.1'],
    ['10.1.65535', '10.1.255.255'],
    ['0x0a.0x0', '10.0.0.0'],
    ['4294967295', '255.255.255.255'],
    ['00', '0.0.0.0'],
    ['0x', '0.0.0.0'],
  ])('reads %s as inet_aton does: %s', (text, want) => {
    expect(formatIp(parseIpv4Lenient(text) as Uint8Array)).toBe(want);
  });
  it.each(['4294967296', '256.1', '1.256.1', '08', '0x1g', '1..2', '-1', '1 2', '١٢٧.0.0.1'])(
    'rejects %j',
    (text) => {
      expect(parseIpv4Lenient(text)).toBeNull();
    },
  );
  it('canonicalises IPv6 forms that carry IPv4 and leaves the others', () => {
    const c = (t: string) => formatIp(canonicalIp(parseIpAny(t) as Uint8Array));
    expect(c('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(c('2002:0a00:0001::1')).toBe('10.0.0.1');
    expect(c('64:ff9b::a00:1')).toBe('10.0.0.1');
    expect(c('::1')).toBe('::1');
    expect(c('2001:db8::1')).toBe('2001:db8::1');
  });
  it('parses CIDR ranges, masking host bits, and explains a bad one', () => {
    expect(parseCidr('192.168.1.77/24').text).toBe('192.168.1.0/24');
    expect(parseCidr('10.0.0.1').prefix).toBe(32);
    expect(parseCidr('fe80::1/10').text).toBe('fe80::/10');
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', 'x/8', '10.0.0.0/8/8', '::/129'])
      expect(() => parseCidr(bad)).toThrow(/like 192\.168\.1\.0\/24/);
  });
});
