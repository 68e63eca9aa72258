// The course's part of the standard library: what it keeps, what it lists as the rest, and that
// it is a zip Python reads (the real python3 checks every member's CRC).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stdlibFile } from '../../integrations/python-assets.ts';
import { COURSE_MODULES, REST_INDEX, courseStdlib, zipMembers } from './stdlib-course.ts';

describe('course standard library', () => {
  it('keeps the course modules, lists every other top-level name, and is a valid zip', () => {
    const cache = mkdtempSync(join(tmpdir(), 'udplab-stdlib-'));
    try {
      const file = courseStdlib(stdlibFile(), cache);
      const zip = readFileSync(file);
      const members = zipMembers(zip);
      for (const name of COURSE_MODULES)
        expect(
          members.some((m) => m === `${name}.py` || m === `${name}/__init__.py`),
          name,
        ).toBe(true);
      expect(members).toContain('encodings/gbk.py');
      expect(members).not.toContain('random.py');
      expect(members).not.toContain('asyncio/__init__.py');
      expect(members).not.toContain('importlib/metadata/__init__.py');
      const check = `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(z.testzip(), len(z.namelist()))
print(z.read(${JSON.stringify(REST_INDEX)}).decode())`;
      const [head, ...rest] = execFileSync('python3', ['-c', check, file], { encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(head).toBe(`None ${members.length}`);
      // Modules the zip lacks are named (an import of one fetches the whole library); kept ones are not.
      expect(rest).toEqual(
        expect.arrayContaining(['random', 'fractions', 'asyncio', 'encodings', 'importlib']),
      );
      expect(rest).not.toContain('json');
      expect(zip.byteLength).toBeLessThan(readFileSync(stdlibFile()).byteLength / 10);
      // Made once per input: a second call returns the same file.
      expect(courseStdlib(stdlibFile(), cache)).toBe(file);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
