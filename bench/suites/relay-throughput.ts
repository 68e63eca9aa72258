// One session's highest one-way rate with no loss (client → relay → UDP sink), next to a node:dgram
// sender's highest rate with no loss to the same sink; both found by the same search, trial by trial
// interleaved so they share the machine's noise.
import { frame, oneSessionRig, sleep, udpDrops, withTimeout, type ChildStats } from '../lib/relay-client.ts';
import type { Suite } from '../lib/results.ts';

const PAYLOAD_BYTES = 32;
const SINK_BUFFER = 4 * 2 ** 20; // asked for; Linux caps it at net.core.rmem_max (and doubles it)

interface Trial {
  rate: number;
  offered: number;
  sent: number;
  received: number;
  ok: boolean;
  why: string;
  senderCpu: number;
  relayCpu: number | null;
  sinkCpu: number;
  sinkDrops: number | null;
  relaySent: number | null;
}

/** One of the two searches (relay, raw): the best rate that passed, the lowest that failed twice. */
interface SearchState {
  path: 'relay' | 'raw';
  best: number;
  failed: number;
  trials: Trial[];
  done: boolean;
}

export default {
  name: 'relay-throughput',
  title: 'Relay: one session’s datagrams/s without loss vs raw node:dgram',
  async run({ quick }) {
    const windowMs = quick ? 500 : 2_000;
    // Datagrams still on their way when the window closes get this long to arrive: short next to the
    // window, so that a relay falling behind (its backlog waits in TCP, not lost) fails the rate.
    const graceMs = Math.max(50, windowMs / 10);
    const tolerance = quick ? 0.2 : 0.05; // stop bisecting when the bracket is this narrow
    const deadline = performance.now() + (quick ? 10_000 : 140_000);
    const cleanup: Array<() => Promise<unknown>> = [];
    try {
      // Quotas raised far above what one session can do (10⁸ datagrams/s), so that only the relay's speed limits it.
      const {
        peer: sink,
        relay,
        client,
        raw,
      } = await oneSessionRig(cleanup, {
        peer: { echo: false, recvBufferSize: SINK_BUFFER },
        packetsPerSecond: 1e8,
      });
      let relayErrors = 0;
      client.oncontrol = (m) => {
        if (m.type === 'error' || m.type === 'drops') relayErrors++;
      };

      /** A child's stats, or null when it is too busy to answer (a backlog): the trial goes on without. */
      const statsOf = (c: { stats: () => Promise<ChildStats> }) =>
        withTimeout(c.stats(), 3000, 'stats').catch(() => null);
      const countOf = (t: number) => sink.count(t).catch(() => -1);
      let tag = 0;
      /**
       * Offers `rate` datagrams/s for the window — whatever is due by the clock, at most 256 at once,
       * sleeping 1 ms when nothing is due — then waits up to graceMs for the sink to have them all.
       */
      const trial = async (path: 'relay' | 'raw', rate: number): Promise<Trial> => {
        if (!relay.alive || !sink.alive || client.ws.readyState !== client.ws.OPEN)
          throw new Error(`the relay or the sink is gone: ${relay.stderr.slice(-300)}`);
        tag++;
        const payload = new Uint8Array(PAYLOAD_BYTES);
        new DataView(payload.buffer).setUint32(0, tag);
        const bytes = frame(1, '127.0.0.1', sink.port, payload);
        const buf = Buffer.from(payload);
        const send =
          path === 'relay' ? () => client.sendFrame(bytes) : () => raw.send(buf, sink.port, '127.0.0.1');
        const errorsBefore = relayErrors;
        const relayBefore = await statsOf(relay);
        const sinkBefore = await statsOf(sink);
        const dropsBefore = udpDrops(sink.port);
        const cpuBefore = process.cpuUsage();
        let sent = 0;
        const t0 = performance.now();
        for (;;) {
          const elapsed = performance.now() - t0;
          if (elapsed >= windowMs) break;
          const due = Math.min(Math.floor((rate * elapsed) / 1000) - sent, 256);
          if (due <= 0) {
            await sleep(1);
            continue;
          }
          for (let k = 0; k < due; k++) send();
          sent += due;
          await new Promise((r) => setImmediate(r));
        }
        const sendMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpuBefore);
        const relayMid = await statsOf(relay);
        const sinkMid = await statsOf(sink);
        let received = await countOf(tag);
        const graceEnd = performance.now() + graceMs;
        while (received < sent && performance.now() < graceEnd) {
          await sleep(25);
          received = await countOf(tag);
        }
        const relayAfter = await statsOf(relay);
        const dropsAfter = udpDrops(sink.port);
        const sinkDrops = dropsBefore === null || dropsAfter === null ? null : dropsAfter - dropsBefore;
        const relaySent =
          path === 'relay' && relayAfter && relayBefore
            ? Number(relayAfter.packetsOut) - Number(relayBefore.packetsOut)
            : null;
        const busy = (a: ChildStats | null, b: ChildStats | null) =>
          a && b
            ? (100 * (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system)) / 1000 / (b.at - a.at)
            : NaN;
        const offered = (sent * 1000) / windowMs;
        const ok = sent >= 0.97 * ((rate * windowMs) / 1000) && received === sent;
        const why =
          sent < 0.97 * ((rate * windowMs) / 1000)
            ? `sender offered only ${Math.round(offered)}/s`
            : received < sent
              ? `${sent - received} of ${sent} not at the sink ${graceMs} ms after the window` +
                (sinkDrops !== null
                  ? `, ${sinkDrops} dropped by its full receive buffer (kernel counter)`
                  : '') +
                (relaySent !== null ? `, relay had sent ${relaySent}` : '') +
                (path === 'relay' && relayErrors > errorsBefore ? ', relay reported errors or drops' : '')
              : '';
        if (!ok) await drain(path, tag, sent);
        return {
          rate,
          offered,
          sent,
          received,
          ok,
          why,
          senderCpu: (100 * (cpu.user + cpu.system)) / 1000 / sendMs,
          relayCpu: path === 'relay' ? busy(relayBefore, relayMid) : null,
          sinkCpu: busy(sinkBefore, sinkMid),
          sinkDrops,
          relaySent,
        };
      };

      /** After a failed trial, lets a backlog (in the WebSocket, the relay or the sink) clear, up to 5 s. */
      const drain = async (path: string, t: number, sent: number) => {
        const until = performance.now() + (quick ? 2000 : 5000);
        let last = -1;
        for (;;) {
          const n = await countOf(t);
          const settled = n === last && (path === 'raw' || client.ws.bufferedAmount === 0);
          if (n >= sent || settled || performance.now() > until) return;
          last = n;
          await sleep(100);
        }
      };

      /** Doubles from `start` until a rate fails (twice), then bisects the bracket. */
      const search = (path: 'relay' | 'raw') => {
        const state: SearchState = { path, best: 0, failed: Infinity, trials: [], done: false };
        let retried = false;
        return {
          state,
          async step() {
            if (state.done) return;
            const rate =
              state.failed === Infinity
                ? Math.max(8_000, state.best * 2)
                : Math.round((state.best + state.failed) / 2);
            const t = await trial(path, rate);
            state.trials.push(t);
            if (t.ok) {
              state.best = rate;
              retried = false;
            } else if (!retried) {
              retried = true; // one retry: a single stall of this shared machine is not the limit
              return;
            } else {
              state.failed = rate;
              retried = false;
            }
            if (state.failed !== Infinity && state.failed <= state.best * (1 + tolerance)) state.done = true;
            if (state.best === 0 && state.failed !== Infinity) state.done = true;
          },
        };
      };

      const searches = [search('relay'), search('raw')];
      while (searches.some((s) => !s.state.done) && performance.now() < deadline) {
        for (const s of searches) await s.step();
      }
      const [r, d] = searches.map((s) => s.state) as [SearchState, SearchState];
      const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
      /** What the trial at the best rate and the first failed rate looked like. */
      const story = (s: SearchState) => {
        const best = s.trials.filter((t) => t.ok && t.rate === s.best).at(-1);
        const fail = s.trials.filter((t) => !t.ok && t.rate === s.failed).at(-1);
        const cpu = (t: Trial) =>
          `sender CPU ${Math.round(t.senderCpu)} %` +
          (t.relayCpu !== null ? `, relay ${Math.round(t.relayCpu)} %` : '') +
          `, sink ${Math.round(t.sinkCpu)} %`;
        return (
          `${s.path}: ${s.trials.length} trials (${s.trials.map((t) => `${fmt(t.rate)}${t.ok ? '✓' : '✗'}`).join(' ')})` +
          (best ? `; at ${fmt(best.rate)}/s ${cpu(best)}` : '') +
          (fail ? `; at ${fmt(fail.rate)}/s: ${fail.why} (${cpu(fail)})` : '') +
          (s.done ? '' : '; search stopped at the time limit')
        );
      };
      const how =
        `Offered rate held for ${windowMs} ms windows (${PAYLOAD_BYTES}-byte payloads; whatever the clock says ` +
        `is due, at most 256 back to back, 1 ms sleeps when nothing is due; CPU % below is over the window); a rate passes when every datagram offered reached the sink (node:dgram in a child ` +
        `process, receive buffer ${Math.round(sink.ready.recvBufferSize / 2 ** 10).toLocaleString('en-US')} KiB so that a ` +
        `scheduling stall of the sink is not what is measured) within ${graceMs} ms after the window and the sender really ` +
        `offered ≥ 97 % of it. Search: double from 8,000/s until a rate fails twice in a row, then bisect to ` +
        `${tolerance * 100} %; relay and raw trials alternate. Relay in a child process with per-session and ` +
        `relay-wide quotas raised via createRelay options (packetsPerSecond 10⁸, bytesPerSecond 10¹¹, ` +
        `relayPacketsPerSecond 10⁸, and the same for the per-address and relay-wide byte quotas; defaults are 1,000/s per session and 20,000/s per relay). ` +
        `${story(r)}. ${story(d)}.`;
      return [
        {
          figure: 'relay: one session, max datagrams/s without loss',
          value: r.best,
          unit: 'datagrams/s',
          anchor: 'raw node:dgram max without loss',
          anchorValue: d.best,
          better: 'higher',
          budget: 'report ratio (relay ÷ raw)',
          how,
        },
        {
          figure: 'raw node:dgram: max datagrams/s without loss',
          value: d.best,
          unit: 'datagrams/s',
          better: 'higher',
        },
      ];
    } finally {
      for (const f of cleanup.reverse()) await f().catch(() => undefined);
    }
  },
} satisfies Suite;
