// Round-trip latency through the relay (WebSocket client → relay → UDP echo → relay → client) next to
// the raw UDP round trip to the same echo server, interleaved sample by sample so both share the noise.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { frame, oneSessionRig, quantile, type ChildStats } from '../lib/relay-client.ts';
import type { Suite } from '../lib/results.ts';

const PAYLOAD_BYTES = 32;
const LOST_AFTER_MS = 1000;

export default {
  name: 'relay-latency',
  title: 'Relay: round-trip latency (WebSocket → relay → UDP echo → back) vs raw UDP',
  async run({ quick }) {
    const warmup = quick ? 1_500 : 3_000; // the first thousand round trips of a fresh relay are slower (JIT)
    const samples = quick ? 3_000 : 25_000;
    const accounted = quick ? 1_500 : 5_000;
    const profiled = quick ? 1_500 : 5_000;
    const cleanup: Array<() => Promise<unknown>> = [];
    try {
      // Three processes, as in a classroom: the echo server (a learner's program), the relay, and the
      // client — this process, playing the browser tab over the real subprotocol. The default quotas
      // (1 000 datagrams/s per session, burst 100) are below a ping-pong's rate: raised to 10⁶/s.
      const {
        peer: echo,
        relay,
        client,
        raw,
      } = await oneSessionRig(cleanup, {
        peer: { echo: true },
        packetsPerSecond: 1e6,
      });

      // One round trip in flight at a time; its sequence number, echoed back, tells a late echo apart.
      const viaRelay = frame(1, '127.0.0.1', echo.port, new Uint8Array(PAYLOAD_BYTES));
      const relaySeqAt = viaRelay.length - PAYLOAD_BYTES + 4;
      const direct = Buffer.alloc(PAYLOAD_BYTES);
      let seq = 0;
      let pending: { seq: number; t0: number; resolve: (us: number | null) => void } | null = null;
      const arrived = (got: number) => {
        if (!pending || got !== pending.seq) return;
        const p = pending;
        pending = null;
        p.resolve((performance.now() - p.t0) * 1000);
      };
      client.ondatagram = (d) =>
        d.payload.length >= 8 &&
        arrived(new DataView(d.payload.buffer, d.payload.byteOffset + 4, 4).getUint32(0));
      raw.on('message', (msg) => msg.length >= 8 && arrived(msg.readUInt32BE(4)));
      const watchdog = setInterval(() => {
        if (pending && performance.now() - pending.t0 > LOST_AFTER_MS) {
          const p = pending;
          pending = null;
          p.resolve(null);
        }
      }, 100);
      cleanup.push(async () => clearInterval(watchdog));

      let lost = 0;
      /**
       * One round trip. Throws when the session has closed or too many echoes were lost, so that no
       * loop here can outlive the relay. Resolves with µs, null when lost.
       */
      const roundTrip = async (throughRelay: boolean): Promise<number | null> => {
        if (client.ws.readyState !== client.ws.OPEN) throw new Error('the relay closed the session');
        if (!relay.alive || !echo.alive) throw new Error(`a child process died: ${relay.stderr.slice(-300)}`);
        const us = await new Promise<number | null>((resolve) => {
          seq = (seq + 1) >>> 0;
          pending = { seq, t0: performance.now(), resolve };
          if (throughRelay) {
            new DataView(viaRelay.buffer, viaRelay.byteOffset).setUint32(relaySeqAt, seq);
            client.sendFrame(viaRelay);
          } else {
            direct.writeUInt32BE(seq, 4);
            raw.send(direct, echo.port, '127.0.0.1');
          }
        });
        if (us === null && ++lost > 50)
          throw new Error(`${lost} round trips lost (no echo within ${LOST_AFTER_MS} ms)`);
        return us;
      };

      /** Alternates relay and raw round trips (ABBA order); keeps them when given arrays. */
      const measure = async (pairs: number, relayOut: Float64Array | null, rawOut: Float64Array | null) => {
        for (let i = 0; i < pairs; i++) {
          const relayFirst = i % 2 === 0;
          const a = await roundTrip(relayFirst);
          const b = await roundTrip(!relayFirst);
          const [r, u] = relayFirst ? [a, b] : [b, a];
          if (relayOut) relayOut[i] = r ?? LOST_AFTER_MS * 1000;
          if (rawOut) rawOut[i] = u ?? LOST_AFTER_MS * 1000;
        }
      };

      await measure(warmup, null, null);
      const before = await relay.stats();
      const relayUs = new Float64Array(samples);
      const rawUs = new Float64Array(samples);
      const started = performance.now();
      await measure(samples, relayUs, rawUs);
      const seconds = (performance.now() - started) / 1000;
      const after = await relay.stats();
      relayUs.sort();
      rawUs.sort();

      // CPU of the relay process per relay round trip (it is idle during the raw ones).
      const cpuUser = (after.cpu.user - before.cpu.user) / samples;
      const cpuSystem = (after.cpu.system - before.cpu.system) / samples;

      // Where the time goes, each after the figures above and apart from them: CPU of each process per
      // round trip over a stretch of relay round trips and one of raw round trips (the path is serial:
      // one datagram in flight); V8's sampling profiler inside the relay; Linux perf on the relay.
      const account = async (throughRelay: boolean, n: number) => {
        const [r0, e0] = [await relay.stats(), await echo.stats()];
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await roundTrip(throughRelay);
        const wall = ((performance.now() - t0) * 1000) / n;
        const c = process.cpuUsage(c0);
        const [r1, e1] = [await relay.stats(), await echo.stats()];
        const per = (a: ChildStats, b: ChildStats) =>
          (b.cpu.user + b.cpu.system - a.cpu.user - a.cpu.system) / n;
        return { wall, client: (c.user + c.system) / n, relay: per(r0, r1), echo: per(e0, e1) };
      };
      const viaRelayCpu = await account(true, accounted);
      const directCpu = await account(false, accounted);
      await relay.profileStart(100);
      for (let i = 0; i < profiled; i++) await roundTrip(true);
      const profile = await relay.profileStop();
      const perRt = (ms: number) => (ms * 1000) / profiled;
      // And, where Linux perf runs here, a system-wide view of the relay process (kernel included).
      const perf = await perfStretch(relay.pid, async () => {
        for (let i = 0; i < profiled; i++) await roundTrip(true);
      });
      const category = (start: string) =>
        perRt(profile.categories.find((c) => c.name.startsWith(start))?.ms ?? 0);
      const breakdown = profile.categories
        .filter((c) => perRt(c.ms) >= 0.5)
        .map((c) => `${c.name} ${perRt(c.ms).toFixed(1)} µs`)
        .join('; ');
      const topFunctions = profile.top
        .slice(0, 5)
        .map((f) => `${f.name} ${perRt(f.ms).toFixed(1)} µs`)
        .join('; ');

      const p50 = quantile(relayUs, 0.5);
      const p99 = quantile(relayUs, 0.99);
      const raw50 = quantile(rawUs, 0.5);
      const raw99 = quantile(rawUs, 0.99);
      const added = p50 - raw50;
      const pass = added <= 100;
      const how =
        `${samples.toLocaleString('en-US')} relay and ${samples.toLocaleString('en-US')} raw round trips of ${PAYLOAD_BYTES}-byte ` +
        `payloads after ${warmup.toLocaleString('en-US')} warm-up pairs, alternated ABBA one at a time (${seconds.toFixed(1)} s); ` +
        `client (this process, ws with subprotocol udp-lab.relay.v1, shared codec), relay (createRelay in a child ` +
        `process, per-session, per-address and relay-wide quotas raised to 10⁶ datagrams/s) and a node:dgram echo server (another child) ` +
        `on 127.0.0.1; raw = node:dgram socket in this process to the same echo; timed with performance.now() ` +
        `from send to the echo's arrival${lost ? `; ${lost} round trips lost and counted as ${LOST_AFTER_MS} ms` : ''}.`;
      const f1 = (n: number) => n.toFixed(1);
      const pathRelay = viaRelayCpu.client + viaRelayCpu.relay + viaRelayCpu.echo;
      const pathRaw = directCpu.client + directCpu.echo;
      const cpuLine =
        `Relay process CPU per relay round trip ${f1(cpuUser + cpuSystem)} µs (user ${f1(cpuUser)}, kernel ` +
        `${f1(cpuSystem)}) over the measured round trips. CPU per round trip in separate stretches of ` +
        `${accounted.toLocaleString('en-US')}: via the relay (mean ${f1(viaRelayCpu.wall)} µs) client ` +
        `${f1(viaRelayCpu.client)} + relay ${f1(viaRelayCpu.relay)} + echo ${f1(viaRelayCpu.echo)} = ${f1(pathRelay)} µs; ` +
        `raw (mean ${f1(directCpu.wall)} µs) client ${f1(directCpu.client)} + echo ${f1(directCpu.echo)} = ${f1(pathRaw)} µs. ` +
        `V8 sampling profiler in the relay (${profiled.toLocaleString('en-US')} round trips, 100 µs interval): ` +
        `${f1(perRt(profile.busyMs))} µs per round trip outside V8's idle — ${breakdown}; top functions: ` +
        `${topFunctions} (the profiler slows what it samples). The rest of the relay's CPU is kernel time V8 ` +
        `does not see (epoll waits, context switches). ${perf.text}`;
      const limits =
        `Missed on this run. The path is serial (one datagram in flight), so the added latency is CPU spent on ` +
        `it: ${f1(pathRelay)} µs per relay round trip against ${f1(pathRaw)} µs per raw one (difference ` +
        `${f1(pathRelay - pathRaw)} µs; added p50 ${f1(added)} µs). Of the difference, ${f1(viaRelayCpu.relay)} µs ` +
        `is the relay process (one more process on the path: four wake-ups instead of two), ` +
        `${f1(viaRelayCpu.client - directCpu.client)} µs the client's WebSocket over a UDP socket and ` +
        `${f1(viaRelayCpu.echo - directCpu.echo)} µs the echo. Inside the relay, its own JavaScript (decode, ` +
        `policy, quotas, encode) is only ${f1(category('relay code'))} µs and the ws library ` +
        `${f1(category('ws library'))} µs; the TCP write to the client (${f1(category('TCP write'))} µs) and the ` +
        `UDP send (${f1(category('UDP send'))} µs) are syscalls. ${perf.summary}So the relay's code is not what limits it; the extra process hop is, and what a hop costs on ` +
        `this shared VM changes from run to run. Details under "relay process CPU per round trip".`;
      return [
        {
          figure: 'relay round trip p50',
          value: p50,
          unit: 'µs',
          anchor: 'raw UDP p50',
          anchorValue: raw50,
          better: 'lower',
          how,
        },
        {
          figure: 'relay round trip p99',
          value: p99,
          unit: 'µs',
          anchor: 'raw UDP p99',
          anchorValue: raw99,
          better: 'lower',
        },
        { figure: 'raw UDP round trip p50', value: raw50, unit: 'µs', better: 'lower' },
        { figure: 'raw UDP round trip p99', value: raw99, unit: 'µs', better: 'lower' },
        {
          figure: 'added p50 (relay p50 − raw p50)',
          value: added,
          unit: 'µs',
          better: 'lower',
          budget: 'added p50 ≤ 100 µs',
          pass,
          ...(pass ? {} : { note: limits }),
        },
        {
          figure: 'relay process CPU per round trip',
          value: cpuUser + cpuSystem,
          unit: 'µs',
          better: 'lower',
          how: cpuLine,
        },
      ];
    } finally {
      for (const f of cleanup.reverse()) await f().catch(() => undefined);
    }
  },
} satisfies Suite;

