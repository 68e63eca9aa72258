// The binary glyph-block format the browser fetches: 64 code points per file, bitmaps packed by width.
//
// Layout (little-endian where it matters):
//   0  'U' 'G' 'B' 0x01      magic and format version
//   4  u16 block index       code points block×64 … block×64+63
//   6  u8  6                 log2 of the block size
//   7  u8  0                 reserved
//   8  64 × u8 width         0xFF = no glyph, else the advance in pixels (0–254)
//   72 bitmaps, in code-point order, for glyphs that exist: 16 rows of 1 byte when width ≤ 8,
//      else 16 rows of 2 bytes (big-endian); the most significant bit is the leftmost pixel.
//
// DispChar's blocks are `XXX.bin`; text()'s source glyphs (printable ASCII only, blocks 0 and 1)
// use the same format in `text-XXX.bin`.

import { GLYPH_ROWS, MAX_GLYPH_CODE_POINT, type Glyph, type GlyphSource } from './glyph-source.ts';

/** Code points per block file. Small blocks keep a lesson's download small (CJK is scattered). */
export const BLOCK_SIZE = 64;
const BLOCK_SHIFT = 6;

/** Number of block files covering U+0000–U+FFFF. */
export const BLOCK_COUNT = (MAX_GLYPH_CODE_POINT + 1) / BLOCK_SIZE;

const HEADER_BYTES = 8;
const NO_GLYPH = 0xff;
const MAGIC = [0x55, 0x47, 0x42, 0x01];

/** Raised for a block file that is truncated, of another version, or for another block. */
export class GlyphBlockError extends Error {
  readonly code: 'GLYPHS_ERR_BAD_BLOCK';
  constructor(message: string) {
    super(message);
    this.name = 'GlyphBlockError';
    this.code = 'GLYPHS_ERR_BAD_BLOCK';
  }
}

/** The block a code point lives in. */
export function blockOf(cp: number): number {
  return cp >>> BLOCK_SHIFT;
}

/** File name of a block: three lowercase hex digits, e.g. U+4E2D → block 0x138 → `138.bin`. */
export function blockFileName(block: number): string {
  return `${block.toString(16).padStart(3, '0')}.bin`;
}

/** Encodes DispChar's glyphs of one block, asking `glyphs.glyph` for each code point. */
export function encodeGlyphBlock(block: number, glyphs: GlyphSource): Uint8Array {
  return encodeBlock(block, (cp) => glyphs.glyph(cp));
}

const MAX_WIDTH = NO_GLYPH - 1;

function encodeBlock(block: number, glyphAt: (cp: number) => Glyph | null): Uint8Array {
  const found: (Glyph | null)[] = [];
  let dataBytes = 0;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const glyph = glyphAt(block * BLOCK_SIZE + i);
    if (glyph && (glyph.width > MAX_WIDTH || glyph.width < 0))
      throw new GlyphBlockError(
        `U+${(block * BLOCK_SIZE + i).toString(16)} is ${glyph.width} px wide; a block holds 0–${MAX_WIDTH}.`,
      );
    found.push(glyph);
    if (glyph) dataBytes += glyph.width <= 8 ? GLYPH_ROWS : GLYPH_ROWS * 2;
  }
  const out = new Uint8Array(HEADER_BYTES + BLOCK_SIZE + dataBytes);
  out.set(MAGIC, 0);
  out[4] = block & 0xff;
  out[5] = block >>> 8;
  out[6] = BLOCK_SHIFT;
  let at = HEADER_BYTES + BLOCK_SIZE;
  found.forEach((glyph, i) => {
    out[HEADER_BYTES + i] = glyph ? glyph.width : NO_GLYPH;
    if (!glyph) return;
    for (let r = 0; r < GLYPH_ROWS; r++) {
      const bits = glyph.rows[r]!;
      out[at++] = bits >>> 8;
      if (glyph.width > 8) out[at++] = bits & 0xff;
    }
  });
  return out;
}

/** Decodes a block file into its 64 glyphs (null where a code point has none). */
export function decodeGlyphBlock(bytes: Uint8Array, expectedBlock: number): (Glyph | null)[] {
  const fail = (why: string): never => {
    throw new GlyphBlockError(
      `Glyph block ${blockFileName(expectedBlock)} ${why}; rebuild the site's glyphs.`,
    );
  };
  if (bytes.byteLength < HEADER_BYTES + BLOCK_SIZE) fail('is truncated');
  if (MAGIC.some((b, i) => bytes[i] !== b)) fail('is not a version-1 glyph block');
  if ((bytes[4]! | (bytes[5]! << 8)) !== expectedBlock || bytes[6] !== BLOCK_SHIFT)
    fail('is for another block');
  const glyphs: (Glyph | null)[] = [];
  let at = HEADER_BYTES + BLOCK_SIZE;
  for (let i = 0; i < BLOCK_SIZE; i++) {
    const width = bytes[HEADER_BYTES + i]!;
    if (width === NO_GLYPH) {
      glyphs.push(null);
      continue;
    }
    const wide = width > 8;
    if (at + (wide ? 32 : 16) > bytes.byteLength) fail('is truncated');
    const rows = new Uint16Array(GLYPH_ROWS);
    for (let r = 0; r < GLYPH_ROWS; r++) {
      rows[r] = wide ? (bytes[at]! << 8) | bytes[at + 1]! : bytes[at]! << 8;
      at += wide ? 2 : 1;
    }
    glyphs.push({ width, rows });
  }
  return glyphs;
}
