// @ts-check
// Rate limits (token buckets) and violation counting. Time is passed in, so tests need no sleeps.

/** @typedef {() => number} Clock milliseconds, monotonic */

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
   * @param {number} rate Tokens added per second.
   * @param {number} burst Largest number of tokens held (and so the largest single cost).
   * @param {Clock} [now] Default `performance.now`.
   */
  constructor(rate, burst, now = monotonicNow) {
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
   * @param {number} [cost] Default 1.
   * @returns {boolean} whether they were taken
   */
  take(cost = 1) {
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
  /** @type {number[]} */
  #times = [];
  #limit;
  #windowMs;
  #now;

  /**
   * @param {number} limit Events allowed within the window before `hit()` reports the limit.
   * @param {number} windowMs Window length in milliseconds.
   * @param {Clock} [now] Default `performance.now`.
   */
  constructor(limit, windowMs, now = monotonicNow) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /**
   * Records one event.
   * @returns {boolean} true when this event reaches the limit within the window
   */
  hit() {
    const t = this.#now();
    this.#times.push(t);
    while (/** @type {number} */ (this.#times[0]) <= t - this.#windowMs) this.#times.shift();
    if (this.#times.length > this.#limit) this.#times.splice(0, this.#times.length - this.#limit);
    return this.#times.length >= this.#limit;
  }
}
