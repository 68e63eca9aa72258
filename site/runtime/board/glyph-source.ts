// The contract between the OLED and whatever supplies its 16-px glyphs, plus the board font's rules.

/** Rows in every 16-px glyph. */
export const GLYPH_ROWS = 16;

/**
 * Columns a glyph bitmap holds, and the width the board's font header declares (16): how far a
 * missing glyph moves x with auto_return. Advances may be wider (U+2E3B is 27 px on the board);
 * ink past column 16 is not kept.
 */
export const GLYPH_MAX_WIDTH = 16;

/** The last C0 control the board's font has a glyph for (U+0000–U+001B are 2-px blanks; U+001C–001F are not in it). */
const LAST_BLANK_CONTROL = 0x1b;

/** Highest code point the board's font covers (it stops at U+FFFF; anything above has no glyph). */
export const MAX_GLYPH_CODE_POINT = 0xffff;

/**
 * One 16-px glyph.
 * `rows[r]` is row r from the top; bit 15 is the leftmost pixel, so column c is `(rows[r] >> (15 - c)) & 1`.
 * `width` is the advance in pixels (the board's widest is 27); DispChar draws columns
 * `0 … width - 1`, of which the bitmap holds the first 16.
 */
export interface Glyph {
  readonly width: number;
  readonly rows: Uint16Array;
}

/**
 * Supplies DispChar's glyphs (the board's font in flash). `glyph` must be synchronous; `ensure`
 * loads first. (framebuf's `text()` uses MicroPython's own 8×8 font, inside the interpreter.)
 */
export interface GlyphSource {
  /** DispChar's glyph for a code point, or null when the font has none (or it is not loaded yet). */
  glyph(cp: number): Glyph | null;
  /** Resolves once every character of `text` can be answered by `glyph` without waiting. */
  ensure(text: string): Promise<void>;
}

/** U+0000–U+001B, '\n' among them, are 2-px blank glyphs on the board, not line breaks. */
const BLANK_CONTROL_GLYPH: Glyph = Object.freeze({ width: 2, rows: new Uint16Array(GLYPH_ROWS) });

/**
 * The board font's rules layered over the raw font, shared by every loader so that the browser
 * and Node agree (read from the board's font file, see README): U+0000–001B are 2-px blanks
 * ('\n' among them); U+001C–001F and U+007F–009F have no glyph; nor has anything above U+FFFF.
 * Returns `undefined` when the raw font decides.
 */
export function boardGlyphRule(cp: number): Glyph | null | undefined {
  if (cp < 0 || cp > MAX_GLYPH_CODE_POINT) return null;
  if (cp <= LAST_BLANK_CONTROL) return BLANK_CONTROL_GLYPH;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return null;
  return undefined;
}

/** A glyph source with no glyphs at all: DispChar then draws nothing (useful in tests). */
export const EMPTY_GLYPH_SOURCE: GlyphSource = Object.freeze({
  glyph: (cp: number): Glyph | null => boardGlyphRule(cp) ?? null,
  ensure: (): Promise<void> => Promise.resolve(),
});
