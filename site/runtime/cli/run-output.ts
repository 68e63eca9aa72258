// The runner's two output forms: plain lines prefixed with their program (live, as they happen),
// and the one JSON document of --json. Pure: writes through the functions it is given.

import type { DatagramRecord } from '../netsim/index.ts';
import { SegmentNumbering, segmentInfo } from '../netsim/index.ts';
import type { OutputEvent, RunResult } from '../runner/index.ts';

/** Fates after which a datagram line is printed (in-flight ones wait for their fate). */
const FINAL = new Set([
  'delivered',
  'lost',
  'duplicated',
  'dropped',
  'truncated',
  'refused',
  'unroutable',
  'unclaimed',
  'relayed',
  'relay-denied',
  'relay-refused',
]);

/** Writes complete lines, each prefixed with its program's label, as output arrives. */
export class PlainPrinter {
  #out: (line: string) => void;
  #err: (line: string) => void;
  #labels: string[];
  #width: number;
  #partial = new Map<string, string>();
  #printed = new WeakSet<DatagramRecord>();
  #segments = new SegmentNumbering();
  #t0: number;

  /**
   * @param labels Program labels, in program order.
   * @param out Writes one stdout line (without its newline).
   * @param err Writes one stderr line.
   * @param t0 Clock time the run started at, for datagram times.
   */
  constructor(labels: readonly string[], out: (line: string) => void, err: (line: string) => void, t0 = 0) {
    this.#labels = [...labels];
    this.#width = Math.max(5, ...labels.map((l) => l.length + 2));
    this.#out = out;
    this.#err = err;
    this.#t0 = t0;
  }

  #prefix(label: string): string {
    return `[${label}]`.padEnd(this.#width) + ' ';
  }

  /** Feeds one piece of program output. */
  output(event: OutputEvent): void {
    const key = `${event.program}:${event.stream}`;
    const text = (this.#partial.get(key) ?? '') + event.text.replace(/\r\n/g, '\n');
    const lines = text.split('\n');
    this.#partial.set(key, lines.pop() as string);
    const write = event.stream === 'stdout' ? this.#out : this.#err;
    const label = this.#labels[event.program] ?? event.name;
    for (const line of lines) write(this.#prefix(label) + line);
  }

  /** Prints a datagram once its fate is known. Call on create and on every update. */
  datagram(rec: DatagramRecord): void {
    if (!FINAL.has(rec.fate) || this.#printed.has(rec)) return;
    this.#printed.add(rec);
    const t = ((rec.t - this.#t0) / 1000).toFixed(3);
    const copy = rec.copy > 0 ? ' (copy)' : '';
    const ends = `${t}s ${rec.src[0]}:${rec.src[1]} -> ${rec.dst[0]}:${rec.dst[1]}`;
    // A TCP segment as Wireshark's Info column names it: [SYN, ACK] Seq=0 Ack=1 Win=… Len=0.
    const numbers = this.#segments.of(rec);
    if (numbers !== null) {
      const again = numbers.retransmit ? ' (retransmission)' : '';
      this.#out(`${this.#prefix('tcp')}${ends} ${segmentInfo(numbers)} ${rec.fate}${again}${copy}`);
      return;
    }
    this.#out(`${this.#prefix('udp')}${ends} ${rec.size} bytes ${rec.fate}${copy}`);
  }

  /** Writes what is left of unfinished lines (output without a final newline). */
  flush(): void {
    for (const [key, rest] of this.#partial) {
      if (rest === '') continue;
      const [program, stream] = key.split(':');
      const label = this.#labels[Number(program)] ?? '?';
      (stream === 'stdout' ? this.#out : this.#err)(this.#prefix(label) + rest);
    }
    this.#partial.clear();
  }

  /** The closing report: OLED screens that showed something, and how the run ended. */
  summary(result: RunResult): void {
    for (const board of result.boards) {
      if (!board.oledUsed) continue;
      this.#out(`${this.#prefix(board.host)}OLED (128x64):`);
      for (const row of board.oled.split('\n')) this.#out(`${this.#prefix(board.host)}${row}`);
    }
    if (result.timedOut || result.aborted) {
      const stopped = result.programs.filter((p) => p.interrupted).map((p) => p.name);
      const why = result.aborted ? 'stopped' : 'timeout';
      if (stopped.length > 0) this.#err(`udp-lab: ${why}: sent KeyboardInterrupt to ${stopped.join(', ')}`);
      const notRun = result.programs.filter((p) => !p.started).map((p) => p.name);
      if (notRun.length > 0) this.#err(`udp-lab: never started (the run ended first): ${notRun.join(', ')}`);
      const killed = result.programs.filter((p) => p.killed).map((p) => p.name);
      if (killed.length > 0)
        this.#err(`udp-lab: killed after ignoring KeyboardInterrupt: ${killed.join(', ')}`);
    }
  }
}

/** The --json document: programs (with the host labels the user gave) and datagrams. */
export function toJson(result: RunResult, hostLabels?: readonly string[]): string {
  const doc = {
    programs: result.programs.map((p, i) => ({
      file: p.file ?? p.name,
      host: hostLabels?.[i] ?? p.host,
      runtime: p.runtime,
      stdout: p.stdout,
      stderr: p.stderr,
      exception: p.exception,
      exitCode: p.exitCode,
      started: p.started,
      interrupted: p.interrupted,
    })),
    datagrams: result.datagrams.map((d) => ({ t: d.t, src: d.src, dst: d.dst, size: d.size, fate: d.fate })),
    boards: result.boards.map((b) => ({ host: b.host, addresses: b.addresses, oled: b.oled.split('\n') })),
    timedOut: result.timedOut,
  };
  return JSON.stringify(doc, null, 2);
}

/**
 * The process exit status: 0 when every program ended normally (or was stopped by the timeout
 * and handled it), 1 when one raised an uncaught exception of its own or never started.
 */
export function exitStatus(result: RunResult): number {
  const ok = result.programs.every(
    (p) =>
      p.started &&
      (p.exitCode === 0 ||
        (p.interrupted && (p.exception === 'KeyboardInterrupt' || p.exitCode === 130 || p.killed))),
  );
  return ok ? 0 : 1;
}
