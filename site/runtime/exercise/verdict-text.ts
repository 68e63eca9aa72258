// The plain-text form of a verdict and of the exercise list, in one language: each check ✓/✗ with
// expected against actual, the mistakes seen (beside the program's own traceback), then the hint.
// Pure.

import type { Exercise, Lang } from './exercise.ts';
import type { Verdict } from './verdict.ts';

const WORDS = {
  zh: {
    expected: '期望',
    actual: '实际',
    seed: '种子',
    hint: '提示',
    mistake: '常见错误',
    output: '的输出',
    pass: '通过',
    fail: '未通过',
    of: '项检查未通过',
    seeds: '种子',
  },
  en: {
    expected: 'expected',
    actual: 'actual',
    seed: 'seed',
    hint: 'Hint',
    mistake: 'Common mistake',
    output: 'output of',
    pass: 'PASS',
    fail: 'FAIL',
    of: 'check(s) failed',
    seeds: 'seeds',
  },
} as const;

function indent(text: string, pad: string): string {
  return text.split('\n').join('\n' + pad);
}

/** The verdict as lines for a terminal. */
export function verdictText(exercise: Exercise, verdict: Verdict, lang: Lang): string {
  const w = WORDS[lang];
  const out: string[] = [`${exercise.id}: ${exercise.title[lang]} (${w.seeds} ${verdict.seeds.join(', ')})`];
  for (const c of verdict.checks) {
    out.push(`${c.passed ? '✓' : '✗'} ${c.title[lang]}${c.passed ? '' : `  (${w.seed} ${c.seed})`}`);
    if (c.passed) continue;
    out.push(`    ${w.expected}: ${indent(c.expected[lang], '      ')}`);
    out.push(`    ${w.actual}: ${indent(c.actual[lang], '      ')}`);
  }
  const run = verdict.failingRun;
  if (run !== null) {
    for (const p of run.programs) {
      if (!exercise.learner.includes(p.name)) continue;
      const err = (p.stderr + (p.runtime === 'micropython' ? p.stdout : '')).trim();
      const start = err.split('\n').findIndex((x) => x.startsWith('Traceback'));
      const tb = start < 0 ? [] : err.split('\n').slice(start);
      if (p.exception !== null && p.exception !== 'KeyboardInterrupt' && tb.length > 0)
        out.push(
          '',
          lang === 'zh'
            ? `${p.name}${w.output}（${w.seed} ${verdict.failingSeed}）：`
            : `${w.output} ${p.name} (${w.seed} ${verdict.failingSeed}):`,
          ...tb.slice(-12).map((l) => '    ' + l),
        );
    }
  }
  for (const m of verdict.mistakes) out.push('', `${w.mistake} (${m.program}): ${m[lang]}`);
  if (verdict.hint !== null) out.push('', `${w.hint}: ${verdict.hint[lang]}`);
  const failed = verdict.checks.filter((c) => !c.passed).length;
  out.push('', verdict.passed ? w.pass : `${w.fail}: ${failed} ${w.of}`);
  return out.join('\n');
}

/** `udp-lab check --list`: one line per exercise. */
export function listText(exercises: readonly Exercise[], lang: Lang): string {
  const width = Math.max(...exercises.map((e) => e.id.length), 2);
  const lesson = Math.max(...exercises.map((e) => e.lesson.length), 6);
  return exercises
    .map(
      (e) => `${e.id.padEnd(width)}  ${e.lesson.padEnd(lesson)}  ${e.title[lang]}  (${e.learner.join(', ')})`,
    )
    .join('\n');
}
