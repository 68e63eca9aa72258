// Board glyphs from outline fonts: the DispChar font (Noto Sans SC Light at the board's size).
// Pure: fonts come in as outlines.

import { boardGlyphRule, GLYPH_ROWS, type Glyph, type GlyphSource } from './glyph-source.ts';
import { rasterizeCommands, type PathCommand, type RasterGrid } from './rasterize.ts';

/** One glyph as a font library gives it: advance and outline, in font units. */
export interface OutlineGlyph {
  advanceWidth: number;
  commands: readonly PathCommand[];
}

/** Code point → outline glyph, or null when the font does not map it. */
export type OutlineLookup = (cp: number) => OutlineGlyph | null;

/** How an outline font is cut into board pixels, for a font of any units per em. */
export interface GlyphSize extends Omit<RasterGrid, 'scale'> {
  /** Pixels per em. */
  pixelsPerEm: number;
}

/**
 * DispChar's font as the board has it: Noto Sans CJK SC Light drawn at 11 px per em in a 16-row
 * cell, baseline at the top of row 12 (the board's font file: height 16, baseline 12, '中' 11 px
 * wide), width = advance rounded to whole pixels. The ink threshold (30 % of a pixel's area) is
 * ours, chosen because it agrees best with the board's bitmaps (README).
 */
export const BOARD_FONT_SIZE: Readonly<GlyphSize> = Object.freeze({
  pixelsPerEm: 11,
  baselineRow: 12,
  threshold: 0.3,
  samples: 8,
});

/** The raster grid for a font of `unitsPerEm` at `size`. */
export function gridFor(unitsPerEm: number, size: Readonly<GlyphSize>): RasterGrid {
  return {
    scale: size.pixelsPerEm / unitsPerEm,
    baselineRow: size.baselineRow,
    threshold: size.threshold,
    samples: size.samples,
  };
}

/** Rasterizes one outline glyph: width = advance in whole pixels; bitmap kept to the columns DispChar draws. */
export function glyphFromOutline(outline: OutlineGlyph, grid: RasterGrid): Glyph {
  const width = Math.max(0, Math.round(outline.advanceWidth * grid.scale));
  const rows = rasterizeCommands(outline.commands, grid);
  const mask = width === 0 ? 0 : width >= 16 ? 0xffff : (0xffff << (16 - width)) & 0xffff;
  for (let r = 0; r < GLYPH_ROWS; r++) rows[r] = rows[r]! & mask;
  return { width, rows };
}

/** The font of a {@link FontGlyphSource}. */
export interface OutlineFonts {
  /** DispChar's font (Noto Sans SC Light). */
  board: { unitsPerEm: number; lookup: OutlineLookup };
}

/**
 * A synchronous glyph source over a whole font in memory, rasterizing each glyph on first use and
 * caching it. `ensure` resolves at once.
 */
export class FontGlyphSource implements GlyphSource {
  #fonts: OutlineFonts;
  #board: RasterGrid;
  #cache = new Map<number, Glyph | null>();

  constructor(fonts: OutlineFonts) {
    this.#fonts = fonts;
    this.#board = gridFor(fonts.board.unitsPerEm, BOARD_FONT_SIZE);
  }

  glyph(cp: number): Glyph | null {
    let glyph = this.#cache.get(cp);
    if (glyph === undefined) {
      const rule = boardGlyphRule(cp);
      if (rule !== undefined) glyph = rule;
      else {
        const outline = this.#fonts.board.lookup(cp);
        glyph = outline ? glyphFromOutline(outline, this.#board) : null;
      }
      this.#cache.set(cp, glyph);
    }
    return glyph;
  }

  ensure(): Promise<void> {
    return Promise.resolve();
  }
}
