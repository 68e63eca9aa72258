// Drawing on the board's OLED as a program does: mpython's `oled` is MicroPython's own framebuf
// (MONO_VLSB) with mpython's additions, run in real MicroPython; the panel shows what show() sends.

import { describe, expect, it } from 'vitest';
import { runScenario } from '../runner/node.ts';
import type { Scenario } from '../scenario/index.ts';
import { drawOnBoard } from './testing/board-harness.ts';
import { memoryFromPixels } from './oled.ts';

const lines = (...rows: string[]): string => rows.join('\n');

/** Runs `code` after `from mpython import *`, then shows; fails the test on a Python error. */
async function draw(code: string) {
  const r = await drawOnBoard(code);
  expect(r.error).toBeNull();
  return r;
}

/** Rows 0–7 of the 8×8 cell at (x, 0), as bytes with the leftmost pixel in the top bit. */
function cellRows(pixels: Uint8Array, x: number): number[] {
  return Array.from({ length: 8 }, (_, y) => {
    let row = 0;
    for (let i = 0; i < 8; i++) row = (row << 1) | pixels[y * 128 + x + i]!;
    return row;
  });
}

/**
 * framebuf's font as the board's firmware has it (labplus-cn/mpython @0492c312,
 * port/drivers/startup/font_petme128_8x8.h, the font_petme128_8x8 of MicroPython): eight column
 * bytes per character, bit 0 at the top.
 */
const FIRMWARE_COLUMNS: Record<string, number[]> = {
  A: [0x00, 0x7c, 0x7e, 0x0b, 0x0b, 0x7e, 0x7c, 0x00],
  g: [0x00, 0x98, 0xbc, 0xa4, 0xa4, 0xfc, 0x7c, 0x00],
  W: [0x00, 0x7f, 0x7f, 0x30, 0x18, 0x30, 0x7f, 0x7f],
  '0': [0x00, 0x3e, 0x7f, 0x49, 0x45, 0x7f, 0x3e, 0x00],
  '!': [0x00, 0x00, 0x00, 0x4f, 0x4f, 0x00, 0x00, 0x00],
  '~': [0x00, 0x02, 0x03, 0x01, 0x03, 0x02, 0x03, 0x01],
  /** Character 127: what every byte outside 32–126 draws. */
  '\x7f': [0xaa, 0x55, 0xaa, 0x55, 0xaa, 0x55, 0xaa, 0x55],
};

describe("text() in the firmware's 8×8 font", () => {
  it("draws 'A' as the board does: rows [24, 60, 102, 126, 102, 102, 102, 0]", async () => {
    const r = await draw("oled.text('A', 0, 0)");
    expect(cellRows(r.board.oled.snapshot().pixels, 0)).toEqual([24, 60, 102, 126, 102, 102, 102, 0]);
  });

  it('draws every character of the sample with the firmware font’s column bytes', async () => {
    const sample = Object.keys(FIRMWARE_COLUMNS).join('');
    const r = await draw(`oled.text(${JSON.stringify(sample)}, 0, 0)`);
    const memory = memoryFromPixels(r.board.oled.snapshot().pixels);
    [...sample].forEach((ch, i) => {
      expect({ ch, columns: [...memory.subarray(i * 8, i * 8 + 8)] }).toEqual({
        ch,
        columns: FIRMWARE_COLUMNS[ch],
      });
    });
  });

  it('walks UTF-8 bytes: 中 is three checkerboards (character 127), as MicroPython draws it', async () => {
    const r = await draw("oled.text('中A', 0, 0)");
    const memory = memoryFromPixels(r.board.oled.snapshot().pixels);
    for (let cell = 0; cell < 3; cell++)
      expect([...memory.subarray(cell * 8, cell * 8 + 8)]).toEqual(FIRMWARE_COLUMNS['\x7f']);
    expect([...memory.subarray(24, 32)]).toEqual(FIRMWARE_COLUMNS['A']);
  });

  it('reaches the runner’s screen through a real worker, as `udp-lab run` prints it', async () => {
    const scenario = {
      title: 'text()',
      timeout: 5,
      lans: [{ name: 'home', cidr: '192.168.0.0/24' }],
      hosts: [{ name: 'board', kind: 'board', ip: '192.168.0.2' }],
      programs: [
        {
          name: 'text.py',
          host: 'board',
          code: "from mpython import *\noled.text('A', 0, 0)\noled.show()\n",
        },
      ],
    } as unknown as Scenario;
    const result = await runScenario(scenario, { time: 'virtual' });
    expect(result.programs[0]?.exception).toBeNull();
    expect(
      result.boards[0]?.oled
        .split('\n')
        .slice(0, 8)
        .map((row) => row.slice(0, 8)),
    ).toEqual([
      '...##...',
      '..####..',
      '.##..##.',
      '.######.',
      '.##..##.',
      '.##..##.',
      '.##..##.',
      '........',
    ]);
  });

  it('draws ink only, in colour c, clipped at the edges', async () => {
    const r = await draw("oled.fill_rect(0, 0, 16, 8, 1)\noled.text('II', 0, 0, 0)\noled.text('W', 124, 60)");
    expect(r.art({ y: 3, width: 16, height: 1 })).toBe('###..######..###');
    // 'W' columns 0–3 (0x00 0x7f 0x7f 0x30), rows 0–3
    expect(r.art({ x: 124, y: 60, width: 4, height: 4 })).toBe(lines('.##.', '.##.', '.##.', '.##.'));
  });

  it('takes str only, and integers', async () => {
    expect((await drawOnBoard('oled.text(5, 0, 0)')).error).toBe(
      "TypeError: can't convert 'int' object to str implicitly",
    );
    expect((await drawOnBoard("oled.text('a', 0.5, 0)")).error).toBe("TypeError: can't convert float to int");
  });
});

