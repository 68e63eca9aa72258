// DispChar against BOARD.md and mpython's code, as a program on the board runs it (mpython.py on
// MicroPython's framebuf, glyphs from the kernel): exact pixels, return tuples, wrapping, modes, quirks.

import { beforeAll, describe, expect, it } from 'vitest';
import { drawOnBoard } from './testing/board-harness.ts';
import type { Glyph, GlyphSource } from './glyph-source.ts';
import { loadNodeGlyphs } from './fonts-node.ts';

let glyphs: GlyphSource;
beforeAll(() => {
  glyphs = loadNodeGlyphs();
});

/** Runs `code` on a board (after `from mpython import *`), shows, and returns what it printed and the screen. */
async function board(code: string, source: GlyphSource = glyphs) {
  const r = await drawOnBoard(code, source);
  expect(r.error).toBeNull();
  return {
    printed: r.stdout.trim().split('\n'),
    shown: (x: number, y: number, width: number, height: number) => r.art({ x, y, width, height }),
  };
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

  it("draws 'A' at (0, 0): capitals in rows 4–11, the baseline at row 12", async () => {
    const { shown } = await board("oled.DispChar('A', 0, 0)");
    expect(shown(0, 0, 6, 16)).toBe(NOTO_A);
    expect(shown(6, 0, 122, 64)).not.toContain('#');
    expect(inkRows(glyphs.glyph(0x67)!).at(-1)).toBeGreaterThanOrEqual(12); // 'g' descends below it
  });

  it("draws '中' 11 px wide with the board's pixels", async () => {
    const { shown } = await board("oled.DispChar('中', 0, 0)");
    expect(shown(0, 0, 11, 16)).toBe(NOTO_ZHONG);
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
  it("returns (total_width - 1, (next_x - 1, y)) for 'hi中'", async () => {
    // h 6+1, i 3+1, 中 11+1 = 23
    const { printed } = await board(
      "print(oled.DispChar('hi中', 0, 0))\nprint(oled.DispChar('hi中', 10, 20))\nprint(oled.DispChar('', 5, 7))",
    );
    expect(printed).toEqual(['(22, (22, 0))', '(22, (32, 20))', '(-1, (4, 7))']);
  });

  it("fits the seed server's header 192.168.0.2:6000 on line 0 (99 px, as on the board)", async () => {
    // twelve digits 6+1, three dots 3+1, one colon 3+1 = 100
    const { printed, shown } = await board(
      "print(oled.DispChar('192.168.0.2:6000', 0, 0, TextMode.normal, True))",
    );
    expect(printed).toEqual(['(99, (99, 0))']);
    const rows = shown(0, 0, 128, 64).split('\n');
    expect(rows.slice(16).join('')).not.toContain('#'); // nothing wrapped
    expect(Math.max(...rows.slice(0, 16).map((row) => row.lastIndexOf('#')))).toBeLessThan(99);
    // the last '0' is drawn whole: it is the same as a '0' drawn alone
    const zero = await board("oled.DispChar('0', 93, 0)");
    expect(shown(93, 0, 6, 16)).toBe(zero.shown(93, 0, 6, 16));
    expect(shown(93, 0, 6, 16)).toContain('#');
  });

  it("treats '\\n' as a 2-px blank glyph, not a line break", async () => {
    // a 6+1, '\n' 2+1, b 7+1 = 18
    const drawn = await board("print(oled.DispChar('\\n', 0, 0))\nprint(oled.DispChar('a\\nb', 0, 0))");
    expect(drawn.printed).toEqual(['(2, (2, 0))', '(17, (17, 0))']);
    const expected = await board("oled.DispChar('a', 0, 0)\noled.DispChar('b', 10, 0)");
    expect(drawn.shown(0, 0, 128, 64)).toBe(expected.shown(0, 0, 128, 64));
  });

  it('clips glyphs at every edge and still advances', async () => {
    const corner = await board("print(oled.DispChar('中', 120, 56))");
    expect(corner.printed).toEqual(['(11, (131, 56))']);
    expect(corner.shown(120, 56, 8, 8)).toBe(
      NOTO_ZHONG.split('\n')
        .slice(0, 8)
        .map((row) => row.slice(0, 8))
        .join('\n'),
    );
    const left = await board("oled.DispChar('A', -3, -6)");
    expect(left.shown(0, 0, 3, 10)).toBe(
      NOTO_A.split('\n')
        .slice(6)
        .map((row) => row.slice(3))
        .join('\n'),
    );
  });

  it('asks the kernel for each character once per program, only for characters it has not seen', async () => {
    const asked: number[] = [];
    const source: GlyphSource = {
      glyph: (cp) => (asked.push(cp), glyphs.glyph(cp)),
      ensure: () => Promise.resolve(),
    };
    await board(
      "oled.DispChar('abab', 0, 0)\noled.DispChar('ba中', 0, 16)\noled.DispChar('中a', 0, 32)",
      source,
    );
    expect(asked).toEqual([0x61, 0x62, 0x4e2d]);
  });
});

describe('characters without a glyph (BOARD.md)', () => {
  it('without auto_return: x jumps a screen width, the rest lands off-screen, width not counted', async () => {
    // A (6+1) · U+E000 (x += 128, nothing counted) · B (7+1)
    const drawn = await board("print(oled.DispChar('A\\uE000B', 0, 0))");
    expect(drawn.printed).toEqual(['(14, (142, 0))']);
    const onlyA = await board("oled.DispChar('A', 0, 0)");
    expect(drawn.shown(0, 0, 128, 64)).toBe(onlyA.shown(0, 0, 128, 64));
  });

  it('with auto_return: x advances 16 and drawing goes on', async () => {
    const drawn = await board("print(oled.DispChar('A\\uE000B', 0, 0, TextMode.normal, True))");
    expect(drawn.printed).toEqual(['(14, (30, 0))']);
    const expected = await board("oled.DispChar('A', 0, 0)\noled.DispChar('B', 23, 0)");
    expect(drawn.shown(0, 0, 128, 16)).toBe(expected.shown(0, 0, 128, 16));
  });

  it('a zero-width glyph (a combining mark) draws nothing and advances 1', async () => {
    expect(glyphs.glyph(0x301)?.width).toBe(0);
    // a 6+1, U+0301 0+1, b 7+1 = 16
    const drawn = await board(
      "print(oled.DispChar('a\\u0301b', 0, 0, TextMode.normal, True))\nprint(oled.DispChar('a\\u0301b', 0, 20, TextMode.xor))",
    );
    expect(drawn.printed).toEqual(['(15, (15, 0))', '(15, (15, 20))']);
    const expected = await board("oled.DispChar('a', 0, 0)\noled.DispChar('b', 8, 0)");
    expect(drawn.shown(0, 0, 128, 16)).toBe(expected.shown(0, 0, 128, 16));
  });

  it('an emoji (above U+FFFF) counts as one missing character', async () => {
    const { printed } = await board("print(oled.DispChar('😀A', 0, 0, TextMode.normal, True))");
    expect(printed).toEqual(['(6, (22, 0))']);
  });
});

describe('auto_return', () => {
  it('wraps a glyph that would cross the right edge 16 px down, counting the skipped width', async () => {
    // A–P end at x = 124 (widths 6 7 7 7 6 6 7 8 3 6 7 6 9 8 8 7, each + 1); 'Q' (8 wide) does
    // not fit (124 > 128 - 8): total += 4, x = 0, y = 16; then 'Q' 8+1, 'R' 7+1
    const drawn = await board("print(oled.DispChar('ABCDEFGHIJKLMNOPQR', 0, 0, TextMode.normal, True))");
    expect(drawn.printed).toEqual(['(144, (16, 16))']);
    const expected = await board("oled.DispChar('ABCDEFGHIJKLMNOP', 0, 0)\noled.DispChar('QR', 0, 16)");
    expect(drawn.shown(0, 0, 128, 64)).toBe(expected.shown(0, 0, 128, 64));
  });

  it('goes back to y = 0 past y = 48', async () => {
    // 120 > 128 - 11: total += 8, y = 64 > 48 → y = 0; then 中 11+1
    const drawn = await board("print(oled.DispChar('中', 120, 48, TextMode.normal, True))");
    expect(drawn.printed).toEqual(['(19, (11, 0))']);
    const expected = await board("oled.DispChar('中', 0, 0)");
    expect(drawn.shown(0, 0, 128, 64)).toBe(expected.shown(0, 0, 128, 64));
  });

  it('does not wrap without auto_return, nor with auto_return=1 (the board tests `is True`)', async () => {
    const { printed } = await board(
      "print(oled.DispChar('ABCDEFGHIJKLMNOPQR', 0, 0))\nprint(oled.DispChar('ABCDEFGHIJKLMNOPQR', 0, 0, 1, 1))",
    );
    expect(printed).toEqual(['(140, (140, 0))', '(140, (140, 0))']);
  });
});

describe('modes', () => {
  const box = async (mode: number): Promise<string> =>
    (await board(`oled.fill_rect(0, 0, 3, 16, 1)\noled.DispChar('A', 0, 0, ${mode})`)).shown(0, 0, 7, 16);

  it('normal: ink lit, glyph box cleared, the 1-px gap untouched', async () => {
    expect(await box(1)).toBe(
      NOTO_A.split('\n')
        .map((row) => row + '.')
        .join('\n'),
    );
  });

  it('rev: the glyph box inverted', async () => {
    const flip = (row: string): string => [...row].map((ch) => (ch === '#' ? '.' : '#')).join('');
    expect(await box(2)).toBe(
      NOTO_A.split('\n')
        .map((row) => flip(row) + '.')
        .join('\n'),
    );
  });

  it('trans: ink only, background kept', async () => {
    expect(await box(3)).toBe(
      NOTO_A.split('\n')
        .map((row) => '###' + row.slice(3) + '.')
        .join('\n'),
    );
  });

  it("xor as the firmware's code does garbles a glyph where it meets its own mirrored rows", async () => {
    const xor = await board("oled.DispChar('g', 0, 0, TextMode.xor)");
    const normal = await board("oled.DispChar('g', 0, 0)");
    const rows = xor.shown(0, 0, 6, 16).split('\n');
    const plain = normal.shown(0, 0, 6, 16).split('\n');
    expect(rows.slice(0, 12)).toEqual(plain.slice(0, 12));
    // rows 12–14 read rows 11–9, already lit by this very glyph; row 14 ('.####.') reads row 9 ('.####.')
    expect(plain[14]).toBe('.####.');
    expect(rows[14]).toBe('......');
  });

  it('xor reads the pixel mirrored within its 8-row page, as mpython does', async () => {
    const bar: Glyph = { width: 1, rows: new Uint16Array(16).fill(0x8000) };
    const source: GlyphSource = {
      glyph: (cp) => (cp === 0x7c ? bar : null),
      ensure: () => Promise.resolve(),
    };
    const { printed } = await board(
      "oled.pixel(0, 7, 1)\noled.DispChar('|', 0, 0, TextMode.xor)\nprint(''.join(str(oled.pixel(0, y)) for y in range(16)))",
      source,
    );
    expect(printed).toEqual(['0111000111110000']); // a true xor would give 1111111011111111
  });

  it('xor raises IndexError for ink below the buffer, as the board does', async () => {
    expect((await drawOnBoard("oled.DispChar('A', 0, 52, TextMode.xor)", glyphs)).error).toBeNull(); // ink ends at row 63
    const r = await drawOnBoard("oled.DispChar('A', 0, 53, TextMode.xor)", glyphs);
    expect(r.error).toBe('IndexError: bytearray index out of range');
  });

  it('another mode number clears ink pixels and leaves the rest', async () => {
    const { shown } = await board("oled.fill(1)\noled.DispChar('A', 0, 0, 5)");
    const flipInk = NOTO_A.split('\n').map((row) => [...row].map((ch) => (ch === '#' ? '.' : '#')).join(''));
    expect(shown(0, 0, 6, 16)).toBe(flipInk.join('\n'));
  });
});
