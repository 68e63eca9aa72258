// The standard library repacked with stored members: the same members, byte for byte, and an
// archive CPython's zipimport reads (Pyodide imports from it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { interpreterDirs } from '../../integrations/python-assets.ts';
import { ZipRepackError, storedZip } from './precompress.ts';

/** name → [method, bytes] of every member, read through the central directory. */
function members(zip: Buffer): Map<string, [number, Buffer]> {
  let end = zip.length - 22;
  while (zip.readUInt32LE(end) !== 0x06054b50) end--;
  const out = new Map<string, [number, Buffer]>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const nameLen = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + zip.readUInt32LE(at + 20));
    out.set(zip.subarray(at + 46, at + 46 + nameLen).toString(), [
      method,
      method === 8 ? zlib.inflateRawSync(packed) : Buffer.from(packed),
    ]);
    at += 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

describe('storedZip', () => {
  const original = readFileSync(join(interpreterDirs().pyodide, 'python_stdlib.zip'));

  it('keeps every member of Pyodide’s standard library, stored', () => {
    const before = members(original);
    const after = members(storedZip(original));
    expect([...after.keys()]).toEqual([...before.keys()]);
    expect([...before.values()].some(([method]) => method === 8)).toBe(true);
    for (const [name, [method, data]] of after) {
      expect(method, name).toBe(0);
      expect(data.equals(before.get(name)![1]), name).toBe(true);
    }
  });

  it('refuses what it cannot repack, with its code', () => {
    expect(() => storedZip(Buffer.from('not a zip at all, too short for a record'))).toThrow(ZipRepackError);
  });

  it('is read by Pyodide’s zipimport', async () => {
    const { loadPyodide } = await import('pyodide');
    const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'udplab-zip-'));
    try {
      writeFileSync(join(dir, 'stdlib.zip'), storedZip(original));
      const py = await loadPyodide({
        indexURL: `${interpreterDirs().pyodide}/`,
        stdLibURL: join(dir, 'stdlib.zip'),
      } as Parameters<typeof loadPyodide>[0]);
      expect(py.runPython('import json, struct, random; json.dumps([struct.calcsize("!H"), 1])')).toBe(
        '[2, 1]',
      );
      expect(py.runPython('import sys; [p for p in sys.path if p.endswith(".zip")][0]')).toMatch(/\.zip$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
