// Node side of the font pipeline: opens the npm-packaged fonts with fontkitten and writes the
// browser's glyph blocks. DispChar: Noto Sans SC Light (@fontsource/noto-sans-sc, weight 300, its
// WOFF2 subsets); text(): GNU Unifont's ASCII (@fontsource/unifontex).

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { create, type Font } from 'fontkitten';
import { FontGlyphSource, type OutlineGlyph, type OutlineLookup } from './font-glyphs.ts';
import {
  blockFileName,
  BLOCK_COUNT,
  encodeGlyphBlock,
  encodeTextBlock,
  TEXT_BLOCKS,
  textBlockFileName,
} from './glyph-block.ts';
import { MAX_GLYPH_CODE_POINT, type GlyphSource } from './glyph-source.ts';

/** The npm package and file pattern of DispChar's font: Noto Sans SC, weight 300 (Light), every subset. */
export const BOARD_FONT_PACKAGE = '@fontsource/noto-sans-sc';
export const BOARD_FONT_FILES = /^noto-sans-sc-[a-z0-9-]+-300-normal\.woff2$/;

/** The npm file text()'s cells come from (GNU Unifont, as packaged by Fontsource). */
export const UNIFONT_WOFF = '@fontsource/unifontex/files/unifontex-latin-400-normal.woff';

/** Raised when a font file is missing or unreadable (reinstall the packages: `npm ci`). */
export class FontLoadError extends Error {
  readonly code: 'FONT_ERR_LOAD';
  constructor(message: string) {
    super(message);
    this.name = 'FontLoadError';
    this.code = 'FONT_ERR_LOAD';
  }
}

function open(path: string, unwrap?: (bytes: Uint8Array) => Buffer): Font {
  let font;
  try {
    const bytes = readFileSync(path);
    font = create(unwrap ? unwrap(bytes) : bytes);
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

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'

/**
 * Unwraps a WOFF 1.0 file into the plain sfnt it compresses (each table inflated once, offsets
 * rewritten; checksums kept). fontkitten reads WOFF itself, but inflates a table again for every
 * glyph it reads: Unifont's 12 MB `glyf` then costs ≈ 0.4 s per glyph instead of microseconds.
 */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const view = new DataView(woff.buffer, woff.byteOffset, woff.byteLength);
  if (woff.byteLength < 44 || view.getUint32(0) !== WOFF_SIGNATURE)
    throw new FontLoadError('not a WOFF 1.0 file');
  const count = view.getUint16(12);
  const tables: { entry: number; data: Uint8Array }[] = [];
  for (let i = 0; i < count; i++) {
    const entry = 44 + i * 20;
    const offset = view.getUint32(entry + 4);
    const compLength = view.getUint32(entry + 8);
    const origLength = view.getUint32(entry + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? new Uint8Array(inflateSync(raw)) : raw;
    if (data.byteLength !== origLength) throw new FontLoadError('a WOFF table did not unpack to its size');
    tables.push({ entry, data });
  }
  const padded = (n: number): number => (n + 3) & ~3;
  const out = Buffer.alloc(tables.reduce((n, t) => n + padded(t.data.byteLength), 12 + 16 * count));
  const pow = 2 ** Math.floor(Math.log2(Math.max(1, count)));
  out.writeUInt32BE(view.getUint32(4), 0); // the flavour: TrueType or CFF
  out.writeUInt16BE(count, 4);
  out.writeUInt16BE(pow * 16, 6);
  out.writeUInt16BE(Math.log2(pow), 8);
  out.writeUInt16BE(count * 16 - pow * 16, 10);
  let at = 12 + 16 * count;
  tables.forEach(({ entry, data }, i) => {
    const record = 12 + 16 * i;
    out.set(woff.subarray(entry, entry + 4), record); // tag
    out.writeUInt32BE(view.getUint32(entry + 16), record + 4); // checksum
    out.writeUInt32BE(at, record + 8);
    out.writeUInt32BE(data.byteLength, record + 12);
    out.set(data, at);
    at += padded(data.byteLength);
  });
  return out;
}

/** Opens Unifont (≈ 0.1 s: its WOFF is unwrapped once), for text()'s cells. */
export function loadUnifont(path: string = createRequire(import.meta.url).resolve(UNIFONT_WOFF)): {
  unitsPerEm: number;
  lookup: OutlineLookup;
} {
  const font = open(path, woffToSfnt);
  return {
    unitsPerEm: font.unitsPerEm,
    lookup: (cp) => (font.hasGlyphForCodePoint(cp) ? outlineOf(font, cp) : null),
  };
}

let shared: FontGlyphSource | undefined;

/**
 * The glyph source for Node (headless runner, tests, dev server, build): synchronous, fonts in
 * memory, each glyph rasterized on first use; Unifont is opened only when text() first draws.
 * Shared by every caller in the process.
 */
export function loadNodeGlyphs(): GlyphSource {
  shared ??= new FontGlyphSource({ board: loadBoardFont(), text: () => loadUnifont() });
  return shared;
}

/** Bytes of one DispChar glyph block file (code points block×64 … block×64+63). */
export function renderGlyphBlock(block: number, glyphs: GlyphSource = loadNodeGlyphs()): Uint8Array {
  return encodeGlyphBlock(block, glyphs);
}

/** Bytes of one text() glyph block file (block 0 or 1: printable ASCII). */
export function renderTextBlock(block: number, glyphs: GlyphSource = loadNodeGlyphs()): Uint8Array {
  return encodeTextBlock(block, glyphs);
}

/**
 * Writes every DispChar glyph block of the BMP (`000.bin` … `3ff.bin`) and the text() blocks
 * (`text-000.bin`, `text-001.bin`) into `outDir`, creating it.
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
  for (const block of TEXT_BLOCKS) write(textBlockFileName(block), renderTextBlock(block, glyphs));
  return { files: BLOCK_COUNT + TEXT_BLOCKS.length, bytes };
}
