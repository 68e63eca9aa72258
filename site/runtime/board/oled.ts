// The 掌控板's 128×64 OLED: mpython's `oled` object (framebuf + SSD1106 driver + DispChar), no DOM, no Node.

import { EMPTY_GLYPH_SOURCE, type GlyphSource } from './glyph-source.ts';
import {
  drawCircle,
  drawLine,
  drawRoundRect,
  fillCircle,
  fillTriangle,
  type Surface,
} from './oled-shapes.ts';
import {
  dispChar,
  drawText,
  TextMode,
  type DispCharResult,
  type PixelBuffer,
  type XorReads,
} from './oled-text.ts';

export { OledError, TextMode, type DispCharResult, type XorReads } from './oled-text.ts';

/** Panel size in pixels. */
export const OLED_WIDTH = 128;
export const OLED_HEIGHT = 64;

/** Contrast the SSD1106 driver sets at start-up (`SET_CONTRAST, 0xcf`). */
export const DEFAULT_CONTRAST = 0xcf;

/**
 * What the panel shows. `pixels` is row-major, one byte per pixel (0 or 1, index `y * width + x`),
 * before `inverted` and `on` are applied. Treat it as read-only: it is shared, never copied.
 */
export interface OledSnapshot {
  /** Increases whenever anything visible changes (show, invert, contrast, power). */
  readonly version: number;
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  /** `oled.invert(1)`: lit pixels dark and dark ones lit. */
  readonly inverted: boolean;
  /** 0–255, as last set by `oled.contrast()`; default 0xCF. */
  readonly contrast: number;
  /** False after `oled.poweroff()`: the panel is dark whatever its memory holds. */
  readonly on: boolean;
}

/** Options for {@link OledFramebuffer}. */
export interface OledOptions {
  /** Where DispChar and text() find glyphs. Default: none (text draws nothing). */
  glyphs?: GlyphSource;
  /**
   * What DispChar's xor mode toggles against. Default 'mirrored': as mpython's code does, it reads
   * the pixel mirrored within its 8-row page (so xor text is garbled where it overlaps itself, and
   * ink below the screen raises IndexError). 'exact': true xor, as mpython's documentation says.
   */
  xorReads?: XorReads;
}

/**
 * The board's `oled`. Drawing goes to a back buffer (the Python `framebuf`); `show()` copies it
 * to the panel, which is what `snapshot()` returns. `invert`, `contrast`, `poweroff` and `poweron`
 * are panel commands and take effect at once. Coordinates are integers; pixels outside the
 * screen are clipped silently, as framebuf does. Method names match the Python API.
 */