/**
 * Runs `work` while Linux perf samples the process `pid` (cpu-clock at 10 kHz with call chains,
 * kernel included), then sums the samples by binary, and the kernel's by syscall path (inclusive).
 * Returns a note saying so when perf is missing or not allowed.
 */
async function perfStretch(
  pid: number,
  work: () => Promise<void>,
): Promise<{ text: string; summary: string }> {
  const none = { text: 'Linux perf was not available for a kernel-level view.', summary: '' };
  const run = (args: string[]) =>
    new Promise<string | null>((resolve) =>
      execFile('perf', args, { timeout: 30_000, maxBuffer: 16 << 20 }, (err, stdout) =>
        resolve(err ? null : stdout),
      ),
    );
  if ((await run(['--version'])) === null) {
    await work();
    return none;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'relay-perf-'));
  const file = path.join(dir, 'perf.data');
  let failed: unknown = null; // the work's own error, passed on after perf is stopped
  try {
    const rec = spawn(
      'perf',
      ['record', '-q', '-g', '-e', 'cpu-clock', '-F', '10000', '-o', file, '-p', String(pid)],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => rec.once('close', resolve));
    rec.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 300)); // perf attaches
    try {
      await work();
    } catch (err) {
      failed = err ?? new Error('failed');
    } finally {
      rec.kill('SIGINT');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise((r) => setTimeout(r, 10_000, false)),
      ]);
      if (!stopped) rec.kill('SIGKILL');
    }
    if (failed) throw failed;
    const report = async (how: string[]) => {
      const out = await run(['report', '-i', file, ...how, '--stdio', '-q', '-g', 'none']);
      const m = new Map<string, number>();
      for (const line of String(out ?? '').split('\n')) {
        const x = /^\s*([\d.]+)%\s+(?:[\d.]+%\s+)?(.*?)\s*$/.exec(line);
        if (x) m.set(String(x[2]).replace(/^\[JIT\] tid \d+$/, '[JIT]'), Number(x[1]));
      }
      return m;
    };
    const dsos = await report(['--no-children', '--sort', 'dso']);
    const inclusive = await report(['--children', '--sort', 'sym']);
    if (dsos.size === 0) return none;
    const pct = (n: number | undefined) => `${(n ?? 0).toFixed(1)} %`;
    const k = (name: string) => inclusive.get(`[k] ${name}`);
    const share = (name: string) =>
      [...dsos].filter(([d]) => d.includes(name)).reduce((a, [, v]) => a + v, 0);
    const kernelLine =
      `TCP writes (tcp_sendmsg) ${pct(k('tcp_sendmsg'))} and UDP sends (udp_sendmsg) ${pct(k('udp_sendmsg'))}, ` +
      `both including the loopback delivery and the wake-up of the receiving process ` +
      `(sock_def_readable ${pct(k('sock_def_readable'))}); epoll waits ${pct(k('do_epoll_wait'))}; being switched ` +
      `back in after sleeping (finish_task_switch) ${pct(k('finish_task_switch.isra.0') ?? k('finish_task_switch'))}; ` +
      `receives (recvmsg) ${pct(k('__sys_recvmsg'))}`;
    return {
      text:
        `Linux perf on the relay process over another stretch (cpu-clock samples, kernel included): ` +
        `kernel ${pct(share('kernel'))}, node (V8, libuv, C++) ${pct(dsos.get('node'))}, compiled JavaScript ` +
        `${pct(dsos.get('[JIT]'))}, libc ${pct(share('libc'))}. Inclusive kernel paths: ${kernelLine}.`,
      summary:
        `Linux perf puts ${pct(share('kernel'))} of the relay process's CPU in the kernel — ${kernelLine} — and ` +
        `only ${pct(dsos.get('[JIT]'))} in compiled JavaScript. `,
    };
  } catch (err) {
    if (failed) throw err;
    return none;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
