// Random and mutated frames against a relay in a child process, across several sessions at once: the
// relay must not crash, must answer every bad frame (an error message, or a close with a code), and
// must still serve a good client afterwards. Frames come from a seeded generator (fast-check for JSON,
// a mutator of valid frames for the rest), so a run can be replayed.
import fc from 'fast-check';
import WebSocket from 'ws';
import {
  RelayClient,
  frame as encodeFrame,
  prng,
  sleep,
  startRelayChild,
  startUdpPeerChild,
  withTimeout,
  type ControlMessage,
  type RelayDatagram,
} from '../lib/relay-client.ts';
import { decodeClientMessage, decodeDatagram, encodeControl } from '../../relay-server/src/protocol/index.ts';
import { RELAY_ERRORS } from '../../relay-server/src/protocol/index.ts';
import { createPolicy } from '../../relay-server/src/relay/index.ts';
import type { Suite } from '../lib/results.ts';

const SEED = 20_260_101;
const MAX_DATAGRAM = 512;
const MAX_PAYLOAD = MAX_DATAGRAM + 22; // the relay's WebSocket maxPayload for this maxDatagram
const WORKERS = 8; // sessions fuzzed at once
const BATCH = 64; // frames sent before the sentinel request that closes a batch
const SENTINEL_BASE = 2_000_000_000; // request ids of sentinels (a `close` of socket 65535)
const ANSWER_MS = 5_000;
const MAX_RESTARTS = 3;
// Only destination the policy allows: the echo server on 127.0.0.2, used by the final good client.
// Fuzz frames that the policy would allow are drawn again, so no fuzz frame ever leaves as UDP.
const ECHO_HOST = '127.0.0.2';

/** One fuzz frame. `expect`: the error code (in a session) or close code the frame should get. */
type Frame =
  | { kind: 'bin'; data: Uint8Array; expect: string }
  | { kind: 'text'; data: string; expect: string }
  | { kind: 'bind'; data: string; id: number }
  | { kind: 'oversize'; data: Uint8Array | string; expect: number }
  | { kind: 'badutf8'; data: Buffer; expect: number }
  | { kind: 'preauth'; data: Uint8Array | string; expect: number }
  | { kind: 'wire'; data: Buffer; expect: number; what: string };

/** The relay's policy, as createPolicy makes it. */
type Policy = ReturnType<typeof createPolicy>;

