// A Clock on real time, built from timer functions the caller passes in (the engine itself never touches setTimeout).

import type { Clock } from './clock.ts';

/** The environment's timer functions, e.g. `{ now: () => performance.now(), setTimeout, clearTimeout }`. */
export interface TimerFunctions<H> {
  now(): number;
  setTimeout(cb: () => void, ms: number): H;
  clearTimeout(handle: H): void;
}

/**
 * Real-time Clock for the page and the runner: each timer becomes one environment timeout.
 * Ids are small integers, independent of the environment's handle type.
 */
export class TimerClock<H> implements Clock {
  readonly #fns: TimerFunctions<H>;
  readonly #handles = new Map<number, H>();
  #nextId = 1;

  constructor(fns: TimerFunctions<H>) {
    this.#fns = fns;
  }

  now(): number {
    return this.#fns.now();
  }

  setTimer(atMs: number, cb: () => void): number {
    const id = this.#nextId++;
    const ms = Math.max(0, atMs - this.#fns.now());
    const handle = this.#fns.setTimeout(() => {
      this.#handles.delete(id);
      cb();
    }, ms);
    this.#handles.set(id, handle);
    return id;
  }

  clearTimer(id: number): void {
    const handle = this.#handles.get(id);
    if (handle === undefined) return;
    this.#handles.delete(id);
    this.#fns.clearTimeout(handle);
  }

  /** Cancels every pending timer (a run or a playground session ends). */
  dispose(): void {
    for (const handle of this.#handles.values()) this.#fns.clearTimeout(handle);
    this.#handles.clear();
  }

  /** Timers not fired or cleared yet. */
  pendingTimers(): number {
    return this.#handles.size;
  }
}
