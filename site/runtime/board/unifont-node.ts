// Node side of the font pipeline: loads Unifont from node_modules and writes the browser's glyph blocks.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { FontGlyphSource } from './font-glyphs.ts';
import { blockFileName, BLOCK_COUNT, encodeGlyphBlock } from './glyph-block.ts';
import type { GlyphSource } from './glyph-source.ts';
import { TrueTypeFont } from './truetype.ts';
import { readFontTables } from './woff.ts';

/** The npm file the glyphs come from (GNU Unifont, as packaged by Fontsource; one file, whole BMP). */
export const UNIFONT_WOFF = '@fontsource/unifontex/files/unifontex-latin-400-normal.woff';

let shared: FontGlyphSource | undefined;

/** Parses the Unifont WOFF (≈0.1 s: it inflates 12 MB of glyf). */
export function loadUnifont(
  path: string = createRequire(import.meta.url).resolve(UNIFONT_WOFF),
): TrueTypeFont {
  const tables = readFontTables(
    new Uint8Array(readFileSync(path)),
    (bytes) => new Uint8Array(inflateSync(bytes)),
  );
  return new TrueTypeFont(tables);
}

/**
 * The glyph source for Node (headless runner, tests, dev server): synchronous, whole font in
 * memory, each glyph rasterized on first use. Shared by every caller in the process.
 */
export function loadNodeGlyphs(): GlyphSource {
  shared ??= new FontGlyphSource(loadUnifont());
  return shared;
}

/** Bytes of one glyph block file, for block index `block` (code points block×64 … block×64+63). */
export function renderGlyphBlock(block: number, glyphs: GlyphSource = loadNodeGlyphs()): Uint8Array {
  return encodeGlyphBlock(block, glyphs);
}

/**
 * Writes every glyph block of the BMP (`000.bin` … `3ff.bin`) into `outDir`, creating it.
 * @returns Number of files and total bytes written.
 */
export function buildGlyphBlocks(outDir: string): { files: number; bytes: number } {
  const glyphs = loadNodeGlyphs();
  mkdirSync(outDir, { recursive: true });
  let bytes = 0;
  for (let block = 0; block < BLOCK_COUNT; block++) {
    const data = renderGlyphBlock(block, glyphs);
    writeFileSync(join(outDir, blockFileName(block)), data);
    bytes += data.byteLength;
  }
  return { files: BLOCK_COUNT, bytes };
}
