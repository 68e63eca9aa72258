// Rate limits (token buckets) and violation counting. Time is passed in, so tests need no sleeps.

/** milliseconds, monotonic */
export type Clock = () => number;

/** The default clock: monotonic milliseconds. */
export const monotonicNow = () => performance.now();

/**
 * A token bucket: `rate` tokens a second, holding at most `burst`. A cost is taken whole or not at all.
 */
export class TokenBucket {
  #rate;
  #burst;
  #tokens;
  #last;
  #now;

  /**
   * @param rate Tokens added per second.
   * @param burst Largest number of tokens held (and so the largest single cost).
   * @param [now] Default `performance.now`.
   */
  constructor(rate: number, burst: number, now: Clock = monotonicNow) {
    if (!(rate > 0) || !(burst > 0))
      throw new RangeError(`a token bucket needs a positive rate and burst, got ${rate} and ${burst}`);
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
    this.#now = now;
    this.#last = now();
  }

  /**
   * Takes `cost` tokens if there are that many.
   * @param [cost] Default 1.
   * @returns whether they were taken
   */
  take(cost: number = 1): boolean {
    this.#refill();
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** Tokens available now. */
  get available() {
    this.#refill();
    return this.#tokens;
  }

  #refill() {
    const t = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((t - this.#last) * this.#rate) / 1000);
    this.#last = t;
  }
}

/**
 * Counts events in a sliding time window; says when a limit is reached.
 */
export class WindowCounter {
  #times: number[] = [];
  #limit;
  #windowMs;
  #now;

  /**
   * @param limit Events allowed within the window before `hit()` reports the limit.
   * @param windowMs Window length in milliseconds.
   * @param [now] Default `performance.now`.
   */
  constructor(limit: number, windowMs: number, now: Clock = monotonicNow) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /**
   * Records one event.
   * @returns true when this event reaches the limit within the window
   */
  hit(): boolean {
    const t = this.#now();
    this.#times.push(t);
    while ((this.#times[0] as number) <= t - this.#windowMs) this.#times.shift();
    if (this.#times.length > this.#limit) this.#times.splice(0, this.#times.length - this.#limit);
    return this.#times.length >= this.#limit;
  }
}
