// Golden transcripts of the Windows scenarios, in both display languages: the same port-unreachable
// pair on a Windows PC, and a Windows PC beside a Linux PC and a board. The golden files were
// written from site/runtime/netsim/WINDOWS.md; every "[WinError N] text" in them must be that
// table's text for N in the file's language.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeKernel } from '../../site/runtime/runner/node.ts';
import { GOLDEN_DIR, golden, transcriptOf } from './transcript.ts';

const kernel = await createNodeKernel();
afterAll(() => kernel.dispose());

const FACT_SHEET = fileURLToPath(new URL('../../site/runtime/netsim/WINDOWS.md', import.meta.url));

/** WINDOWS.md's table: code → [中文 text, English text]. */
function factTexts(): Map<number, [string, string]> {
  const rows = new Map<number, [string, string]>();
  for (const line of readFileSync(FACT_SHEET, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const code = Number(cells[1]);
    if (!/^\d{5}$/.test(cells[1] ?? '') || cells.length < 7) continue;
    const zh = (cells[4] ?? '').replace(/\s*\*\*unverified\*\*$/, '');
    rows.set(code, [zh, cells[5] ?? '']);
  }
  return rows;
}

const CASES = ['windows-port-unreachable', 'windows-beside-linux'].flatMap((name) =>
  (['zh', 'en'] as const).map((lang) => [name, lang] as const),
);

describe('Windows scenarios', () => {
  it.each(CASES)('%s (%s) matches its golden transcript', async (name, lang) => {
    const actual = await transcriptOf(name, kernel, { windowsLanguage: lang });
    expect(actual).toBe(golden(`${name}.${lang}`, actual));
  });

  it.each(CASES)("%s (%s): every WinError text is the fact sheet's", (name, lang) => {
    const facts = factTexts();
    const text = readFileSync(join(GOLDEN_DIR, `${name}.${lang}.txt`), 'utf8');
    const found = [...text.matchAll(/\[WinError (\d+)\] (.*)$/gm)];
    expect(found.length).toBeGreaterThan(0);
    for (const [, code, message] of found) {
      const row = facts.get(Number(code));
      expect(row, `WinError ${code} is not in WINDOWS.md's table`).toBeDefined();
      expect(message).toBe(row?.[lang === 'zh' ? 0 : 1]);
    }
  });
});
