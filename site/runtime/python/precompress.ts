// Build-time compression of the interpreter files a first PC Run downloads: each big file gets a
// brotli twin (`<file>.br`, quality 11, 16 MiB window) and a gzip one (`<file>.gz`, level 9) that
// our file server sends as they are, instead of compressing on the fly (brotli at quality 3); and Pyodide's
// standard library is repacked with its members stored, so that brotli compresses the archive as
// a whole (1.6 MB instead of 2.5 MB of separately deflated members). Each result is kept in
// node_modules/.cache/udp-lab/ under the hash of its input: made once per Pyodide version
// (≈2–6 min on two busy cores), read back by every later build.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Brotli's best quality: slow to make, nothing extra to decode. */
export const BROTLI_QUALITY = 11;
/** log2 of brotli's window: 16 MiB, so repeats across the 30 MiB snapshot are found. */
export const BROTLI_WINDOW_BITS = 24;
/** The files worth compressed twins: the ones a first PC Run downloads that are over 64 KiB. */
export const COMPRESSED_TWINS: readonly string[] = [
  'pyodide.asm.wasm',
  'pyodide.asm.mjs',
  'python_stdlib.zip',
  'python_stdlib.course.zip',
  'pyodide-lock.json',
  'udplab.snapshot',
];

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Each twin's encoding: its file suffix and how it is made. */
export const TWIN_ENCODINGS = {
  br: {
    suffix: '.br',
    tag: `br-q${BROTLI_QUALITY}-w${BROTLI_WINDOW_BITS}`,
    make: (raw: Buffer) =>
      brotli(raw, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
          [zlib.constants.BROTLI_PARAM_LGWIN]: BROTLI_WINDOW_BITS,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      }),
  },
  // For browsers that ask for gzip only: Chromium and Firefox on plain http to a LAN address.
  gzip: { suffix: '.gz', tag: 'gz9', make: (raw: Buffer) => gzip(raw, { level: 9 }) },
} as const;
export type TwinEncoding = keyof typeof TWIN_ENCODINGS;

function writeAtomic(file: string, bytes: Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, file);
}

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

/** Compressions under way, by cache file: a second caller waits for the first one's. */
const making = new Map<string, Promise<Buffer>>();

/**
 * The bytes of `source` compressed in `encoding`, from `cache` when made before. Runs in libuv's thread
 * pool, so a build can start it early and go on meanwhile.
 */
export function compressedOf(source: string, cache: string, encoding: TwinEncoding): Promise<Buffer> {
  const raw = readFileSync(source);
  const { tag, suffix, make } = TWIN_ENCODINGS[encoding];
  const file = join(cache, `${tag}-${sha(raw)}${suffix}`);
  if (existsSync(file)) return Promise.resolve(readFileSync(file));
  let job = making.get(file);
  if (!job) {
    job = make(raw)
      .then((body) => (writeAtomic(file, body), body))
      .finally(() => making.delete(file));
    making.set(file, job);
  }
  return job;
}

/** Thrown for an archive this reader does not handle (multi-disk, zip64, encrypted, odd method). */
export class ZipRepackError extends Error {
  readonly code = 'UDPLAB_ERR_ZIP_REPACK';
}

/**
 * The same zip archive with every member stored (method 0): names, times, attributes and order
 * kept, data inflated. Only what Pyodide's python_stdlib.zip uses is handled (stored or deflated
 * members, no zip64, no encryption); anything else throws ZipRepackError. Members whose name `keep`
 * refuses are left out.
 */
export function storedZip(zip: Buffer, keep: (name: string) => boolean = () => true): Buffer {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new ZipRepackError('no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new ZipRepackError(`bad central header ${i}`);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const packedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLen);
    if (flags & 1) throw new ZipRepackError(`encrypted member ${name.toString()}`);
    if (size === 0xffffffff || packedSize === 0xffffffff || localAt === 0xffffffff)
      throw new ZipRepackError('zip64 archive');
    if (!keep(name.toString())) {
      at += 46 + nameLen + extraLen + commentLen;
      continue;
    }
    const localData = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const packed = zip.subarray(localData, localData + packedSize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(packed);
    else if (method === 8) data = zlib.inflateRawSync(packed);
    else throw new ZipRepackError(`member ${name.toString()} uses method ${method}`);
    if (data.length !== size)
      throw new ZipRepackError(`member ${name.toString()} inflates to ${data.length}, not ${size}`);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4); // version needed: 1.0 (stored)
    local.writeUInt16LE(flags & 0x0800, 6); // only the UTF-8 name flag survives (no data descriptor)
    local.writeUInt16LE(0, 8);
    zip.copy(local, 10, at + 12, at + 20); // time, date, CRC-32 (the data's, unchanged)
    local.writeUInt32LE(size, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameLen, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.from(zip.subarray(at, at + 46 + nameLen + extraLen + commentLen));
    central.writeUInt16LE(10, 6);
    central.writeUInt16LE(flags & 0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt32LE(size, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central);
    offset += local.length + name.length + data.length;
    at += 46 + nameLen + extraLen + commentLen;
  }
  const directory = Buffer.concat(centrals);
  const tail = Buffer.alloc(22);
  tail.writeUInt32LE(0x06054b50, 0);
  tail.writeUInt16LE(centrals.length, 8);
  tail.writeUInt16LE(centrals.length, 10);
  tail.writeUInt32LE(directory.length, 12);
  tail.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, tail]);
}

/** Pyodide's standard library with its members stored, made in `cache` once; returns its path. */
export function storedStdlib(source: string, cache: string): string {
  const zip = readFileSync(source);
  const file = join(cache, `python_stdlib-stored-${sha(zip)}.zip`);
  if (!existsSync(file)) writeAtomic(file, storedZip(zip));
  return file;
}
