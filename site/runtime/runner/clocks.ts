// The runner's two time bases: RealClock (wall time, the default) and VirtualTimeDriver, which moves
// a ManualClock to the next timer whenever every program is waiting, so runs are exact and fast.

import type { ManualClock } from '../netsim/index.ts';

/** Wall-clock time for the network and the programs: the runtime's own RealClock. */
export { RealClock } from '../python/index.ts';

/** Options of {@link VirtualTimeDriver}. */
export interface VirtualTimeOptions {
  /** True when nothing can happen until a timer fires (every program waits on the clock). */
  idle(): boolean;
  /** Real ms the world must stay idle before time jumps (lets worker messages land). Default 2. */
  settleMs?: number;
}

/**
 * Virtual time: polls `idle()`; when the world has been idle for `settleMs` of real time, it
 * advances the ManualClock to the earliest pending timer. Nothing waits on the wall clock, so a
 * `while True: sleep(2)` program runs its loop as fast as the CPU allows, and every run is exact.
 */
export class VirtualTimeDriver {
  readonly clock: ManualClock;
  #options: Required<VirtualTimeOptions>;
  #handle: ReturnType<typeof setTimeout> | null = null;
  #idleSince: number | null = null;
  #stopped = false;

  constructor(clock: ManualClock, options: VirtualTimeOptions) {
    this.clock = clock;
    this.#options = { settleMs: 2, ...options };
  }

  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#handle !== null) clearTimeout(this.#handle);
    this.#handle = null;
  }

  /** Call on every state change: restarts the idle measurement. */
  poke(): void {
    this.#idleSince = null;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#handle = setTimeout(() => this.#tick(), 1);
  }

  #tick(): void {
    this.#handle = null;
    if (this.#stopped) return;
    if (!this.#options.idle()) {
      this.#idleSince = null;
    } else {
      const now = performance.now();
      this.#idleSince ??= now;
      if (now - this.#idleSince >= this.#options.settleMs) {
        const next = this.clock.nextTimerAt();
        if (next !== null) this.clock.advance(Math.max(0, next - this.clock.now()));
        this.#idleSince = null;
      }
    }
    this.#schedule();
  }
}
