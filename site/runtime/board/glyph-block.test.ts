// The font pipeline: block files round-trip, the fetch loader loads lazily, dedupes, and fails clearly.

import { beforeAll, describe, expect, it } from 'vitest';
import {
  BLOCK_COUNT,
  blockFileName,
  blockOf,
  decodeGlyphBlock,
  encodeGlyphBlock,
  GlyphBlockError,
} from './glyph-block.ts';
import type { GlyphSource } from './glyph-source.ts';
import { FetchGlyphSource, GlyphFetchError, loadBrowserGlyphs } from './glyphs-browser.ts';
import { drawOnBoard } from './testing/board-harness.ts';
import { glyphAnswer } from './kernel-oled.ts';
import { renderGlyphBlock, loadNodeGlyphs } from './fonts-node.ts';

let node: GlyphSource;
beforeAll(() => {
  node = loadNodeGlyphs();
});

/** A fetch that serves blocks rendered in memory, and counts what was asked for. */
function memoryFetch(log: string[]): (url: string) => Promise<Uint8Array> {
  return (url) => {
    log.push(url);
    const match = /\/([0-9a-f]{3})\.bin$/.exec(url);
    if (!match) return Promise.reject(new Error('404'));
    return Promise.resolve(renderGlyphBlock(parseInt(match[1]!, 16), node));
  };
}

describe('glyph block files', () => {
  it('names 1024 blocks of 64 code points by three hex digits', () => {
    expect(BLOCK_COUNT).toBe(1024);
    expect(blockOf(0x4e2d)).toBe(0x138);
    expect(blockFileName(0x138)).toBe('138.bin');
    expect(blockFileName(0)).toBe('000.bin');
  });

  it('round-trips every glyph of a Latin and a CJK block', () => {
    for (const block of [1, 0x138]) {
      const decoded = decodeGlyphBlock(encodeGlyphBlock(block, node), block);
      decoded.forEach((glyph, i) => {
        const original = node.glyph(block * 64 + i);
        expect(glyph?.width).toBe(original?.width);
        expect(glyph && [...glyph.rows]).toEqual(original && [...original.rows]);
      });
    }
  });

  it('packs glyphs up to 8 px wide in 16 bytes and wider ones in 32', () => {
    const size = (block: number, at: (cp: number) => { width: number } | null): number => {
      let bytes = 8 + 64;
      for (let cp = block * 64; cp < block * 64 + 64; cp++) {
        const glyph = at(cp);
        if (glyph) bytes += glyph.width <= 8 ? 16 : 32;
      }
      return bytes;
    };
    expect(node.glyph(0x7f)).toBeNull(); // DEL has none
    expect(node.glyph(0x40)?.width).toBe(10); // '@': a wide Latin glyph
    expect(renderGlyphBlock(1, node).byteLength).toBe(size(1, (cp) => node.glyph(cp)));
    expect(node.glyph(0x4e00)?.width).toBe(11);
    expect(renderGlyphBlock(0x138, node).byteLength).toBe(size(0x138, (cp) => node.glyph(cp)));
    expect(renderGlyphBlock(0x380, node).byteLength).toBe(8 + 64); // U+E000–E03F: private use, no glyphs
  });

  it('rejects a truncated block, another version, or another block', () => {
    const bytes = renderGlyphBlock(1, node);
    expect(() => decodeGlyphBlock(bytes.subarray(0, 100), 1)).toThrow(GlyphBlockError);
    expect(() => decodeGlyphBlock(bytes, 2)).toThrow(/another block/);
    const other = bytes.slice();
    other[3] = 2;
    expect(() => decodeGlyphBlock(other, 1)).toThrow(/version-1/);
  });
});

describe('FetchGlyphSource', () => {
  it('preloads ASCII, then fetches only the blocks a string needs, once each', async () => {
    const log: string[] = [];
    const glyphs = await loadBrowserGlyphs({
      baseUrl: '/base/_udplab/glyphs/',
      fetchBytes: memoryFetch(log),
    });
    expect(log).toEqual(['/base/_udplab/glyphs/000.bin', '/base/_udplab/glyphs/001.bin']);
    expect(glyphs.glyph(0x4e2d)).toBeNull();
    await Promise.all([glyphs.ensure('中文 hi\n'), glyphs.ensure('中')]);
    expect(log.slice(2).sort()).toEqual(['/base/_udplab/glyphs/138.bin', '/base/_udplab/glyphs/196.bin']);
    expect(glyphs.loadedBlocks).toBe(4);
    await glyphs.ensure('中文');
    expect(log).toHaveLength(4);
  });

  it('gives the board the same glyphs, and DispChar the same pixels, as the Node source', async () => {
    const glyphs = await loadBrowserGlyphs({ fetchBytes: memoryFetch([]) });
    const text = 'UDP 收到: 你好!\n';
    await glyphs.ensure(text);
    const cps = [...text].map((ch) => ch.codePointAt(0)!);
    expect(glyphAnswer(glyphs, cps)).toEqual(glyphAnswer(node, cps));
    const code = `print(oled.DispChar(${JSON.stringify(text)}, 3, 5, 1, True))`;
    const [page, runner] = [await drawOnBoard(code, glyphs), await drawOnBoard(code, node)];
    expect(page.stdout).toBe(runner.stdout);
    expect(page.art()).toBe(runner.art());
    expect(page.art()).toContain('#');
  });

  it('does not fetch for characters that can never have a glyph', async () => {
    const log: string[] = [];
    const glyphs = new FetchGlyphSource({ fetchBytes: memoryFetch(log) });
    await glyphs.ensure('\n\t😀');
    expect(log).toEqual([]);
    expect(glyphs.glyph(0x0a)?.width).toBe(2);
  });

  it('rejects with GLYPHS_ERR_FETCH on failure and retries on the next ensure', async () => {
    let fail = true;
    const glyphs = new FetchGlyphSource({
      fetchBytes: (url) =>
        fail ? Promise.reject(new GlyphFetchError(url, 'HTTP 404')) : memoryFetch([])(url),
    });
    await expect(glyphs.ensure('中')).rejects.toMatchObject({
      code: 'GLYPHS_ERR_FETCH',
      url: '/_udplab/glyphs/138.bin',
    });
    expect(glyphs.glyph(0x4e2d)).toBeNull();
    fail = false;
    await glyphs.ensure('中');
    expect(glyphs.glyph(0x4e2d)?.width).toBe(11);
  });

  it('turns HTTP errors from the global fetch into GlyphFetchError', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (() => Promise.resolve(new Response('nope', { status: 404 }))) as typeof fetch;
    try {
      await expect(new FetchGlyphSource().ensure('A')).rejects.toThrow(/HTTP 404.*udplabGlyphs/);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
