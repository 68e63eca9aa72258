// DispChar against BOARD.md and mpython's code: exact pixels, return tuples, wrapping, modes, quirks.

import { beforeAll, describe, expect, it } from 'vitest';
import { toAscii } from './ascii-art.ts';
import type { Glyph, GlyphSource } from './glyph-source.ts';
import { OledError, OledFramebuffer, TextMode } from './oled.ts';
import { loadNodeGlyphs } from './unifont-node.ts';

let glyphs: GlyphSource;
beforeAll(() => {
  glyphs = loadNodeGlyphs();
});

function shown(oled: OledFramebuffer, x: number, y: number, width: number, height: number): string {
  oled.show();
  return toAscii(oled.snapshot(), { x, y, width, height });
}

/** Unifont's 'A' (U+0041: 0000000018242442427E424242420000), written out by hand. */
const UNIFONT_A = [
  '........',
  '........',
  '........',
  '........',
  '...##...',
  '..#..#..',
  '..#..#..',
  '.#....#.',
  '.#....#.',
  '.######.',
  '.#....#.',
  '.#....#.',
  '.#....#.',
  '.#....#.',
  '........',
  '........',
].join('\n');

describe('glyphs from Unifont', () => {
  it("draws 'A' at (0, 0) exactly as Unifont's bitmap", () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.DispChar('A', 0, 0);
    expect(shown(oled, 0, 0, 8, 16)).toBe(UNIFONT_A);
    expect(toAscii(oled.snapshot(), { x: 8, y: 0, width: 120, height: 64 })).not.toContain('#');
  });

  it("draws '中' 16 px wide, as Unifont's U+4E2D", () => {
    expect(glyphs.glyph(0x4e2d)?.width).toBe(16);
    const oled = new OledFramebuffer({ glyphs });
    oled.DispChar('中', 0, 0);
    expect(shown(oled, 0, 0, 16, 16)).toBe(
      [
        '........#.......',
        '........#.......',
        '........#.......',
        '..#############.',
        '..#.....#.....#.',
        '..#.....#.....#.',
        '..#.....#.....#.',
        '..#.....#.....#.',
        '..#.....#.....#.',
        '..#############.',
        '........#.......',
        '........#.......',
        '........#.......',
        '........#.......',
        '........#.......',
        '................',
      ].join('\n'),
    );
  });

  it('gives Latin 8 px and CJK 16 px, and no glyph to private use or astral code points', () => {
    expect(glyphs.glyph(0x61)?.width).toBe(8);
    expect(glyphs.glyph(0x4f60)?.width).toBe(16);
    expect(glyphs.glyph(0xe000)).toBeNull();
    expect(glyphs.glyph(0x1f600)).toBeNull();
    expect(glyphs.glyph(0x09)).toBeNull();
  });
});

describe('DispChar return value and advance', () => {
  it("returns (total_width - 1, (next_x - 1, y)) for 'hi中'", () => {
    const oled = new OledFramebuffer({ glyphs });
    // h 8+1, i 8+1, 中 16+1 = 35
    expect(oled.DispChar('hi中', 0, 0)).toEqual([34, [34, 0]]);
    expect(oled.DispChar('hi中', 10, 20)).toEqual([34, [44, 20]]);
    expect(oled.DispChar('', 5, 7)).toEqual([-1, [4, 7]]);
  });

  it("treats '\\n' as a 2-px blank glyph, not a line break", () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('\n', 0, 0)).toEqual([2, [2, 0]]);
    expect(oled.DispChar('a\nb', 0, 0)).toEqual([20, [20, 0]]);
    const expected = new OledFramebuffer({ glyphs });
    expected.DispChar('a', 0, 0);
    expected.DispChar('b', 12, 0);
    expect(shown(oled, 0, 0, 128, 64)).toBe(shown(expected, 0, 0, 128, 64));
  });

  it('clips glyphs at every edge and still advances', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('中', 120, 56)).toEqual([16, [136, 56]]);
    expect(shown(oled, 120, 56, 8, 8)).toBe(
      ['........', '........', '........', '..######', '..#.....', '..#.....', '..#.....', '..#.....'].join(
        '\n',
      ),
    );
    const left = new OledFramebuffer({ glyphs });
    left.DispChar('A', -4, -6);
    expect(shown(left, 0, 0, 4, 10)).toBe(
      UNIFONT_A.split('\n')
        .slice(6)
        .map((row) => row.slice(4))
        .join('\n'),
    );
  });

  it('takes 20 characters in well under a millisecond', () => {
    const oled = new OledFramebuffer({ glyphs });
    const line = 'Hello 掌控板 UDP 1234';
    oled.DispChar(line, 0, 0);
    const runs = 200;
    const start = performance.now();
    for (let i = 0; i < runs; i++) oled.DispChar(line, 0, 0);
    expect((performance.now() - start) / runs).toBeLessThan(0.5);
  });
});

describe('characters without a glyph (BOARD.md)', () => {
  it('without auto_return: x jumps a screen width, the rest lands off-screen, width not counted', () => {
    const oled = new OledFramebuffer({ glyphs });
    // A (9) · U+E000 (x += 128, nothing counted) · B (9)
    expect(oled.DispChar('A\uE000B', 0, 0)).toEqual([17, [145, 0]]);
    const onlyA = new OledFramebuffer({ glyphs });
    onlyA.DispChar('A', 0, 0);
    expect(shown(oled, 0, 0, 128, 64)).toBe(shown(onlyA, 0, 0, 128, 64));
  });

  it('with auto_return: x advances 16 and drawing goes on', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('A\uE000B', 0, 0, TextMode.normal, true)).toEqual([17, [33, 0]]);
    const expected = new OledFramebuffer({ glyphs });
    expected.DispChar('A', 0, 0);
    expected.DispChar('B', 25, 0);
    expect(shown(oled, 0, 0, 128, 16)).toBe(shown(expected, 0, 0, 128, 16));
  });

  it('an emoji (above U+FFFF) counts as one missing character', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('😀A', 0, 0, TextMode.normal, true)).toEqual([8, [24, 0]]);
  });
});

