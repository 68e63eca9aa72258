// Node only (runner, tests): the worker as one esbuild bundle made on first use (≈0.1 s, cached in
// node_modules/.cache/udp-lab by content hash), the interpreters from node_modules, and the
// Pyodide memory snapshot kept on disk so later runs start CPython in ≈0.3 s instead of ≈2 s.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FromWorker, InterpreterAssets, ToWorker } from './channel.ts';
import type { WorkerHandle } from './worker-spawn.ts';
import { codedError } from './coded-error.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function cacheDir(): string {
  const modules = join(HERE, '..', '..', '..', 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'udp-lab') : join(tmpdir(), 'udp-lab');
}

function writeAtomically(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, data);
  renameSync(temp, file);
}

/** esbuild: give shim-sources.ts the shims/*.py table that Vite's import.meta.glob gives it. */
const shimTable = {
  name: 'udplab-shim-table',
  setup(build: {
    onLoad(o: { filter: RegExp }, cb: (a: { path: string }) => { contents: string; loader: 'ts' }): void;
  }) {
    build.onLoad({ filter: /shim-sources\.ts$/ }, (args) => {
      const dir = join(dirname(args.path), 'shims');
      const table: Record<string, string> = {};
      for (const name of readdirSync(dir).sort()) {
        if (name.endsWith('.py')) table[`./shims/${name}`] = readFileSync(join(dir, name), 'utf8');
      }
      const source = readFileSync(args.path, 'utf8');
      const contents = source.replace(/import\.meta\.glob\([\s\S]*?\}\)/, JSON.stringify(table));
      return { contents, loader: 'ts' };
    });
  },
};

/** Bundles of older sources, unused for an hour (a test run may still hold a recent one). */
function removeStaleBundles(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (file === keep || !/^python-worker-[0-9a-f]+\.mjs$/.test(name)) continue;
    try {
      if (Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
    } catch {
      // removed meanwhile by another process
    }
  }
}

let bundle: Promise<string> | null = null;

/** Path of the bundled worker, built once per Node process. */
export function workerBundle(): Promise<string> {
  bundle ??= (async () => {
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      entryPoints: [join(HERE, 'worker-node-entry.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      plugins: [shimTable as never],
    });
    const code = result.outputFiles[0]!.text;
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    for (const dir of [cacheDir(), join(tmpdir(), 'udp-lab')]) {
      const file = join(dir, `python-worker-${hash}.mjs`);
      try {
        if (!existsSync(file)) {
          writeAtomically(file, code);
          removeStaleBundles(dir, file);
        }
        return file;
      } catch {
        // read-only node_modules: try the temp directory
      }
    }
    throw codedError(
      Error,
      'UDPLAB_ERR_NO_CACHE_DIR',
      'cannot write the worker bundle to node_modules/.cache or the temp directory',
    );
  })();
  bundle.catch(() => (bundle = null));
  return bundle;
}

/** The interpreters as installed in node_modules. */
export function nodeAssets(): InterpreterAssets {
  const pyodide = require.resolve('pyodide/pyodide.mjs');
  const micropython = require.resolve('@micropython/micropython-webassembly-pyscript/micropython.mjs');
  return {
    pyodideModule: pathToFileURL(pyodide).href,
    pyodideIndex: dirname(pyodide) + '/',
    micropythonModule: pathToFileURL(micropython).href,
  };
}

export async function spawnNodeWorker(): Promise<WorkerHandle> {
  const worker = new Worker(await workerBundle());
  return {
    post: (message: ToWorker) => worker.postMessage(message),
    onMessage: (cb: (message: FromWorker) => void) => worker.on('message', cb),
    onError: (cb: (err: Error) => void) => {
      worker.on('error', cb);
      worker.on('exit', (code) => cb(new Error(`worker thread exited with code ${code}`)));
    },
    terminate: () => void worker.terminate(),
    keepAlive: (on: boolean) => (on ? worker.ref() : worker.unref()),
  };
}

function snapshotFile(): string {
  const { version } = require('pyodide/package.json') as { version: string };
  return join(cacheDir(), `pyodide-${version}-${process.arch}.snapshot`);
}

/** A Pyodide memory snapshot saved by an earlier run, or null. */
export function readSnapshot(): Uint8Array | null {
  try {
    return new Uint8Array(readFileSync(snapshotFile()));
  } catch {
    return null;
  }
}

export function writeSnapshot(snapshot: Uint8Array): void {
  try {
    writeAtomically(snapshotFile(), snapshot);
  } catch {
    // a read-only cache only costs start-up time
  }
}

export function forgetSnapshot(): void {
  rmSync(snapshotFile(), { force: true });
}
