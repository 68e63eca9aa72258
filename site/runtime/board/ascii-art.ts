// Renders an OLED snapshot as text, for golden transcripts and readable test failures.

import type { OledSnapshot } from './oled.ts';

/** Options for {@link toAscii}. */
export interface AsciiOptions {
  /** Character for a lit pixel. Default '#'. */
  lit?: string;
  /** Character for a dark pixel. Default '.'. */
  dark?: string;
  /** Region to render, in pixels. Default: the whole screen. */
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  /**
   * Show memory as stored, ignoring `inverted` and power. Default false: show what a person
   * sees (inverted swaps lit and dark; a powered-off panel is all dark).
   */
  raw?: boolean;
}

/** One line per pixel row, '\n'-separated, no trailing newline. */
export function toAscii(snapshot: OledSnapshot, options: AsciiOptions = {}): string {
  const { lit = '#', dark = '.', x = 0, y = 0, raw = false } = options;
  const { width = snapshot.width - x, height = snapshot.height - y } = options;
  const lines: string[] = [];
  for (let row = y; row < y + height; row++) {
    let line = '';
    for (let col = x; col < x + width; col++) {
      const inside = col >= 0 && col < snapshot.width && row >= 0 && row < snapshot.height;
      let on = inside && snapshot.pixels[row * snapshot.width + col] === 1;
      if (!raw) on = snapshot.on && on !== snapshot.inverted;
      line += on ? lit : dark;
    }
    lines.push(line);
  }
  return lines.join('\n');
}
