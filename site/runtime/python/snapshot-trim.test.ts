// What the shipped snapshot leaves out (snapshot-trim.ts): gone from a restored interpreter, back
// on import as the same module a fresh python3 gets, and the trim refuses to half-drop a module.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureSnapshot, interpreterDirs, stdlibFile } from '../../integrations/python-assets.ts';
import { PYODIDE_ENV, decodeDelta, pristineMemory } from './index.ts';
import { SNAPSHOT_LEFT_OUT, SNAPSHOT_TRIM } from './snapshot-trim.ts';

type Py = {
  runPython(code: string, options?: { globals?: unknown; filename?: string }): unknown;
};

async function boot(snapshot?: Uint8Array): Promise<Py> {
  const { loadPyodide } = await import('pyodide');
  return (await loadPyodide({
    indexURL: `${interpreterDirs().pyodide}/`,
    stdLibURL: stdlibFile(),
    env: { ...PYODIDE_ENV },
    ...(snapshot ? { _loadSnapshot: snapshot } : {}),
  } as Parameters<typeof loadPyodide>[0])) as unknown as Py;
}

/** Runs the trim as the snapshot maker does: in a namespace of its own. */
function trim(py: Py): void {
  const space = py.runPython('{}') as { destroy(): void };
  try {
    py.runPython(SNAPSHOT_TRIM, { globals: space, filename: '<udplab-snapshot-trim>' });
  } finally {
    space.destroy();
  }
}

describe('snapshot trim', () => {
  it('restores without the modules it leaves out; they import again as single modules', async () => {
    const wasm = await WebAssembly.compile(readFileSync(join(interpreterDirs().pyodide, 'pyodide.asm.wasm')));
    const shipped = new Uint8Array(readFileSync(await ensureSnapshot()));
    const py = await boot(decodeDelta(shipped, pristineMemory(wasm)));
    const names = JSON.stringify(SNAPSHOT_LEFT_OUT);
    expect(py.runPython(`import sys\n' '.join(n for n in sys.modules if n.split('.')[0] in ${names})`)).toBe(
      '',
    );
    // Pyodide's package loader still unpacks a wheel-like zip, through the real zipfile.
    expect(
      py.runPython(`import io, zipfile, tempfile, bz2, lzma, sys
from pyodide import _package_loader as loader
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w') as z:
    z.writestr('a.txt', bz2.compress(lzma.compress(b'udp')))
with loader.ZipFile(io.BytesIO(buf.getvalue())) as z:
    data = lzma.decompress(bz2.decompress(z.read('a.txt')))
with loader.NamedTemporaryFile(suffix='.whl') as f:
    kind = type(f).__name__
f"{data.decode()} {type(z) is zipfile.ZipFile} {kind} {sys.modules['tempfile'] is tempfile}"`),
    ).toBe('udp True _TemporaryFileWrapper True');
    // Fresh code objects specialise again as they run: a hot loop through the stdlib still works.
    let expected = 0;
    for (let i = 0; i < 20000; i++) expected += `{"k": ${i}}`.length;
    expect(py.runPython('import json\nsum(len(json.dumps({"k": i})) for i in range(20000))')).toBe(expected);
  }, 120_000);

  it('refuses to leave out a module something else still holds', async () => {
    const py = await boot();
    py.runPython('import zipfile\nkeep = zipfile.ZipFile');
    expect(() => trim(py)).toThrow(
      /UDPLAB_ERR_SNAPSHOT_TRIM: still held after leaving them out: .*\bzipfile\b/,
    );
  }, 120_000);
});
