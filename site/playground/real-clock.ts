// The virtual network's clock in the page: real milliseconds, timers on setTimeout.

import type { Clock } from '../runtime/netsim/clock.ts';

/** Real time since the clock was made; timers fire through setTimeout. */
export class RealClock implements Clock {
  #origin = performance.now();
  #timers = new Map<number, ReturnType<typeof setTimeout>>();
  #next = 1;

  now(): number {
    return performance.now() - this.#origin;
  }

  setTimer(atMs: number, cb: () => void): number {
    const id = this.#next++;
    const handle = setTimeout(
      () => {
        this.#timers.delete(id);
        cb();
      },
      Math.max(0, atMs - this.now()),
    );
    this.#timers.set(id, handle);
    return id;
  }

  clearTimer(id: number): void {
    const handle = this.#timers.get(id);
    if (handle === undefined) return;
    clearTimeout(handle);
    this.#timers.delete(id);
  }

  /** Cancels every pending timer (the session ends). */
  dispose(): void {
    for (const handle of this.#timers.values()) clearTimeout(handle);
    this.#timers.clear();
  }
}
