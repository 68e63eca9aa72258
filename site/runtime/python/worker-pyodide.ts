// Loads Pyodide (CPython 3.14) in the worker: from a memory snapshot when the owner has one
// (shipped with the build, or made by the page's first worker: ≈1 s in Chromium instead of ≈6 s),
// with our shims installed and Stop wired to its interrupt buffer.
import { shareSnapshot, type FromWorker, type ToWorker } from './channel.ts';
import { PYODIDE_ENV } from './pyodide-boot.ts';
import { decodeDelta, isDeltaSnapshot, pristineMemory } from './snapshot-delta.ts';
import { COURSE_STDLIB, FULL_STDLIB } from './stdlib-names.ts';
import { shimsFor } from './shim-sources.ts';
import type { WorkerBridge } from './worker-bridge.ts';
import {
  BOOT_CODE,
  SHIM_DIR,
  parseStatus,
  udplabModule,
  withSharedModule,
  writeProgramFiles,
  type InitRequest,
  type Interpreter,
} from './worker-interpreter.ts';

interface PyProxyFn {
  (...args: unknown[]): unknown;
}
interface PyodideFS {
  mkdirTree(path: string): void;
  writeFile(path: string, data: string | Uint8Array): void;
}
interface Pyodide {
  FS: PyodideFS;
  runPython(code: string): unknown;
  pyimport(name: string): Record<string, PyProxyFn>;
  registerJsModule(name: string, module: object): void;
  setStdout(options: object): void;
  setStderr(options: object): void;
  setInterruptBuffer(buffer: Int32Array): void;
  makeMemorySnapshot(): Uint8Array;
}
/** Runs once in every new CPython worker (see loadCpython): what a learner's first lines touch. */
const WARMUP_PROGRAM = `import time
items = [str(n) * 2 for n in range(64)]
text = 'warm-up %d %s %.2f' % (len(items), items[-1], time.monotonic() % 1)
print(text, {'n': len(text)}, b'bytes'.decode(), end='\\n')
`;

type LoadPyodide = (options: Record<string, unknown>) => Promise<Pyodide>;

/**
 * What `_udplab_stdlib` calls at a program's first import outside the course's zip: the whole
 * standard library, fetched synchronously (the program is inside an import; a worker may block)
 * and written over the small zip. The page shows the download (kernel.onDownload); the service
 * worker or the HTTP cache answers it offline once it has come once.
 */
function restOfStdlib(
  pyodideIndex: string,
  fs: PyodideFS,
  post: (m: FromWorker) => void,
): (zipPath: string) => boolean {
  return (zipPath) => {
    post({ type: 'download', file: FULL_STDLIB, phase: 'start' });
    try {
      const request = new XMLHttpRequest();
      request.open('GET', `${pyodideIndex}${FULL_STDLIB}`, false);
      request.responseType = 'arraybuffer';
      request.send();
      if (request.status !== 200) return false;
      fs.writeFile(zipPath, new Uint8Array(request.response as ArrayBuffer));
      return true;
    } catch {
      return false; // offline, never fetched: the import fails as a missing module does
    } finally {
      post({ type: 'download', file: FULL_STDLIB, phase: 'done' });
    }
  };
}
type PreloadRequest = Extract<ToWorker, { type: 'preload' }>;

/** Pyodide's wasm as compiled by `preload`, or null (not asked, or it failed: init compiles). */
let preloadedModule: Promise<WebAssembly.Module | null> = Promise.resolve(null);

/**
 * Starts what loading Pyodide needs before the snapshot: its two ES modules (kept in the worker's
 * module map, so loadPyodide's own imports find them) and, when the page has no compiled module
 * yet, the wasm compiled from a streaming fetch. On a first visit this overlaps ≈0.5–1 s of
 * download, parse and compile with the snapshot's download (bench/README.md, "Cold Run on a PC host").
 */
export function preloadCpython(request: PreloadRequest): void {
  const { pyodideModule, pyodideIndex } = request.assets;
  for (const url of [pyodideModule, `${pyodideIndex}pyodide.asm.mjs`])
    import(/* @vite-ignore */ url).catch(() => {}); // loadPyodide reports a failure itself
  if (request.compile)
    preloadedModule = WebAssembly.compileStreaming(fetch(`${pyodideIndex}pyodide.asm.wasm`)).catch(
      () => null,
    );
}

