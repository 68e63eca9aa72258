// The OLED's syscalls. The board's Python draws with MicroPython's own framebuf; what crosses to
// the kernel is what crosses the board's I²C bus to the panel (a frame on show(), the panel
// commands) and DispChar's glyphs, which the board reads from its font in flash.

import type { HandlerTable } from '../python/index.ts';
import { GLYPH_ROWS, type Glyph, type GlyphSource } from './glyph-source.ts';
import { OLED_MEMORY_BYTES, type OledPanel } from './oled.ts';

/** The ops mpython.py's OLED calls. */
export const OLED_OPS = Object.freeze({
  /** `{}` + 1,024 bytes of MONO_VLSB memory → null: `oled.show()`. */
  show: 'oled.show',
  /** `{}` → null: the driver's start-up when `mpython` is imported. */
  reset: 'oled.reset',
  /** `{value}` (0 or 1) → null. */
  invert: 'oled.invert',
  /** `{value}` (0–255) → null. */
  contrast: 'oled.contrast',
  /** `{on}` → null: `poweron()` / `poweroff()`. */
  power: 'oled.power',
  /** `{cps: [code point, …]}` → `[[width, hex rows] | null, …]`: DispChar's font. May wait (the page fetches glyphs). */
  glyphs: 'oled.glyphs',
});

/** The OLED's ops. */
type OledOp = (typeof OLED_OPS)[keyof typeof OLED_OPS];

/** Most code points one `oled.glyphs` call may ask for (mpython.py asks for at most 1,024). */
export const MAX_GLYPH_REQUEST = 4096;

/** Thrown for a call the shim would never make (a bug, not a learner's mistake). */
export class OledCallError extends Error {
  readonly code = 'BOARD_ERR_OLED_CALL';
  constructor(message: string) {
    super(`BOARD_ERR_OLED_CALL: ${message}`);
    this.name = 'OledCallError';
  }
}

function int(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new OledCallError(`${what} must be an integer, got ${String(value)}`);
  return value;
}

/**
 * A glyph as mpython.py builds its framebuf from it: `width` and the 16 rows as hex, each row
 * `ceil(width / 8)` bytes (MONO_HLSB: most significant bit leftmost); columns past the bitmap's 16 are blank.
 */
export function glyphRowsHex(glyph: Glyph): string {
  const perRow = (glyph.width + 7) >> 3;
  let hex = '';
  for (let r = 0; r < GLYPH_ROWS; r++) {
    const bits = glyph.rows[r]!;
    for (let b = 0; b < perRow; b++) {
      const byte = b === 0 ? bits >> 8 : b === 1 ? bits & 0xff : 0;
      hex += byte.toString(16).padStart(2, '0');
    }
  }
  return hex;
}

/** The answer to `oled.glyphs` once the glyphs are loaded: one entry per code point asked. */
export function glyphAnswer(glyphs: GlyphSource, cps: readonly number[]): ([number, string] | null)[] {
  return cps.map((cp) => {
    const glyph = glyphs.glyph(cp);
    return glyph ? [glyph.width, glyphRowsHex(glyph)] : null;
  });
}

function codePoints(value: unknown): number[] {
  if (!Array.isArray(value) || value.length > MAX_GLYPH_REQUEST)
    throw new OledCallError(`cps must be a list of at most ${MAX_GLYPH_REQUEST} code points`);
  return value.map((cp) => int(cp, 'a code point'));
}

/** The text whose glyphs `ensure` must load (code points outside Unicode have no glyph anyway). */
function textOf(cps: readonly number[]): string {
  return cps
    .filter((cp) => cp >= 0 && cp <= 0x10ffff)
    .map((cp) => String.fromCodePoint(cp))
    .join('');
}

/** The handlers for one board's panel and font. */
export function oledHandlers(panel: OledPanel, glyphs: GlyphSource): HandlerTable<OledOp> {
  return {
    [OLED_OPS.show]: (_ctx, args) => {
      const data = args.data;
      if (!(data instanceof Uint8Array) || data.length !== OLED_MEMORY_BYTES)
        throw new OledCallError(`show needs the ${OLED_MEMORY_BYTES}-byte framebuf memory`);
      panel.show(data);
      return null;
    },
    [OLED_OPS.reset]: () => {
      panel.reset();
      return null;
    },
    [OLED_OPS.invert]: (_ctx, args) => {
      panel.invert(int(args.value, 'invert'));
      return null;
    },
    [OLED_OPS.contrast]: (_ctx, args) => {
      panel.contrast(int(args.value, 'contrast'));
      return null;
    },
    [OLED_OPS.power]: (_ctx, args) => {
      if (typeof args.on !== 'boolean') throw new OledCallError('power needs on: true or false');
      if (args.on) panel.poweron();
      else panel.poweroff();
      return null;
    },
    [OLED_OPS.glyphs]: async (_ctx, args) => {
      const cps = codePoints(args.cps);
      await glyphs.ensure(textOf(cps));
      return glyphAnswer(glyphs, cps);
    },
  };
}
