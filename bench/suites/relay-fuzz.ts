// Random and mutated frames against a relay in a child process, across several sessions at once: the
// relay must not crash, must answer every bad frame (an error message, or a close with a code), and
// must still serve a good client afterwards. Frames come from a seeded generator (fast-check for JSON,
// a mutator of valid frames for the rest: relay-server/test/fuzz-frames.ts, which the relay's own
// fuzz test uses too), so a run can be replayed.
import WebSocket from 'ws';
import {
  RelayClient,
  frame as encodeFrame,
  sleep,
  startRelayChild,
  startUdpPeerChild,
  withTimeout,
  type ControlMessage,
  type RelayDatagram,
} from '../lib/relay-client.ts';
import { RELAY_ERRORS } from '../../relay-server/src/protocol/index.ts';
import { createPolicy } from '../../relay-server/src/relay/index.ts';
import type { Suite } from '../lib/results.ts';
import { countKinds, generateFrames, type Frame } from '../../relay-server/test/fuzz-frames.ts';

const SEED = 20_260_101;
const MAX_DATAGRAM = 512;
const WORKERS = 8; // sessions fuzzed at once
const BATCH = 64; // frames sent before the sentinel request that closes a batch
const SENTINEL_BASE = 2_000_000_000; // request ids of sentinels (a `close` of socket 65535)
const ANSWER_MS = 5_000;
const MAX_RESTARTS = 3;
// Only destination the policy allows: the echo server on 127.0.0.2, used by the final good client.
// Fuzz frames that the policy would allow are drawn again, so no fuzz frame ever leaves as UDP.
const ECHO_HOST = '127.0.0.2';

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
    const frames = generateFrames(total, SEED, policy, MAX_DATAGRAM);
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
