// Shows, after an interpreter's first worker is ready, the playground's other programs' workers still loading.

import type { Kernel, RuntimeName } from '../runtime/python/index.ts';
import type { ProgressArea } from './progress.ts';

/**
 * A progress row per runtime while fewer workers are ready than the playground has programs of
 * that runtime (the first is covered by the download bar). It goes when every one is ready, or
 * when a Run takes one before (the pool then loads the rest once the learner pauses).
 */
export function showPoolProgress(
  kernel: Kernel,
  runtime: RuntimeName,
  count: number,
  progress: ProgressArea,
): void {
  const wanted = Math.min(count, kernel.poolState(runtime).target);
  if (wanted < 2 || kernel.poolState(runtime).ready >= wanted) return;
  const bar = progress.start(`playground.loading.${runtime}.more`);
  const update = (): void => {
    const { ready, loading } = kernel.poolState(runtime);
    if (ready >= wanted || loading === 0) {
      off();
      bar.done();
    } else bar.update(ready / wanted);
  };
  const off = kernel.onPoolChange(update);
  update();
}

/**
 * A progress row while a running PC program fetches the rest of Python's standard library (its
 * first import outside the course's part, runtime/python/stdlib-course.ts). The worker reads it
 * synchronously, so there are no byte counts: the row shows that it is coming, then goes.
 */
export function showStdlibDownloads(kernel: Kernel, progress: ProgressArea): () => void {
  let bar: ReturnType<ProgressArea['start']> | null = null;
  return kernel.onDownload(({ phase }) => {
    if (phase === 'start') {
      bar ??= progress.start('playground.loading.stdlib');
      bar.update(null);
    } else {
      bar?.done();
      bar = null;
    }
  });
}
