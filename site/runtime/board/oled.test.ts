// The panel: frames from framebuf memory (MONO_VLSB), panel commands, versions; toAscii.

import { describe, expect, it } from 'vitest';
import { toAscii } from './ascii-art.ts';
import {
  DEFAULT_CONTRAST,
  memoryFromPixels,
  OLED_MEMORY_BYTES,
  OledMemoryError,
  OledPanel,
  pixelsFromMemory,
  type OledSnapshot,
} from './oled.ts';

function litCount(snapshot: OledSnapshot): number {
  return snapshot.pixels.reduce((sum, p) => sum + p, 0);
}

/** Panel memory with the given pixels lit. */
function memoryWith(...lit: [number, number][]): Uint8Array {
  const pixels = new Uint8Array(128 * 64);
  for (const [x, y] of lit) pixels[y * 128 + x] = 1;
  return memoryFromPixels(pixels);
}

describe('frames from framebuf memory', () => {
  it('reads MONO_VLSB: byte page × 128 + x holds rows page × 8 … + 7 of column x, bit 0 on top', () => {
    const memory = new Uint8Array(OLED_MEMORY_BYTES);
    memory[0] = 0b0000_0101; // column 0: rows 0 and 2
    memory[128 + 5] = 0b1000_0000; // page 1, column 5: row 15
    memory[1023] = 0b1000_0000; // page 7, column 127: row 63
    const pixels = pixelsFromMemory(memory);
    const lit = [...pixels.keys()].filter((i) => pixels[i]).map((i) => [i % 128, Math.floor(i / 128)]);
    expect(lit).toEqual([
      [0, 0],
      [0, 2],
      [5, 15],
      [127, 63],
    ]);
    expect(memoryFromPixels(pixels)).toEqual(memory);
  });

  it('refuses memory of another size', () => {
    expect(() => new OledPanel().show(new Uint8Array(1023))).toThrow(OledMemoryError);
    expect(() => pixelsFromMemory(new Uint8Array(2048))).toThrow(/OLED_ERR_MEMORY/);
  });
});

describe('the panel', () => {
  it('starts dark, on, not inverted, at the driver contrast, version 0', () => {
    const snap = new OledPanel().snapshot();
    expect(snap).toMatchObject({
      version: 0,
      width: 128,
      height: 64,
      inverted: false,
      contrast: DEFAULT_CONTRAST,
      on: true,
    });
    expect(snap.pixels).toHaveLength(128 * 64);
    expect(litCount(snap)).toBe(0);
  });

  it('shows a copy of each frame: later changes to the memory do not reach it', () => {
    const panel = new OledPanel();
    const memory = memoryWith([3, 4]);
    panel.show(memory);
    const shown = panel.snapshot();
    expect(shown.version).toBe(1);
    expect(toAscii(shown, { x: 2, y: 4, width: 3, height: 1 })).toBe('.#.');
    memory.fill(0xff);
    expect(litCount(panel.snapshot())).toBe(1);
    expect(panel.snapshot()).toBe(shown);
  });

  it('applies invert, contrast and power at once, bumping the version and telling subscribers', () => {
    const panel = new OledPanel();
    const seen: number[] = [];
    const stop = panel.subscribe((snap) => seen.push(snap.version));
    panel.show(memoryWith([0, 0]));
    panel.invert(1);
    expect(panel.snapshot().inverted).toBe(true);
    expect(toAscii(panel.snapshot(), { width: 3, height: 1 })).toBe('.##');
    expect(toAscii(panel.snapshot(), { width: 3, height: 1, raw: true })).toBe('#..');
    panel.invert(2); // only bit 0 counts
    expect(panel.snapshot().inverted).toBe(false);
    panel.contrast(0x1ff);
    expect(panel.snapshot().contrast).toBe(0xff);
    panel.poweroff();
    expect(panel.snapshot().on).toBe(false);
    expect(toAscii(panel.snapshot(), { width: 3, height: 1 })).toBe('...');
    panel.poweron();
    expect(panel.snapshot().on).toBe(true);
    stop();
    panel.show(memoryWith());
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reset() clears the panel and restores the start-up state', () => {
    const panel = new OledPanel();
    panel.show(new Uint8Array(OLED_MEMORY_BYTES).fill(0xff));
    panel.invert(1);
    panel.poweroff();
    panel.reset();
    expect(panel.snapshot()).toMatchObject({ inverted: false, on: true, contrast: DEFAULT_CONTRAST });
    expect(litCount(panel.snapshot())).toBe(0);
  });
});

describe('toAscii', () => {
  it('renders the whole screen as 64 lines of 128 characters by default', () => {
    const art = toAscii(new OledPanel().snapshot());
    expect(art.split('\n')).toHaveLength(64);
    expect(art.split('\n').every((row) => row.length === 128 && /^\.+$/.test(row))).toBe(true);
  });

  it('takes other characters and a region that may pass the edge', () => {
    const panel = new OledPanel();
    panel.show(memoryWith([127, 0]));
    expect(toAscii(panel.snapshot(), { x: 126, y: 0, width: 3, height: 1, lit: '@', dark: ' ' })).toBe(' @ ');
  });
});
