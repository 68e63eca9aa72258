// One line of text in the board's font as the exercise checker expects to find it on the OLED.
// The board itself draws DispChar in its Python (mpython.py, on framebuf); this is the same
// layout for one line on a blank screen, so a check can say what "line 2 shows 'hello'" looks like.

import { GLYPH_ROWS, type GlyphSource } from './glyph-source.ts';

/** Width of the line in pixels: the OLED's. */
export const LINE_WIDTH = 128;

/**
 * The 16 rows × 128 columns (row-major, 0/1) that `DispChar(text, x, 0)` in normal mode leaves on a
 * blank screen: each glyph's ink, advancing its width + 1; a character without a glyph sends the
 * rest of the line off-screen, as on the board. Call `await glyphs.ensure(text)` first.
 */
export function renderLine(glyphs: GlyphSource, text: string, x = 0): Uint8Array {
  const out = new Uint8Array(GLYPH_ROWS * LINE_WIDTH);
  for (const ch of text) {
    const glyph = glyphs.glyph(ch.codePointAt(0)!);
    if (!glyph) {
      x += LINE_WIDTH;
      continue;
    }
    for (let r = 0; r < GLYPH_ROWS; r++) {
      const bits = glyph.rows[r]!;
      for (let p = 0; p < Math.min(glyph.width, 16); p++) {
        const px = x + p;
        if (px >= 0 && px < LINE_WIDTH && (bits >> (15 - p)) & 1) out[r * LINE_WIDTH + px] = 1;
      }
    }
    x += glyph.width + 1;
  }
  return out;
}
