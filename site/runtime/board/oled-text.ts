// The two text renderers: mpython's DispChar (16-px font, four modes) and framebuf's 8×8 text().

import { TEXT_CELL, textCell } from './font-8x8.ts';
import { GLYPH_MAX_WIDTH, GLYPH_ROWS, type GlyphSource } from './glyph-source.ts';

/** DispChar modes, as `mpython.TextMode`. */
export const TextMode = Object.freeze({ normal: 1, rev: 2, trans: 3, xor: 4 });

/** DispChar's result: `(total_width - 1, (next_x - 1, y))`. */
export type DispCharResult = [number, [number, number]];

/** Raised where the board raises a Python error; `pythonType` names the exception to raise. */
export class OledError extends Error {
  readonly code: 'OLED_ERR_INDEX';
  readonly pythonType: 'IndexError';
  constructor(message: string) {
    super(message);
    this.name = 'OledError';
    this.code = 'OLED_ERR_INDEX';
    this.pythonType = 'IndexError';
  }
}

/** A row-major 1-byte-per-pixel buffer (0 or 1) of `width` × `height`. */
export interface PixelBuffer {
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * How xor mode reads the pixel it toggles. 'mirrored' (the board): see `xorReadPixel`.
 * 'exact': the pixel itself, as mpython's documentation describes xor; never raises.
 */
export type XorReads = 'mirrored' | 'exact';

/**
 * What xor mode reads on the board: mpython tests `buffer[(py >> 3) * 128 + px] & (0x80 >> (py % 8))`,
 * but the SSD1106 buffer is MONO_VLSB (bit 0 = top row of the page), so it reads the pixel
 * mirrored within its 8-row page, and wraps to other pages/columns for off-screen (px, py).
 * An index outside the 1024-byte buffer raises IndexError, as Python does.
 */
function xorReadPixel(buf: PixelBuffer, px: number, py: number, exact: boolean): number {
  if (exact)
    return px >= 0 && px < buf.width && py >= 0 && py < buf.height ? buf.pixels[py * buf.width + px]! : 0;
  const pages = buf.height >> 3;
  const size = pages * buf.width;
  let index = (py >> 3) * buf.width + px;
  if (index < -size || index >= size) throw new OledError('bytearray index out of range');
  if (index < 0) index += size;
  const column = index % buf.width;
  const row = ((index - column) / buf.width) * 8 + (7 - (py & 7));
  return buf.pixels[row * buf.width + column]!;
}

function setClipped(buf: PixelBuffer, x: number, y: number, c: number): void {
  if (x >= 0 && x < buf.width && y >= 0 && y < buf.height) buf.pixels[y * buf.width + x] = c;
}

/**
 * mpython's `OLED.DispChar`, step for step. Each glyph advances its width + 1. A character with
 * no glyph moves x by 16 with `autoReturn`, else by the screen width (so the rest of the line
 * lands off-screen), and adds nothing to the total width. With `autoReturn`, a glyph that would
 * pass the right edge starts a new line 16 px down, back at y = 0 past y = 48, and the width
 * skipped at the line end counts in the total.
 * Modes: normal draws the glyph box opaque (ink 1, background 0); rev inverts that; trans draws
 * ink only; xor toggles ink pixels (see `xorReadPixel`); any other mode clears ink pixels.
 * @param xorReads Default 'mirrored', as the firmware's code does.
 * @throws OledError (IndexError) only in 'mirrored' xor mode, for ink below the buffer, as the board does.
 */
export function dispChar(
  buf: PixelBuffer,
  glyphs: GlyphSource,
  text: string,
  x: number,
  y: number,
  mode: number,
  autoReturn: boolean,
  xorReads: XorReads = 'mirrored',
): DispCharResult {
  const { pixels, width, height } = buf;
  let total = 0;
  for (const ch of text) {
    const glyph = glyphs.glyph(ch.codePointAt(0)!);
    if (!glyph) {
      x += autoReturn ? GLYPH_MAX_WIDTH : width;
      continue;
    }
    const w = glyph.width;
    if (autoReturn && x > width - w) {
      total += width - x;
      x = 0;
      y += GLYPH_ROWS;
      if (y > height - GLYPH_ROWS) y = 0;
    }
    const rows = glyph.rows;
    if (mode === TextMode.xor) {
      const exact = xorReads === 'exact';
      for (let h = 0; h < GLYPH_ROWS; h++) {
        const py = y + h;
        const bits = rows[h]!;
        for (let p = 0; p < w; p++) {
          if (!((bits >> (15 - p)) & 1)) continue;
          const px = x + p;
          setClipped(buf, px, py, xorReadPixel(buf, px, py, exact) ? 0 : 1);
        }
      }
    } else {
      const ink = mode === TextMode.normal || mode === TextMode.trans ? 1 : 0;
      const paper = mode === TextMode.normal ? 0 : mode === TextMode.rev ? 1 : -1;
      const p0 = Math.max(0, -x);
      const p1 = Math.min(w, width - x);
      for (let h = 0; h < GLYPH_ROWS; h++) {
        const py = y + h;
        if (py < 0 || py >= height || p0 >= p1) continue;
        const bits = rows[h]!;
        const base = py * width + x;
        for (let p = p0; p < p1; p++) {
          if ((bits >> (15 - p)) & 1) pixels[base + p] = ink;
          else if (paper >= 0) pixels[base + p] = paper;
        }
      }
    }
    x += w + 1;
    total += w + 1;
  }
  return [total - 1, [x - 1, y]];
}

/** The UTF-8 bytes MicroPython stores for a string (lone surrogates as their 3-byte form, as it would). */
function utf8Bytes(text: string): number[] {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else
      bytes.push(
        0xf0 | (cp >> 18),
        0x80 | ((cp >> 12) & 0x3f),
        0x80 | ((cp >> 6) & 0x3f),
        0x80 | (cp & 0x3f),
      );
  }
  return bytes;
}

/**
 * framebuf's `text(s, x, y, c)`: 8×8 cells, ink pixels only, in colour c. Like MicroPython it
 * walks the UTF-8 bytes, so each byte outside 32–126 draws the replacement box (a CJK character
 * draws three). Cells are derived from the glyph source's ASCII glyphs (see font-8x8.ts); a
 * character whose glyph is not loaded yet draws nothing but still advances.
 */
export function drawText(
  buf: PixelBuffer,
  glyphs: GlyphSource,
  text: string,
  x: number,
  y: number,
  c: number,
): void {
  const ink = c !== 0 ? 1 : 0;
  for (const byte of utf8Bytes(text)) {
    const cell = textCell(glyphs, byte);
    for (let col = 0; col < TEXT_CELL; col++, x++) {
      if (!cell || x < 0 || x >= buf.width) continue;
      const mask = 0x80 >> col;
      for (let r = 0; r < TEXT_CELL; r++) {
        if (cell[r]! & mask) setClipped(buf, x, y + r, ink);
      }
    }
  }
}
