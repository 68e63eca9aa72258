// Serves the built course from a folder, with the cross-origin isolation headers the runtime needs,
// compressed (brotli or gzip, once per file and kept in memory) and cached by validators.
// A file is opened before any header is written and sent from that descriptor, so a file that is
// unreadable, removed or replaced meanwhile, or a full descriptor table, costs one answer, not the
// process.
import { open, readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ISOLATION_HEADERS, SECURITY_HEADERS, answer } from './http-answers.ts';
import { silentLogger } from '../relay/index.ts';
import type { Logger } from '../relay/index.ts';
import type { Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

export { ISOLATION_HEADERS };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.py': 'text/x-python; charset=utf-8',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
  '.snapshot': 'application/octet-stream',
};

/** Types worth compressing: text, the interpreters' WebAssembly (≈3× smaller) and Pyodide's memory
 * snapshot (30 MiB, mostly zeros: ≈6 MB). Zip, images and fonts are compressed already; Pagefind's
 * files are gzipped by Pagefind. */
const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.txt',
  '.xml',
  '.py',
  '.wasm',
  '.snapshot',
]);
/** Smaller files go as they are: the saving would not pay for the header. */
const MIN_COMPRESS_BYTES = 1024;
/** Larger files go as they are (none in the build is; Pyodide's snapshot, the largest, is 30 MiB). */
const MAX_COMPRESS_BYTES = 64 * 2 ** 20;
/**
 * Paths whose bytes never change under the same name, cached for a year (`immutable`): Astro's
 * hashed assets, and each interpreter's directory named by the hash of its files
 * (`/_udplab/pyodide/<16 hex>/`, site/integrations/python-assets.ts). Everything else is revalidated.
 */
export const IMMUTABLE_PATHS: readonly RegExp[] = [
  /^\/_astro\//,
  /^\/_udplab\/(?:pyodide|micropython)\/[0-9a-f]{16}\//,
];
/** Cache-Control of a file under IMMUTABLE_PATHS, and of every other file. */
export const CACHE_CONTROL = { immutable: 'public, max-age=31536000, immutable', other: 'no-cache' } as const;
/** Memory kept for compressed bodies; the least recently used go first. */
const CACHE_BYTES = 128 * 2 ** 20;

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * The encoding to answer with: br, then gzip, as the client accepts them (q=0 refuses).
 * @param header Accept-Encoding
 */
export function chooseEncoding(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  const q: Map<string, number> = new Map();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name.trim(), Number.isFinite(value) ? value : 0);
  }
  const wants = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  if (wants('br')) return 'br';
  if (wants('gzip')) return 'gzip';
  return null;
}

/**
 * Compressed bodies by file, validator and encoding; each compressed once, even when many
 * learners ask at the same moment (a class opening the same lesson).
 */
class CompressedCache {
  #entries: Map<string, { body: Promise<Buffer | null>; bytes: number }> = new Map();
  #bytes = 0;

  /**
   * The compressed body, or null when compressing does not make it smaller.
   * @param file
   *   `read` reads the bytes (the request's open descriptor); default: the file at `path`. `twin`:
   *   a file holding the body already compressed in this encoding.
   */
  get(
    file: { path: string; size: number; read?: () => Promise<Buffer>; twin?: string | null },
    etag: string,
    encoding: 'br' | 'gzip',
  ): Promise<Buffer | null> {
    const key = `${file.path}\0${etag}\0${encoding}\0${file.twin ?? ''}`;
    const hit = this.#entries.get(key);
    if (hit) {
      this.#entries.delete(key); // most recently used last
      this.#entries.set(key, hit);
      return hit.body;
    }
    const entry = { body: this.#compress(file, encoding), bytes: 0 };
    this.#entries.set(key, entry);
    entry.body.then(
      (body) => {
        if (this.#entries.get(key) !== entry) return;
        entry.bytes = body?.length ?? 0;
        this.#bytes += entry.bytes;
        this.#evict();
      },
      () => this.#entries.delete(key), // unreadable now: try again next time
    );
    return entry.body;
  }

  async #compress(
    file: { path: string; size: number; read?: () => Promise<Buffer>; twin?: string | null },
    encoding: 'br' | 'gzip',
  ) {
    // Compressed at build time (astro build writes `<file>.br` / `<file>.gz`): sent as it is.
    if (file.twin) return readFile(file.twin);
    const raw = await (file.read ? file.read() : readFile(file.path));
    const body =
      encoding === 'br'
        ? await brotli(raw, {
            params: {
              // Quality 5 is about gzip's speed with a smaller result; on Pyodide's 9.6 MB wasm it
              // takes 3.4 s, quality 3 0.3 s for 3.6 MB (gzip -6: 0.8 s, 3.6 MB). 11 takes minutes.
              [zlib.constants.BROTLI_PARAM_QUALITY]: raw.length > 2 ** 20 ? 3 : 5,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          })
        : await gzip(raw, { level: 6 });
    return body.length < raw.length * 0.9 ? body : null;
  }

  #evict() {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= CACHE_BYTES) return;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
  }
}

/**
 * Creates a request handler that serves files under `root`.
 * `/a/b/` serves `a/b/index.html`; an unknown path serves the locale's `404.html` with status 404.
 * Symbolic links are followed only to files inside `root`. A file that cannot be read is answered
 * 500 (or its response cut, if it failed midway) and logged once per window; the server goes on.
 * @param root Folder to serve (the Astro build output).
 * @param [options] precompress:
 *   gzip every compressible file in the background at once (default true). logger: where read
 *   failures go (default: nowhere).
 */
export function createStaticHandler(
  root: string,
  { precompress = true, logger = silentLogger }: { precompress?: boolean; logger?: Logger } = {},
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const base = path.resolve(root);
  const compressed = new CompressedCache();
  const send = sender(compressed, logger);
  // Gzip (what browsers ask for over plain http on a LAN) every file ahead of the first request,
  // one at a time in the background, so no learner waits for a compression.
  if (precompress) setImmediate(() => void warm(base, compressed));
  return async (req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') return answer(res, 'METHOD', { Allow: 'GET, HEAD' });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return answer(res, 'BAD_REQUEST');
    }
    const file = await resolveFile(base, pathname);
    const immutable = IMMUTABLE_PATHS.some((rule) => rule.test(pathname));
    if (file && (await send(req, res, 200, file, immutable)) !== 'missing') return;
    const notFound = await resolveFile(base, pathname.startsWith('/en/') ? '/en/404/' : '/404.html');
    if (notFound && (await send(req, res, 404, notFound, false)) !== 'missing') return;
    answer(res, 'NOT_FOUND');
  };
}