describe('pixels, rectangles and the framebuf itself', () => {
  it('reads the buffer (None off-screen), treats any non-zero colour as 1, clips silently', async () => {
    const r = await draw(
      'oled.pixel(127, 63, 7)\nprint(oled.pixel(127, 63), oled.pixel(128, 0), oled.pixel(-1, 0))\n' +
        'oled.pixel(128, 64, 1)\noled.pixel(-1, -1, 1)',
    );
    expect(r.stdout).toBe('1 None None\n');
    expect(r.board.oled.snapshot().pixels.reduce((n, p) => n + p, 0)).toBe(1);
  });

  it('clips rectangles and lines at the edges', async () => {
    const r = await draw(
      'oled.fill_rect(-2, -2, 4, 4, 1)\noled.fill_rect(126, 62, 10, 10, 1)\noled.hline(-50, 10, 300, 1)\n' +
        'oled.vline(20, -5, 3, 1)\noled.fill_rect(5, 5, 0, 3, 1)',
    );
    expect(r.art({ width: 3, height: 3 })).toBe(lines('##.', '##.', '...'));
    expect(r.art({ x: 125, y: 61, width: 3, height: 3 })).toBe(lines('...', '.##', '.##'));
    expect(r.board.oled.snapshot().pixels.reduce((n, p) => n + p, 0)).toBe(4 + 4 + 128);
  });

  it('draws rect as an outline and lines with both end points', async () => {
    const r = await draw('oled.rect(1, 1, 4, 3, 1)\noled.line(10, 0, 15, 2, 1)\noled.line(16, 4, 16, 0, 1)');
    expect(r.art({ width: 17, height: 5 })).toBe(
      lines(
        '..........##....#',
        '.####.......##..#',
        '.#..#.........###',
        '.####...........#',
        '................#',
      ),
    );
  });

  it('is a framebuf.FrameBuffer over oled.buffer (MONO_VLSB), with blit and scroll', async () => {
    const r = await draw(
      'import framebuf\nprint(isinstance(oled, framebuf.FrameBuffer), len(oled.buffer))\n' +
        'oled.buffer[0] = 0b101\n' +
        'sprite = framebuf.FrameBuffer(bytearray([0b11000000, 0b01000000]), 2, 2, framebuf.MONO_HLSB)\n' +
        'oled.blit(sprite, 4, 0)\noled.pixel(10, 0, 1)\noled.pixel(11, 0, 1)\noled.scroll(0, 1)',
    );
    expect(r.stdout).toBe('True 1024\n');
    // scroll keeps the uncovered top row
    expect(r.art({ width: 12, height: 4 })).toBe(
      lines('#...##....##', '#...##....##', '.....#......', '#...........'),
    );
  });

  it("hides MicroPython 1.27's ellipse and poly, which the board's v1.12 framebuf lacks", async () => {
    expect((await drawOnBoard('oled.ellipse(10, 10, 5, 5, 1)')).error).toBe(
      "AttributeError: 'OLED' object has no attribute 'ellipse'",
    );
  });

  it('takes integers only', async () => {
    expect((await drawOnBoard('oled.pixel(1.5, 2, 1)')).error).toBe("TypeError: can't convert float to int");
    expect((await drawOnBoard('oled.fill_circle(10, 10, 2.5, 1)')).error).toBe(
      "TypeError: can't convert float to int",
    );
  });
});

describe("mpython's shapes", () => {
  it('draws circle and fill_circle by the midpoint walk', async () => {
    const r = await draw('oled.circle(3, 3, 3, 1)\noled.fill_circle(11, 3, 3, 1)');
    expect(r.art({ width: 15, height: 7 })).toBe(
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

  it('clips circles that leave the screen', async () => {
    const r = await draw(
      'oled.fill_circle(0, 0, 10, 1)\noled.circle(127, 63, 5, 1)\nprint(oled.pixel(0, 0), oled.pixel(127, 58))',
    );
    expect(r.stdout).toBe('1 1\n');
  });

  it('draws triangle outlines and filled triangles', async () => {
    const r = await draw('oled.triangle(0, 0, 4, 0, 0, 4, 1)\noled.fill_triangle(6, 4, 10, 4, 10, 0, 1)');
    expect(r.art({ width: 11, height: 5 })).toBe(
      lines('#####.....#', '#..#.....##', '#.#.....###', '##.....####', '#.....#####'),
    );
  });

  it('fills triangles with C division (towards zero) on negative slopes', async () => {
    // left edge 6 + trunc(-6k / 5): 6 5 4 3 2 0 (floor would give 6 4 3 2 1 0)
    const r = await draw('oled.fill_triangle(6, 0, 0, 5, 2, 5, 1)');
    expect(r.art({ width: 7, height: 6 })).toBe(
      lines('......#', '.....##', '....##.', '...##..', '..##...', '###....'),
    );
  });

  it('draws RoundRect with quarter-circle corners', async () => {
    const r = await draw('oled.RoundRect(0, 0, 8, 6, 2, 1)');
    expect(r.art({ width: 8, height: 6 })).toBe(
      lines('..####..', '.#....#.', '#......#', '#......#', '.#....#.', '..####..'),
    );
  });

  it('draws Bitmap bits in colour c and leaves clear bits alone', async () => {
    const r = await draw(
      'oled.fill_rect(0, 0, 10, 2, 1)\noled.Bitmap(0, 0, bytes([0b10100000, 0b01000000, 0, 0b01000000]), 10, 2, 0)',
    );
    expect(r.art({ width: 10, height: 2 })).toBe(lines('.#.######.', '#########.'));
  });
});
