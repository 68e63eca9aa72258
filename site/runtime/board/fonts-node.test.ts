// The Node font loader: the npm font opens, a missing package says what to do.

import { describe, expect, it } from 'vitest';
import { loadBoardFont } from './fonts-node.ts';

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
  });
});
