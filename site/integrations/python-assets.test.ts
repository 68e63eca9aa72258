// The interpreter files are served in `astro dev` and copied into the build, from node_modules.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DIR_HASH_CHARS,
  INTERPRETER_FILES,
  builtInterpreterDirs,
  copyInterpreters,
  hashedInterpreterDirs,
  ensureSnapshot,
  interpreterDirs,
  interpreterMiddleware,
  shipSnapshot,
} from './python-assets.ts';
import {
  DELTA_HEADER_BYTES,
  PYODIDE_ENV,
  SHIPPED_SNAPSHOT,
  decodeDelta,
  isDeltaSnapshot,
  pristineMemory,
} from '../runtime/python/index.ts';

function request(use: ReturnType<typeof interpreterMiddleware>, url: string) {
  const headers: Record<string, string> = {};
  let body: Uint8Array | null = null;
  let passed = false;
  use(
    { url },
    { setHeader: (name, value) => void (headers[name] = value), end: (b) => void (body = b) },
    () => void (passed = true),
  );
  return { headers, body: body as Uint8Array | null, passed };
}

describe('assets integration', () => {
  it('serves exactly the listed files under <base>_udplab/, with their types', () => {
    const use = interpreterMiddleware('/course/');
    const wasm = request(use, '/course/_udplab/micropython/micropython.wasm?v=1');
    expect(wasm.headers['Content-Type']).toBe('application/wasm');
    expect(wasm.body?.byteLength).toBe(
      readFileSync(join(interpreterDirs().micropython, 'micropython.wasm')).byteLength,
    );
    expect(request(use, '/course/_udplab/pyodide/pyodide.mjs').headers['Content-Type']).toMatch(
      /^text\/javascript/,
    );
    for (const url of [
      '/_udplab/pyodide/pyodide.mjs',
      '/course/_udplab/pyodide/package.json',
      '/course/_udplab/pyodide/../x',
      '/course/other',
    ]) {
      expect(request(use, url).passed).toBe(true);
    }
  });

  it('serves the hashed directory the page names, and no other hash', () => {
    const dirs = { pyodide: 'pyodide/0123456789abcdef/', micropython: 'micropython/fedcba9876543210/' };
    const use = interpreterMiddleware('/course/', dirs);
    const wasm = request(use, '/course/_udplab/micropython/fedcba9876543210/micropython.wasm');
    expect(wasm.headers['Content-Type']).toBe('application/wasm');
    expect(wasm.body?.byteLength).toBe(
      readFileSync(join(interpreterDirs().micropython, 'micropython.wasm')).byteLength,
    );
    expect(request(use, '/course/_udplab/pyodide/0123456789abcdef/pyodide-lock.json').passed).toBe(false);
    for (const url of [
      '/course/_udplab/pyodide/fedcba9876543210/pyodide.mjs', // micropython's hash
      '/course/_udplab/pyodide/0123456789abcdef/x/pyodide.mjs',
      '/course/_udplab/micropython/0123456789abcdef/micropython.wasm',
    ])
      expect(request(use, url).passed, url).toBe(true);
  });

  it('names each interpreter directory by the hash of its files, the snapshot included', () => {
    const temp = mkdtempSync(join(tmpdir(), 'udplab-assets-'));
    try {
      writeFileSync(join(temp, 'a.snapshot'), 'one snapshot');
      writeFileSync(join(temp, 'b.snapshot'), 'another snapshot');
      const none = hashedInterpreterDirs(null);
      const a = hashedInterpreterDirs(join(temp, 'a.snapshot'));
      const b = hashedInterpreterDirs(join(temp, 'b.snapshot'));
      const shape = (name: string) => new RegExp(`^${name}/[0-9a-f]{${DIR_HASH_CHARS}}/$`);
      expect(none.pyodide).toMatch(shape('pyodide'));
      expect(none.micropython).toMatch(shape('micropython'));
      expect(new Set([none.pyodide, a.pyodide, b.pyodide]).size).toBe(3);
      expect(hashedInterpreterDirs(join(temp, 'a.snapshot'))).toEqual(a); // the same bytes, the same name
      expect(a.micropython).toBe(none.micropython);
      const out = join(temp, 'dist');
      copyInterpreters(out, a);
      expect(builtInterpreterDirs(out)).toEqual(a);
      expect(readdirSync(join(out, '_udplab', a.pyodide)).sort()).toEqual(
        [...INTERPRETER_FILES.pyodide].sort(),
      );
      copyInterpreters(out, b); // two builds in one folder: which one is meant is unclear
      expect(() => builtInterpreterDirs(out)).toThrow(/2 hashed directories/);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('copies both interpreters into the build output', () => {
    const out = mkdtempSync(join(tmpdir(), 'udplab-assets-'));
    try {
      expect(copyInterpreters(out)).toBeGreaterThan(5_000_000);
      expect(readdirSync(join(out, '_udplab', 'pyodide')).sort()).toEqual(
        [...INTERPRETER_FILES.pyodide].sort(),
      );
      expect(readdirSync(join(out, '_udplab', 'micropython')).sort()).toEqual(
        [...INTERPRETER_FILES.micropython].sort(),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('ships a Pyodide snapshot that restores, made without any host path in it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'udplab-assets-'));
    try {
      copyInterpreters(out);
      const size = await shipSnapshot(out);
      const file = join(out, '_udplab', 'pyodide', SHIPPED_SNAPSHOT);
      expect(size).toBeGreaterThan(10_000_000);
      expect(existsSync(file)).toBe(true);
      const shipped = new Uint8Array(readFileSync(file));
      // A delta against the wasm's own data segments (snapshot-delta.ts), undone as a worker does.
      expect(isDeltaSnapshot(shipped)).toBe(true);
      const wasm = await WebAssembly.compile(
        readFileSync(join(interpreterDirs().pyodide, 'pyodide.asm.wasm')),
      );
      const bytes = decodeDelta(shipped, pristineMemory(wasm));
      expect(bytes.byteLength).toBe(shipped.byteLength - DELTA_HEADER_BYTES);
      const { loadPyodide } = await import('pyodide');
      const py = await loadPyodide({
        indexURL: `${interpreterDirs().pyodide}/`,
        stdLibURL: join(out, '_udplab', 'pyodide', 'python_stdlib.zip'), // the one the page gets
        env: { ...PYODIDE_ENV },
        _loadSnapshot: bytes,
      } as Parameters<typeof loadPyodide>[0]);
      // Emscripten names the program after the script it runs from in Node; the maker has none.
      expect(py.runPython('import sys, os; f"{sys.executable} {os.environ[\'_\']}"')).toBe(
        '/home/pyodide/this.program ./this.program',
      );
      expect(py.runPython('import os; os.environ["HOME"] + " " + os.getcwd()')).toBe(
        '/home/pyodide /home/pyodide',
      );
      // The C heap's free blocks were zeroed by taking and giving them back: it still allocates.
      expect(
        py.runPython(
          'import random, email.message\nm = email.message.Message()\nm["a"] = "b" * 100000\n' +
            'xs = [random.random() for _ in range(200000)]\nf"{len(xs)} {len(m.as_string())}"',
        ),
      ).toBe('200000 100005');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('serves the snapshot in astro dev, and leaves it out of a build when asked', async () => {
    const made = await ensureSnapshot();
    const use = interpreterMiddleware('/');
    const body = await new Promise<Uint8Array>((resolve, reject) =>
      use({ url: `/_udplab/pyodide/${SHIPPED_SNAPSHOT}` }, { setHeader: () => undefined, end: resolve }, () =>
        reject(new Error('passed on')),
      ),
    );
    expect(body.byteLength).toBe(readFileSync(made).byteLength);
    const out = mkdtempSync(join(tmpdir(), 'udplab-assets-'));
    process.env['UDPLAB_NO_SNAPSHOT'] = '1';
    try {
      copyInterpreters(out);
      expect(await shipSnapshot(out)).toBe(0);
      expect(existsSync(join(out, '_udplab', 'pyodide', SHIPPED_SNAPSHOT))).toBe(false);
    } finally {
      delete process.env['UDPLAB_NO_SNAPSHOT'];
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
