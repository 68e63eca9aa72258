// The one place that decides which environment the runtime is in (as pyodide's environments.ts).

const g = globalThis as {
  process?: { versions?: { node?: string } };
  WorkerGlobalScope?: unknown;
  window?: unknown;
};

/** Running under Node.js (the headless runner, the tests, the relay). */
export const IN_NODE = typeof g.process?.versions?.node === 'string';

/** Running in a browser page's main thread. */
export const IN_BROWSER_MAIN_THREAD = !IN_NODE && typeof g.window !== 'undefined';

/** Running in a browser Web Worker. */
export const IN_BROWSER_WEB_WORKER = !IN_NODE && typeof g.WorkerGlobalScope !== 'undefined';

/** True when SharedArrayBuffer and Atomics.wait can be used (cross-origin isolated, or Node). */
export function hasSharedMemory(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return IN_NODE || isolated === true;
}
