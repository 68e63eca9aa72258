// DispChar against BOARD.md and mpython's code: exact pixels, return tuples, wrapping, modes, quirks.

import { beforeAll, describe, expect, it } from 'vitest';
import { toAscii } from './ascii-art.ts';
import type { Glyph, GlyphSource } from './glyph-source.ts';
import { OledError, OledFramebuffer, TextMode } from './oled.ts';
import { loadNodeGlyphs } from './fonts-node.ts';

let glyphs: GlyphSource;
beforeAll(() => {
  glyphs = loadNodeGlyphs();
});

function shown(oled: OledFramebuffer, x: number, y: number, width: number, height: number): string {
  oled.show();
  return toAscii(oled.snapshot(), { x, y, width, height });
}

/** Our 'A' (Noto Sans SC Light, 11 px per em): 6 px wide, capitals in rows 4–11 as on the board. */
const NOTO_A = [
  '......',
  '......',
  '......',
  '......',
  '..##..',
  '..##..',
  '..#.#.',
  '.#..#.',
  '.#..#.',
  '.#####',
  '#....#',
  '#....#',
  '......',
  '......',
  '......',
  '......',
].join('\n');

/** Our '中': 11 px wide, ink in rows 3–12 and columns 1–9 — the same pixels as the board's font file. */
const NOTO_ZHONG = [
  '...........',
  '...........',
  '...........',
  '.....#.....',
  '.....#.....',
  '.#########.',
  '.#...#...#.',
  '.#...#...#.',
  '.#########.',
  '.#...#...#.',
  '.....#.....',
  '.....#.....',
  '.....#.....',
  '...........',
  '...........',
  '...........',
].join('\n');

/** Advances read from the board's font file (port/Noto_Sans_CJK_SC_Light16.bin in labplus-cn/mpython). */
const BOARD_WIDTHS: Record<string, number> = {
  ' ': 2,
  '.': 3,
  ':': 3,
  '0': 6,
  '1': 6,
  '2': 6,
  '6': 6,
  '8': 6,
  '9': 6,
  A: 6,
  B: 7,
  H: 8,
  I: 3,
  M: 9,
  O: 8,
  Q: 8,
  W: 9,
  a: 6,
  g: 6,
  h: 6,
  i: 3,
  l: 3,
  m: 10,
  r: 4,
  '%': 10,
  '@': 10,
  中: 11,
  掌: 11,
  控: 11,
  板: 11,
  '，': 11,
  '。': 11,
};

/** Rows of a 16-row glyph bitmap that hold ink. */
function inkRows(glyph: Glyph): number[] {
  return [...glyph.rows.keys()].filter((r) => glyph.rows[r] !== 0);
}

describe("glyphs from Noto Sans SC Light at the board's size", () => {
  it('advances each character as the board does', () => {
    for (const [ch, width] of Object.entries(BOARD_WIDTHS)) {
      expect({ ch, width: glyphs.glyph(ch.codePointAt(0)!)?.width }).toEqual({ ch, width });
    }
  });

  it("draws 'A' at (0, 0): capitals in rows 4–11, the baseline at row 12", () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.DispChar('A', 0, 0);
    expect(shown(oled, 0, 0, 6, 16)).toBe(NOTO_A);
    expect(toAscii(oled.snapshot(), { x: 6, y: 0, width: 122, height: 64 })).not.toContain('#');
    expect(inkRows(glyphs.glyph(0x67)!).at(-1)).toBeGreaterThanOrEqual(12); // 'g' descends below it
  });

  it("draws '中' 11 px wide with the board's pixels", () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.DispChar('中', 0, 0);
    expect(shown(oled, 0, 0, 11, 16)).toBe(NOTO_ZHONG);
  });

  it('gives no glyph to private use, astral code points, U+001C–001F and U+007F–009F', () => {
    expect(glyphs.glyph(0xe000)).toBeNull();
    expect(glyphs.glyph(0x1f600)).toBeNull();
    for (const cp of [0x1c, 0x1f, 0x7f, 0x85, 0x9f]) expect(glyphs.glyph(cp)).toBeNull();
  });

  it('gives U+0000–001B (tab and carriage return among them) a 2-px blank glyph, as the board', () => {
    for (const cp of [0x00, 0x09, 0x0a, 0x0d, 0x1b]) {
      const glyph = glyphs.glyph(cp);
      expect(glyph?.width).toBe(2);
      expect(inkRows(glyph!)).toEqual([]);
    }
  });
});

