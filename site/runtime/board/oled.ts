// The 掌控板's 128×64 OLED panel (SSD1106) as the page and the runner see it: the memory the
// program last sent with show(), and the panel commands. Drawing happens in the board's Python,
// on MicroPython's own framebuf (site/runtime/python/shims/mpython.py). No DOM, no Node.

/** Panel size in pixels. */
export const OLED_WIDTH = 128;
export const OLED_HEIGHT = 64;

/** Bytes of panel memory: 8 pages of 128 columns, one byte per column of 8 rows (MONO_VLSB). */
export const OLED_MEMORY_BYTES = (OLED_WIDTH * OLED_HEIGHT) / 8;

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

/** Thrown for panel memory of the wrong size (a bug in the caller, not a learner's mistake). */
export class OledMemoryError extends Error {
  readonly code = 'OLED_ERR_MEMORY';
  constructor(length: number) {
    super(`OLED_ERR_MEMORY: the panel takes ${OLED_MEMORY_BYTES} bytes of MONO_VLSB memory, got ${length}`);
    this.name = 'OledMemoryError';
  }
}

/**
 * Row-major pixels (0/1) from panel memory as framebuf's MONO_VLSB lays it out: byte
 * `page * 128 + x` holds rows `page * 8 … page * 8 + 7` of column x, bit 0 at the top.
 */
export function pixelsFromMemory(memory: Uint8Array): Uint8Array {
  if (memory.length !== OLED_MEMORY_BYTES) throw new OledMemoryError(memory.length);
  const pixels = new Uint8Array(OLED_WIDTH * OLED_HEIGHT);
  for (let page = 0; page < OLED_HEIGHT / 8; page++) {
    for (let x = 0; x < OLED_WIDTH; x++) {
      const byte = memory[page * OLED_WIDTH + x]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (byte & (1 << bit)) pixels[(page * 8 + bit) * OLED_WIDTH + x] = 1;
    }
  }
  return pixels;
}

/** The inverse of {@link pixelsFromMemory}: MONO_VLSB memory from row-major pixels (any non-zero is lit). */
export function memoryFromPixels(pixels: Uint8Array): Uint8Array {
  const memory = new Uint8Array(OLED_MEMORY_BYTES);
  for (let y = 0; y < OLED_HEIGHT; y++) {
    for (let x = 0; x < OLED_WIDTH; x++) {
      if (pixels[y * OLED_WIDTH + x]) memory[(y >> 3) * OLED_WIDTH + x]! |= 1 << (y & 7);
    }
  }
  return memory;
}

/**
 * The board's panel. `show(memory)` puts a frame on it (what the driver's show() sends over I²C);
 * `invert`, `contrast`, `poweroff` and `poweron` are panel commands and take effect at once.
 * `snapshot()` is what a person would see (before inversion and power are applied).
 */
export class OledPanel {
  readonly width = OLED_WIDTH;
  readonly height = OLED_HEIGHT;
  #snapshot: OledSnapshot;
  #listeners = new Set<(snapshot: OledSnapshot) => void>();

  constructor() {
    this.#snapshot = freeze(0, new Uint8Array(OLED_WIDTH * OLED_HEIGHT), false, DEFAULT_CONTRAST, true);
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

  /** The driver's start-up (`import mpython`): panel cleared and on, not inverted, default contrast. */
  reset(): void {
    this.#publish({
      pixels: new Uint8Array(OLED_WIDTH * OLED_HEIGHT),
      inverted: false,
      contrast: DEFAULT_CONTRAST,
      on: true,
    });
  }

  /** A frame: the 1,024 bytes of the program's framebuf (MONO_VLSB), copied. */
  show(memory: Uint8Array): void {
    this.#publish({ pixels: pixelsFromMemory(memory) });
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

  #publish(change: Partial<Pick<OledSnapshot, 'pixels' | 'inverted' | 'contrast' | 'on'>>): void {
    const s = this.#snapshot;
    this.#snapshot = freeze(
      s.version + 1,
      change.pixels ?? s.pixels,
      change.inverted ?? s.inverted,
      change.contrast ?? s.contrast,
      change.on ?? s.on,
    );
    for (const listener of this.#listeners) listener(this.#snapshot);
  }
}

function freeze(
  version: number,
  pixels: Uint8Array,
  inverted: boolean,
  contrast: number,
  on: boolean,
): OledSnapshot {
  return Object.freeze({ version, width: OLED_WIDTH, height: OLED_HEIGHT, pixels, inverted, contrast, on });
}
