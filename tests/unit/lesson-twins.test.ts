// The lessons as sources: every page has its twin in the other language with the same shape
// (headings, code blocks, examples, playgrounds, asides, the numbers inside code), every
// internal link points at a page that exists in the same language, and every page that
// states how Windows behaves cites where that comes from.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const DOCS = new URL('../../content/docs/', import.meta.url).pathname;

/** Every .mdx file under content/docs, relative, e.g. `socket/api.mdx`, `en/socket/api.mdx`. */
function mdxFiles(dir = DOCS): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...mdxFiles(full));
    else if (name.endsWith('.mdx') || name.endsWith('.md')) out.push(path.relative(DOCS, full));
  }
  return out.sort();
}

const files = mdxFiles();
const zh = files.filter((f) => !f.startsWith('en/'));
const en = files.filter((f) => f.startsWith('en/'));
const read = (f: string) => readFileSync(path.join(DOCS, f), 'utf8');

/** What must match between twins: one string per structural element, in page order. */
export function shape(source: string): { outline: string[]; codeNumbers: string[] } {
  const outline: string[] = [];
  const codeNumbers: string[] = [];
  const body = source.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/\{\/\*[\s\S]*?\*\/\}/g, '');
  let fence: string | null = null;
  for (const raw of body.split('\n')) {
    const line = raw.trimStart();
    if (fence !== null) {
      if (line.startsWith(fence) && line.trim() === fence) {
        fence = null;
        continue;
      }
      // Numbers in code and program output must agree; comments may be translated.
      const code = line.replace(/#.*$/, '');
      for (const n of code.match(/\d+(?:\.\d+)*/g) ?? []) codeNumbers.push(n);
      continue;
    }
    const open = /^(`{3,}|~{3,})(\w*)/.exec(line);
    if (open) {
      fence = open[1] as string;
      outline.push(`code:${open[2] ?? ''}`);
      continue;
    }
    const heading = /^(#{2,6})\s/.exec(line);
    if (heading) outline.push(`h${(heading[1] as string).length}`);
    const aside = /^:::(\w+)/.exec(line);
    if (aside) outline.push(`aside:${aside[1]}`);
    for (const m of line.matchAll(/<(Example|Playground)\b([^>]*)>/g)) {
      const props = [...(m[2] ?? '').matchAll(/(\w+)=(?:"([^"]*)"|\{([^}]*)\})/g)]
        .map((p) => `${p[1]}=${p[2] ?? p[3]}`)
        .sort()
        .join(' ');
      outline.push(`${m[1]}(${props})`);
    }
  }
  return { outline, codeNumbers };
}

describe('lesson twins', () => {
  it('finds the lessons', () => {
    expect(zh.length).toBeGreaterThanOrEqual(12);
  });

  it('gives every Chinese page an English twin and back', () => {
    expect(zh.filter((f) => !en.includes(`en/${f}`))).toEqual([]);
    expect(en.filter((f) => !zh.includes(f.slice(3)))).toEqual([]);
  });

  it.each(zh.filter((f) => en.includes(`en/${f}`)))(
    '%s and its twin have the same headings, code blocks, examples, playgrounds and asides',
    (f) => {
      expect(shape(read(`en/${f}`)).outline).toEqual(shape(read(f)).outline);
    },
  );

  it.each(zh.filter((f) => en.includes(`en/${f}`)))('%s and its twin show the same numbers in code', (f) => {
    expect(shape(read(`en/${f}`)).codeNumbers).toEqual(shape(read(f)).codeNumbers);
  });

  it('notices a missing heading or code block (the check can fail)', () => {
    const page = '## A\n\n```python\nx = 1\n```\n\n:::note\nhi\n:::\n';
    expect(shape(page.replace('## A\n', '')).outline).not.toEqual(shape(page).outline);
    expect(shape(page.replace('x = 1', 'x = 2')).codeNumbers).not.toEqual(shape(page).codeNumbers);
    expect(shape(page.replace('```python\nx = 1\n```\n', '')).outline).not.toEqual(shape(page).outline);
  });
});

describe('lesson links', () => {
  /** `basics/network.mdx` → `/basics/network/`; `index.mdx` → `/`. */
  const route = (f: string) =>
    `/${f.replace(/\.mdx?$/, '').replace(/(^|\/)index$/, '')}/`.replace(/\/+/g, '/');
  const routes = new Set(files.map(route));

  it.each(files)('%s links only to pages that exist, in its own language', (f) => {
    const source = read(f).replace(/```[\s\S]*?```/g, '');
    const targets = [
      ...[...source.matchAll(/\]\((\/[^)\s]*)\)/g)].map((m) => m[1] as string),
      ...[...source.matchAll(/\b(?:href|link):?\s*=?\s*["']?(\/[^"'\s)]*)/g)].map((m) => m[1] as string),
    ];
    const bad = targets
      .map((t) => t.replace(/[#?].*$/, ''))
      .filter((t) => !t.startsWith('/_'))
      .filter(
        (t) => !routes.has(t.endsWith('/') ? t : `${t}/`) || t.startsWith('/en/') !== f.startsWith('en/'),
      );
    expect(bad).toEqual([]);
  });
});

describe('Windows claims', () => {
  it.each(files.filter((f) => /WinError/.test(read(f))))(
    '%s cites its sources for what Windows does',
    (f) => {
      const text = read(f);
      expect(text).toMatch(/learn\.microsoft\.com\/[^\s)]*winsock/i);
      expect(text).toMatch(/github\.com\/python\/cpython|socketmodule\.c/);
    },
  );
});
