// What the worker needs from an interpreter, and the parts both loaders share.
import type { WorkerBridge } from './worker-bridge.ts';
import type { FromWorker, ToWorker } from './channel.ts';

export type RunRequest = Extract<ToWorker, { type: 'run' }>;
export type InitRequest = Extract<ToWorker, { type: 'init' }>;

export interface Interpreter {
  /** Run one program to its end; returns how it ended. */
  run(request: RunRequest): { exitCode: number; exception: string | null };
}

/** Where the shims live inside the interpreter's file system (frames there are trimmed). */
export const SHIM_DIR = '/udplab';

/** Python that loads our modules once, before any program: done while the worker is pre-warmed. */
export const BOOT_CODE = `import sys
sys.path.insert(1, '${SHIM_DIR}')
import _udplab_main
_udplab_main.install()
import socket, select
`;

/** '0|' / '1|NameError' from _udplab_main.run → exit status. */
export function parseStatus(status: string): { exitCode: number; exception: string | null } {
  const bar = status.indexOf('|');
  const exception = status.slice(bar + 1);
  return { exitCode: Number(status.slice(0, bar)) || 0, exception: exception === '' ? null : exception };
}

/** The learner's file path inside the interpreter (so __file__ and open(__file__) work). */
export function programPath(filename: string): string | null {
  return filename.startsWith('<') || filename.includes('\0') ? null : filename;
}

/** The parts of an interpreter's file system the run needs (MicroPython's may lack mkdirTree). */
export interface ProgramFS {
  writeFile(path: string, data: string): void;
  mkdirTree?(path: string): void;
}

/** Writes a run's extra modules and, when it has a path, the learner's file itself. */
export function writeProgramFiles(fs: ProgramFS, request: RunRequest): void {
  for (const [name, source] of Object.entries(request.modules)) fs.writeFile(`${name}.py`, source);
  const path = programPath(request.filename);
  if (!path) return;
  try {
    if (dirname(path)) fs.mkdirTree?.(dirname(path));
    fs.writeFile(path, request.code);
  } catch {
    // not a path the file system takes: the program still runs, without a file
  }
}

/** The `_udplab` JS module both interpreters import: the syscall door, one function. */
export function udplabModule(bridge: WorkerBridge, runtime: 'cpython' | 'micropython'): object {
  return { call: (op: string, payload: string, data?: unknown) => bridge.call(op, payload, data, runtime) };
}

/** Directory part of a path, or '' for a bare name. */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? (slash === 0 ? '/' : '') : path.slice(0, slash);
}

/**
 * Runs `load` with the interpreter's wasm instantiation going through the page's shared module:
 * given one, instantiate it (no fetch, no compile, code V8 already tiered up); else compile as
 * usual and, when asked, post the module to the owner for later workers (worker-pool.ts). Neither
 * loadPyodide nor loadMicroPython takes a precompiled module, so WebAssembly.instantiateStreaming
 * (what both loaders' Emscripten glue calls) is wrapped for the call's duration.
 */
export async function withSharedModule<T>(
  init: InitRequest,
  post: (m: FromWorker) => void,
  load: () => Promise<T>,
): Promise<T> {
  const given = init.wasmModule;
  if (!given && !init.shareModule) return load();
  const original = WebAssembly.instantiateStreaming.bind(WebAssembly);
  WebAssembly.instantiateStreaming = async (source, imports) => {
    if (given) return { instance: await WebAssembly.instantiate(given, imports), module: given };
    const compiled = await original(source, imports);
    post({ type: 'wasm-module', module: compiled.module });
    return compiled;
  };
  try {
    return await load();
  } finally {
    WebAssembly.instantiateStreaming = original;
  }
}
