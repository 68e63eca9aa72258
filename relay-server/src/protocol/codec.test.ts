// Golden bytes for every frame type, every decode failure at its boundary, and the JSON messages as exact text.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import {
  decodeClientMessage,
  decodeDatagram,
  decodeServerMessage,
  encodeControl,
  encodeDatagram,
  formatIp,
  parseIp,
  MAX_DATAGRAM,
} from './codec.ts';
import { ERRNO, RELAY_ERRORS, closeReason, errorMessage, type RelayErrorInfo } from './errors.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('binary datagram frames (same layout both ways)', () => {
  const golden = [
    {
      name: 'IPv4, payload "hi"',
      datagram: { socket: 258, address: '192.168.1.10', port: 6000, payload: utf8('hi') },
      hex: '01 04 0102 1770 c0a8010a 6869',
    },
    {
      name: 'IPv4, empty payload, largest socket id and port',
      datagram: { socket: 65535, address: '10.0.0.1', port: 65535, payload: new Uint8Array(0) },
      hex: '01 04 ffff ffff 0a000001',
    },
    {
      name: 'IPv6, payload "ok"',
      datagram: { socket: 1, address: 'fe80::1', port: 9000, payload: utf8('ok') },
      hex: '01 06 0001 2328 fe800000000000000000000000000001 6f6b',
    },
    {
      name: 'IPv4-mapped IPv6 (kept as family 6 on the wire)',
      datagram: { socket: 0, address: '::ffff:127.0.0.1', port: 1, payload: bytes('00ff') },
      hex: '01 06 0000 0001 00000000000000000000ffff7f000001 00ff',
    },
  ];
  for (const g of golden) {
    it(`encodes and decodes: ${g.name}`, () => {
      expect(hex(encodeDatagram(g.datagram))).toBe(g.hex.replace(/\s+/g, ''));
      const d = decodeDatagram(bytes(g.hex));
      expect(d.ok).toBe(true);
      if (!d.ok) return;
      expect(d.datagram).toMatchObject({
        socket: g.datagram.socket,
        address: g.datagram.address,
        port: g.datagram.port,
      });
      expect(hex(d.datagram.payload)).toBe(hex(g.datagram.payload));
    });
  }

  const failures = [
    ['empty frame', '', 'RELAY_ERR_BAD_FRAME', null],
    ['version 0', '00 04 0001 1770 0a000001', 'RELAY_ERR_BAD_VERSION', 1],
    ['version 2', '02 04 0001 1770 0a000001', 'RELAY_ERR_BAD_VERSION', 1],
    ['only the version byte', '01', 'RELAY_ERR_BAD_FRAME', null],
    ['family 5', '01 05 0001 1770 0a000001', 'RELAY_ERR_BAD_FRAME', 1],
    ['IPv4 header one byte short (9)', '01 04 0001 1770 0a0000', 'RELAY_ERR_BAD_FRAME', 1],
    [
      'IPv6 header one byte short (21)',
      '01 06 0001 1770 fe8000000000000000000000000000',
      'RELAY_ERR_BAD_FRAME',
      1,
    ],
    ['socket id cut in half', '01 04 00', 'RELAY_ERR_BAD_FRAME', null],
  ];
  for (const [name, h, code, socket] of failures) {
    it(`rejects ${name} with ${code}`, () => {
      expect(decodeDatagram(bytes(h as string))).toMatchObject({
        ok: false,
        code,
        socket,
        detail: expect.any(String),
      });
    });
  }

  it('accepts a payload of exactly maxDatagram and rejects one byte more (EMSGSIZE)', () => {
    const header = bytes('01 04 0001 1770 0a000001');
    const at = new Uint8Array(10 + MAX_DATAGRAM);
    at.set(header);
    expect(decodeDatagram(at).ok).toBe(true);
    const over = new Uint8Array(11 + MAX_DATAGRAM);
    over.set(header);
    expect(decodeDatagram(over)).toMatchObject({ ok: false, code: 'RELAY_ERR_MSG_SIZE', socket: 1 });
    expect(decodeDatagram(at.subarray(0, 10 + 100), 100).ok).toBe(true);
    expect(decodeDatagram(at.subarray(0, 10 + 101), 100)).toMatchObject({ code: 'RELAY_ERR_MSG_SIZE' });
  });

  it('refuses to encode what is not an IP literal or out of range', () => {
    expect(() =>
      encodeDatagram({ socket: 1, address: 'localhost', port: 1, payload: new Uint8Array() }),
    ).toThrow(/not an IP literal/);
    expect(() => encodeDatagram({ socket: 1, address: '127.1', port: 1, payload: new Uint8Array() })).toThrow(
      /not an IP literal/,
    );
    expect(() =>
      encodeDatagram({ socket: 65536, address: '10.0.0.1', port: 1, payload: new Uint8Array() }),
    ).toThrow(/socket/);
    expect(() =>
      encodeDatagram({ socket: 1, address: '10.0.0.1', port: -1, payload: new Uint8Array() }),
    ).toThrow(/port/);
  });
});

