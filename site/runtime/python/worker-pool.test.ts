// The pool's replacement worker waits for the program that took the ready one to start, so the
// two do not load and run side by side on the same cores; on real MicroPython workers.
import { afterEach, describe, expect, it } from 'vitest';
import { resolveLimits } from './limits.ts';
import { REFILL_LATEST_MS, WorkerPool } from './worker-pool.ts';

let pool: WorkerPool | null = null;
afterEach(() => pool?.dispose());

describe('WorkerPool refill', () => {
  it('starts the replacement when the program starts, not when it takes its worker', async () => {
    pool = new WorkerPool(resolveLimits(), { cpython: 0, micropython: 1 }, '/_udplab/');
    await pool.prewarm('micropython');
    expect(pool.waiting('micropython')).toBe(1);
    const slot = pool.acquire('micropython');
    await slot.ready; // the pre-warmed one: already loaded
    await new Promise((r) => setTimeout(r, 50));
    expect(pool.waiting('micropython')).toBe(0);
    slot.started();
    expect(pool.waiting('micropython')).toBe(1);
    slot.started(); // once only
    expect(pool.waiting('micropython')).toBe(1);
    slot.terminate();
    await pool.prewarm('micropython');
  });

  it('starts it after REFILL_LATEST_MS when the program neither prints, blocks nor ends', async () => {
    pool = new WorkerPool(resolveLimits(), { cpython: 0, micropython: 1 }, '/_udplab/');
    await pool.prewarm('micropython');
    const slot = pool.acquire('micropython');
    await new Promise((r) => setTimeout(r, REFILL_LATEST_MS / 2));
    expect(pool.waiting('micropython')).toBe(0);
    await new Promise((r) => setTimeout(r, REFILL_LATEST_MS / 2 + 200));
    expect(pool.waiting('micropython')).toBe(1);
    slot.terminate();
  });

  it('a program that ends refills the pool at once', async () => {
    pool = new WorkerPool(resolveLimits(), { cpython: 0, micropython: 1 }, '/_udplab/');
    await pool.prewarm('micropython');
    const slot = pool.acquire('micropython');
    slot.terminate();
    expect(pool.waiting('micropython')).toBe(1);
  });
});
