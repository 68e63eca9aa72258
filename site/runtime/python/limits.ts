// Every limit of the Python runtime in one place, with its default (documented in types.ts).
import type { RuntimeLimits } from './types.ts';
import { codedError } from './coded-error.ts';

export const DEFAULT_LIMITS: RuntimeLimits = Object.freeze({
  maxProcesses: 64,
  maxSocketsPerProcess: 1_021,
  maxDatagramBytes: 65_535,
  maxStdinBytes: 65_536,
  outputBytesPerSecond: 262_144,
  outputBurstBytes: 65_536,
  cpythonMemoryBytes: 268_435_456,
  micropythonMemoryBytes: 67_108_864,
  interruptGraceMs: 150,
  cpythonInterruptGraceMs: 2_000,
});

/** Defaults overlaid with the caller's choices; rejects nonsense early with a clear message. */
export function resolveLimits(overrides: Partial<RuntimeLimits> = {}): RuntimeLimits {
  const limits = { ...DEFAULT_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value < 0) {
      throw codedError(
        RangeError,
        'UDPLAB_ERR_BAD_LIMIT',
        `limit ${name} must be a non-negative number, got ${value}`,
      );
    }
  }
  return Object.freeze(limits);
}
