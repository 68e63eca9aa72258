// The framebuffer: back buffer vs panel, panel commands, framebuf shapes with clipping, 8×8 text.

import { beforeAll, describe, expect, it } from 'vitest';
import { toAscii } from './ascii-art.ts';
import type { GlyphSource } from './glyph-source.ts';
import { DEFAULT_CONTRAST, OledFramebuffer, type OledSnapshot } from './oled.ts';
import { loadNodeGlyphs } from './fonts-node.ts';

let glyphs: GlyphSource;
beforeAll(() => {
  glyphs = loadNodeGlyphs();
});

const lines = (...rows: string[]): string => rows.join('\n');

function region(oled: OledFramebuffer, x: number, y: number, width: number, height: number): string {
  oled.show();
  return toAscii(oled.snapshot(), { x, y, width, height });
}

function litCount(snapshot: OledSnapshot): number {
  return snapshot.pixels.reduce((sum, p) => sum + p, 0);
}

describe('show() and the panel', () => {
  it('starts dark, on, not inverted, at the driver contrast, version 0', () => {
    const snap = new OledFramebuffer().snapshot();
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

  it('shows nothing until show(), then a copy that later drawing does not touch', () => {
    const oled = new OledFramebuffer();
    oled.fill(1);
    oled.pixel(3, 4, 0);
    expect(oled.snapshot().version).toBe(0);
    expect(litCount(oled.snapshot())).toBe(0);
    oled.show();
    const shown = oled.snapshot();
    expect(shown.version).toBe(1);
    expect(litCount(shown)).toBe(128 * 64 - 1);
    oled.fill(0);
    expect(litCount(oled.snapshot())).toBe(128 * 64 - 1);
    expect(oled.snapshot()).toBe(shown);
  });

  it('applies invert, contrast and power at once, bumping the version and telling subscribers', () => {
    const oled = new OledFramebuffer();
    const seen: number[] = [];
    const stop = oled.subscribe((snap) => seen.push(snap.version));
    oled.pixel(0, 0, 1);
    oled.show();
    oled.invert(1);
    expect(oled.snapshot().inverted).toBe(true);
    expect(toAscii(oled.snapshot(), { width: 3, height: 1 })).toBe('.##');
    expect(toAscii(oled.snapshot(), { width: 3, height: 1, raw: true })).toBe('#..');
    oled.invert(2); // only bit 0 counts
    expect(oled.snapshot().inverted).toBe(false);
    oled.contrast(0x1ff);
    expect(oled.snapshot().contrast).toBe(0xff);
    oled.poweroff();
    expect(oled.snapshot().on).toBe(false);
    expect(toAscii(oled.snapshot(), { width: 3, height: 1 })).toBe('...');
    oled.poweron();
    expect(oled.snapshot().on).toBe(true);
    stop();
    oled.show();
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('reset() clears memory and panel and restores the start-up state', () => {
    const oled = new OledFramebuffer();
    oled.fill(1);
    oled.show();
    oled.invert(1);
    oled.poweroff();
    oled.reset();
    expect(oled.snapshot()).toMatchObject({ inverted: false, on: true, contrast: DEFAULT_CONTRAST });
    expect(litCount(oled.snapshot())).toBe(0);
    expect(oled.pixel(5, 5)).toBe(0);
  });
});

describe('pixels and rectangles', () => {
  it('reads the back buffer, null off-screen; treats any non-zero colour as 1', () => {
    const oled = new OledFramebuffer();
    oled.pixel(127, 63, 7);
    expect(oled.pixel(127, 63)).toBe(1);
    expect(oled.pixel(128, 0)).toBeNull();
    expect(oled.pixel(-1, 0)).toBeNull();
    oled.pixel(128, 64, 1);
    oled.pixel(-1, -1, 1);
    oled.show();
    expect(litCount(oled.snapshot())).toBe(1);
  });

  it('clips rectangles and lines at the edges silently', () => {
    const oled = new OledFramebuffer();
    oled.fill_rect(-2, -2, 4, 4, 1);
    oled.fill_rect(126, 62, 10, 10, 1);
    oled.hline(-50, 10, 300, 1);
    oled.vline(20, -5, 3, 1); // entirely above the screen
    oled.fill_rect(5, 5, 0, 3, 1); // zero width: nothing
    oled.show();
    expect(toAscii(oled.snapshot(), { width: 3, height: 3 })).toBe(lines('##.', '##.', '...'));
    expect(toAscii(oled.snapshot(), { x: 125, y: 61, width: 3, height: 3 })).toBe(lines('...', '.##', '.##'));
    expect(litCount(oled.snapshot())).toBe(4 + 4 + 128);
  });

  it('draws rect as an outline', () => {
    const oled = new OledFramebuffer();
    oled.rect(1, 1, 4, 3, 1);
    expect(region(oled, 0, 0, 6, 5)).toBe(lines('......', '.####.', '.#..#.', '.####.', '......'));
  });
});

describe('framebuf and mpython shapes', () => {
  it('draws lines with both end points, in any direction', () => {
    const oled = new OledFramebuffer();
    oled.line(0, 0, 5, 2, 1);
    oled.line(6, 4, 6, 0, 1);
    expect(region(oled, 0, 0, 7, 5)).toBe(lines('##....#', '..##..#', '....###', '......#', '......#'));
  });

  it('draws circle and fill_circle by the midpoint walk', () => {
    const oled = new OledFramebuffer();
    oled.circle(3, 3, 3, 1);
    oled.fill_circle(11, 3, 3, 1);
    expect(region(oled, 0, 0, 15, 7)).toBe(
      lines(
        '..###.....###..',
        '.#...#...#####.',
        '#.....#.#######',
        '#.....#.#######',
        '#.....#.#######',
        '.#...#...#####.',
        '..###.....###..',
      ),
    );
  });

  it('clips circles that leave the screen', () => {
    const oled = new OledFramebuffer();
    oled.fill_circle(0, 0, 10, 1);
    oled.circle(127, 63, 5, 1);
    oled.show();
    expect(oled.pixel(0, 0)).toBe(1);
    expect(oled.pixel(127, 58)).toBe(1);
  });

  it('draws triangle outlines and filled triangles', () => {
    const oled = new OledFramebuffer();
    oled.triangle(0, 0, 4, 0, 0, 4, 1);
    oled.fill_triangle(6, 4, 10, 4, 10, 0, 1);
    expect(region(oled, 0, 0, 11, 5)).toBe(
      lines('#####.....#', '#..#.....##', '#.#.....###', '##.....####', '#.....#####'),
    );
  });

  it('draws RoundRect with quarter-circle corners', () => {
    const oled = new OledFramebuffer();
    oled.RoundRect(0, 0, 8, 6, 2, 1);
    expect(region(oled, 0, 0, 8, 6)).toBe(
      lines('..####..', '.#....#.', '#......#', '#......#', '.#....#.', '..####..'),
    );
  });

  it('draws bitmap bits in colour c and leaves clear bits alone', () => {
    const oled = new OledFramebuffer();
    oled.fill_rect(0, 0, 10, 2, 1);
    oled.bitmap(0, 0, Uint8Array.of(0b10100000, 0b01000000, 0x00, 0b01000000), 10, 2, 0);
    expect(region(oled, 0, 0, 10, 2)).toBe(lines('.#.######.', '#########.'));
  });

  it('scrolls the contents and keeps the uncovered edge', () => {
    const oled = new OledFramebuffer();
    oled.pixel(0, 0, 1);
    oled.pixel(1, 0, 1);
    oled.scroll(2, 1);
    expect(region(oled, 0, 0, 4, 2)).toBe(lines('##..', '..##'));
  });
});

describe('text() with the 8×8 font', () => {
  it("draws 'A' as the derived 8×8 cell, ink only", () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.text('A', 0, 0);
    expect(region(oled, 0, 0, 8, 8)).toBe(
      lines('........', '...##...', '..#..#..', '.#....#.', '.######.', '.#....#.', '.#....#.', '........'),
    );
  });

  it('advances 8 px a character, clears with c=0, clips at the edges', () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.fill_rect(0, 0, 16, 8, 1);
    oled.text('II', 0, 0, 0);
    const rows = region(oled, 0, 0, 16, 8).split('\n');
    expect(rows[3]).toBe('####.#######.###');
    oled.text('W', 124, 60);
    expect(toAscii(oled.snapshot(), { x: 124, y: 60, width: 4, height: 4 })).toBe(
      lines('....', '....', '....', '....'),
    );
    oled.show();
    expect(toAscii(oled.snapshot(), { x: 124, y: 60, width: 4, height: 4 })).toContain('#');
  });

  it('draws one replacement box per UTF-8 byte outside ASCII, like MicroPython', () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.text('中', 0, 0);
    const box = lines(
      '........',
      '.######.',
      '.#....#.',
      '.#....#.',
      '.#....#.',
      '.#....#.',
      '.######.',
      '........',
    );
    expect(region(oled, 0, 0, 8, 8)).toBe(box);
    expect(region(oled, 16, 0, 8, 8)).toBe(box);
    expect(region(oled, 24, 0, 8, 8)).not.toContain('#');
  });

  it('draws nothing while the ASCII glyphs are not loaded', () => {
    const empty: GlyphSource = {
      glyph: () => null,
      ensure: () => Promise.resolve(),
      textGlyph: () => null,
      ensureText: () => Promise.resolve(),
    };
    const oled = new OledFramebuffer({ glyphs: empty });
    oled.text('Hi', 0, 0);
    oled.show();
    expect(litCount(oled.snapshot())).toBe(0);
  });
});

describe('toAscii', () => {
  it('renders the whole screen as 64 lines of 128 characters by default', () => {
    const art = toAscii(new OledFramebuffer().snapshot());
    expect(art.split('\n')).toHaveLength(64);
    expect(art.split('\n').every((row) => row.length === 128 && /^\.+$/.test(row))).toBe(true);
  });

  it('takes other characters and a region that may pass the edge', () => {
    const oled = new OledFramebuffer();
    oled.pixel(127, 0, 1);
    oled.show();
    expect(toAscii(oled.snapshot(), { x: 126, y: 0, width: 3, height: 1, lit: '@', dark: ' ' })).toBe(' @ ');
  });
});