describe('DispChar return value and advance', () => {
  it("returns (total_width - 1, (next_x - 1, y)) for 'hi中'", () => {
    const oled = new OledFramebuffer({ glyphs });
    // h 6+1, i 3+1, 中 11+1 = 23
    expect(oled.DispChar('hi中', 0, 0)).toEqual([22, [22, 0]]);
    expect(oled.DispChar('hi中', 10, 20)).toEqual([22, [32, 20]]);
    expect(oled.DispChar('', 5, 7)).toEqual([-1, [4, 7]]);
  });

  it("fits the seed server's header 192.168.0.2:6000 on line 0 (99 px, as on the board)", () => {
    const oled = new OledFramebuffer({ glyphs });
    const header = '192.168.0.2:6000';
    // twelve digits 6+1, three dots 3+1, one colon 3+1 = 100
    expect(oled.DispChar(header, 0, 0, TextMode.normal, true)).toEqual([99, [99, 0]]);
    oled.show();
    const rows = toAscii(oled.snapshot()).split('\n');
    expect(rows.slice(16).join('')).not.toContain('#'); // nothing wrapped
    expect(Math.max(...rows.slice(0, 16).map((row) => row.lastIndexOf('#')))).toBeLessThan(99);
    // the last '0' is drawn whole: it is the same as a '0' drawn alone
    const zero = new OledFramebuffer({ glyphs });
    zero.DispChar('0', 93, 0);
    expect(shown(oled, 93, 0, 6, 16)).toBe(shown(zero, 93, 0, 6, 16));
    expect(shown(oled, 93, 0, 6, 16)).toContain('#');
  });

  it("treats '\\n' as a 2-px blank glyph, not a line break", () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('\n', 0, 0)).toEqual([2, [2, 0]]);
    // a 6+1, '\n' 2+1, b 7+1 = 18
    expect(oled.DispChar('a\nb', 0, 0)).toEqual([17, [17, 0]]);
    const expected = new OledFramebuffer({ glyphs });
    expected.DispChar('a', 0, 0);
    expected.DispChar('b', 10, 0);
    expect(shown(oled, 0, 0, 128, 64)).toBe(shown(expected, 0, 0, 128, 64));
  });

  it('clips glyphs at every edge and still advances', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('中', 120, 56)).toEqual([11, [131, 56]]);
    expect(shown(oled, 120, 56, 8, 8)).toBe(
      NOTO_ZHONG.split('\n')
        .slice(0, 8)
        .map((row) => row.slice(0, 8))
        .join('\n'),
    );
    const left = new OledFramebuffer({ glyphs });
    left.DispChar('A', -3, -6);
    expect(shown(left, 0, 0, 3, 10)).toBe(
      NOTO_A.split('\n')
        .slice(6)
        .map((row) => row.slice(3))
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
    // A (6+1) · U+E000 (x += 128, nothing counted) · B (7+1)
    expect(oled.DispChar('A\uE000B', 0, 0)).toEqual([14, [142, 0]]);
    const onlyA = new OledFramebuffer({ glyphs });
    onlyA.DispChar('A', 0, 0);
    expect(shown(oled, 0, 0, 128, 64)).toBe(shown(onlyA, 0, 0, 128, 64));
  });

  it('with auto_return: x advances 16 and drawing goes on', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('A\uE000B', 0, 0, TextMode.normal, true)).toEqual([14, [30, 0]]);
    const expected = new OledFramebuffer({ glyphs });
    expected.DispChar('A', 0, 0);
    expected.DispChar('B', 23, 0);
    expect(shown(oled, 0, 0, 128, 16)).toBe(shown(expected, 0, 0, 128, 16));
  });

  it('an emoji (above U+FFFF) counts as one missing character', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('😀A', 0, 0, TextMode.normal, true)).toEqual([6, [22, 0]]);
  });
});

describe('auto_return', () => {
  it('wraps a glyph that would cross the right edge 16 px down, counting the skipped width', () => {
    const oled = new OledFramebuffer({ glyphs });
    // A–P end at x = 124 (widths 6 7 7 7 6 6 7 8 3 6 7 6 9 8 8 7, each + 1); 'Q' (8 wide) does
    // not fit (124 > 128 - 8): total += 4, x = 0, y = 16; then 'Q' 8+1, 'R' 7+1
    expect(oled.DispChar('ABCDEFGHIJKLMNOPQR', 0, 0, TextMode.normal, true)).toEqual([144, [16, 16]]);
    const expected = new OledFramebuffer({ glyphs });
    expected.DispChar('ABCDEFGHIJKLMNOP', 0, 0);
    expected.DispChar('QR', 0, 16);
    expect(shown(oled, 0, 0, 128, 64)).toBe(shown(expected, 0, 0, 128, 64));
  });

  it('goes back to y = 0 past y = 48', () => {
    const oled = new OledFramebuffer({ glyphs });
    // 120 > 128 - 11: total += 8, y = 64 > 48 → y = 0; then 中 11+1
    expect(oled.DispChar('中', 120, 48, TextMode.normal, true)).toEqual([19, [11, 0]]);
    const expected = new OledFramebuffer({ glyphs });
    expected.DispChar('中', 0, 0);
    expect(shown(oled, 0, 0, 128, 64)).toBe(shown(expected, 0, 0, 128, 64));
  });

  it('does not wrap without auto_return', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(oled.DispChar('ABCDEFGHIJKLMNOPQR', 0, 0)).toEqual([140, [140, 0]]);
  });
});

