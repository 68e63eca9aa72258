// The course's file server: isolation headers, caching that lets a prefetched interpreter be reused,
// the 404 page per language, and no way out of the root.
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, createStaticHandler } from './static-files.ts';
import type { AddressInfo } from 'node:net';

/** A hashed interpreter directory's name (python-assets.ts, DIR_HASH_CHARS hex digits). */
const HASH = '0123456789abcdef';
/** A bundle-like text file, big enough to be worth compressing. */
const BIG_JS = Array.from({ length: 800 }, (_, i) => `export const value${i} = ${i} * 2;`).join('\n');

let parent: string;
let root: string;
let server: http.Server;
let origin: string;

beforeAll(async () => {
  parent = mkdtempSync(path.join(tmpdir(), 'udplab-static-'));
  root = path.join(parent, 'dist');
  mkdirSync(path.join(root, '_udplab/pyodide'), { recursive: true });
  mkdirSync(path.join(root, '_astro'), { recursive: true });
  mkdirSync(path.join(root, 'en/404'), { recursive: true });
  writeFileSync(path.join(root, '_udplab/pyodide/pyodide.asm.wasm'), Buffer.alloc(4096, 7));
  writeFileSync(path.join(root, '_astro/page.abc123.js'), 'export {};');
  writeFileSync(path.join(root, '_astro/big.abc123.js'), BIG_JS);
  writeFileSync(path.join(root, '_udplab/pyodide/python_stdlib.zip'), Buffer.alloc(8192, 0));
  // An interpreter's directory named by the hash of its files, as `astro build` writes it.
  mkdirSync(path.join(root, `_udplab/pyodide/${HASH}`), { recursive: true });
  mkdirSync(path.join(root, `_udplab/micropython/${HASH}`), { recursive: true });
  mkdirSync(path.join(root, '_udplab/pyodide/0123456789abcdef0'), { recursive: true });
  writeFileSync(path.join(root, `_udplab/pyodide/${HASH}/pyodide.asm.wasm`), Buffer.alloc(4096, 7));
  writeFileSync(path.join(root, `_udplab/pyodide/${HASH}/pyodide.mjs`), BIG_JS);
  writeFileSync(path.join(root, `_udplab/micropython/${HASH}/micropython.wasm`), Buffer.alloc(4096, 3));
  writeFileSync(path.join(root, '_udplab/pyodide/0123456789abcdef0/pyodide.mjs'), BIG_JS);
  writeFileSync(path.join(root, 'index.html'), '<p>首页</p>');
  writeFileSync(path.join(root, '404.html'), '<p>找不到</p>');
  writeFileSync(path.join(root, 'en/404/index.html'), '<p>Not found</p>');
  writeFileSync(path.join(parent, 'secret.txt'), 'no');
  symlinkSync('/etc/passwd', path.join(root, 'passwd')); // links inside the root pointing out of it
  symlinkSync(parent, path.join(root, 'up'));
  symlinkSync(path.join(parent, 'secret.txt'), path.join(root, 'secret.html'));
  symlinkSync(path.join(root, 'index.html'), path.join(root, 'alias.html')); // and one within it
  server = http.createServer(createStaticHandler(root));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${address.port}`;
});

afterAll(() => {
  server.close();
  rmSync(parent, { recursive: true, force: true });
});

describe('static files', () => {
  it('sends the cross-origin isolation headers with every response', async () => {
    const res = await fetch(`${origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await res.text()).toBe('<p>首页</p>');
  });

  it('answers a repeated fetch of an unchanged interpreter file with 304 and no body', async () => {
    const url = `${origin}/_udplab/pyodide/pyodide.asm.wasm`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/wasm');
    expect((await first.arrayBuffer()).byteLength).toBe(4096);
    const etag = first.headers.get('etag');
    // one validator per encoding the client accepted (fetch asks for gzip at least)
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+(-br|-gzip)?"$/);
    const again = await fetch(url, { headers: { 'If-None-Match': `"other", ${etag}` } });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const stale = await fetch(url, { headers: { 'If-None-Match': 'W/"1-1"' } });
    expect(stale.status).toBe(200);
  });

  it('caches hashed build assets for a year and revalidates everything else', async () => {
    const hashed = await fetch(`${origin}/_astro/page.abc123.js`);
    expect(hashed.headers.get('cache-control')).toContain('immutable');
    const page = await fetch(`${origin}/`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('caches the files of a hashed interpreter directory for a year, in every encoding and on a 304', async () => {
    for (const file of [`pyodide/${HASH}/pyodide.asm.wasm`, `micropython/${HASH}/micropython.wasm`]) {
      for (const encoding of ['br', 'gzip', 'identity']) {
        const res = await rawGet(`${origin}/_udplab/${file}`, { 'Accept-Encoding': encoding });
        expect(res.status, file).toBe(200);
        expect(res.headers['cache-control'], `${file} ${encoding}`).toBe(
          'public, max-age=31536000, immutable',
        );
        const again = await rawGet(`${origin}/_udplab/${file}`, {
          'Accept-Encoding': encoding,
          'If-None-Match': String(res.headers['etag']),
        });
        expect(again.status).toBe(304);
        expect(again.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      }
    }
    const module = await fetch(`${origin}/_udplab/pyodide/${HASH}/pyodide.mjs`);
    expect(module.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(module.headers.get('content-type')).toMatch(/^text\/javascript/);
    // Plain interpreter folders, other lengths, the folder itself and a 404 inside are revalidated.
    for (const url of [
      '/_udplab/pyodide/pyodide.asm.wasm',
      '/_udplab/pyodide/0123456789abcdef0/pyodide.mjs',
      `/_udplab/pyodide/${HASH.toUpperCase()}/pyodide.mjs`,
    ]) {
      const res = await fetch(origin + url);
      expect(res.headers.get('cache-control'), url).toBe('no-cache');
    }
    const missing = await fetch(`${origin}/_udplab/pyodide/${HASH}/nothing.wasm`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves the 404 page of the path’s language with status 404', async () => {
    const zh = await fetch(`${origin}/no/such/page/`);
    expect(zh.status).toBe(404);
    expect(await zh.text()).toContain('找不到');
    const en = await fetch(`${origin}/en/no/such/page/`);
    expect(en.status).toBe(404);
    expect(await en.text()).toContain('Not found');
  });

  it('never serves a file outside its root, however the path is spelled', async () => {
    for (const spelling of ['/../secret.txt', '/%2e%2e/secret.txt', '/_udplab/..%2f..%2fsecret.txt']) {
      const res = await new Promise((resolve, reject) => {
        // fetch() would normalise the dots away; a raw request sends them as a client could.
        http.get(`${origin}${spelling}`, resolve).on('error', reject);
      });
      const status = (res as http.IncomingMessage).statusCode;
      (res as http.IncomingMessage).resume();
      expect(status, spelling).not.toBe(200);
    }
  });

  it('follows no symbolic link out of its root, and links within it as their target', async () => {
    for (const spelling of [
      '/passwd',
      '/up/secret.txt',
      '/secret.html',
      '/secret',
      '/up/dist/../secret.txt',
    ]) {
      const res = await rawGet(`${origin}${spelling}`, {});
      expect(res.status, spelling).toBe(404);
      expect(res.body.toString(), spelling).not.toMatch(/root:|^no$/);
    }
    const alias = await rawGet(`${origin}/alias.html`, {});
    expect(alias.status).toBe(200);
    expect(alias.body.toString()).toBe('<p>首页</p>');
  });

  it('compresses text for a client that accepts it, brotli first, and names the decoded size', async () => {
    const url = `${origin}/_astro/big.abc123.js`;
    const gz = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['vary']).toBe('Accept-Encoding');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(BIG_JS.length / 3);
    expect(Number(gz.headers['x-udplab-decoded-length'])).toBe(Buffer.byteLength(BIG_JS));
    expect(zlib.gunzipSync(gz.body).toString()).toBe(BIG_JS);

    const br = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).toString()).toBe(BIG_JS);

    const refused = await rawGet(url, { 'Accept-Encoding': 'br;q=0, gzip;q=0.5' });
    expect(refused.headers['content-encoding']).toBe('gzip');

    const plain = await rawGet(url, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(BIG_JS);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(BIG_JS));
  });

  it('revalidates each encoding by its own ETag', async () => {
    const url = `${origin}/_astro/big.abc123.js`;
    const gz = await rawGet(url, { 'Accept-Encoding': 'gzip' });
    const etag = String(gz.headers['etag']);
    expect(etag).toMatch(/-gzip"$/);
    const again = await rawGet(url, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // the same validator does not stand for the uncompressed body
    const plain = await rawGet(url, { 'If-None-Match': etag });
    expect(plain.status).toBe(200);
    expect(plain.body.toString()).toBe(BIG_JS);
  });

  it('leaves archives and tiny files as they are', async () => {
    const zip = await rawGet(`${origin}/_udplab/pyodide/python_stdlib.zip`, {
      'Accept-Encoding': 'gzip, br',
    });
    expect(zip.headers['content-encoding']).toBeUndefined();
    expect(zip.body.length).toBe(8192);
    const tiny = await rawGet(`${origin}/`, { 'Accept-Encoding': 'gzip, br' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('<p>首页</p>');
  });

  it('sends twins compressed at build time as they are, never a stale one', async () => {
    const dir = path.join(root, '_udplab/pyodide');
    const data = Buffer.alloc(20000, 3);
    writeFileSync(path.join(dir, 'twin.snapshot'), data);
    // Byte for byte the twins (brotli's default quality differs from the server's own).
    const br = zlib.brotliCompressSync(data);
    const gz = zlib.gzipSync(data, { level: 9 });
    writeFileSync(path.join(dir, 'twin.snapshot.br'), br);
    writeFileSync(path.join(dir, 'twin.snapshot.gz'), gz);
    const url = `${origin}/_udplab/pyodide/twin.snapshot`;
    const viaBr = await rawGet(url, { 'Accept-Encoding': 'gzip, br' });
    expect(viaBr.headers['content-encoding']).toBe('br');
    expect(Buffer.compare(viaBr.body, br)).toBe(0);
    const viaGz = await rawGet(url, { 'Accept-Encoding': 'gzip' });
    expect(viaGz.headers['content-encoding']).toBe('gzip');
    expect(Buffer.compare(viaGz.body, gz)).toBe(0);
    // An archive (not compressed on the fly) with a twin goes compressed too.
    writeFileSync(path.join(dir, 'stored.zip'), data);
    writeFileSync(path.join(dir, 'stored.zip.br'), br);
    const zip = await rawGet(`${origin}/_udplab/pyodide/stored.zip`, { 'Accept-Encoding': 'br' });
    expect(zip.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(zip.body).equals(data)).toBe(true);
    // The file rebuilt after its twin: the twin is ignored, the new bytes compressed on the fly.
    const later = Buffer.alloc(20000, 5);
    writeFileSync(path.join(dir, 'twin.snapshot'), later);
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'twin.snapshot.br'), old, old);
    const fresh = await rawGet(url, { 'Accept-Encoding': 'br' });
    expect(fresh.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(fresh.body).equals(later)).toBe(true);
  });

  it('reads Accept-Encoding as RFC 9110 says (q-values, the * wildcard)', () => {
    expect(chooseEncoding(undefined)).toBe(null);
    expect(chooseEncoding('identity')).toBe(null);
    expect(chooseEncoding('GZIP')).toBe('gzip');
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding('*;q=0, gzip')).toBe('gzip');
    expect(chooseEncoding('br;q=0')).toBe(null);
    expect(chooseEncoding('gzip;q=0, br;q=0.1')).toBe('br');
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await fetch(`${origin}/`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

/** A GET with exactly these headers (fetch would add its own Accept-Encoding and decode the body). */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on('error', reject);
  });
}
