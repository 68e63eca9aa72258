// Browser only: paints OLED snapshots into a 128×64 canvas with the board's look (the core never imports this).

import type { OledPanel, OledSnapshot } from './oled.ts';

type Rgb = readonly [number, number, number];

/** Options for {@link OledCanvas} and {@link paintOledSnapshot}. */
export interface OledCanvasOptions {
  /** Colour of a lit pixel at full contrast. Default light blue [0x9a, 0xd7, 0xff]. */
  lit?: Rgb;
  /** Colour of the panel where nothing is lit (and when it is off). Default [0x05, 0x08, 0x0d]. */
  dark?: Rgb;
  /**
   * Brightness of lit pixels at contrast 0, as a fraction of full. Default 0.45: the SSD1106
   * dims noticeably but never goes black as contrast falls.
   */
  minBrightness?: number;
}

const DEFAULTS = { lit: [0x9a, 0xd7, 0xff] as Rgb, dark: [0x05, 0x08, 0x0d] as Rgb, minBrightness: 0.45 };

/**
 * Paints one snapshot, one canvas pixel per OLED pixel, applying invert, contrast and power.
 * Scale the canvas with CSS (`width: 512px; image-rendering: pixelated`) for crisp pixels.
 */
export function paintOledSnapshot(
  canvas: HTMLCanvasElement,
  snapshot: OledSnapshot,
  options: OledCanvasOptions = {},
): void {
  const { lit, dark, minBrightness } = { ...DEFAULTS, ...options };
  if (canvas.width !== snapshot.width) canvas.width = snapshot.width;
  if (canvas.height !== snapshot.height) canvas.height = snapshot.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  const image = context.createImageData(snapshot.width, snapshot.height);
  const k = minBrightness + (1 - minBrightness) * (snapshot.contrast / 255);
  const on: Rgb = [
    Math.round(dark[0] + (lit[0] - dark[0]) * k),
    Math.round(dark[1] + (lit[1] - dark[1]) * k),
    Math.round(dark[2] + (lit[2] - dark[2]) * k),
  ];
  const data = image.data;
  for (let i = 0; i < snapshot.pixels.length; i++) {
    const isLit = snapshot.on && (snapshot.pixels[i] === 1) !== snapshot.inverted;
    const colour = isLit ? on : dark;
    data[i * 4] = colour[0];
    data[i * 4 + 1] = colour[1];
    data[i * 4 + 2] = colour[2];
    data[i * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
}

/**
 * Keeps a canvas showing an OledPanel: repaints at most once per animation frame, and only
 * when the snapshot's version changed. Call `dispose()` when the canvas goes away.
 */
export class OledCanvas {
  #canvas: HTMLCanvasElement;
  #options: OledCanvasOptions;
  #painted = -1;
  #latest: OledSnapshot | null = null;
  #frame = 0;
  #unsubscribe: (() => void) | null = null;

  constructor(canvas: HTMLCanvasElement, options: OledCanvasOptions = {}) {
    this.#canvas = canvas;
    this.#options = options;
    canvas.style.imageRendering = 'pixelated';
  }

  /** Shows `oled` from now on (detaching any previous one) and paints its current snapshot. */
  attach(oled: OledPanel): void {
    this.#unsubscribe?.();
    this.#unsubscribe = oled.subscribe((snapshot) => this.render(snapshot));
    this.#painted = -1;
    this.render(oled.snapshot());
  }

  /** Schedules a repaint with this snapshot (coalesced to one per frame). */
  render(snapshot: OledSnapshot): void {
    this.#latest = snapshot;
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      const latest = this.#latest;
      if (!latest || latest.version === this.#painted) return;
      paintOledSnapshot(this.#canvas, latest, this.#options);
      this.#painted = latest.version;
    });
  }

  dispose(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }
}
