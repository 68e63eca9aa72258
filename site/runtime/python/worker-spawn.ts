// Starting a program's worker where we are: a module Web Worker in the page (Vite bundles
// worker.ts), a worker_thread in Node (worker-node.ts, loaded only there).
import { IN_NODE } from '../env.ts';
import type { FromWorker, InterpreterAssets, ToWorker } from './channel.ts';
import { INTERPRETER_DIRS } from './interpreter-dirs.ts';

/** A started worker, whatever the environment. */
export interface WorkerHandle {
  post(message: ToWorker): void;
  onMessage(cb: (message: FromWorker) => void): void;
  /** The worker crashed (or its thread ended). */
  onError(cb: (err: Error) => void): void;
  terminate(): void;
  /** Node: whether this worker keeps the process alive (idle pre-warmed workers do not). */
  keepAlive(on: boolean): void;
}

type NodeSide = typeof import('./worker-node.ts');
let nodeSide: Promise<NodeSide> | null = null;

/** worker-node.ts, imported so that Vite never follows it into the browser bundle. */
export function node(): Promise<NodeSide> {
  const specifier = './worker-node.ts';
  nodeSide ??= import(/* @vite-ignore */ specifier) as Promise<NodeSide>;
  return nodeSide;
}

export async function spawnWorker(): Promise<WorkerHandle> {
  if (IN_NODE) return (await node()).spawnNodeWorker();
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    type: 'module',
    name: 'udplab-python',
  });
  return {
    post: (message) => worker.postMessage(message),
    onMessage: (cb) =>
      worker.addEventListener('message', (event: MessageEvent<FromWorker>) => cb(event.data)),
    onError: (cb) =>
      worker.addEventListener('error', (event) => cb(new Error(event.message || 'worker failed'))),
    terminate: () => worker.terminate(),
    keepAlive: () => {},
  };
}

/**
 * Where the interpreters are: node_modules in Node; in the page, under `assetBase` (default
 * '/_udplab/', as site/integrations/python-assets.ts serves them) in the hashed directories the
 * build named (interpreter-dirs.ts), resolved against the page's URL.
 */
export async function interpreterAssets(assetBase: string): Promise<InterpreterAssets> {
  if (IN_NODE) return (await node()).nodeAssets();
  const base = new URL(assetBase.endsWith('/') ? assetBase : assetBase + '/', globalThis.location.href).href;
  return {
    pyodideModule: `${base}${INTERPRETER_DIRS.pyodide}pyodide.mjs`,
    pyodideIndex: `${base}${INTERPRETER_DIRS.pyodide}`,
    micropythonModule: `${base}${INTERPRETER_DIRS.micropython}micropython.mjs`,
  };
}