export async function loadCpython(
  init: InitRequest,
  bridge: WorkerBridge,
  post: (m: FromWorker) => void,
): Promise<Interpreter> {
  const { loadPyodide } = (await import(/* @vite-ignore */ init.assets.pyodideModule)) as {
    loadPyodide: LoadPyodide;
  };
  const quiet = (): void => {};
  const options: Record<string, unknown> = {
    indexURL: init.assets.pyodideIndex,
    env: { ...PYODIDE_ENV },
    stdout: quiet,
    stderr: quiet,
  };
  // A module the preload compiled is used as the page's would be, and offered to later workers.
  let own = init.wasmModule ? null : await preloadedModule;
  const delta = init.snapshot !== null && isDeltaSnapshot(init.snapshot);
  // The build's snapshot is a delta against the wasm's data (snapshot-delta.ts): undone with the
  // compiled module, compiled here if neither the page nor the preload has one.
  if (delta && !init.wasmModule && !own)
    own = await WebAssembly.compileStreaming(fetch(`${init.assets.pyodideIndex}pyodide.asm.wasm`));
  if (own && init.shareModule) post({ type: 'wasm-module', module: own });
  // The build's snapshot holds what Pyodide's boot imported and no zip directory: it starts with
  // the course's part of the standard library, the rest comes on demand (stdlib-course.ts).
  if (delta) options['stdLibURL'] = `${init.assets.pyodideIndex}${COURSE_STDLIB}`;
  // A shared snapshot (worker-pool.ts) is copied here: Pyodide decodes parts of it with
  // TextDecoder, which refuses views of shared memory, and restores it into its own heap anyway.
  if (init.snapshot)
    options['_loadSnapshot'] = delta
      ? decodeDelta(init.snapshot, pristineMemory((init.wasmModule ?? own)!))
      : init.snapshot.slice();
  else options['_makeSnapshot'] = true;
  const py = await withSharedModule(own ? { ...init, wasmModule: own, shareModule: false } : init, post, () =>
    loadPyodide(options),
  );
  // Taken before anything of ours is registered: a snapshot must not hold JS references.
  // Sent as shared memory, so that receiving it copies nothing on the page's main thread either.
  if (!init.snapshot) post({ type: 'snapshot', snapshot: shareSnapshot(py.makeMemorySnapshot()) });

  let discard = true; // the warm-up program's output goes nowhere
  py.setStdout({ write: (b: Uint8Array) => (discard || bridge.out.write(1, b), b.length), isatty: true });
  py.setStderr({ write: (b: Uint8Array) => (discard || bridge.out.write(2, b), b.length), isatty: true });
  // Typed as a TypedArray; Pyodide only reads and writes element 0 of it (channel.ts, takingView).
  py.setInterruptBuffer(bridge.end.interruptView as unknown as Int32Array);
  py.registerJsModule('_udplab', udplabModule(bridge, 'cpython'));
  py.FS.mkdirTree(SHIM_DIR);
  for (const [name, source] of shimsFor('cpython')) py.FS.writeFile(`${SHIM_DIR}/${name}.py`, source);
  py.runPython(BOOT_CODE);
  if (delta) py.pyimport('_udplab_stdlib')['install']!(restOfStdlib(init.assets.pyodideIndex, py.FS, post));
  // A first program through the learner's path (its imports included), output dropped, before the
  // worker says ready: in Chromium the first worker's first Run then reached print() 2 ms after
  // the program arrived instead of 8–12 ms.
  py.pyimport('_udplab_main')['run']!(WARMUP_PROGRAM, '<udplab-warmup>', '[]', '{}');
  discard = false;

  return {
    run(request) {
      writeProgramFiles(py.FS, request);
      let status: string;
      try {
        const main = py.pyimport('_udplab_main');
        status = String(
          main['run']!(
            request.code,
            request.filename,
            JSON.stringify(request.argv),
            JSON.stringify(request.env),
            JSON.stringify(request.virtualEpochMs),
          ),
        );
      } catch (err) {
        // A Stop that lands outside the program's own frames: before its first line (while the
        // runner sets up __main__) or after its handler. Python would still say so.
        const type = (err as { type?: string }).type ?? 'SystemError';
        if (type === 'KeyboardInterrupt')
          bridge.out.write(2, new TextEncoder().encode('KeyboardInterrupt\n'));
        status = `${type === 'KeyboardInterrupt' ? 130 : 1}|${type}`;
      }
      bridge.out.flush();
      return parseStatus(status);
    },
  };
}
