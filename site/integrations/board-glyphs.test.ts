// The Astro integration: dev middleware routes block requests; the build hook writes every block.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AstroIntegration } from 'astro';
import { describe, expect, it } from 'vitest';
import { decodeGlyphBlock } from '../runtime/board/index.ts';
import udplabGlyphs from './board-glyphs.ts';

type Hooks = AstroIntegration['hooks'];
type Middleware = (req: { url?: string }, res: FakeResponse, next: () => void) => void;

interface FakeResponse {
  headers: Record<string, string>;
  body: Uint8Array | null;
  setHeader(name: string, value: string): void;
  end(body: Uint8Array): void;
}

function fakeResponse(): FakeResponse {
  return {
    headers: {},
    body: null,
    setHeader(name, value) {
      this.headers[name] = value;
    },
    end(body) {
      this.body = body;
    },
  };
}

/** Runs the config and server hooks with just what they read; returns the middleware. */
function devMiddleware(base: string): Middleware {
  const hooks: Hooks = udplabGlyphs().hooks;
  let middleware: Middleware | undefined;
  const configDone = hooks['astro:config:done'] as (options: unknown) => void;
  const serverSetup = hooks['astro:server:setup'] as (options: unknown) => void;
  configDone({ config: { base } });
  serverSetup({ server: { middlewares: { use: (fn: Middleware) => (middleware = fn) } } });
  return middleware!;
}

describe('udplabGlyphs()', () => {
  it('serves blocks under the base in dev and passes everything else on', () => {
    const use = devMiddleware('/course');
    const res = fakeResponse();
    let passed = 0;
    use({ url: '/course/_udplab/glyphs/138.bin?v=1' }, res, () => passed++);
    expect(passed).toBe(0);
    expect(res.headers['Content-Type']).toBe('application/octet-stream');
    expect(decodeGlyphBlock(res.body!, 0x138)[0x4e2d % 64]?.width).toBe(11);
    for (const url of [
      '/course/_udplab/glyphs/text-001.bin', // text()'s font is MicroPython's own now
      '/_udplab/glyphs/138.bin',
      '/course/_udplab/glyphs/400.bin',
      '/course/_udplab/glyphs/13.bin',
      '/x',
    ]) {
      use({ url }, fakeResponse(), () => passed++);
    }
    expect(passed).toBe(5);
  });

  it('writes all 1024 DispChar blocks into dist/_udplab/glyphs/ at build', () => {
    const dist = mkdtempSync(join(tmpdir(), 'udplab-glyphs-'));
    try {
      const logged: string[] = [];
      const buildDone = udplabGlyphs().hooks['astro:build:done'] as (options: unknown) => void;
      buildDone({ dir: pathToFileURL(dist + '/'), logger: { info: (m: string) => logged.push(m) } });
      const files = readdirSync(join(dist, '_udplab', 'glyphs'));
      expect(files).toHaveLength(1024);
      expect(files).toContain('3ff.bin');
      const block = decodeGlyphBlock(new Uint8Array(readFileSync(join(dist, '_udplab/glyphs/001.bin'))), 1);
      expect(block[1]?.width).toBe(6); // 'A'
      expect(logged[0]).toMatch(/^1024 glyph blocks, \d+ KiB/);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
