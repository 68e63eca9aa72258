// What judging one check on one run gives, and small helpers the check kinds share. Pure.

import type { ProgramResult, RunResult } from '../runner/index.ts';
import type { Bilingual, CountRange } from './exercise.ts';

/** One check judged on one run: passed, and expected against actual in both languages. */
export interface CheckOutcome {
  readonly passed: boolean;
  readonly expected: Bilingual;
  readonly actual: Bilingual;
}

/** Both languages the same (code, numbers, quoted output). */
export function same(text: string): Bilingual {
  return { zh: text, en: text };
}

export function outcome(passed: boolean, expected: Bilingual, actual: Bilingual): CheckOutcome {
  return { passed, expected, actual };
}

/** The program named `name` in the run (the validator made sure it exists). */
export function programOf(run: RunResult, name: string): ProgramResult {
  const p = run.programs.find((q) => q.name === name);
  if (p === undefined) throw new Error(`EXERCISE_ERR_UNKNOWN_REF: no program "${name}" in the run`);
  return p;
}

/** Output as lines: '\r\n' normalised, trailing blank lines dropped. */
export function linesOf(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Whether `n` lies in the range; `min` defaults to `defaultMin`. */
export function inRange(n: number, range: CountRange, defaultMin = 1): boolean {
  const min = range.min ?? (range.max === 0 ? 0 : defaultMin);
  return n >= min && (range.max === undefined || n <= range.max);
}

/** '至少 1' / 'at least 1', '正好 3' / 'exactly 3', '0 到 5' / '0 to 5' (the caller adds the unit). */
export function rangeText(range: CountRange, defaultMin = 1): Bilingual {
  const min = range.min ?? (range.max === 0 ? 0 : defaultMin);
  const max = range.max;
  if (max === undefined) return { zh: `至少 ${min}`, en: `at least ${min}` };
  if (min === max) return { zh: `正好 ${min}`, en: `exactly ${min}` };
  if (min === 0) return { zh: `最多 ${max}`, en: `at most ${max}` };
  return { zh: `${min} 到 ${max}`, en: `${min} to ${max}` };
}

/** A quoted excerpt of output, at most `max` characters. */
export function excerpt(text: string, max = 400): string {
  const t = text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  if (t === '') return '';
  return t.length > max ? t.slice(0, max) + ' …' : t;
}

/** Program output for an "actual" line: the text, or (no output). */
export function shownOutput(text: string): Bilingual {
  const t = excerpt(text);
  return t === '' ? { zh: '（没有输出）', en: '(no output)' } : same(t);
}

/** Hex → UTF-8 text (invalid bytes become U+FFFD). */
export function hexText(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return new TextDecoder('utf-8').decode(bytes);
}
