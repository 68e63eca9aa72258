// Astro integration: serves the two interpreters from our own origin (never a CDN) — from
// node_modules in `astro dev`, copied into the build under `<base>_udplab/pyodide/<hash>/` and
// `<base>_udplab/micropython/<hash>/` by `astro build` — with a Pyodide memory snapshot made here, so that
// a learner's first CPython worker restores it (≈1 s in Chromium) instead of booting (≈6–7 s).
// Each interpreter's directory is named by the hash of its files, and the page's bundle names that
// directory (`__UDPLAB_INTERPRETER_DIRS__`, read by site/runtime/python/interpreter-dirs.ts): a
// page only ever loads the interpreter it was built with, and servers may cache it for good.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
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
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import {
  COMPRESSED_TWINS,
  TWIN_ENCODINGS,
  compressedOf,
  storedStdlib,
  type TwinEncoding,
  courseStdlib,
  SNAPSHOT_TRIM,
} from '../runtime/python/node.ts';
import {
  COURSE_STDLIB,
  PYODIDE_ENV,
  SHIPPED_SNAPSHOT,
  encodeDelta,
  pristineMemory,
} from '../runtime/python/index.ts';

/** Under the site's base: where the kernel's default `assetBase` ('/_udplab/') looks. */
export const ASSETS_ROUTE = '_udplab/';

/** Hex digits of the hash naming each interpreter's directory (`pyodide/<hash>/`). */
export const DIR_HASH_CHARS = 16;

export type InterpreterName = 'pyodide' | 'micropython';
/** Each interpreter's directory under ASSETS_ROUTE, with a trailing slash: `pyodide/3f…/`. */
export type InterpreterDirs = Readonly<Record<InterpreterName, string>>;
/** The directories without a hash: what a bundle made without our Vite define asks for. */
export const PLAIN_DIRS: InterpreterDirs = { pyodide: 'pyodide/', micropython: 'micropython/' };

/** The files each interpreter needs in the browser (Pyodide: core only, no packages). */
export const INTERPRETER_FILES: Readonly<Record<'pyodide' | 'micropython', readonly string[]>> = {
  pyodide: [
    'pyodide.mjs',
    'pyodide.asm.mjs',
    'pyodide.asm.wasm',
    'python_stdlib.zip',
    COURSE_STDLIB,
    'pyodide-lock.json',
  ],
  micropython: ['micropython.mjs', 'micropython.wasm'],
};

const TYPES: Readonly<Record<string, string>> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
  '.snapshot': 'application/octet-stream',
};

/** Directory of each interpreter's files in node_modules. */
export function interpreterDirs(): Record<'pyodide' | 'micropython', string> {
  const require = createRequire(import.meta.url);
  return {
    pyodide: dirname(require.resolve('pyodide/pyodide.mjs')),
    micropython: dirname(require.resolve('@micropython/micropython-webassembly-pyscript/micropython.mjs')),
  };
}

/** Pyodide's standard library as the browser gets it: its members stored (precompress.ts). */
export function stdlibFile(): string {
  return storedStdlib(join(interpreterDirs().pyodide, 'python_stdlib.zip'), cacheDir());
}

/** Where a served interpreter file comes from: node_modules, the stdlib from the cache. */
function sourceOf(
  dirs: Record<'pyodide' | 'micropython', string>,
  name: 'pyodide' | 'micropython',
  file: string,
) {
  if (name === 'pyodide' && file === 'python_stdlib.zip') return stdlibFile();
  if (name === 'pyodide' && file === COURSE_STDLIB) return courseStdlib(stdlibFile(), cacheDir());
  return join(dirs[name], file);
}

/**
 * Each interpreter's directory, named by the hash of what it will hold: the name and bytes of
 * every file, Pyodide's with the memory snapshot when one is shipped (`snapshot`: its file).
 * Pyodide finds its siblings from one `indexURL` (pyodide.asm.mjs, the wasm, the lock file, the
 * standard library) and MicroPython its wasm beside its module, so the hash names the directory,
 * not each file.
 */
export function hashedInterpreterDirs(snapshot: string | null): InterpreterDirs {
  const sources = interpreterDirs();
  const dirOf = (name: InterpreterName, extra: ReadonlyArray<[string, string]>) => {
    const hash = createHash('sha256');
    const files: Array<[string, string]> = INTERPRETER_FILES[name].map((file) => [
      file,
      sourceOf(sources, name, file),
    ]);
    for (const [file, path] of [...files, ...extra])
      hash.update(file).update('\0').update(readFileSync(path)).update('\0');
    return `${name}/${hash.digest('hex').slice(0, DIR_HASH_CHARS)}/`;
  };
  return {
    pyodide: dirOf('pyodide', snapshot ? [[SHIPPED_SNAPSHOT, snapshot]] : []),
    micropython: dirOf('micropython', []),
  };
}