describe('IP text', () => {
  it.each([
    ['0.0.0.0', '00000000'],
    ['255.255.255.255', 'ffffffff'],
    ['::', '0'.repeat(32)],
    ['::1', '0'.repeat(31) + '1'],
    ['2001:db8::8:800:200c:417a', '20010db8000000000008080020 0c417a'.replace(' ', '')],
    ['1:2:3:4:5:6:7::', '00010002000300040005000600070000'],
    ['::ffff:1.2.3.4', '00000000000000000000ffff01020304'],
    ['64:ff9b::7f00:1', '0064ff9b00000000000000007f000001'],
  ])('parses %s', (text, h) => {
    expect(hex(parseIp(text) as Uint8Array)).toBe(h);
  });
  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.4 ',
    ':::',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '12345::',
    'g::1',
    '[::1]',
    'fe80::1%eth0',
    '::ffff:1.2.3',
  ])('rejects %j', (text) => expect(parseIp(text)).toBeNull());
  it.each([
    ['00000000000000000000000000000001', '::1'],
    ['20010db8000000000000000000000001', '2001:db8::1'],
    ['20010db8000000010000000000000001', '2001:db8:0:1::1'],
    ['20010db8000000000001000000000001', '2001:db8::1:0:0:1'],
    ['00000000000000000000ffffc0a80001', '::ffff:192.168.0.1'],
    ['00010000000100000001000000010000', '1:0:1:0:1:0:1:0'],
  ])('formats %s as %s (RFC 5952)', (h, text) => expect(formatIp(bytes(h))).toBe(text));
});

