// The glossary's one data file (content/glossary.json): every term in both languages, notes in
// both or neither, no name used twice, and the port ranges the lessons teach.
import { describe, expect, it } from 'vitest';
import glossary from '../../content/glossary.json';

interface Term {
  zh: string;
  en: string;
  noteZh?: string | undefined;
  noteEn?: string | undefined;
}
const terms: Term[] = glossary.terms;

describe('glossary', () => {
  it('has every term in both languages, with notes in both or neither', () => {
    expect(terms.length).toBeGreaterThan(40);
    for (const t of terms) {
      expect(t.zh.trim(), JSON.stringify(t)).not.toBe('');
      expect(t.en.trim(), JSON.stringify(t)).not.toBe('');
      expect(t.noteZh === undefined, `${t.en}: a note in one language only`).toBe(t.noteEn === undefined);
    }
  });

  it('uses each name once per language', () => {
    for (const key of ['zh', 'en'] as const) {
      const names = terms.map((t) => t[key].toLowerCase());
      expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    }
  });

  it('teaches well-known ports as 0–1023', () => {
    const wellKnown = terms.find((t) => t.en === 'well-known ports');
    expect(wellKnown?.noteZh).toMatch(/^0–1023/);
    expect(wellKnown?.noteEn).toMatch(/^0–1023/);
  });
});
