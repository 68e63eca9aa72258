// The build's pages get brotli/gzip twins the relay sends as they are; the service worker's script,
// small files, non-text files and the interpreters' directory do not.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { writePageTwins } from './page-twins.ts';

describe('page twins', () => {
  it('twins text files of the build, never the service worker, small files or _udplab/', async () => {
    const out = mkdtempSync(join(tmpdir(), 'udplab-twins-'));
    const cache = mkdtempSync(join(tmpdir(), 'udplab-twins-cache-'));
    try {
      const script = 'export const lesson = "UDP 数据报";\n'.repeat(400);
      mkdirSync(join(out, '_astro'));
      mkdirSync(join(out, '_udplab', 'glyphs'), { recursive: true });
      writeFileSync(join(out, '_astro', 'page.js'), script);
      writeFileSync(join(out, 'index.html'), `<p>${'课'.repeat(2000)}</p>`);
      writeFileSync(join(out, 'coi-sw.js'), script);
      writeFileSync(join(out, 'tiny.css'), 'p{}');
      writeFileSync(join(out, 'photo.png'), Buffer.alloc(4096, 1));
      writeFileSync(join(out, '_udplab', 'glyphs', 'block.json'), script);
      const [files] = await writePageTwins(out, cache);
      expect(files).toBe(2);
      expect(zlib.brotliDecompressSync(readFileSync(join(out, '_astro', 'page.js.br'))).toString()).toBe(
        script,
      );
      expect(zlib.gunzipSync(readFileSync(join(out, '_astro', 'page.js.gz'))).toString()).toBe(script);
      expect(existsSync(join(out, 'index.html.br'))).toBe(true);
      for (const none of ['coi-sw.js', 'tiny.css', 'photo.png', '_udplab/glyphs/block.json'])
        expect(existsSync(join(out, `${none}.br`)), none).toBe(false);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