/** The hashed directories of a build in `outDir` (for tests and benchmarks reading dist). */
export function builtInterpreterDirs(outDir: string): InterpreterDirs {
  const find = (name: InterpreterName) => {
    const pattern = new RegExp(`^[0-9a-f]{${DIR_HASH_CHARS}}$`);
    const found = existsSync(join(outDir, ASSETS_ROUTE, name))
      ? readdirSync(join(outDir, ASSETS_ROUTE, name)).filter((entry) => pattern.test(entry))
      : [];
    if (found.length !== 1)
      throw new Error(
        `${join(outDir, ASSETS_ROUTE, name)} holds ${found.length} hashed directories, not one: build again`,
      );
    return `${name}/${found[0]}/`;
  };
  return { pyodide: find('pyodide'), micropython: find('micropython') };
}

/** Copy the interpreter files into `outDir/_udplab/<dirs>`; returns the bytes copied. */
export function copyInterpreters(outDir: string, where: InterpreterDirs = PLAIN_DIRS): number {
  const dirs = interpreterDirs();
  let bytes = 0;
  for (const [name, files] of Object.entries(INTERPRETER_FILES) as Array<
    [keyof typeof dirs, readonly string[]]
  >) {
    const target = join(outDir, ASSETS_ROUTE, where[name]);
    mkdirSync(target, { recursive: true });
    for (const file of files) {
      copyFileSync(sourceOf(dirs, name, file), join(target, file));
      bytes += statSync(join(target, file)).size;
    }
  }
  return bytes;
}

/**
 * Boots Pyodide the way worker-pyodide.ts does (same environment, `_makeSnapshot`) and writes its
 * memory snapshot. It runs as `node -e`, so that process.argv holds no script path: Emscripten
 * takes the script's path as the program name, and Python would show it in sys.executable and
 * os.environ['_'] of every learner's interpreter (a browser boot has '/home/pyodide/this.program'
 * and './this.program' there). The snapshot holds wasm memory only — no host path, no JS object —
 * and loads wherever the same Pyodide build runs (Pyodide checks its build id).
 */
const SNAPSHOT_MAKER = `
import { renameSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const [pyodideDir, out, env, stdLibURL, trim] = JSON.parse(process.env.UDPLAB_SNAPSHOT_JOB);
if (process.argv.length !== 1) throw new Error('the snapshot maker must run without a script path');
const { loadPyodide } = await import(pathToFileURL(pyodideDir + '/pyodide.mjs').href);
const quiet = () => {};
const py = await loadPyodide({ indexURL: pyodideDir + '/', stdLibURL, env, stdout: quiet, stderr: quiet, _makeSnapshot: true });
// What no program can tell apart goes first (snapshot-trim.ts), in a namespace of its own.
const space = py.runPython('{}');
py.runPython(trim, { globals: space, filename: '<udplab-snapshot-trim>' });
space.destroy();
// Garbage compresses badly: collect Python's, then zero every free block of the C heap by taking
// them all from malloc (largest first, never past the heap's end), filling them, giving them back.
// No zip directory either: zipimport reads it again at the first import after a restore, so the
// snapshot loads with the whole standard library or with the course's part of it alike.
py.runPython('import gc, zipimport, linecache; zipimport._zip_directory_cache.clear(); linecache.clearcache(); gc.collect()');
const M = py._module;
const heapEnd = M._sbrk(0);
const taken = [];
for (let size = 1 << 22; size >= 16; size >>= 1) {
  for (;;) {
    const at = M._malloc(size);
    if (!at) break;
    if (at + size > heapEnd) { M._free(at); break; }
    M.HEAPU8.fill(0, at, at + size);
    taken.push(at);
  }
}
for (const at of taken) M._free(at);
const temp = out + '.' + process.pid + '.tmp';
writeFileSync(temp, py.makeMemorySnapshot());
renameSync(temp, out);
`;

/** node_modules/.cache/udp-lab, where the Node runtime keeps its own files too. */
function cacheDir(): string {
  return join(interpreterDirs().pyodide, '..', '.cache', 'udp-lab');
}

let making: Promise<string> | null = null;

