// TCP bulk transfer (MB/s) between two Python programs on the simulated network vs two real CPython
// processes on 127.0.0.1 running the same files, measured in the same run; and the same transfer
// driven from JavaScript on netsim's TCP alone (no Python), the ceiling of the simulated stack.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { createKernel } from '../../site/runtime/python/index.ts';
import { measureNetsimBulk, measureSimBulk } from '../lib/bulk-sim.ts';
import type { Figure, Suite } from '../lib/results.ts';

const exec = promisify(execFile);
const lib = (name: string) => new URL(`../lib/${name}`, import.meta.url);
const source = (name: string) => readFileSync(lib(name), 'utf8');
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const MB = 1e6;

/** The programs: the same files real python3 runs. */
export const BULK_PROGRAMS = { server: source('bulk_server.py'), client: source('bulk_client.py') };

/** Real python3 × 2 on loopback: the anchor. */
async function measureCpython(
  seconds: number,
): Promise<{ bytes: number; seconds: number; cpuSeconds: number }> {
  const { stdout } = await exec('python3', [lib('bulk_cpython.py').pathname, String(seconds)], {
    timeout: (seconds + 30) * 1000,
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as {
    bytes: number;
    seconds: number;
    cpuSeconds: number;
  };
}

export default {
  name: 'tcp-bulk',
  title:
    'TCP bulk transfer between two Python programs on the simulated network vs two real CPython processes',
  async run({ quick }): Promise<Figure[]> {
    const seconds = quick ? 0.5 : 3;
    const rounds = quick ? 1 : 3;
    const rate: Record<'anchor' | 'sim' | 'netsim', number[]> = { anchor: [], sim: [], netsim: [] };
    const cpu: Record<'anchor' | 'sim', number[]> = { anchor: [], sim: [] };
    const bytesPerSegment: number[] = [];
    // No ready-worker pool: its refills would load interpreters in the background while we measure.
    const kernel = createKernel({ poolSize: { cpython: 0, micropython: 0 } });
    try {
      // Interleaved rounds, so that each figure and the anchor share the machine's noise.
      for (let i = 0; i < rounds; i++) {
        const a = await measureCpython(seconds);
        rate.anchor.push(a.bytes / a.seconds / MB);
        cpu.anchor.push((a.cpuSeconds * 1000) / (a.bytes / MB));
        const m = await measureSimBulk(kernel, { ...BULK_PROGRAMS, seconds }, cpuNow);
        if (m.segments * 1460 < m.bytes) throw new Error(`netsim recorded only ${m.segments} segments`);
        rate.sim.push(m.bytes / m.seconds / MB);
        cpu.sim.push(m.cpuMs / (m.bytes / MB));
        bytesPerSegment.push(m.bytes / m.segments);
        const n = measureNetsimBulk(seconds);
        rate.netsim.push(n.bytes / n.seconds / MB);
      }
    } finally {
      kernel.dispose();
    }

    const anchorRate = median(rate.anchor);
    const anchor = 'python3 × 2 on 127.0.0.1';
    const how = (what: string, warm = 'a 1 MiB warm-up') =>
      `Median of ${rounds} run(s) of ${seconds} s, interleaved with the anchor, after ${warm}; ${what}; ` +
      'the time runs until the server has counted every byte and answered (so nothing is left in flight); ' +
      'the anchor runs the same bench/lib/bulk_server.py + bulk_client.py under python3 (bulk_cpython.py).';
    return [
      {
        figure: 'TCP bulk transfer, Pyodide (PC hosts), Node',
        value: median(rate.sim),
        unit: 'MB/s',
        anchor,
        anchorValue: anchorRate,
        better: 'higher',
        how: how(
          '64 KiB sendall()s from bulk_client.py on one simulated PC to bulk_server.py recv(65536) on another, ' +
            'a clean LAN (MSS 1460, no delay) on RealClock, Node worker_threads, every segment recorded by netsim',
        ),
        note:
          `Measured in the same rounds: netsim's TCP alone (no Python, below) moved ${fmt(median(rate.netsim))} MB/s, ` +
          `so the Python side's syscalls (sendall in pieces of the ${fmt(16384 / 1024)} KiB send buffer, ` +
          'one wake-up per recv) cost the rest; ' +
          `≈ ${fmt(median(bytesPerSegment))} payload bytes per recorded segment (data and ACKs). ` +
          'Real loopback TCP moves 64 KiB segments without a wire; the simulation cuts every send into ' +
          '1460-byte segments, each a record the page may list.',
      },
      {
        figure: "TCP bulk transfer, netsim's TCP alone (no Python), Node",
        value: median(rate.netsim),
        unit: 'MB/s',
        anchor,
        anchorValue: anchorRate,
        better: 'higher',
        how: how(
          'bench/lib/bulk-sim.ts measureNetsimBulk: 64 KiB send() calls on netsim between two hosts of a clean LAN, ' +
            'the receiver draining 64 KiB recv()s whenever the send buffer is full, on the main thread',
          'an uncounted 0.5 s transfer (V8 warm-up)',
        ),
      },
      {
        figure: 'CPU per MB moved, Pyodide (PC hosts), Node (all threads)',
        value: median(cpu.sim),
        unit: 'ms',
        anchor: `${anchor} (both processes, start-up included)`,
        anchorValue: median(cpu.anchor),
        better: 'lower',
        how: 'process.cpuUsage() from the client\'s "warm" line to its end; on a busy shared machine CPU is the scarce resource.',
      },
    ];
  },
} satisfies Suite;

function fmt(n: number): string {
  return n >= 100 ? String(Math.round(n)) : String(Number(n.toPrecision(2)));
}
