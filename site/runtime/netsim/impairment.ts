// Link impairments of a LAN (loss, delay, jitter, duplicate, reorder) and the seeded decision of each datagram's fate.

import { NetsimConfigError } from './errors.ts';
import type { Prng } from './prng.ts';

/** How a LAN mistreats the datagrams that cross it. Loopback traffic is never impaired. */
export interface Impairment {
  /** Probability 0..1 that a datagram is lost. Default 0. */
  loss: number;
  /** Fixed one-way delay, ms. Default 0 (delivered synchronously within sendto). */
  delayMs: number;
  /** Uniform ±jitter added to the delay, ms; the total never goes below 0. Default 0. */
  jitterMs: number;
  /** Probability 0..1 that an extra copy (copy 1) is delivered too. Default 0. */
  duplicate: number;
  /** Probability 0..1 that a copy is held back reorderExtraMs more, so later ones overtake it. Default 0. */
  reorder: number;
  /** Extra hold for a reordered copy, ms. Default 10. */
  reorderExtraMs: number;
}

/** A clean link. */
export const NO_IMPAIRMENT: Readonly<Impairment> = Object.freeze({
  loss: 0,
  delayMs: 0,
  jitterMs: 0,
  duplicate: 0,
  reorder: 0,
  reorderExtraMs: 10,
});

const PROBABILITIES = ['loss', 'duplicate', 'reorder'] as const;
const DURATIONS = ['delayMs', 'jitterMs', 'reorderExtraMs'] as const;

/** Merges a partial update into the current impairment, validating every field. */
export function mergeImpairment(current: Readonly<Impairment>, update: Partial<Impairment>): Impairment {
  const next: Impairment = { ...current };
  for (const key of Object.keys(update)) {
    if (
      !(PROBABILITIES as readonly string[]).includes(key) &&
      !(DURATIONS as readonly string[]).includes(key)
    ) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_IMPAIRMENT',
        `unknown impairment "${key}"; use loss, delayMs, jitterMs, duplicate, reorder or reorderExtraMs`,
      );
    }
  }
  for (const key of PROBABILITIES) {
    const v = update[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_IMPAIRMENT',
        `${key} must be a probability between 0 and 1, got ${String(v)}`,
      );
    }
    next[key] = v;
  }
  for (const key of DURATIONS) {
    const v = update[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw new NetsimConfigError(
        'NETSIM_ERR_BAD_IMPAIRMENT',
        `${key} must be a finite number of milliseconds ≥ 0, got ${String(v)}`,
      );
    }
    next[key] = v;
  }
  return next;
}

/** True if the impairment changes nothing: datagrams go through synchronously without touching the PRNG. */
export function isClean(imp: Readonly<Impairment>): boolean {
  return (
    imp.loss === 0 && imp.delayMs === 0 && imp.jitterMs === 0 && imp.duplicate === 0 && imp.reorder === 0
  );
}

/**
 * Decides the fate of one datagram on an impaired link. Writes the delay of each copy into
 * delays (ms, ≥ 0) and returns how many copies travel: 0 (lost), 1, or 2 (duplicated).
 * PRNG draws happen in a fixed order (loss, duplicate, then per copy jitter and reorder),
 * and only for non-zero parameters, so the same seed and calls replay identically.
 */
export function planCopies(prng: Prng, imp: Readonly<Impairment>, delays: number[]): number {
  if (imp.loss > 0 && prng.next() < imp.loss) return 0;
  const copies = imp.duplicate > 0 && prng.next() < imp.duplicate ? 2 : 1;
  for (let c = 0; c < copies; c++) {
    let delay = imp.delayMs;
    if (imp.jitterMs > 0) delay += (prng.next() * 2 - 1) * imp.jitterMs;
    if (delay < 0) delay = 0;
    if (imp.reorder > 0 && prng.next() < imp.reorder) delay += imp.reorderExtraMs;
    delays[c] = delay;
  }
  return copies;
}