/**
 * The shipped snapshot's file in the cache, made (≈3 s) when this Pyodide version and this maker
 * have none yet. Rejects with the maker's error output when Pyodide cannot boot here.
 */
export function ensureSnapshot(): Promise<string> {
  making ??= (async () => {
    const require = createRequire(import.meta.url);
    const { version } = require('pyodide/package.json') as { version: string };
    // The snapshot remembers the standard library's zip directory: it is made with the one served.
    const stdlib = stdlibFile();
    const key = createHash('sha256')
      .update(SNAPSHOT_MAKER)
      .update(SNAPSHOT_TRIM)
      .update(JSON.stringify(PYODIDE_ENV))
      .update(stdlib)
      .update('delta-1') // snapshot-delta.ts's format
      .digest('hex');
    const file = join(cacheDir(), `shipped-pyodide-${version}-${key.slice(0, 12)}.snapshot`);
    if (existsSync(file)) return file;
    mkdirSync(dirname(file), { recursive: true });
    const raw = `${file}.raw`;
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', SNAPSHOT_MAKER],
        {
          env: {
            ...process.env,
            UDPLAB_SNAPSHOT_JOB: JSON.stringify([
              interpreterDirs().pyodide,
              raw,
              PYODIDE_ENV,
              stdlib,
              SNAPSHOT_TRIM,
            ]),
          },
          maxBuffer: 1 << 20,
        },
        (err, _stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${String(stderr).slice(-2000)}`)) : resolve(),
      );
    });
    // Shipped as a delta against the wasm's own data segments (snapshot-delta.ts).
    const wasm = await WebAssembly.compile(readFileSync(join(interpreterDirs().pyodide, 'pyodide.asm.wasm')));
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, encodeDelta(readFileSync(raw), pristineMemory(wasm)));
    renameSync(temp, file);
    rmSync(raw, { force: true });
    return file;
  })();
  making.catch(() => (making = null));
  return making;
}

/**
 * Connect-style middleware answering `<base>_udplab/<interpreter>/<file>` from node_modules, and
 * `<base>_udplab/<dirs[interpreter]><file>` (the hashed directory the page's bundle names).
 */
export function interpreterMiddleware(base: string, hashed: InterpreterDirs = PLAIN_DIRS) {
  const dirs = interpreterDirs();
  const prefix = base + ASSETS_ROUTE;
  return (
    req: { url?: string | undefined },
    res: { setHeader(name: string, value: string): void; end(body: Uint8Array): void },
    next: () => void,
  ): void => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(prefix)) return next();
    const parts = path.slice(prefix.length).split('/');
    const name = parts[0];
    // `pyodide/<file>`, or `pyodide/<hash>/<file>` with this build's hash only.
    if (
      parts.length === 3 &&
      (name === 'pyodide' || name === 'micropython') &&
      `${name}/${parts[1]}/` === hashed[name]
    )
      parts.splice(1, 1);
    const [, file, ...rest] = parts;
    const known = (name === 'pyodide' || name === 'micropython') && rest.length === 0;
    if (known && name === 'pyodide' && file === SHIPPED_SNAPSHOT) {
      // Made on first request (≈3 s), then from the cache; without it the page makes its own.
      ensureSnapshot().then(
        (made) => send(res, SHIPPED_SNAPSHOT, readFileSync(made)),
        () => next(),
      );
      return;
    }
    if (!known || !file || !INTERPRETER_FILES[name].includes(file)) return next();
    send(res, file, readFileSync(sourceOf(dirs, name, file)));
  };
}

function send(
  res: { setHeader(name: string, value: string): void; end(body: Uint8Array): void },
  file: string,
  body: Uint8Array,
): void {
  res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', String(body.byteLength));
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // Fixed by the installed package version: the page's prefetch (with a progress bar) and the
  // worker's own fetch then share one download during `astro dev`.
  res.setHeader('Cache-Control', 'private, max-age=3600');
  res.end(body);
}

/**
 * Copies the snapshot into `outDir/_udplab/<dir>`; returns its size. UDPLAB_NO_SNAPSHOT=1 leaves
 * it out (the page's first worker then boots from files and makes one, as in older builds).
 */
export async function shipSnapshot(outDir: string, dir = PLAIN_DIRS.pyodide): Promise<number> {
  if (process.env['UDPLAB_NO_SNAPSHOT']) return 0;
  const target = join(outDir, ASSETS_ROUTE, dir, SHIPPED_SNAPSHOT);
  copyFileSync(await ensureSnapshot(), target);
  return statSync(target).size;
}

const ENCODINGS = Object.keys(TWIN_ENCODINGS) as TwinEncoding[];

/**
 * Writes `<file>.br` and `<file>.gz` beside each of COMPRESSED_TWINS in `outDir/_udplab/<where>`
 * that is there (made once and cached, precompress.ts); returns the brotli bytes written.
 */
export async function writeCompressedTwins(outDir: string, where = PLAIN_DIRS.pyodide): Promise<number> {
  const dir = join(outDir, ASSETS_ROUTE, where);
  const jobs = COMPRESSED_TWINS.filter((file) => existsSync(join(dir, file))).flatMap((file) =>
    ENCODINGS.map((encoding) => ({ file, encoding })),
  );
  const bodies = await Promise.all(jobs.map((j) => compressedOf(join(dir, j.file), cacheDir(), j.encoding)));
  let bytes = 0;
  jobs.forEach(({ file, encoding }, i) => {
    writeFileSync(join(dir, file + TWIN_ENCODINGS[encoding].suffix), bodies[i]!);
    if (encoding === 'br') bytes += bodies[i]!.length;
  });
  return bytes;
}

/**
 * Add to `integrations` in astro.config.mjs: `udplabPython()`. With a `base`, pass
 * `assetBase: import.meta.env.BASE_URL + '_udplab/'` to `createKernel` in the page.
 */
export default function udplabPython(): AstroIntegration {
  let base = '/';
  let dirs: InterpreterDirs = PLAIN_DIRS;
  /** Whether the snapshot was made in time to be hashed into Pyodide's directory (and so shipped). */
  let snapshotHashed = false;
  return {
    name: 'udplab-python',
    hooks: {
      'astro:config:setup': async ({ command, updateConfig, logger }) => {
        if (command !== 'dev' && command !== 'build') return;
        // The snapshot is part of Pyodide's directory, so it is made (≈3 s, once per Pyodide version
        // and maker; then read from the cache) before the bundle that names the directory.
        let snapshot: string | null = null;
        if (!process.env['UDPLAB_NO_SNAPSHOT'])
          snapshot = await ensureSnapshot().catch((err: Error) => {
            logger.warn(`no Pyodide snapshot: ${err.message}`);
            return null;
          });
        snapshotHashed = snapshot !== null;
        dirs = hashedInterpreterDirs(snapshot);
        updateConfig({ vite: { define: { __UDPLAB_INTERPRETER_DIRS__: JSON.stringify(dirs) } } });
      },
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:server:setup': ({ server, logger }) => {
        server.middlewares.use(interpreterMiddleware(base, dirs));
        ensureSnapshot().catch((err: Error) => logger.warn(`no Pyodide snapshot: ${err.message}`));
      },
      'astro:build:start': () => {
        // The brotli twins take minutes the first time (cached after): start them while the pages
        // build. A failure here is reported by the same call in astro:build:done.
        const dirs = interpreterDirs();
        const early = (source: string) => {
          for (const encoding of ENCODINGS) compressedOf(source, cacheDir(), encoding).catch(() => undefined);
        };
        for (const file of COMPRESSED_TWINS) {
          if (file !== SHIPPED_SNAPSHOT) early(sourceOf(dirs, 'pyodide', file));
          else if (!process.env['UDPLAB_NO_SNAPSHOT']) ensureSnapshot().then(early, () => undefined);
        }
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const bytes = copyInterpreters(outDir, dirs);
        logger.info(
          `Python interpreters copied to ${ASSETS_ROUTE}${dirs.pyodide} and ${ASSETS_ROUTE}${dirs.micropython} (${(bytes / 1048576).toFixed(1)} MiB)`,
        );
        try {
          // Only the snapshot hashed into the directory's name: one made later would not match it.
          const size = snapshotHashed ? await shipSnapshot(outDir, dirs.pyodide) : 0;
          if (size) logger.info(`Pyodide memory snapshot shipped (${(size / 1048576).toFixed(1)} MiB)`);
          else logger.info('Pyodide memory snapshot left out (UDPLAB_NO_SNAPSHOT, or it could not be made)');
        } catch (err) {
          // The course still works: the first CPython worker of a page boots and makes one.
          logger.warn(`Pyodide memory snapshot not shipped: ${(err as Error).message}`);
        }
        const started = Date.now();
        const br = await writeCompressedTwins(outDir, dirs.pyodide);
        logger.info(
          `brotli and gzip twins of Pyodide's files written (brotli ${(br / 1048576).toFixed(1)} MiB, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
      },
    },
  };
}