describe('modes', () => {
  const box = (mode: number): string => {
    const oled = new OledFramebuffer({ glyphs });
    oled.fill_rect(0, 0, 3, 16, 1); // lit background under the left half of the glyph
    oled.DispChar('A', 0, 0, mode);
    return shown(oled, 0, 0, 7, 16);
  };

  it('normal: ink lit, glyph box cleared, the 1-px gap untouched', () => {
    expect(box(TextMode.normal)).toBe(
      NOTO_A.split('\n')
        .map((row) => row + '.')
        .join('\n'),
    );
  });

  it('rev: the glyph box inverted', () => {
    const flip = (row: string): string => [...row].map((ch) => (ch === '#' ? '.' : '#')).join('');
    expect(box(TextMode.rev)).toBe(
      NOTO_A.split('\n')
        .map((row) => flip(row) + '.')
        .join('\n'),
    );
  });

  it('trans: ink only, background kept', () => {
    expect(box(TextMode.trans)).toBe(
      NOTO_A.split('\n')
        .map((row) => '###' + row.slice(3) + '.')
        .join('\n'),
    );
  });

  it("xor with xorReads 'exact': ink toggles what is under it, as the documentation says", () => {
    const oled = new OledFramebuffer({ glyphs, xorReads: 'exact' });
    oled.DispChar('A', 0, 0, TextMode.xor);
    expect(shown(oled, 0, 0, 6, 16)).toBe(NOTO_A);
    oled.DispChar('A', 0, 0, TextMode.xor);
    expect(shown(oled, 0, 0, 6, 16)).not.toContain('#');
    expect(() => oled.DispChar('A', 0, 60, TextMode.xor)).not.toThrow();
  });

  it("xor as the firmware's code does garbles a glyph where it meets its own mirrored rows", () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.DispChar('g', 0, 0, TextMode.xor);
    const normal = new OledFramebuffer({ glyphs });
    normal.DispChar('g', 0, 0);
    const rows = shown(oled, 0, 0, 6, 16).split('\n');
    const plain = shown(normal, 0, 0, 6, 16).split('\n');
    expect(rows.slice(0, 12)).toEqual(plain.slice(0, 12));
    // rows 12–14 read rows 11–9, already lit by this very glyph; row 14 ('.####.') reads row 9 ('.####.')
    expect(plain[14]).toBe('.####.');
    expect(rows[14]).toBe('......');
  });

  it('xor reads the pixel mirrored within its 8-row page, as mpython does', () => {
    const bar: Glyph = { width: 1, rows: new Uint16Array(16).fill(0x8000) };
    const source: GlyphSource = {
      glyph: (cp) => (cp === 0x7c ? bar : null),
      ensure: () => Promise.resolve(),
      textGlyph: () => null,
      ensureText: () => Promise.resolve(),
    };
    const oled = new OledFramebuffer({ glyphs: source });
    oled.pixel(0, 7, 1);
    oled.DispChar('|', 0, 0, TextMode.xor);
    const column = Array.from({ length: 16 }, (_, y) => oled.pixel(0, y)).join('');
    expect(column).toBe('0111000111110000'); // a true xor would give 1111111011111111
  });

  it('xor raises IndexError for ink below the buffer', () => {
    const oled = new OledFramebuffer({ glyphs });
    expect(() => oled.DispChar('A', 0, 52, TextMode.xor)).not.toThrow(); // ink ends at row 63
    expect(() => oled.DispChar('A', 0, 53, TextMode.xor)).toThrow(OledError);
    try {
      oled.DispChar('A', 0, 53, TextMode.xor);
    } catch (error) {
      expect(error).toMatchObject({ code: 'OLED_ERR_INDEX', pythonType: 'IndexError' });
    }
  });

  it('another mode number clears ink pixels and leaves the rest', () => {
    const oled = new OledFramebuffer({ glyphs });
    oled.fill(1);
    oled.DispChar('A', 0, 0, 5);
    const flipInk = NOTO_A.split('\n').map((row) => [...row].map((ch) => (ch === '#' ? '.' : '#')).join(''));
    expect(shown(oled, 0, 0, 6, 16)).toBe(flipInk.join('\n'));
  });
});
