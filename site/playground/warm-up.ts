// Loading with the learner watching: a step retried through the progress strip until it succeeds, and an
// interpreter warmed with byte progress. Shared by playgrounds and exercises.

import { CPYTHON_SNAPSHOT_FILE, INTERPRETER_FILES, prefetchWithProgress } from './download-progress.ts';
import type { Translate } from './i18n.ts';
import type { ProgressArea } from './progress.ts';

/** Retries `load` through the progress bar until it succeeds; the bar says why it failed. */
export async function withProgress<T>(
  progress: ProgressArea,
  t: Translate,
  labelKey: string,
  load: (onProgress: (fraction: number | null) => void) => Promise<T>,
  onFailure?: () => void,
): Promise<T> {
  for (;;) {
    const bar = progress.start(labelKey);
    bar.update(null);
    try {
      const value = await load((fraction) => bar.update(fraction));
      bar.done();
      return value;
    } catch (error) {
      console.warn(`[udplab] ${labelKey} failed`, error);
      onFailure?.();
      await new Promise<void>((retry) => bar.fail(t('playground.loadFailed.offline'), retry));
    }
  }
}

/**
 * The runtime's Astro integration serves the files at INTERPRETER_FILES' paths, and our servers
 * answer the worker's second fetch of each with a 304 (ETag), so the bytes travel once.
 */
const PREFETCH_INTERPRETERS = true;

/**
 * Warms an interpreter: downloads its big files with byte progress (so the worker then finds them
 * in the cache) and starts the pool's worker. MicroPython's worker starts once its wasm is in.
 * CPython's starts at once, fetching and compiling Pyodide alongside; the build's memory snapshot
 * (unless an earlier visit stored one) is downloaded here and its bytes handed to the pool.
 */
export async function warmInterpreter(
  runtime: 'cpython' | 'micropython',
  onProgress: (fraction: number | null) => void,
  prewarm: () => Promise<void> | undefined,
): Promise<void> {
  if (!PREFETCH_INTERPRETERS) return prewarm();
  const base = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}_udplab/`;
  const files = INTERPRETER_FILES[runtime].map((f) => base + f);
  if (runtime === 'micropython') {
    await prefetchWithProgress(files, onProgress);
    return prewarm();
  }
  const store = await import('../runtime/python/index.ts');
  const snapshot = new Set<string>();
  if (!(await store.hasStoredSnapshot())) snapshot.add(base + CPYTHON_SNAPSHOT_FILE);
  const fetched = prefetchWithProgress([...files, ...snapshot], onProgress, snapshot, snapshot, (url, r) => {
    if (snapshot.has(url)) void store.keepShippedSnapshot(r.clone());
  });
  for (const url of snapshot)
    store.expectShippedSnapshot(
      url,
      fetched.then((kept) => kept.get(url) ?? null),
    );
  await Promise.all([fetched, prewarm()]);
}
