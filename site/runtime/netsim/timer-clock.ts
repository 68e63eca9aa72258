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
    this.#arm(id, atMs, cb);
    return id;
  }

  /**
   * Environment timers may fire early by this clock: Node measures a timeout from the event
   * loop's cached time, which can lag `performance.now()` by the work done in that turn. A timer
   * that wakes before `atMs` sleeps again for the rest, so a socket timeout of 0.2 s never ends
   * after 0.1995 s (CPython's never does: poll() rounds up).
   */
  #arm(id: number, atMs: number, cb: () => void): void {
    const ms = Math.max(0, atMs - this.#fns.now());
    const handle = this.#fns.setTimeout(() => {
      if (!this.#handles.has(id)) return;
      if (this.#fns.now() < atMs) {
        this.#arm(id, atMs, cb);
        return;
      }
      this.#handles.delete(id);
      cb();
    }, Math.ceil(ms));
    this.#handles.set(id, handle);
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
