// Finds the Python runtime's browser entry (the kernel) and loads it on demand; null while it does not exist.

import type { Kernel, KernelOptions } from '../runtime/python/index.ts';

/** The engine the playground drives. */
export interface Engine {
  /** The page's one kernel (workers, pools); null when the Python runtime is not available. */
  kernel: Kernel | null;
}

type KernelModule = { createKernel?: (options?: KernelOptions) => Kernel };

// Globs resolve at build time to nothing when a file does not exist, so the page still builds
// while the runtime is missing; the playground then says that programs cannot run yet.
const kernelModules = import.meta.glob<KernelModule>([
  '../runtime/python/index.ts',
  '../runtime/python/kernel.ts',
]);

let engine: Promise<Engine> | undefined;

/**
 * The most ready CPython workers a page with an exercise keeps (the kernel's `poolMax`; 3 elsewhere):
 * one Check starts programs × seeds interpreters, 2 × 3 for the 30 %-loss exercise, and each one
 * not ready when the Check takes it costs its loading (≈ 0.3–1 s on 2 cores) inside the Check.
 * Memory is the price: ≈ 100 MiB per ready Pyodide worker (site/exercise-page/README.md, Limits).
 */
export const EXERCISE_POOL_MAX = Object.freeze({ cpython: 6 });

/** True when the page holds a checked exercise (read once, when the kernel is made). */
function pageHasExercise(): boolean {
  return typeof document !== 'undefined' && document.querySelector('[data-udplab-exercise]') !== null;
}

/** Loads the kernel once per page. `notices` are the runtime's learner-facing texts in the page's language. */
export function loadEngine(notices: Record<string, string>): Promise<Engine> {
  engine ??= (async () => {
    for (const load of Object.values(kernelModules)) {
      const mod = await load();
      if (typeof mod.createKernel === 'function')
        return {
          kernel: mod.createKernel({ notices, ...(pageHasExercise() ? { poolMax: EXERCISE_POOL_MAX } : {}) }),
        };
    }
    return { kernel: null };
  })().catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
}
