// Finds the Python runtime's browser entry (the kernel) and loads it on demand; null while it does not exist.

import type { Kernel, KernelOptions } from '../runtime/python/types.ts';

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

/** Loads the kernel once per page. `notices` are the runtime's learner-facing texts in the page's language. */
export function loadEngine(notices: Record<string, string>): Promise<Engine> {
  engine ??= (async () => {
    for (const load of Object.values(kernelModules)) {
      const mod = await load();
      if (typeof mod.createKernel === 'function') return { kernel: mod.createKernel({ notices }) };
    }
    return { kernel: null };
  })().catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
}
