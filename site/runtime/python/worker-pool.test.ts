// The pool of ready workers: as many as prewarm asks for (within poolMax), loaded one at a time,
// each Run taking a loaded one. Real MicroPython workers in Node (a few hundred ms each).
import { afterEach, describe, expect, it } from 'vitest';
import { createKernel } from './kernel.ts';
import { run, testWorld } from './testing/programs.ts';
import type { Kernel } from './types.ts';

let kernel: Kernel | undefined;
afterEach(async () => {
  await kernel?.dispose();
  kernel = undefined;
});

/** Resolves once `test` holds after a pool change (or at once). */
function until(k: Kernel, test: () => boolean, ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`pool: ${JSON.stringify(k.poolState('micropython'))}`)),
      ms,
    );
    const check = (): void => {
      if (!test()) return;
      off();
      clearTimeout(timer);
      resolve();
    };
    const off = k.onPoolChange(check);
    check();
  });
}

describe('worker pool', () => {
  it('keeps one ready worker per program asked for, loading them one after the other', async () => {
    const k = (kernel = createKernel());
    const seen: Array<{ ready: number; loading: number }> = [];
    k.onPoolChange(() => {
      const { ready, loading } = k.poolState('micropython');
      seen.push({ ready, loading });
    });
    await k.prewarm('micropython', 3);
    expect(k.poolState('micropython').target).toBe(3);
    await until(k, () => k.poolState('micropython').ready === 3);
    // Never two loading at once.
    expect(Math.max(...seen.map((s) => s.loading))).toBe(1);
    // Three Runs in a row each take a loaded worker: none waits for an interpreter.
    const world = testWorld();
    for (let i = 0; i < 3; i++) {
      const before = k.poolState('micropython').ready;
      const r = run(k, world, 'micropython', `print("run ${i}")\n`);
      expect(k.poolState('micropython').ready).toBe(before - 1);
      await r.waitFor(`run ${i}`);
      await r.process.exited;
    }
  });

  it('asks for no more than poolMax', async () => {
    const k = (kernel = createKernel({ poolMax: { micropython: 2 } }));
    await k.prewarm('micropython', 9);
    expect(k.poolState('micropython').target).toBe(2);
    await until(k, () => k.poolState('micropython').ready === 2);
    expect(k.poolState('micropython').loading).toBe(0);
  });
});
