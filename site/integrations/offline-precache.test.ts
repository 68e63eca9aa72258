// The service worker's build step (site/integrations/offline-precache.ts): what it lists, what it
// leaves out, its budget and its versions, on a small build made here.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrecacheError, describeBuild, writeServiceWorker } from './offline-precache.ts';
import { INTERPRETER_FILES } from './python-assets.ts';

const SW_SOURCE = readFileSync(new URL('../public/coi-sw.js', import.meta.url), 'utf8');
let dir: string;
/** The interpreters' hashed directories, as `astro build` names them (python-assets.ts). */
const PYODIDE = 'pyodide/0123456789abcdef/';
const MICROPYTHON = 'micropython/fedcba9876543210/';

function put(file: string, body: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), body);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'udplab-precache-'));
  put('index.html', '<h1>首页</h1>');
  put('404.html', 'not found');
  put('basics/network/index.html', '<h1>网络</h1>');
  put('en/basics/network/index.html', '<h1>Network</h1>');
  put('_astro/page.abc123.js', 'console.log(1)');
  put('pagefind/pagefind.js', '//');
  put('sitemap-0.xml', '<urlset/>');
  put('coi-sw.js', SW_SOURCE);
  for (const file of INTERPRETER_FILES.pyodide) put(`_udplab/${PYODIDE}${file}`, file);
  for (const file of INTERPRETER_FILES.micropython) put(`_udplab/${MICROPYTHON}${file}`, file);
  put(`_udplab/${PYODIDE}udplab.snapshot`, 'snapshot');
  put('_udplab/glyphs/000.bin', 'g0');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the precache list', () => {
  it('holds the pages as their URLs and the assets, never the interpreters, sitemaps or the worker itself', () => {
    const build = describeBuild(dir);
    expect([...build.pages].sort()).toEqual(
      [
        '404.html',
        './',
        '_astro/page.abc123.js',
        'basics/network/',
        'en/basics/network/',
        'pagefind/pagefind.js',
      ].sort(),
    );
    expect(build.interpreters.cpython).toContain(`_udplab/${PYODIDE}pyodide.asm.wasm`);
    expect(build.interpreters.micropython).toContain(`_udplab/${MICROPYTHON}micropython.wasm`);
    expect(build.interpreters.dirs).toEqual([`_udplab/${PYODIDE}`, `_udplab/${MICROPYTHON}`]);
    expect(build.interpreters.glyphs).toEqual(['_udplab/glyphs/000.bin']);
  });

  it('changes the pages version with a page, and the interpreters version only with an interpreter', () => {
    const first = describeBuild(dir);
    put('basics/network/index.html', '<h1>网络 v2</h1>');
    const second = describeBuild(dir);
    expect(second.version).not.toBe(first.version);
    expect(second.interpreters.version).toBe(first.interpreters.version);
    put(`_udplab/${PYODIDE}udplab.snapshot`, 'another snapshot'); // the page's own cache keeps it
    expect(describeBuild(dir).interpreters.version).toBe(first.interpreters.version);
    put(`_udplab/${MICROPYTHON}micropython.wasm`, 'mp v2');
    expect(describeBuild(dir).interpreters.version).not.toBe(first.interpreters.version);
    expect(describeBuild(dir).interpreters.glyphsVersion).toBe(first.interpreters.glyphsVersion);
    put('_udplab/glyphs/000.bin', 'g0 v2');
    expect(describeBuild(dir).interpreters.glyphsVersion).not.toBe(first.interpreters.glyphsVersion);
  });

  it('refuses a precache over its budget, saying which limit', () => {
    expect(() => describeBuild(dir, 10)).toThrowError(PrecacheError);
    try {
      describeBuild(dir, 10);
    } catch (err) {
      expect((err as PrecacheError).code).toBe('UDPLAB_ERR_PRECACHE_BUDGET');
      expect((err as Error).message).toMatch(/PRECACHE_MAX_BYTES/);
    }
  });

  it('writes the lists into the service worker, which stays valid JavaScript', () => {
    const build = describeBuild(dir);
    writeServiceWorker(dir, build);
    const source = readFileSync(join(dir, 'coi-sw.js'), 'utf8');
    expect(source).toContain(`"version":"${build.version}"`);
    expect(source).toContain('"basics/network/"');
    expect(() => new Function('self', 'caches', source)).not.toThrow();
    put('coi-sw.js', '// no markers');
    expect(() => writeServiceWorker(dir, build)).toThrowError(/UDPLAB_BUILD/);
  });
});
