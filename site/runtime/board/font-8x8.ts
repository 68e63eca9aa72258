// framebuf's 8×8 text font, derived at run time from Unifont's 8×16 ASCII glyphs (no font data here).
//
// How a glyph is derived: Unifont draws ASCII in rows 1–15 (capitals 4–13, x-height from row 6,
// descenders 14–15). Rows 1–15 are cut into 8 runs of adjacent rows, each run OR-ed into one
// output row. The cut is chosen per glyph by dynamic programming: it minimises the pixels that
// OR-ing adds (so runs of identical rows merge for free, keeping every bar and gap of 'B', 'E',
// '8') plus a penalty for moving an inked row away from where a fixed scale puts it (capital top
// → row 0, x-height → row 2, baseline → row 6, descender → row 7), so that glyphs line up. In
// practice capitals fill rows 1–6, lowercase 2–6 with ascenders from row 0, descenders row 7.
// Columns are kept: Unifont's ASCII glyphs already fit in 8 columns. Two glyphs that OR-ing
// spoils ('e' closes up, 's' turns into an '8') and the replacement box are drawn by hand here.

import type { GlyphSource } from './glyph-source.ts';

/** Rows and columns of the text font's cells. */
export const TEXT_CELL = 8;

const FIRST_SOURCE_ROW = 1;
const LAST_SOURCE_ROW = 15;
const POSITION_WEIGHT = 2;

/** Where the fixed scale puts source row s: capital top (4) → 0, x-height (6) → 2, baseline (13) → 6. */
function expectedRow(s: number): number {
  if (s >= 14) return s === 14 ? 6.5 : 7;
  return s <= 6 ? Math.max(0, s - 4) : 2 + ((s - 6) * 4) / 7;
}

function popcount(v: number): number {
  let n = 0;
  for (; v; v &= v - 1) n++;
  return n;
}

/**
 * Shrinks one 8-wide Unifont glyph (16 rows, bit 15 = leftmost) to 8 rows of 8 pixels
 * (bit 7 = leftmost), as described at the top of this file.
 */
export function downsampleGlyph(rows16: Uint16Array): Uint8Array {
  const src: number[] = [];
  for (let s = FIRST_SOURCE_ROW; s <= LAST_SOURCE_ROW; s++) src.push((rows16[s] ?? 0) >>> 8);
  const n = src.length;
  // cost of OR-ing src[a..b) into output row t
  const runCost = (a: number, b: number, t: number): number => {
    let or = 0;
    for (let i = a; i < b; i++) or |= src[i]!;
    let cost = 0;
    for (let i = a; i < b; i++) {
      const row = src[i]!;
      cost += popcount(or ^ row);
      if (row) cost += POSITION_WEIGHT * Math.abs(t - expectedRow(i + FIRST_SOURCE_ROW));
    }
    return cost;
  };
  // best[j][i]: least cost of putting the first i source rows into j output rows
  const best: number[][] = [];
  const cut: number[][] = [];
  for (let j = 0; j <= TEXT_CELL; j++) {
    best.push(new Array<number>(n + 1).fill(Infinity));
    cut.push(new Array<number>(n + 1).fill(0));
  }
  best[0]![0] = 0;
  for (let j = 1; j <= TEXT_CELL; j++) {
    for (let i = j; i <= n - (TEXT_CELL - j); i++) {
      for (let a = j - 1; a < i; a++) {
        const cost = best[j - 1]![a]! + runCost(a, i, j - 1);
        if (cost < best[j]![i]!) {
          best[j]![i] = cost;
          cut[j]![i] = a;
        }
      }
    }
  }
  const out = new Uint8Array(TEXT_CELL);
  for (let j = TEXT_CELL, i = n; j > 0; j--) {
    const a = cut[j]![i]!;
    for (let k = a; k < i; k++) out[j - 1] = out[j - 1]! | src[k]!;
    i = a;
  }
  return out;
}

/** Cells drawn by hand where the derivation reads badly (rows top to bottom, bit 7 = leftmost). */
const HAND_DRAWN: Record<string, readonly number[]> = {
  e: [0x00, 0x00, 0x3c, 0x42, 0x7e, 0x40, 0x3c, 0x00],
  s: [0x00, 0x00, 0x3e, 0x40, 0x3c, 0x02, 0x7c, 0x00],
};

/** The replacement box for bytes outside 32–126, drawn for this project rather than derived. */
const REPLACEMENT_CELL = Uint8Array.of(0x00, 0x7e, 0x42, 0x42, 0x42, 0x42, 0x7e, 0x00);

const cellCache = new WeakMap<GlyphSource, Map<number, Uint8Array>>();

/**
 * The 8×8 cell framebuf draws for one byte of a string (rows top to bottom, bit 7 = leftmost):
 * bytes outside 32–126 get the replacement box, as framebuf draws its glyph 127 for them.
 * Null while the glyph the cell is derived from is not loaded.
 */
export function textCell(glyphs: GlyphSource, byte: number): Uint8Array | null {
  if (byte < 32 || byte > 126) return REPLACEMENT_CELL;
  let cells = cellCache.get(glyphs);
  if (!cells) {
    cells = new Map();
    cellCache.set(glyphs, cells);
  }
  let cell = cells.get(byte);
  if (!cell) {
    const hand = HAND_DRAWN[String.fromCharCode(byte)];
    const glyph = hand ? null : glyphs.textGlyph(byte);
    if (!hand && !glyph) return null;
    cell = hand ? Uint8Array.from(hand) : downsampleGlyph(glyph!.rows);
    cells.set(byte, cell);
  }
  return cell;
}
