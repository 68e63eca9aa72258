// The glossary's one data file (content/glossary.json): every term in both languages, notes in
// both or neither, no name used twice, and the port ranges the lessons teach.
import { describe, expect, it } from 'vitest';
import glossary from '../../content/glossary.json';
import en from '../../site/content/i18n/en.json';
import zh from '../../site/content/i18n/zh-CN.json';

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

  it('is the vocabulary of the UI too: where an English string uses a term, its Chinese twin uses the term', () => {
    const zhStrings: Record<string, string> = zh;
    const bare = (name: string) => name.replace(/\s*[(（].*?[)）]/g, '').trim();
    const misses: string[] = [];
    let used = 0;
    for (const t of terms) {
      const term = new RegExp(`\\b${bare(t.en).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}s?\\b`, 'i');
      const zhNames = bare(t.zh)
        .split(/[／/]/)
        .map((n) => n.trim());
      for (const [key, text] of Object.entries(en as Record<string, string>)) {
        // Command-line flags (`--lan`) are code, not words.
        if (!term.test(text.replace(/--[\w-]+/g, ''))) continue;
        used++;
        const twin = zhStrings[key] ?? '';
        if (!zhNames.some((n) => twin.includes(n))) misses.push(`${key}: "${t.en}" without "${t.zh}"`);
      }
    }
    expect(used).toBeGreaterThan(20);
    expect(misses).toEqual([]);
  });
});
