// A one-line hint for a program that waits in recvfrom for a reply that cannot come: its datagram was refused.

import type { DatagramRecord } from '../runtime/netsim/index.ts';
import type { PythonProcess } from '../runtime/python/index.ts';
import type { Translate } from './i18n.ts';

/** The syscall a program waits in for a datagram (recv and recvfrom both end up there). */
const WAITS_FOR_DATAGRAM = 'socket.recvfrom';

/** A call of recv/recvfrom on a line that is not a comment. */
const RECV_CALL = /^[^#]*\.recv(?:from)?\s*\(/;

interface Watched {
  readonly proc: PythonProcess;
  readonly host: string;
  readonly line: number | null;
  readonly write: (text: string) => void;
  refused: boolean;
  hinted: boolean;
}

/**
 * The 1-based line of the program's only recv/recvfrom call, or null when there is none or more
 * than one (the runtime does not report the waiting line; with one call there is no doubt).
 */
export function recvLine(code: string): number | null {
  const lines = code.split('\n');
  const hits = lines.flatMap((text, i) => (RECV_CALL.test(text) ? [i + 1] : []));
  return hits.length === 1 ? (hits[0] ?? null) : null;
}

/**
 * Watches each run: once a datagram the program sent was refused (ICMP port unreachable) and the
 * program then waits in recvfrom, its terminal gets one hint, once per run, after its own output.
 */
export class RefusedHint {
  readonly #t: Translate;
  readonly #watched = new Set<Watched>();

  constructor(t: Translate) {
    this.#t = t;
  }

  /** A run started: `code` is what it runs, `host` its host's name, `write` its terminal. */
  watch(proc: PythonProcess, host: string, code: string, write: (text: string) => void): void {
    const w: Watched = { proc, host, line: recvLine(code), write, refused: false, hinted: false };
    this.#watched.add(w);
    const off = proc.onStateChange(() => this.#check(w));
    void proc.exited.then(() => {
      off();
      this.#watched.delete(w);
    });
  }

  /** Every datagram record of the playground's network. */
  datagram(rec: DatagramRecord): void {
    if (rec.fate !== 'refused' || rec.tcp) return; // a refused TCP connect raises ConnectionRefusedError
    for (const w of this.#watched) {
      if (w.refused || w.host !== rec.from || !w.proc.localPorts().includes(rec.src[1])) continue;
      w.refused = true;
      this.#check(w);
    }
  }

  #check(w: Watched): void {
    if (!w.refused || w.hinted || w.proc.state !== 'blocked' || w.proc.blockedOn !== WAITS_FOR_DATAGRAM)
      return;
    w.hinted = true;
    const text =
      w.line === null
        ? this.#t('playground.hint.refused')
        : this.#t('playground.hint.refusedAt', { line: w.line });
    w.write(`\x1b[33m${text}\x1b[0m\r\n`);
  }
}
