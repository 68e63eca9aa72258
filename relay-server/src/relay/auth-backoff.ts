// Wrong class tokens per client address: a few are free, then the address waits, longer after each.
import { monotonicNow } from './quotas.ts';

/** Addresses remembered at most; beyond, the oldest are forgotten (bounded memory under a spoofing flood). */
const MAX_ADDRESSES = 10_000;

export class AuthBackoff {
  #byAddress: Map<string, { failures: number; last: number; until: number }> = new Map();
  #allowed;
  #baseMs;
  #maxMs;
  #now;

  constructor({
    allowed,
    baseMs,
    maxMs,
    now = monotonicNow,
  }: {
    /** Wrong tokens before the first wait. */
    allowed: number;
    /** First wait; doubled by each further wrong token. */
    baseMs: number;
    /** Longest wait; an address with no wrong token for this long starts afresh. */
    maxMs: number;
    /** Clock, ms. Default `performance.now`. */
    now?: () => number;
  }) {
    this.#allowed = allowed;
    this.#baseMs = baseMs;
    this.#maxMs = maxMs;
    this.#now = now;
  }

  /** Milliseconds `address` must still wait before a token of its is checked; 0 when it may try. */
  waitMs(address: string) {
    const e = this.#entry(address);
    return e ? Math.max(0, e.until - this.#now()) : 0;
  }

  /**
   * Records a wrong token from `address`.
   * @returns failures in a row, and the wait it now has
   */
  fail(address: string): { failures: number; waitMs: number } {
    const t = this.#now();
    const e = this.#entry(address) ?? { failures: 0, last: t, until: 0 };
    e.failures++;
    e.last = t;
    const over = e.failures - this.#allowed;
    const waitMs = over > 0 ? Math.min(this.#maxMs, this.#baseMs * 2 ** (over - 1)) : 0;
    e.until = t + waitMs;
    this.#byAddress.delete(address); // most recent last
    this.#byAddress.set(address, e);
    if (this.#byAddress.size > MAX_ADDRESSES) {
      const oldest = this.#byAddress.keys().next().value;
      if (oldest !== undefined) this.#byAddress.delete(oldest);
    }
    return { failures: e.failures, waitMs };
  }

  /** A right token: the address starts afresh. */
  succeed(address: string) {
    this.#byAddress.delete(address);
  }

  #entry(address: string) {
    const e = this.#byAddress.get(address);
    if (e && this.#now() - Math.max(e.last, e.until) >= this.#maxMs) {
      this.#byAddress.delete(address);
      return undefined;
    }
    return e;
  }
}
