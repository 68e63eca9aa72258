// Waiting inside a syscall without blocking the page: until something becomes ready, a deadline
// on the network's clock passes, or Stop aborts the call (→ EINTR → KeyboardInterrupt).
import { interrupted } from './errors.ts';
import type { Clock } from './types.ts';

/** What a wait needs of an abort switch: an AbortSignal, or the kernel's cheaper CallAbort. */
export interface AbortLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * Resolves true once `ready()` holds (checked now and after every wake-up), false when
 * `timeoutMs` has passed (null = never), rejects with EINTR when `signal` aborts.
 * @param subscribe registers `wake` with every event source; returns their unsubscribers.
 */
export function waitUntil(
  clock: Clock,
  signal: AbortLike,
  subscribe: (wake: () => void) => Array<() => void>,
  ready: () => boolean,
  timeoutMs: number | null,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(interrupted());
    let done = false;
    let unsubscribers: Array<() => void> = [];
    let timer: number | null = null;
    const finish = (outcome: boolean | Error): void => {
      if (done) return;
      done = true;
      for (const off of unsubscribers) off();
      if (timer !== null) clock.clearTimer(timer);
      signal.removeEventListener('abort', onAbort);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = (): void => finish(interrupted());
    const wake = (): void => {
      try {
        if (ready()) finish(true);
      } catch (err) {
        finish(err as Error);
      }
    };
    signal.addEventListener('abort', onAbort);
    unsubscribers = subscribe(wake);
    if (timeoutMs !== null) timer = clock.setTimer(clock.now() + Math.max(0, timeoutMs), () => finish(false));
    wake();
  });
}

/** Sleep `ms` on the clock; rejects with EINTR when `signal` aborts. */
export function sleepOn(clock: Clock, signal: AbortLike, ms: number): Promise<void> {
  return waitUntil(
    clock,
    signal,
    () => [],
    () => false,
    ms,
  ).then(() => undefined);
}