export class OledFramebuffer {
  readonly width = OLED_WIDTH;
  readonly height = OLED_HEIGHT;
  #glyphs: GlyphSource;
  #xorReads: XorReads;
  #back: PixelBuffer = {
    pixels: new Uint8Array(OLED_WIDTH * OLED_HEIGHT),
    width: OLED_WIDTH,
    height: OLED_HEIGHT,
  };
  #snapshot: OledSnapshot;
  #listeners = new Set<(snapshot: OledSnapshot) => void>();
  #surface: Surface = {
    setPixel: (x, y, c) => {
      if (x >= 0 && x < OLED_WIDTH && y >= 0 && y < OLED_HEIGHT)
        this.#back.pixels[y * OLED_WIDTH + x] = c ? 1 : 0;
    },
    fillRect: (x, y, w, h, c) => this.fill_rect(x, y, w, h, c),
  };

  constructor(options: OledOptions = {}) {
    this.#glyphs = options.glyphs ?? EMPTY_GLYPH_SOURCE;
    this.#xorReads = options.xorReads ?? 'mirrored';
    this.#snapshot = this.#makeSnapshot(
      0,
      new Uint8Array(OLED_WIDTH * OLED_HEIGHT),
      false,
      DEFAULT_CONTRAST,
      true,
    );
  }

  /** The glyph source DispChar uses (the kernel awaits `glyphs.ensure(s)` before DispChar). */
  get glyphs(): GlyphSource {
    return this.#glyphs;
  }

  /** Version of the current snapshot. */
  get version(): number {
    return this.#snapshot.version;
  }

  /** What the panel shows now (cheap: no copy). */
  snapshot(): OledSnapshot {
    return this.#snapshot;
  }

  /** Calls `listener` after every visible change; returns a function that unsubscribes. */
  subscribe(listener: (snapshot: OledSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The driver's start-up: clear memory and panel, panel on, not inverted, default contrast. */
  reset(): void {
    this.#back.pixels.fill(0);
    this.#publish({
      pixels: new Uint8Array(OLED_WIDTH * OLED_HEIGHT),
      inverted: false,
      contrast: DEFAULT_CONTRAST,
      on: true,
    });
  }

  /** Copies the back buffer to the panel. */
  show(): void {
    this.#publish({ pixels: this.#back.pixels.slice() });
  }

  /** `invert(v)`: only bit 0 counts, as the driver sends `0xA6 | (v & 1)`. */
  invert(v: number): void {
    this.#publish({ inverted: (v & 1) === 1 });
  }

  /** `contrast(v)`: the byte sent is `v & 0xFF`. */
  contrast(v: number): void {
    this.#publish({ contrast: v & 0xff });
  }

  poweroff(): void {
    this.#publish({ on: false });
  }

  poweron(): void {
    this.#publish({ on: true });
  }

  fill(c: number): void {
    this.#back.pixels.fill(c ? 1 : 0);
  }

  /** `pixel(x, y)` reads the back buffer (null off-screen, like Python's None); `pixel(x, y, c)` sets. */
  pixel(x: number, y: number): number | null;
  pixel(x: number, y: number, c: number): void;
  pixel(x: number, y: number, c?: number): number | null | void {
    const inside = x >= 0 && x < OLED_WIDTH && y >= 0 && y < OLED_HEIGHT;
    if (c === undefined) return inside ? this.#back.pixels[y * OLED_WIDTH + x]! : null;
    if (inside) this.#back.pixels[y * OLED_WIDTH + x] = c ? 1 : 0;
  }

  fill_rect(x: number, y: number, w: number, h: number, c: number): void {
    if (w < 1 || h < 1 || x + w <= 0 || y + h <= 0 || x >= OLED_WIDTH || y >= OLED_HEIGHT) return;
    const x0 = Math.max(0, x);
    const x1 = Math.min(OLED_WIDTH, x + w);
    const value = c ? 1 : 0;
    for (let row = Math.max(0, y), end = Math.min(OLED_HEIGHT, y + h); row < end; row++) {
      this.#back.pixels.fill(value, row * OLED_WIDTH + x0, row * OLED_WIDTH + x1);
    }
  }

  hline(x: number, y: number, w: number, c: number): void {
    this.fill_rect(x, y, w, 1, c);
  }

  vline(x: number, y: number, h: number, c: number): void {
    this.fill_rect(x, y, 1, h, c);
  }

  rect(x: number, y: number, w: number, h: number, c: number): void {
    this.fill_rect(x, y, w, 1, c);
    this.fill_rect(x, y + h - 1, w, 1, c);
    this.fill_rect(x, y, 1, h, c);
    this.fill_rect(x + w - 1, y, 1, h, c);
  }

  line(x1: number, y1: number, x2: number, y2: number, c: number): void {
    drawLine(this.#surface, x1, y1, x2, y2, c);
  }

  /** mpython addition: circle outline of radius r around (x, y). */
  circle(x: number, y: number, r: number, c: number): void {
    drawCircle(this.#surface, x, y, r, c);
  }

  /** mpython addition: filled circle. */
  fill_circle(x: number, y: number, r: number, c: number): void {
    fillCircle(this.#surface, x, y, r, c);
  }

  /** mpython addition: triangle outline. */
  triangle(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, c: number): void {
    this.line(x0, y0, x1, y1, c);
    this.line(x1, y1, x2, y2, c);
    this.line(x2, y2, x0, y0, c);
  }

  /** mpython addition: filled triangle. */
  fill_triangle(x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, c: number): void {
    fillTriangle(this.#surface, x0, y0, x1, y1, x2, y2, c);
  }

  /** mpython addition: rectangle with rounded corners of radius r. */
  RoundRect(x: number, y: number, w: number, h: number, r: number, c: number): void {
    drawRoundRect(this.#surface, x, y, w, h, r, c);
  }

  /**
   * mpython addition: `bitmap(x, y, bitmap, w, h, c)`, rows of `ceil(w / 8)` bytes, most significant
   * bit leftmost; set bits are drawn in colour c, clear bits leave the screen as it was.
   */
  bitmap(x: number, y: number, bitmap: Uint8Array, w: number, h: number, c: number): void {
    const stride = (w + 7) >> 3;
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++) {
        if ((bitmap[j * stride + (i >> 3)] ?? 0) & (0x80 >> (i & 7))) this.#surface.setPixel(x + i, y + j, c);
      }
    }
  }

  /** framebuf `scroll(xstep, ystep)`: shifts the contents; the uncovered edge keeps its old pixels. */
  scroll(xstep: number, ystep: number): void {
    const px = this.#back.pixels;
    const [sx, xend, dx] = xstep < 0 ? [0, OLED_WIDTH + xstep, 1] : [OLED_WIDTH - 1, xstep - 1, -1];
    const [sy, yend, dy] = ystep < 0 ? [0, OLED_HEIGHT + ystep, 1] : [OLED_HEIGHT - 1, ystep - 1, -1];
    for (let y = sy; y !== yend && y >= 0 && y < OLED_HEIGHT; y += dy) {
      for (let x = sx; x !== xend && x >= 0 && x < OLED_WIDTH; x += dx) {
        const fx = x - xstep;
        const fy = y - ystep;
        if (fx >= 0 && fx < OLED_WIDTH && fy >= 0 && fy < OLED_HEIGHT)
          px[y * OLED_WIDTH + x] = px[fy * OLED_WIDTH + fx]!;
      }
    }
  }

  /** framebuf `text(s, x, y, c=1)`: the 8×8 font (see font-8x8.ts), ink only. */
  text(s: string, x: number, y: number, c = 1): void {
    drawText(this.#back, this.#glyphs, s, x, y, c);
  }

  /**
   * mpython `DispChar(s, x, y, mode=TextMode.normal, auto_return=False)` with the 16-px font.
   * Call `await oled.glyphs.ensure(s)` first, or unloaded glyphs count as missing.
   * @param autoReturn Pass Python's `auto_return is True` (the board tests identity, so 1 does not wrap).
   * @returns `[total_width - 1, [next_x - 1, y]]`.
   * @throws OledError (IndexError) in xor mode for ink below the screen, as on the board (see `xorReads`).
   */
  DispChar(
    s: string,
    x: number,
    y: number,
    mode: number = TextMode.normal,
    autoReturn = false,
  ): DispCharResult {
    return dispChar(this.#back, this.#glyphs, s, x, y, mode, autoReturn, this.#xorReads);
  }

  #makeSnapshot(
    version: number,
    pixels: Uint8Array,
    inverted: boolean,
    contrast: number,
    on: boolean,
  ): OledSnapshot {
    return Object.freeze({ version, width: OLED_WIDTH, height: OLED_HEIGHT, pixels, inverted, contrast, on });
  }

  #publish(change: Partial<Pick<OledSnapshot, 'pixels' | 'inverted' | 'contrast' | 'on'>>): void {
    const s = this.#snapshot;
    this.#snapshot = this.#makeSnapshot(
      s.version + 1,
      change.pixels ?? s.pixels,
      change.inverted ?? s.inverted,
      change.contrast ?? s.contrast,
      change.on ?? s.on,
    );
    for (const listener of this.#listeners) listener(this.#snapshot);
  }
}
