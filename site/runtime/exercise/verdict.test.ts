// The verdict's helpers: each check keeps its first failing seed; the hint is the first whose
// trigger matches.

import { describe, expect, it } from 'vitest';
import type { Check, Exercise } from './exercise.ts';
import { fold, pickHint } from './verdict.ts';

const T = { zh: '题', en: 'title' };

describe('verdict helpers', () => {
  const checks = [
    { id: 'a', title: T, kind: 'ended', program: 'x' },
    { id: 'b', title: T, kind: 'ended', program: 'x' },
  ] as Check[];
  const ok = { passed: true, expected: T, actual: T };
  const bad = { passed: false, expected: T, actual: { zh: '坏', en: 'bad' } };

  it('keeps the first failing seed of each check', () => {
    const one = fold(checks, null, [ok, bad], 1);
    const two = fold(checks, one, [bad, ok], 2);
    expect(two.map((c) => [c.id, c.passed, c.seed])).toEqual([
      ['a', false, 2],
      ['b', false, 1],
    ]);
  });

  it('picks the first hint whose trigger matches; a hint without one matches any failure', () => {
    const exercise = {
      hints: [
        { id: 'm', zh: '', en: '', when: { mistakes: ['sendto-str'] } },
        { id: 'f', zh: '', en: '', when: { failed: ['b'] } },
        { id: 'any', zh: '', en: '' },
      ],
    } as unknown as Exercise;
    expect(pickHint(exercise, new Set(['b']), [])?.id).toBe('f');
    expect(pickHint(exercise, new Set(['b']), [{ id: 'sendto-str', zh: '', en: '' }])?.id).toBe('m');
    expect(pickHint(exercise, new Set(['a']), [])?.id).toBe('any');
  });
});
