// The Node font loader: the npm fonts open, a missing package says what to do, WOFF unwraps intact.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create } from 'fontkitten';
import { describe, expect, it } from 'vitest';
import { loadBoardFont, loadUnifont, UNIFONT_WOFF, woffToSfnt } from './fonts-node.ts';

describe('fonts-node', () => {
  it('opens every Light subset of Noto Sans SC: 1000 units per em, Latin and CJK mapped', () => {
    const font = loadBoardFont();
    expect(font.unitsPerEm).toBe(1000);
    expect(font.lookup(0x4e2d)?.advanceWidth).toBe(1000); // 中: one em, 11 px at 11 px per em
    expect(font.lookup(0x41)?.commands.length).toBeGreaterThan(3);
    expect(font.lookup(0xe000)).toBeNull();
    expect([...font.codePoints()].length).toBeGreaterThan(13_000);
  });

  it('says to run npm ci when the font files are missing', () => {
    expect(() => loadBoardFont('/nonexistent/fonts')).toThrow(/npm ci/);
    try {
      loadBoardFont('/nonexistent/fonts');
    } catch (error) {
      expect(error).toMatchObject({ code: 'FONT_ERR_LOAD', name: 'FontLoadError' });
    }
    expect(() => loadUnifont('/nonexistent/unifont.woff')).toThrow(/npm ci/);
  });

  it('unwraps a WOFF into an sfnt that reads the same glyphs, and rejects anything else', () => {
    const woff = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve(UNIFONT_WOFF)));
    const direct = create(Buffer.from(woff));
    const unwrapped = create(woffToSfnt(woff));
    if (!('glyphForCodePoint' in direct) || !('glyphForCodePoint' in unwrapped))
      throw new Error('not one font');
    for (const cp of [0x41, 0x67, 0x4e2d]) {
      expect(unwrapped.glyphForCodePoint(cp).advanceWidth).toBe(direct.glyphForCodePoint(cp).advanceWidth);
      expect(unwrapped.glyphForCodePoint(cp).path.commands).toEqual(
        direct.glyphForCodePoint(cp).path.commands,
      );
    }
    expect(() => woffToSfnt(new Uint8Array(64))).toThrow(/not a WOFF/);
  });
});
