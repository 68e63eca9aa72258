// The 掌控板's DispChar font: what opening it costs in Node (the headless runner), what drawing the
// seed server's header costs the first time, how long the build takes to write every glyph block,
// and the bytes a board lesson downloads for its first DispChar. Anchor: reading the same font
// files from disk, measured in the same run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FontGlyphSource } from '../../site/runtime/board/index.ts';
import {
  BOARD_FONT_FILES,
  BOARD_FONT_PACKAGE,
  buildGlyphBlocks,
  loadBoardFont,
  renderGlyphBlock,
} from '../../site/runtime/board/node.ts';
import { glyphAnswer } from '../../site/runtime/board/index.ts';
import type { Suite } from '../lib/results.ts';

const HEADER = '192.168.0.2:6000';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Reads every Light subset's bytes: the floor under opening the font. */
function readFontFiles() {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve(`${BOARD_FONT_PACKAGE}/package.json`)), 'files');
  let bytes = 0;
  for (const name of readdirSync(dir))
    if (BOARD_FONT_FILES.test(name)) bytes += readFileSync(join(dir, name)).byteLength;
  return bytes;
}

export default {
  name: 'board-font',
  title: "The 掌控板's DispChar font: opening it in Node, first draw, build time, bytes per first DispChar",
  async run({ quick }) {
    const rounds = quick ? 1 : 5;
    const read: number[] = [];
    const open: number[] = [];
    const first: number[] = [];
    for (let i = 0; i < rounds; i++) {
      let t = performance.now();
      readFontFiles();
      read.push(performance.now() - t);
      t = performance.now();
      const glyphs = new FontGlyphSource({ board: loadBoardFont() });
      open.push(performance.now() - t);
      t = performance.now();
      glyphAnswer(
        glyphs,
        [...HEADER].map((ch) => ch.codePointAt(0) ?? 0),
      ); // what oled.glyphs answers
      first.push(performance.now() - t);
    }
    const glyphs = new FontGlyphSource({ board: loadBoardFont() });
    const ascii = [0, 1].map((block) => renderGlyphBlock(block, glyphs));
    const raw = ascii.reduce((n, b) => n + b.byteLength, 0);
    const gzip = ascii.reduce((n, b) => n + gzipSync(b, { level: 9 }).byteLength, 0);
    const out = mkdtempSync(join(tmpdir(), 'udplab-bench-glyphs-'));
    let build: number;
    let written: ReturnType<typeof buildGlyphBlocks>;
    try {
      const t = performance.now();
      written = buildGlyphBlocks(out);
      build = (performance.now() - t) / 1000;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
    const how = `median of ${rounds}, fresh glyph source each round; the first DispChar's cost here is its oled.glyphs answer`;
    return [
      {
        figure: 'open Noto Sans SC Light (102 WOFF2 subsets) in Node',
        value: median(open),
        unit: 'ms',
        anchor: 'read the same files from disk',
        anchorValue: median(read),
        better: 'lower',
        how,
      },
      {
        figure: `first DispChar("${HEADER}") in Node (rasterizes its glyphs)`,
        value: median(first),
        unit: 'ms',
        better: 'lower',
        how,
      },
      {
        figure: `build: all ${written.files} glyph blocks (${Math.round(written.bytes / 1024)} KiB)`,
        value: build,
        unit: 's',
        better: 'lower',
        how: 'buildGlyphBlocks() into a temporary folder, once (the astro:build:done hook does this)',
      },
      {
        figure: 'bytes a board lesson fetches for its first DispChar (ASCII blocks 000 + 001)',
        value: raw,
        unit: 'bytes',
        better: 'lower',
        how: `the two block files as built; ${gzip} bytes with gzip -9`,
      },
    ];
  },
} satisfies Suite;
