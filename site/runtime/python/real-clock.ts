// The one real-time Clock of pages, the runner and the benchmarks (netsim stays free of timers).
import { TimerClock } from '../netsim/index.ts';

/** Real time: `now()` counts milliseconds from construction; timers are setTimeout. */
export class RealClock extends TimerClock<ReturnType<typeof setTimeout>> {
  constructor() {
    const origin = performance.now();
    super({
      now: () => performance.now() - origin,
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (handle) => clearTimeout(handle),
    });
  }
}
