// The relay's fuzz frames, one generator for test/fuzz.test.ts (a thousand against an in-process
// relay, every answer checked) and bench/suites/relay-fuzz.ts (a hundred thousand against a relay in
// a child process, on eight sessions at once): binary and JSON frames within a session, random or
// mutated from valid ones (fast-check for JSON), and frames that end their session; each with the
// answer the shared codec and the relay's policy predict. Seeded, so that a run can be replayed.
import fc from 'fast-check';
import { decodeClientMessage, decodeDatagram, encodeControl, encodeDatagram } from '../src/protocol/index.ts';
import type { createPolicy } from '../src/relay/index.ts';

/** One fuzz frame. `expect`: the error code (in a session) or close code the frame should get. */
export type Frame =
  | { kind: 'bin'; data: Uint8Array; expect: string }
  | { kind: 'text'; data: string; expect: string }
  | { kind: 'bind'; data: string; id: number }
  | { kind: 'oversize'; data: Uint8Array | string; expect: number }
  | { kind: 'badutf8'; data: Buffer; expect: number }
  | { kind: 'preauth'; data: Uint8Array | string; expect: number }
  | { kind: 'wire'; data: Buffer; expect: number; what: string };

/** The relay's policy, as createPolicy makes it. */
type Policy = ReturnType<typeof createPolicy>;

/** A seeded PRNG (mulberry32): the same seed gives the same frames. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** "n kind, …": how many frames of each kind. */
export function countKinds(frames: Frame[]) {
  const names: Record<Frame['kind'], string> = {
    bin: 'binary in a session',
    text: 'text in a session',
    bind: 'valid binds',
    oversize: 'above maxPayload',
    badutf8: 'text not UTF-8',
    preauth: 'first frame of a session, not a valid auth',
    wire: 'malformed WebSocket framing',
  };
  const n = new Map<Frame['kind'], number>();
  for (const f of frames) n.set(f.kind, (n.get(f.kind) ?? 0) + 1);
  return [...n].map(([k, v]) => `${v.toLocaleString('en-US')} ${names[k]}`).join(', ');
}

const ADDRESSES = [
  '127.0.0.1',
  '127.0.0.2',
  '0.0.0.0',
  '255.255.255.255',
  '169.254.169.254',
  '10.0.0.1',
  '192.168.1.10',
  '224.0.0.1',
  '240.0.0.1',
  '::1',
  '::',
  '::ffff:127.0.0.2',
  '64:ff9b::7f00:2',
  '2002:7f00:2::',
  'fe80::1',
  'ff02::1',
  '2001:db8::1',
];

/**
 * Builds `n` frames from `seed`: about 50 % binary and 47 % text frames within a session, 3 % that end
 * their session (above maxPayload, text not UTF-8, a bad first frame, malformed WebSocket framing).
 * Each carries the answer `policy` and the shared codec predict; a datagram `policy` would allow is
 * drawn again, so that no frame ever leaves as UDP. `maxDatagram`: the relay's.
 */