describe('JSON control messages', () => {
  it('has exact text for every message type', () => {
    expect(encodeControl({ type: 'auth', token: 'abc' })).toBe('{"type":"auth","token":"abc"}');
    expect(encodeControl({ type: 'bind', id: 1, socket: 3, port: 6000 })).toBe(
      '{"type":"bind","id":1,"socket":3,"port":6000}',
    );
    expect(encodeControl({ type: 'close', id: 2, socket: 3 })).toBe('{"type":"close","id":2,"socket":3}');
    expect(
      encodeControl({
        type: 'bound',
        id: 1,
        socket: 3,
        port: 6000,
        relayPort: 50012,
        address: '192.168.1.10',
        implicit: false,
      }),
    ).toBe(
      '{"type":"bound","id":1,"socket":3,"port":6000,"relayPort":50012,"address":"192.168.1.10","implicit":false}',
    );
    expect(
      encodeControl({
        type: 'welcome',
        v: 1,
        session: 's-1',
        address: '192.168.1.10',
        maxDatagram: 65507,
        limits: { maxSocketsPerSession: 16 },
      }),
    ).toBe(
      '{"type":"welcome","v":1,"session":"s-1","address":"192.168.1.10","maxDatagram":65507,"limits":{"maxSocketsPerSession":16}}',
    );
    expect(encodeControl({ type: 'closed', id: 2, socket: 3 })).toBe('{"type":"closed","id":2,"socket":3}');
    expect(encodeControl({ type: 'drops', backpressure: 1, rate: 2, inboundDenied: 3, total: 6 })).toBe(
      '{"type":"drops","backpressure":1,"rate":2,"inboundDenied":3,"total":6}',
    );
    expect(
      encodeControl(
        errorMessage('RELAY_ERR_DENIED_PEER', { socket: 3, reason: 'loopback', peer: '127.0.0.1:7' }),
      ),
    ).toBe(
      '{"type":"error","id":null,"socket":3,"code":"RELAY_ERR_DENIED_PEER","errno":"EACCES","message":"Destination not allowed by the relay","reason":"loopback","peer":"127.0.0.1:7"}',
    );
    expect(
      decodeServerMessage(
        '{"type":"welcome","v":1,"session":"s-1","address":"10.0.0.1","maxDatagram":65507,"limits":{}}',
      ),
    ).toMatchObject({ type: 'welcome' });
    expect(decodeServerMessage('{"type":"nope"}')).toBeNull();
    expect(decodeServerMessage('nope')).toBeNull();
  });

  it.each([
    ['{"type":"auth","token":"t"}', { ok: true, message: { type: 'auth', token: 't' } }],
    ['{"type":"auth","token":"t","v":1}', { ok: true }],
    [
      '{"type":"bind","id":0,"socket":0,"port":0}',
      { ok: true, message: { type: 'bind', id: 0, socket: 0, port: 0, implicit: false } },
    ],
    [
      '{"type":"bind","id":2147483647,"socket":65535,"port":65535,"implicit":true}',
      { ok: true, message: { implicit: true } },
    ],
    ['{"type":"close","id":9,"socket":4}', { ok: true, message: { type: 'close', id: 9, socket: 4 } }],
    ['{"type":"auth","token":"t","v":2}', { ok: false, code: 'RELAY_ERR_BAD_VERSION' }],
    ['{"type":"auth","token":5}', { ok: false, code: 'RELAY_ERR_BAD_FRAME' }],
    [`{"type":"auth","token":"${'x'.repeat(257)}"}`, { ok: false, code: 'RELAY_ERR_BAD_FRAME' }],
    ['{"type":"bind","id":2147483648,"socket":1,"port":1}', { ok: false, id: null }],
    ['{"type":"bind","id":1,"socket":65536,"port":1}', { ok: false, id: 1, socket: null }],
    ['{"type":"bind","id":1,"socket":1,"port":65536}', { ok: false, id: 1, socket: 1 }],
    ['{"type":"bind","id":1,"socket":1,"port":1.5}', { ok: false }],
    ['{"type":"bind","id":1,"socket":1,"port":1,"implicit":"yes"}', { ok: false }],
    ['{"type":"close","id":-1,"socket":1}', { ok: false }],
    [
      '{"type":"sendto","id":3}',
      { ok: false, id: 3, detail: expect.stringContaining('unknown message type') },
    ],
    ['[1,2]', { ok: false }],
    ['null', { ok: false }],
    ['"auth"', { ok: false }],
    ['{"type":', { ok: false, detail: 'not valid JSON' }],
  ])('decodes %s', (text, expected) => {
    expect(decodeClientMessage(text)).toMatchObject(expected);
  });
});

describe('errors', () => {
  it('gives every code an errno Python knows and a message; close codes are in the private range or standard', () => {
    for (const [code, e] of Object.entries<RelayErrorInfo>(RELAY_ERRORS)) {
      expect(code).toMatch(/^RELAY_ERR_[A-Z_]+$/);
      expect(ERRNO[e.errno]).toBeGreaterThan(0);
      expect(e.message.length).toBeGreaterThan(10);
      if (e.close !== undefined) expect(e.close === 1001 || (e.close >= 4000 && e.close < 5000)).toBe(true);
      expect(new TextEncoder().encode(closeReason(code)).length).toBeLessThanOrEqual(123);
    }
  });

  it('lists every code in relay-server/README.md', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(RELAY_ERRORS)) expect(readme).toContain(code);
  });
});

describe('the shared protocol folder', () => {
  it('imports nothing but its own files, so the browser can load it', () => {
    const dir = new URL('./', import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const src = readFileSync(new URL(file, dir), 'utf8');
      const specifiers = [...src.matchAll(/(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]/g)].map(
        (m) => m[1],
      );
      for (const s of specifiers) expect(s, `${file} imports ${s}`).toMatch(/^\.\/[\w-]+\.ts$/);
      expect(src, file).not.toMatch(/\b(require\(|process\.|Buffer\b)/);
    }
  });
});