export default {
  name: 'relay-fuzz',
  title: 'Relay: fuzzing with random and mutated binary and JSON frames',
  async run({ quick }) {
    const total = quick ? 10_000 : 100_000;
    const relayOptions = {
      maxDatagram: MAX_DATAGRAM,
      allow: [`${ECHO_HOST}/32`],
      allowSelf: true, // 127.0.0.2 is the relay host's own (loopback) address
      violationLimit: 1e9, // every frame here is a violation; keep the sessions open
      maxSessionsPerAddress: 64,
      // every session comes from 127.0.0.1, and some frames are wrong tokens: not what is fuzzed here
      maxConnectionsPerAddress: 256,
      authFailuresAllowed: 1e9,
    };
    const policy = createPolicy({ ...relayOptions, allowLoopback: false });
    const genStarted = performance.now();
    const frames = generate(total, SEED, policy);
    const genSeconds = (performance.now() - genStarted) / 1000;

    const cleanup: Array<() => Promise<unknown>> = [];
    try {
      const echo = await startUdpPeerChild({ echo: true, host: ECHO_HOST });
      cleanup.push(() => echo.stop());
      const start = () => startRelayChild({ options: relayOptions, sendPorts: [echo.port] });
      let relay = await start();
      let stopping = false;
      let aborted = false; // set when fuzzing ends early: workers stop, nothing restarts the relay
      cleanup.push(async () => {
        stopping = true;
        aborted = true;
        await relay.stop();
      });
      const crashes: string[] = [];
      let restarting: Promise<void> | null = null;
      /** The live relay; restarts it (counting a crash) if its process is gone. */
      const relayUp = async () => {
        if (relay.alive) return relay;
        if (aborted) throw new Error('fuzzing stopped');
        if (!restarting) {
          restarting = (async () => {
            const { code, signal } = await relay.exited;
            if (!stopping)
              crashes.push(
                `exit ${code ?? signal}: ${relay.stderr.trim().split('\n').slice(-3).join(' | ')}`,
              );
            if (crashes.length > MAX_RESTARTS)
              throw new Error(`relay crashed ${crashes.length} times: ${crashes.join('; ')}`);
            relay = await start();
          })().finally(() => (restarting = null));
        }
        await restarting;
        return relay;
      };

      // Outcomes per frame.
      const counts = {
        bad: 0,
        answered: 0,
        byError: 0,
        byClose: 0,
        closeWithText: 0,
        codeAsPredicted: 0,
        extraReplies: 0,
        goodBinds: 0,
        goodBindsAnswered: 0,
        sessions: 0,
      };
      const unanswered = new Map<string, number>();
      const miss = (what: string) => void unanswered.set(what, (unanswered.get(what) ?? 0) + 1);
      let next = 0;
      let sentinel = 0;

      const isReasonedError = (m: ControlMessage | undefined) =>
        m?.type === 'error' &&
        typeof m.code === 'string' &&
        m.code in RELAY_ERRORS &&
        typeof m.errno === 'string' &&
        typeof m.message === 'string' &&
        m.message.length > 0;

      /** A frame that ends its session, on a connection of its own. */
      const sessionEnder = async (f: Exclude<Frame, { kind: 'bin' | 'text' | 'bind' }>) => {
        const r = await relayUp();
        counts.bad++;
        counts.sessions++;
        let client: RelayClient;
        try {
          client = await RelayClient.open(r.url, f.kind === 'preauth' ? null : r.token);
        } catch {
          return miss(`${f.kind}: could not connect`);
        }
        try {
          if (f.kind === 'wire')
            (client.ws as unknown as { _socket: import('node:net').Socket })._socket.write(f.data);
          else if (f.kind === 'badutf8') client.ws.send(f.data, { binary: false });
          else client.sendRaw(f.data);
          const { code, reason } = await withTimeout(client.closed, ANSWER_MS, 'close');
          if (code === 1005 || code === 1006)
            return miss(`${f.kind}: closed without a status code (${code})`);
          counts.answered++;
          counts.byClose++;
          if (reason.length > 0) counts.closeWithText++;
          if (code === f.expect) counts.codeAsPredicted++;
        } catch {
          miss(`${f.kind}: no close within ${ANSWER_MS} ms`);
        } finally {
          client.ws.terminate();
        }
      };

      /** One fuzzing session: batches of in-session frames, each closed by a sentinel request. */
      const worker = async () => {
        let client: RelayClient | null = null;
        let replies: ControlMessage[] = [];
        let wake: (() => void) | null = null;
        const open = async () => {
          client?.ws.terminate();
          const r = await relayUp();
          const opened = await RelayClient.open(r.url, r.token);
          client = opened;
          counts.sessions++;
          replies = [];
          opened.oncontrol = (m) => {
            if (m.type === 'drops') return;
            replies.push(m);
            wake?.();
          };
          void opened.closed.then(() => wake?.());
        };
        /** Waits until a reply matches (or the session closes, or time runs out). */
        const reply = async (match: (m: ControlMessage) => boolean) => {
          const until = performance.now() + ANSWER_MS;
          for (;;) {
            const i = replies.findIndex(match);
            if (i >= 0) return i;
            const left = until - performance.now();
            if (left <= 0 || !client || (client as RelayClient).ws.readyState !== WebSocket.OPEN) return -1;
            await new Promise((resolve) => {
              const t = setTimeout(resolve, left);
              wake = () => {
                clearTimeout(t);
                resolve(undefined);
              };
            });
            wake = null;
          }
        };
        try {
          while (!aborted && next < frames.length) {
            const first = frames[next] as Frame;
            if (first.kind !== 'bin' && first.kind !== 'text' && first.kind !== 'bind') {
              next++;
              await sessionEnder(first);
              continue;
            }
            if (!client || (client as RelayClient).ws.readyState !== WebSocket.OPEN) {
              try {
                await open();
              } catch (err) {
                if (aborted || crashes.length > MAX_RESTARTS) throw err;
                await sleep(100);
                continue;
              }
            }
            const c = client as unknown as RelayClient;
            if (first.kind === 'bind') {
              // A valid bind: answered with `bound` (or an error) by request id; the socket is closed again.
              next++;
              counts.goodBinds++;
              replies = [];
              c.sendRaw(first.data);
              const i = await reply((m) => m.id === first.id && (m.type === 'bound' || m.type === 'error'));
              if (i < 0) continue;
              counts.goodBindsAnswered++;
              const m = replies[i];
              if (m?.type === 'bound') {
                const id = SENTINEL_BASE + ++sentinel;
                c.sendControl({ type: 'close', id, socket: m.socket });
                await reply((x) => x.id === id);
              }
              continue;
            }
            const batch: Array<Extract<Frame, { kind: 'bin' | 'text' }>> = [];
            while (next < frames.length && batch.length < BATCH) {
              const f = frames[next] as Frame;
              if (f.kind !== 'bin' && f.kind !== 'text') break;
              batch.push(f);
              next++;
            }
            replies = [];
            for (const f of batch) c.sendRaw(f.data);
            const id = SENTINEL_BASE + ++sentinel;
            c.sendControl({ type: 'close', id, socket: 0xffff });
            const end = await reply((m) => m.id === id && m.code === 'RELAY_ERR_NO_SOCKET');
            const got = end < 0 ? replies : replies.slice(0, end);
            counts.bad += batch.length;
            counts.extraReplies += Math.max(0, got.length - batch.length);
            batch.forEach((f, k) => {
              const m = got[k];
              if (!m || !isReasonedError(m))
                return miss(`${f.kind} in a session: ${m ? 'not an error' : 'no reply'}`);
              counts.answered++;
              counts.byError++;
              if (m.code === f.expect) counts.codeAsPredicted++;
            });
            if (end < 0) (client as RelayClient | null)?.ws.terminate(); // a new session for the next batch
          }
        } finally {
          (client as RelayClient | null)?.ws.terminate();
        }
      };

      const before = await relay.stats();
      const fuzzStarted = performance.now();
      await withTimeout(
        Promise.all(Array.from({ length: WORKERS }, worker)),
        quick ? 25_000 : 150_000,
        'fuzzing',
      ).catch((err) => {
        aborted = true;
        throw err;
      });
      const fuzzSeconds = (performance.now() - fuzzStarted) / 1000;
      const r = await relayUp();
      const after = await r.stats();

      // A good client at the end: auth, bind, a datagram echoed by the UDP server through the relay.
      let serving = false;
      let servingWhy = '';
      try {
        const good = await RelayClient.open(r.url, r.token);
        try {
          await good.bind(1, 0);
          const echoed = new Promise<RelayDatagram>((resolve) => (good.ondatagram = (d) => resolve(d)));
          good.sendFrame(encodeFrame(1, ECHO_HOST, echo.port, new TextEncoder().encode('still there?')));
          const d = await withTimeout(echoed, 3000, 'echo through the relay');
          serving = new TextDecoder().decode(d.payload) === 'still there?';
          if (!serving) servingWhy = 'the echo came back different';
        } finally {
          await good.close();
        }
      } catch (err) {
        servingWhy = err instanceof Error ? err.message : String(err);
      }

      const pct = counts.bad ? (100 * counts.answered) / counts.bad : NaN;
      const byKind = countKinds(frames);
      const missing = [...unanswered].map(([k, v]) => `${k}: ${v}`).join('; ');
      const rss = (after.mem.rss / 2 ** 20).toFixed(1);
      const how =
        `${frames.length.toLocaleString('en-US')} frames (seed ${SEED}, generated in ${genSeconds.toFixed(1)} s): ` +
        `${byKind}. In-session frames go in batches of ${BATCH} on ${WORKERS} sessions at once, each batch ` +
        `closed by a sentinel request whose reply marks the end of the answers; relay in a child process ` +
        `(maxDatagram ${MAX_DATAGRAM}, violationLimit 10⁹ so sessions survive, only ${ECHO_HOST}/32 allowed — ` +
        `frames it would allow are drawn again — and UDP sends restricted to the echo server's port).`;
      return [
        {
          figure: 'relay crashes',
          value: crashes.length,
          unit: 'crashes',
          better: 'lower',
          budget: '0 crashes',
          pass: crashes.length === 0,
          how: `${how} A crash is the relay process exiting; it is restarted (up to ${MAX_RESTARTS} times) and counted.`,
          ...(crashes.length ? { note: `Crashes: ${crashes.join('; ')}` } : {}),
        },
        {
          figure: 'bad frames answered with a reason',
          value: pct,
          unit: '%',
          better: 'higher',
          how:
            `${counts.answered.toLocaleString('en-US')} of ${counts.bad.toLocaleString('en-US')} bad frames: ` +
            `${counts.byError.toLocaleString('en-US')} by an error message (known code, errno, message), ` +
            `${counts.byClose.toLocaleString('en-US')} by a close with a status code (${counts.closeWithText} of them ` +
            `with a reason text; ws itself closes 1002/1007/1009 without text). ${counts.codeAsPredicted.toLocaleString('en-US')} ` +
            `answers carried the code the shared codec and policy predict. Valid binds among the frames: ` +
            `${counts.goodBindsAnswered} of ${counts.goodBinds} answered. Extra replies: ${counts.extraReplies}.` +
            (missing ? ` Unanswered: ${missing}.` : ''),
        },
        {
          figure: 'frames processed per second',
          value: frames.length / fuzzSeconds,
          unit: 'frames/s',
          better: 'higher',
          how:
            `${frames.length.toLocaleString('en-US')} frames in ${fuzzSeconds.toFixed(1)} s, ${counts.sessions.toLocaleString('en-US')} ` +
            `sessions opened (one per session-ending frame); relay CPU ` +
            `${((after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1e6).toFixed(1)} s, ` +
            `RSS at the end ${rss} MiB, relay log lines at warn ${after.logs?.warn ?? 0} and error ${after.logs?.error ?? 0}.`,
        },
        {
          figure: 'relay serves a good client after the fuzzing',
          value: serving ? 1 : 0,
          unit: '(1 = yes)',
          budget: 'yes',
          pass: serving,
          how: `A new session authenticates, binds, and gets a datagram echoed through the relay by a UDP server on ${ECHO_HOST}.`,
          ...(serving ? {} : { note: `It did not: ${servingWhy}` }),
        },
      ];
    } finally {
      for (const f of cleanup.reverse()) await withTimeout(f(), 10_000, 'cleanup').catch(() => undefined);
    }
  },
} satisfies Suite;

function countKinds(frames: Frame[]) {
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

// ---- the frames --------------------------------------------------------------------------------

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
 * Builds the frames: about 50 % binary and 47 % text frames within a session, 3 % that end their
 * session (above maxPayload, text not UTF-8, a bad first frame, malformed WebSocket framing).
 */
function generate(n: number, seed: number, policy: Policy): Frame[] {
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
    let f = encodeFrame(int(0, 0xffff), address, port, payload);
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
