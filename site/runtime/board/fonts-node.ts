// Node side of the font pipeline: opens DispChar's font with fontkitten and writes the browser's
// glyph blocks: Noto Sans SC Light (@fontsource/noto-sans-sc, weight 300, its WOFF2 subsets).

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { create, type Font } from 'fontkitten';
import { FontGlyphSource, type OutlineGlyph, type OutlineLookup } from './font-glyphs.ts';
import { blockFileName, BLOCK_COUNT, encodeGlyphBlock } from './glyph-block.ts';
import { MAX_GLYPH_CODE_POINT, type GlyphSource } from './glyph-source.ts';

/** The npm package and file pattern of DispChar's font: Noto Sans SC, weight 300 (Light), every subset. */
export const BOARD_FONT_PACKAGE = '@fontsource/noto-sans-sc';
export const BOARD_FONT_FILES = /^noto-sans-sc-[a-z0-9-]+-300-normal\.woff2$/;

/** Raised when a font file is missing or unreadable (reinstall the packages: `npm ci`). */
export class FontLoadError extends Error {
  readonly code: 'FONT_ERR_LOAD';
  constructor(message: string) {
    super(message);
    this.name = 'FontLoadError';
    this.code = 'FONT_ERR_LOAD';
  }
}

function open(path: string): Font {
  let font;
  try {
    font = create(readFileSync(path));
  } catch (error) {
    throw new FontLoadError(
      `Cannot read the font ${path} (${error instanceof Error ? error.message : String(error)}); run \`npm ci\`.`,
    );
  }
  if (!('glyphForCodePoint' in font)) throw new FontLoadError(`${path} is a font collection, not one font.`);
  return font;
}

function outlineOf(font: Font, cp: number): OutlineGlyph {
  const glyph = font.glyphForCodePoint(cp);
  return { advanceWidth: glyph.advanceWidth, commands: glyph.path.commands };
}

/** The folder holding a Fontsource package's font files. */
function packageFiles(pkg: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${pkg}/package.json`)), 'files');
}

/**
 * Opens every Light subset of Noto Sans SC (≈ 0.3 s: each file's character map is read once) and
 * returns a lookup over their union; a code point in several subsets takes the first (same glyph).
 */
export function loadBoardFont(dir: string = packageFiles(BOARD_FONT_PACKAGE)): {
  unitsPerEm: number;
  lookup: OutlineLookup;
  codePoints: () => IterableIterator<number>;
} {
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((name) => BOARD_FONT_FILES.test(name))
      .sort();
  } catch {
    files = [];
  }
  if (files.length === 0)
    throw new FontLoadError(
      `No Noto Sans SC Light files in ${dir}; run \`npm ci\` (package ${BOARD_FONT_PACKAGE}).`,
    );
  const owner = new Map<number, Font>();
  let unitsPerEm = 0;
  for (const name of files) {
    const font = open(join(dir, name));
    unitsPerEm ||= font.unitsPerEm;
    for (const cp of font.characterSet) if (cp <= MAX_GLYPH_CODE_POINT && !owner.has(cp)) owner.set(cp, font);
  }
  return {
    unitsPerEm,
    lookup: (cp) => {
      const font = owner.get(cp);
      return font ? outlineOf(font, cp) : null;
    },
    codePoints: () => owner.keys(),
  };
}

let shared: FontGlyphSource | undefined;

/**
 * The glyph source for Node (headless runner, tests, dev server, build): synchronous, fonts in
 * memory, each glyph rasterized on first use.
 * Shared by every caller in the process.
 */
export function loadNodeGlyphs(): GlyphSource {
  shared ??= new FontGlyphSource({ board: loadBoardFont() });
  return shared;
}

/** Bytes of one DispChar glyph block file (code points block×64 … block×64+63). */
export function renderGlyphBlock(block: number, glyphs: GlyphSource = loadNodeGlyphs()): Uint8Array {
  return encodeGlyphBlock(block, glyphs);
}

/**
 * Writes every DispChar glyph block of the BMP (`000.bin` … `3ff.bin`) into `outDir`, creating it.
 * @returns Number of files and total bytes written.
 */
export function buildGlyphBlocks(outDir: string): { files: number; bytes: number } {
  const glyphs = loadNodeGlyphs();
  mkdirSync(outDir, { recursive: true });
  let bytes = 0;
  const write = (name: string, data: Uint8Array): void => {
    writeFileSync(join(outDir, name), data);
    bytes += data.byteLength;
  };
  for (let block = 0; block < BLOCK_COUNT; block++)
    write(blockFileName(block), renderGlyphBlock(block, glyphs));
  return { files: BLOCK_COUNT, bytes };
}
