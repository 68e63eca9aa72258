// Serves the built course from a folder, with the cross-origin isolation headers the runtime needs.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/** Headers that make a page cross-origin isolated (SharedArrayBuffer). */
export const ISOLATION_HEADERS = Object.freeze({
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
});

/** @type {Record<string, string>} */
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
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
};

/**
 * Creates a request handler that serves files under `root`.
 * `/a/b/` serves `a/b/index.html`; an unknown path serves the locale's `404.html` with status 404.
 * @param {string} root Folder to serve (the Astro build output).
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<void>}
 */
export function createStaticHandler(root) {
  const base = path.resolve(root);
  return async (req, res) => {
    for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end('Bad request');
      return;
    }
    const file = await resolveFile(base, pathname);
    if (file) {
      send(req, res, 200, file);
      return;
    }
    const notFound = await resolveFile(base, pathname.startsWith('/en/') ? '/en/404/' : '/404.html');
    if (notFound) send(req, res, 404, notFound);
    else res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
  };
}

/** @param {string} base @param {string} pathname */
async function resolveFile(base, pathname) {
  const target = path.resolve(base, '.' + pathname);
  if (target !== base && !target.startsWith(base + path.sep)) return null; // no escaping the root
  for (const candidate of [target, path.join(target, 'index.html'), target + '.html']) {
    try {
      const s = await stat(candidate);
      if (s.isFile()) return { path: candidate, size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      // try the next candidate
    }
  }
  return null;
}

/**
 * Sends a file. Hashed build assets are cached for a year; everything else is revalidated on each
 * use with an ETag, so a second fetch of an unchanged file (the interpreter the page prefetched
 * with a progress bar, then the worker's own fetch) costs a 304, not megabytes.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {number} status @param {{ path: string, size: number, mtimeMs: number }} file
 */
function send(req, res, status, file) {
  const ext = path.extname(file.path).toLowerCase();
  const hashed = file.path.includes(`${path.sep}_astro${path.sep}`);
  const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
  const headers = {
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ETag: etag,
    'Last-Modified': new Date(file.mtimeMs).toUTCString(),
  };
  if (status === 200 && matches(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(status, {
    ...headers,
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': file.size,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file.path).pipe(res);
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for GET). */
function matches(/** @type {string | undefined} */ header, /** @type {string} */ etag) {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}
