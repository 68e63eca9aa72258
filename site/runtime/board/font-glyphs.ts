// Board glyphs from a parsed TrueType font: the board font's rules, then width and 16-px bitmap.

import { boardGlyphRule, GLYPH_MAX_WIDTH, GLYPH_ROWS, type Glyph, type GlyphSource } from './glyph-source.ts';
import { rasterizeOutline, type PixelGrid } from './rasterize.ts';
import type { TrueTypeFont } from './truetype.ts';

/** Pixels from the top of a 16-px glyph to the baseline (Unifont: 14; 2 rows of descender). */
export const BASELINE_ROW = 14;

/** The pixel grid of a 16-px-per-em font whose baseline is 14 px below the top. */
export function unifontGrid(font: TrueTypeFont): PixelGrid {
  const unitsPerPixel = font.unitsPerEm / GLYPH_ROWS;
  return { unitsPerPixel, top: BASELINE_ROW * unitsPerPixel };
}

/** Renders one code point as the board would see it, or null when it has no glyph. */
export function glyphFromFont(
  font: TrueTypeFont,
  cp: number,
  grid: PixelGrid = unifontGrid(font),
): Glyph | null {
  const rule = boardGlyphRule(cp);
  if (rule !== undefined) return rule;
  const gid = font.glyphIndex(cp);
  if (gid === 0) return null;
  const width = Math.max(0, Math.min(GLYPH_MAX_WIDTH, Math.round(font.advance(gid) / grid.unitsPerPixel)));
  const rows = rasterizeOutline(font.outline(gid), grid);
  // Pixels beyond the advance are never drawn by DispChar; keep the bitmap to what is drawn.
  const mask = width === 0 ? 0 : (0xffff << (16 - width)) & 0xffff;
  for (let r = 0; r < GLYPH_ROWS; r++) rows[r] = rows[r]! & mask;
  return { width, rows };
}

/**
 * A synchronous glyph source over a whole font, rasterizing each glyph on first use and caching it.
 * `ensure` resolves at once: everything is already in memory.
 */
export class FontGlyphSource implements GlyphSource {
  #font: TrueTypeFont;
  #grid: PixelGrid;
  #cache = new Map<number, Glyph | null>();

  constructor(font: TrueTypeFont) {
    this.#font = font;
    this.#grid = unifontGrid(font);
  }

  glyph(cp: number): Glyph | null {
    let glyph = this.#cache.get(cp);
    if (glyph === undefined) {
      glyph = glyphFromFont(this.#font, cp, this.#grid);
      this.#cache.set(cp, glyph);
    }
    return glyph;
  }

  ensure(): Promise<void> {
    return Promise.resolve();
  }
}