describe('auto_return', () => {
  it('wraps a glyph that would cross the right edge 16 px down, counting the skipped width', () => {
    const oled = new OledFramebuffer({ glyphs });
    // 14 glyphs end at x = 126; 'O' (8 wide) does not fit: total += 2, x = 0, y = 16
    expect(oled.DispChar('ABCDEFGHIJKLMNOP', 0, 0, TextMode.normal, true)).toEqual([145, [17, 16]]);
    const expected = new OledFramebuffer({ glyphs });
    expected.DispChar('ABCDEFGHIJKLMN', 0, 0);
    expected.DispChar('OP', 0, 16);
    expect(shown(oled, 0, 0, 128, 64)).toBe(shown(expected, 0, 0, 128, 64));
  });

  it('goes back to y = 0 past y = 48', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('中', 120, 48, TextMode.normal, true)).toEqual([24, [16, 0]]);
    const expected = new OledFramebuffer({ glyphs });
    expected.DispChar('中', 0, 0);
    expect(shown(oled, 0, 0, 128, 64)).toBe(shown(expected, 0, 0, 128, 64));
  });

  it('does not wrap without auto_return', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('ABCDEFGHIJKLMNOP', 0, 0)).toEqual([143, [143, 0]]);
  });
});

describe('modes', () => {
  const box = (mode: number): string => {
    const oled = new OledFramebuffer({ glyphs });
    oled.fill_rect(0, 0, 4, 16, 1); // lit background under the left half of the glyph
    oled.DispChar('A', 0, 0, mode);
    return shown(oled, 0, 0, 9, 16);
  };

  it('normal: ink lit, glyph box cleared, the 1-px gap untouched', () => {
    expect(box(TextMode.normal)).toBe(
      UNIFONT_A.split('\n')
        .map((row) => row + '.')
        .join('\n'),
    );
  });

  it('rev: the glyph box inverted', () => {
    const flip = (row: string): string => [...row].map((ch) => (ch === '#' ? '.' : '#')).join('');
    expect(box(TextMode.rev)).toBe(
      UNIFONT_A.split('\n')
        .map((row) => flip(row) + '.')
        .join('\n'),
    );
  });

  it('trans: ink only, background kept', () => {
    expect(box(TextMode.trans)).toBe(
      UNIFONT_A.split('\n')
        .map((row) => '####' + row.slice(4) + '.')
        .join('\n'),
    );
  });

  it("xor with xorReads 'exact': ink toggles what is under it, as the documentation says", () => {
    const oled = new OledFramebuffer({ glyphs, xorReads: 'exact' });
    oled.DispChar('A', 0, 0, TextMode.xor);
    expect(shown(oled, 0, 0, 8, 16)).toBe(UNIFONT_A);
    oled.DispChar('A', 0, 0, TextMode.xor);
    expect(shown(oled, 0, 0, 8, 16)).not.toContain('#');
    expect(() => oled.DispChar('A', 0, 60, TextMode.xor)).not.toThrow();
  });

  it("xor as the firmware's code does garbles a glyph where it meets its own mirrored rows", () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.DispChar('A', 0, 0, TextMode.xor);
    const rows = shown(oled, 0, 0, 8, 16).split('\n');
    expect(rows.slice(0, 12)).toEqual(UNIFONT_A.split('\n').slice(0, 12));
    // rows 12 and 13 read rows 11 and 10, already lit by this very glyph, so they go dark
    expect(rows.slice(12)).toEqual(['........', '........', '........', '........']);
  });

  it('xor reads the pixel mirrored within its 8-row page, as mpython does', () => {
    const bar: Glyph = { width: 1, rows: new Uint16Array(16).fill(0x8000) };
    const source: GlyphSource = {
      glyph: (cp) => (cp === 0x7c ? bar : null),
      ensure: () => Promise.resolve(),
    };
    const oled = new OledFramebuffer({ glyphs: source });
    oled.pixel(0, 7, 1);
    oled.DispChar('|', 0, 0, TextMode.xor);
    const column = Array.from({ length: 16 }, (_, y) => oled.pixel(0, y)).join('');
    expect(column).toBe('0111000111110000'); // a true xor would give 1111111011111111
  });

  it('xor raises IndexError for ink below the buffer', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(() => oled.DispChar('A', 0, 50, TextMode.xor)).not.toThrow(); // ink ends at row 63
    expect(() => oled.DispChar('A', 0, 51, TextMode.xor)).toThrow(OledError);
    try {
      oled.DispChar('A', 0, 51, TextMode.xor);
    } catch (error) {
      expect(error).toMatchObject({ code: 'OLED_ERR_INDEX', pythonType: 'IndexError' });
    }
  });

  it('another mode number clears ink pixels and leaves the rest', () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.fill(1);
    oled.DispChar('A', 0, 0, 5);
    const flipInk = UNIFONT_A.split('\n').map((row) =>
      [...row].map((ch) => (ch === '#' ? '.' : '#')).join(''),
    );
    expect(shown(oled, 0, 0, 8, 16)).toBe(flipInk.join('\n'));
  });
});
