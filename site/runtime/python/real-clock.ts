// A Clock on real time for pages and the runner (netsim stays free of timers, so it lives here).
import { TimerClock } from '../netsim/timer-clock.ts';

/** Real-time clock: `now()` is performance.now(); timers are setTimeout. */
export class RealClock extends TimerClock<ReturnType<typeof setTimeout>> {
  constructor() {
    super({
      now: () => performance.now(),
      setTimeout: (cb, ms) => setTimeout(cb, ms),
      clearTimeout: (handle) => clearTimeout(handle),
    });
  }
}
