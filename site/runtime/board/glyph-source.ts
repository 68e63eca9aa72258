// The contract between the OLED and whatever supplies its 16-px glyphs, plus the board font's rules.

/** Rows in every 16-px glyph. */
export const GLYPH_ROWS = 16;

/** Widest glyph the font has, in pixels (CJK). Also how far a missing glyph moves x with auto_return. */
export const GLYPH_MAX_WIDTH = 16;

/** Highest code point the board's font covers (it stops at U+FFFF; anything above has no glyph). */
export const MAX_GLYPH_CODE_POINT = 0xffff;

/**
 * One 16-px glyph.
 * `rows[r]` is row r from the top; bit 15 is the leftmost pixel, so column c is `(rows[r] >> (15 - c)) & 1`.
 * `width` is the advance in pixels (0–16); DispChar draws columns `0 … width - 1` only.
 */
export interface Glyph {
  readonly width: number;
  readonly rows: Uint16Array;
}

/** Supplies glyphs to the OLED. `glyph` must be synchronous; `ensure` loads what a string needs first. */
export interface GlyphSource {
  /** The glyph for a code point, or null when the font has none (or it is not loaded yet). */
  glyph(cp: number): Glyph | null;
  /** Resolves once every character of `text` can be answered by `glyph` without waiting. */
  ensure(text: string): Promise<void>;
}

/** '\n' on the board is a 2-px blank glyph, not a line break (BOARD.md). */
const NEWLINE_GLYPH: Glyph = Object.freeze({ width: 2, rows: new Uint16Array(GLYPH_ROWS) });

/**
 * The board font's rules layered over the raw font, shared by every loader so that the browser
 * and Node agree: '\n' is a 2-px blank; other C0/C1 controls (U+0000–001F, U+007F–009F) have no
 * glyph; code points above U+FFFF have no glyph. Returns `undefined` when the raw font decides.
 */
export function boardGlyphRule(cp: number): Glyph | null | undefined {
  if (cp === 0x0a) return NEWLINE_GLYPH;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp > MAX_GLYPH_CODE_POINT || cp < 0) return null;
  return undefined;
}

/** A glyph source with no glyphs at all: DispChar then draws nothing (useful in tests). */
export const EMPTY_GLYPH_SOURCE: GlyphSource = Object.freeze({
  glyph: (cp: number): Glyph | null => boardGlyphRule(cp) ?? null,
  ensure: (): Promise<void> => Promise.resolve(),
});
