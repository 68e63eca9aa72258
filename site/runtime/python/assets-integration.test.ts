// The interpreter files are served in `astro dev` and copied into the build, from node_modules.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  INTERPRETER_FILES,
  copyInterpreters,
  interpreterDirs,
  interpreterMiddleware,
} from './assets-integration.ts';

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
});