export function generateFrames(n: number, seed: number, policy: Policy, maxDatagram: number): Frame[] {
  const MAX_DATAGRAM = maxDatagram;
  const MAX_PAYLOAD = maxDatagram + 22; // the relay's WebSocket maxPayload for this maxDatagram
  const rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const bytes = (len: number) => Uint8Array.from({ length: len }, () => int(0, 255));
  const jsonPool = fc.sample(
    fc.oneof(
      fc.json(),
      fc.string({ unit: 'grapheme', maxLength: 60 }),
      fc
        .record(
          {
            type: fc.oneof(
              fc.constantFrom('auth', 'bind', 'close', 'welcome', 'bound', ''),
              fc.string(),
              fc.integer(),
            ),
            id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
            socket: fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.string(), fc.boolean()),
            port: fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.double(), fc.constant(null)),
            implicit: fc.oneof(fc.boolean(), fc.string()),
            token: fc.oneof(fc.string(), fc.integer()),
            v: fc.oneof(fc.constant(1), fc.integer()),
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    ),
    { seed, numRuns: Math.max(1000, Math.ceil(n * 0.25)) },
  );

  /** A valid datagram frame to some address, then 0–3 mutations. */
  const mutatedDatagram = () => {
    const address =
      rand() < 0.7
        ? pick(ADDRESSES)
        : rand() < 0.5
          ? [0, 0, 0, 0].map(() => int(0, 255)).join('.')
          : `2001:db8::${int(0, 0xffff).toString(16)}`;
    const port = pick([0, int(1, 1023), int(1024, 65535), 65535]);
    const payload = bytes(rand() < 0.9 ? int(0, 64) : int(400, MAX_DATAGRAM + 12));
    let f = encodeDatagram({ socket: int(0, 0xffff), address, port, payload });
    for (let m = int(0, 3); m > 0; m--) {
      const at = int(0, Math.max(0, f.length - 1));
      switch (int(0, 5)) {
        case 0:
          if (f.length) f[at] = (f[at] as number) ^ (1 << int(0, 7));
          break;
        case 1:
          if (f.length) f[at] = int(0, 255);
          break;
        case 2:
          f = f.slice(0, int(0, f.length));
          break;
        case 3:
          f = Uint8Array.from([...f, ...bytes(int(1, 16))]);
          break;
        case 4:
          if (f.length) f[0] = int(0, 3);
          break;
        default:
          if (f.length > 1) f[1] = pick([0, 4, 6, int(0, 255)]);
      }
    }
    return f.length <= MAX_PAYLOAD ? f : f.slice(0, MAX_PAYLOAD);
  };

  /** A valid control message's text, then 0–3 character-level mutations. */
  const mutatedControl = () => {
    const message = pick([
      { type: 'auth', token: String(int(0, 1e9)), v: 1 },
      {
        type: 'bind',
        id: int(0, 1000),
        socket: int(0, 20),
        port: pick([0, int(1024, 65535)]),
        implicit: rand() < 0.5,
      },
      { type: 'close', id: int(0, 1000), socket: int(0, 20) },
    ]);
    let text = encodeControl(message as Parameters<typeof encodeControl>[0]);
    const alphabet = '{}[]":,.-+0123456789eEtrufalsn \\u00e9\u00e9\ud83d\ude00\ud800';
    for (let m = pick([0, 1, 1, 2, 3]); m > 0; m--) {
      const at = int(0, text.length);
      const ch = alphabet[int(0, alphabet.length - 1)];
      switch (int(0, 3)) {
        case 0:
          text = text.slice(0, at) + text.slice(at + 1);
          break;
        case 1:
          text = text.slice(0, at) + ch + text.slice(at);
          break;
        case 2:
          text = text.slice(0, at) + ch + text.slice(at + 1);
          break;
        default:
          text = text.slice(0, at);
      }
    }
    return text;
  };

  /** Malformed WebSocket framing, written under the client's WebSocket on its TCP socket. */
  const wire = () => {
    const payload = bytes(int(0, 20));
    /** A client frame: masked, payload of at most 125 bytes. */
    const masked = (b0: number, p: Uint8Array) => {
      const mask = bytes(4);
      return Buffer.from([b0, 0x80 | p.length, ...mask, ...p.map((x, i) => x ^ (mask[i % 4] as number))]);
    };
    const kind = int(0, 7);
    switch (kind) {
      case 0:
        return {
          what: 'RSV bits set',
          data: masked(0x80 | (int(1, 7) << 4) | pick([1, 2]), payload),
          expect: 1002,
        };
      case 1:
        return {
          what: 'reserved opcode',
          data: masked(0x80 | pick([3, 4, 5, 6, 7, 11, 12, 13, 14, 15]), payload),
          expect: 1002,
        };
      case 2:
        return {
          what: 'unmasked frame',
          data: Buffer.from([0x82, payload.length, ...payload]),
          expect: 1002,
        };
      case 3:
        return { what: 'fragmented control frame', data: masked(pick([8, 9, 10]), payload), expect: 1002 };
      case 4: {
        const len = int(126, 300);
        return {
          what: 'control frame over 125 bytes',
          data: Buffer.from([0x89, 0x80 | 126, len >> 8, len & 0xff, ...bytes(4), ...bytes(len)]),
          expect: 1002,
        };
      }
      case 5:
        return { what: 'continuation without a start', data: masked(0x80, payload), expect: 1002 };
      case 6:
        return {
          what: '64-bit length above 2^53',
          data: Buffer.from([0x82, 0x80 | 127, 0xff, ...bytes(7), ...bytes(4)]),
          expect: 1009,
        };
      default: {
        const code = pick([0, 999, 1004, 1005, 1006, 1015, 2999, 5000]);
        return {
          what: 'close frame with an invalid code',
          data: masked(0x88, Uint8Array.from([code >> 8, code & 0xff, ...bytes(int(0, 8))])),
          expect: 1002,
        };
      }
    }
  };

  const frames: Frame[] = [];
  while (frames.length < n) {
    const roll = rand();
    if (roll < 0.5) {
      const data = rand() < 0.25 ? bytes(Math.floor(rand() ** 2 * 80)) : mutatedDatagram();
      const d = decodeDatagram(data, MAX_DATAGRAM);
      if (!d.ok) {
        frames.push({ kind: 'bin', data, expect: d.code });
        continue;
      }
      const verdict = policy.checkDestination(d.datagram.ip, d.datagram.port);
      if (verdict.ok) continue; // would be sent as UDP: draw again
      frames.push({ kind: 'bin', data, expect: verdict.code });
    } else if (roll < 0.97) {
      const data = rand() < 0.5 ? mutatedControl() : pick(jsonPool);
      const utf8 = Buffer.from(data, 'utf8');
      if (utf8.length > MAX_PAYLOAD) continue;
      const d = decodeClientMessage(utf8.toString('utf8'));
      if (d.ok && d.message.type === 'bind') frames.push({ kind: 'bind', data, id: d.message.id });
      else if (d.ok)
        frames.push({
          kind: 'text',
          data,
          expect: d.message.type === 'auth' ? 'RELAY_ERR_BAD_FRAME' : 'RELAY_ERR_NO_SOCKET',
        });
      else frames.push({ kind: 'text', data, expect: d.code });
    } else if (roll < 0.975) {
      const data = rand() < 0.5 ? bytes(int(MAX_PAYLOAD + 1, 2000)) : 'x'.repeat(int(MAX_PAYLOAD + 1, 2000));
      frames.push({ kind: 'oversize', data, expect: 1009 });
    } else if (roll < 0.978) {
      const data = Buffer.from([0x7b, ...bytes(int(0, 10)), pick([0xff, 0xfe, 0xc0, 0xed]), 0x80, 0x7d]);
      frames.push({ kind: 'badutf8', data, expect: 1007 });
    } else if (roll < 0.994) {
      const data = rand() < 0.4 ? bytes(int(1, 60)) : rand() < 0.5 ? mutatedControl() : pick(jsonPool);
      const text = typeof data === 'string' ? data : null;
      if (text !== null && Buffer.byteLength(text) > MAX_PAYLOAD) continue;
      frames.push({ kind: 'preauth', data, expect: 4001 });
    } else {
      frames.push({ kind: 'wire', ...wire() });
    }
  }
  return frames;
}