/** Compresses every compressible file under `dir` into the cache, one after another. */
async function warm(dir: string, cache: CompressedCache) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await warm(full, cache);
      continue;
    }
    if (!entry.isFile() || !COMPRESSIBLE.has(path.extname(entry.name).toLowerCase())) continue;
    try {
      const s = await stat(full);
      if (s.size < MIN_COMPRESS_BYTES || s.size > MAX_COMPRESS_BYTES) continue;
      const twin = (await compressedTwins({ path: full, mtimeMs: s.mtimeMs })).gzip;
      await cache.get({ path: full, size: s.size, twin }, validator(s.size, s.mtimeMs), 'gzip');
    } catch {
      // gone or unreadable: a request will say so
    }
  }
}

/** The validator of a file's version (weak: the same bytes may be sent in several encodings). */
function validator(size: number, mtimeMs: number) {
  return `${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}`;
}

/**
 * The file a path names, with symbolic links resolved: null when there is none, or when it lies
 * outside the root (however it is spelled, and wherever a link inside the root points).
 */
async function resolveFile(base: string, pathname: string) {
  const target = path.resolve(base, '.' + pathname);
  if (target !== base && !target.startsWith(base + path.sep)) return null; // no escaping the root
  let realBase;
  try {
    realBase = await realpath(base);
  } catch {
    return null;
  }
  for (const candidate of [target, path.join(target, 'index.html'), target + '.html']) {
    try {
      const s = await stat(candidate);
      if (!s.isFile()) continue;
      const real = await realpath(candidate);
      if (!real.startsWith(realBase + path.sep)) return null; // a link out of the root
      return { path: real, size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      // try the next candidate
    }
  }
  return null;
}

/**
 * Sends a file. Hashed build assets and interpreter directories (IMMUTABLE_PATHS, decided by the
 * caller from the request's path) are cached for a year; everything else is revalidated on each
 * use with an ETag, so a second fetch of an unchanged file (the interpreter the page prefetched
 * with a progress bar, then the worker's own fetch) costs a 304, not megabytes. Text and wasm go
 * compressed when the client accepts it, each encoding with its own ETag (`Vary: Accept-Encoding`),
 * and `X-Udplab-Decoded-Length` gives the file's own size, so a download can show true progress
 * (Content-Length counts compressed bytes, the stream a page reads yields decoded ones).
 * The file is opened first and everything (size, validator, bytes) comes from that descriptor.
 */
function sender(cache: CompressedCache, logger: Logger) {
  const failed = (err: NodeJS.ErrnoException, file: string) =>
    logger.once(`static:${err.code ?? err.message}`, 'error', 'static.read-failed', {
      file,
      code: err.code ?? null,
      message: err.message,
    });
  /**
   * Resolves 'missing' when the file is gone by the time it is opened (the caller answers 404),
   * else 'sent' — also when the answer is a 500 or a cut response.
   */
  return async (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    found: { path: string },
    immutable: boolean,
  ): Promise<'sent' | 'missing'> => {
    let handle: FileHandle;
    let s: Stats;
    try {
      handle = await open(found.path, 'r');
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return 'missing';
      failed(err, found.path);
      answer(res, 'RELAY_ERR_FILE_READ');
      return 'sent';
    }
    try {
      s = await handle.stat();
      if (!s.isFile()) throw Object.assign(new Error('not a regular file any more'), { code: 'EISDIR' });
    } catch (e) {
      await handle.close().catch(() => undefined);
      failed(e as NodeJS.ErrnoException, found.path);
      answer(res, 'RELAY_ERR_FILE_READ');
      return 'sent';
    }
    const file = { path: found.path, size: s.size, mtimeMs: s.mtimeMs };
    const ext = path.extname(file.path).toLowerCase();
    const tag = validator(file.size, file.mtimeMs);
    const twins = await compressedTwins(file);
    const compressible =
      twins.br !== null ||
      twins.gzip !== null ||
      (COMPRESSIBLE.has(ext) && file.size >= MIN_COMPRESS_BYTES && file.size <= MAX_COMPRESS_BYTES);
    const encoding = compressible ? chooseEncoding(req.headers['accept-encoding']) : null;
    let body = null;
    if (encoding) {
      const twin = twins[encoding];
      try {
        body =
          twin !== null || COMPRESSIBLE.has(ext)
            ? await cache.get({ ...file, read: () => handle.readFile(), twin }, tag, encoding)
            : null; // an archive with a twin in the other encoding only: as it is
      } catch {
        body = null; // unreadable: the plain path below answers (or fails) as before
      }
    }
    const etag = body ? `W/"${tag}-${encoding}"` : `W/"${tag}"`;
    const headers: Record<string, string | number> = {
      'Cache-Control': immutable ? CACHE_CONTROL.immutable : CACHE_CONTROL.other,
      ETag: etag,
      'Last-Modified': new Date(file.mtimeMs).toUTCString(),
    };
    if (compressible) headers['Vary'] = 'Accept-Encoding';
    if (status === 200 && matches(req.headers['if-none-match'], etag)) {
      await handle.close().catch(() => undefined);
      res.writeHead(304, headers).end();
      return 'sent';
    }
    headers['Content-Type'] = TYPES[ext] ?? 'application/octet-stream';
    if (body && encoding) {
      await handle.close().catch(() => undefined);
      headers['Content-Encoding'] = encoding;
      headers['Content-Length'] = body.length;
      headers['X-Udplab-Decoded-Length'] = file.size;
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      return 'sent';
    }
    if (req.method === 'HEAD' || file.size === 0) {
      await handle.close().catch(() => undefined);
      headers['Content-Length'] = file.size;
      res.writeHead(status, headers).end();
      return 'sent';
    }
    // Read the first chunk before the headers, so that a file that cannot be read gets a 500.
    const first = Buffer.alloc(Math.min(file.size, 64 * 1024));
    let got;
    try {
      got = (await handle.read(first, 0, first.length, 0)).bytesRead;
    } catch (e) {
      await handle.close().catch(() => undefined);
      failed(e as NodeJS.ErrnoException, file.path);
      answer(res, 'RELAY_ERR_FILE_READ');
      return 'sent';
    }
    if (!res.writable || res.socket?.destroyed !== false) {
      await handle.close().catch(() => undefined); // the client left while the file was read
      return 'sent';
    }
    headers['Content-Length'] = file.size;
    res.writeHead(status, headers);
    if (got >= file.size) {
      await handle.close().catch(() => undefined);
      res.end(first.subarray(0, got));
      return 'sent';
    }
    res.write(first.subarray(0, got));
    // The rest from the same descriptor. A file cut short meanwhile (rewritten in place) would leave
    // the client waiting for bytes announced in Content-Length: the response is cut instead.
    let sent = got;
    const rest = handle.createReadStream({ start: got, end: file.size - 1 });
    rest.on('data', (chunk) => (sent += chunk.length));
    rest.on('end', () => (sent === file.size ? res.end() : res.destroy()));
    rest.on('error', (err) => {
      failed(err, file.path);
      res.destroy();
    });
    res.on('close', () => rest.destroy()); // the client went away: stop reading, close the file
    rest.pipe(res, { end: false });
    return 'sent';
  };
}

/** Twin files' suffix per encoding: `astro build` writes them beside big files (precompress.ts). */
const TWIN_SUFFIX = { br: '.br', gzip: '.gz' } as const;

/**
 * The precompressed twins of a file: `<file>.br` / `<file>.gz` when present and not older than the
 * file (a file rebuilt without its twins is compressed on the fly instead, never answered stale).
 */
async function compressedTwins(file: {
  path: string;
  mtimeMs: number;
}): Promise<Record<'br' | 'gzip', string | null>> {
  const found: Record<'br' | 'gzip', string | null> = { br: null, gzip: null };
  for (const encoding of ['br', 'gzip'] as const) {
    const twin = file.path + TWIN_SUFFIX[encoding];
    try {
      const s = await stat(twin);
      if (s.isFile() && s.mtimeMs >= file.mtimeMs) found[encoding] = twin;
    } catch {
      // no twin: compressed on the fly, if at all
    }
  }
  return found;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
function matches(header: string | undefined, etag: string) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}
