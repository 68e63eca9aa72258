// The course's part of Pyodide's standard library: the zip a worker restored from the build's
// snapshot starts with (python_stdlib.course.zip, ≈0.1 MB with brotli instead of ≈1.6 MB). The
// snapshot already holds every module Pyodide's boot imported (≈190, json, random, re, struct,
// collections… among them), so what a program still reads from the zip is the source of a module
// it imports for the first time, and the source lines of stdlib frames in its tracebacks. The rest
// comes on demand, whole (shims/_udplab_stdlib.py), listed by name in the small zip.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import zlib from 'node:zlib';
import { storedZip } from './precompress.ts';

export { COURSE_STDLIB } from './stdlib-names.ts';
/** Member of the course zip naming the rest's top-level modules (shims/_udplab_stdlib.py reads it). */
export const REST_INDEX = '_udplab_stdlib_rest.txt';

/**
 * Top-level modules and packages whose sources the course zip keeps: what the course's programs,
 * exercises, shims and tests/differential programs import (found with grep over content/,
 * site/runtime/python/shims/ and tests/differential/programs/; C modules such as time, select,
 * binascii, math and array are not in the zip at all), what the shims import again after dropping
 * it (selectors), and the codecs a Chinese course decodes with (`encodings/` below). Of
 * `importlib` only the modules in IMPORTLIB.
 */
export const COURSE_MODULES: readonly string[] = [
  'enum',
  'importlib',
  'io',
  'json',
  'linecache',
  'operator',
  'os',
  'pathlib',
  'selectors',
  'shutil',
  'tempfile',
  'traceback',
  'types',
];

/** The codecs kept from encodings/ (CJK tables are in C; these are the small Python wrappers). */
export const COURSE_ENCODINGS: readonly string[] = [
  '__init__',
  'aliases',
  'ascii',
  'latin_1',
  'utf_8',
  'utf_8_sig',
  'gbk',
  'gb2312',
  'gb18030',
  'big5',
];

/** The part of the importlib package kept (its metadata and resources subpackages are not). */
export const IMPORTLIB: readonly string[] = ['__init__', '_abc', 'abc', 'machinery', 'util'];

/** Top-level name of a zip member: `json/decoder.py` → json, `random.py` → random. */
function topName(member: string): string {
  return member.split('/')[0]!.replace(/\.py$/, '');
}

function kept(member: string): boolean {
  for (const [dir, names] of [
    ['encodings/', COURSE_ENCODINGS],
    ['importlib/', IMPORTLIB],
  ] as const) {
    if (!member.startsWith(dir)) continue;
    const rest = member.slice(dir.length);
    return rest === '' || names.includes(rest.replace(/\.py$/, ''));
  }
  return COURSE_MODULES.includes(topName(member));
}

/** Names of a zip's members (central directory order). */
export function zipMembers(zip: Buffer): string[] {
  const names: string[] = [];
  storedZip(zip, (name) => (names.push(name), false));
  return names;
}

/**
 * The course zip made from the whole (stored) standard library in `full`: the kept members, stored,
 * plus REST_INDEX. Made in `cache` once per input; returns its path.
 */
export function courseStdlib(full: string, cache: string): string {
  const zip = readFileSync(full);
  const key = createHash('sha256')
    .update(zip)
    .update(JSON.stringify([COURSE_MODULES, COURSE_ENCODINGS]))
    .digest('hex')
    .slice(0, 16);
  const file = join(cache, `python_stdlib-course-${key}.zip`);
  if (existsSync(file)) return file;
  const rest = [
    ...new Set(
      zipMembers(zip)
        .filter((m) => !kept(m))
        .map(topName),
    ),
  ]
    .filter((name) => name !== '')
    .sort();
  const small = storedZip(zip, kept);
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, withMember(small, REST_INDEX, Buffer.from(`${rest.join('\n')}\n`)));
  renameSync(temp, file);
  return file;
}

/** `zip` (stored, no zip64) with one more stored member at its end. */
function withMember(zip: Buffer, name: string, data: Buffer): Buffer {
  const end = zip.length - 22;
  const count = zip.readUInt16LE(end + 10);
  const dirSize = zip.readUInt32LE(end + 12);
  const dirAt = zip.readUInt32LE(end + 16);
  const nameBytes = Buffer.from(name);
  const crc = zlib.crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  central.writeUInt32LE(dirAt, 42);
  const tail = Buffer.alloc(22);
  tail.writeUInt32LE(0x06054b50, 0);
  tail.writeUInt16LE(count + 1, 8);
  tail.writeUInt16LE(count + 1, 10);
  tail.writeUInt32LE(dirSize + 46 + nameBytes.length, 12);
  tail.writeUInt32LE(dirAt + 30 + nameBytes.length + data.length, 16);
  return Buffer.concat([
    zip.subarray(0, dirAt),
    local,
    nameBytes,
    data,
    zip.subarray(dirAt, dirAt + dirSize),
    central,
    nameBytes,
    tail,
  ]);
}
