// The verdict of a Check: every check ✓/✗ with expected against actual in both languages, the
// seed and run that failed, the mistakes seen and the hint to show. Pure.

import type { RunResult } from '../runner/index.ts';
import type { Bilingual, Check, Exercise, Hint } from './exercise.ts';
import type { CheckOutcome } from './check-result.ts';
import { explainMistakes, type Mistake } from './mistakes.ts';

/** One check's result over every seed run. */
export interface CheckVerdict {
  readonly id: string;
  readonly title: Bilingual;
  readonly passed: boolean;
  readonly expected: Bilingual;
  readonly actual: Bilingual;
  /** The seed of the run shown (the first that failed it; else the last run). */
  readonly seed: number;
}

/** A mistake seen in one of the learner's programs. */
export interface ProgramMistake extends Mistake {
  readonly program: string;
}

export interface Verdict {
  readonly exercise: string;
  readonly passed: boolean;
  readonly checks: readonly CheckVerdict[];
  /** Seeds run, in order (a Check stops at the first seed with a failure). */
  readonly seeds: readonly number[];
  /** The first seed whose run failed a check, or null. */
  readonly failingSeed: number | null;
  /** That run (its programs' output, its datagrams, its OLEDs): for the packet list and replay. */
  readonly failingRun: RunResult | null;
  readonly mistakes: readonly ProgramMistake[];
  /** The first hint whose `when` matches (a hint without `when` matches any failure); null on a pass. */
  readonly hint: Hint | null;
  /** Real milliseconds the Check took. */
  readonly wallMs: number;
}

/** Mistakes in the learner's programs of `run`. */
export function mistakesOf(exercise: Exercise, run: RunResult): ProgramMistake[] {
  const out: ProgramMistake[] = [];
  const multiHost = run.hosts.length > 1;
  for (const p of run.programs) {
    if (!exercise.learner.includes(p.name)) continue;
    const loopbackRefused = multiHost
      ? run.datagrams.filter((d) => d.from === p.host && d.dst.startsWith('127.') && d.fate === 'refused')
          .length
      : 0;
    // Waiting in recvfrom at the end is a mistake only for a program that should have ended.
    const shouldEnd = exercise.checks.some(
      (c) => c.kind === 'ended' && c.program === p.name && c.value !== false,
    );
    const stoppedIn = shouldEnd ? p.stoppedIn : null;
    for (const m of explainMistakes({ ...p, stoppedIn, loopbackRefused }))
      out.push({ program: p.name, ...m });
  }
  return out;
}

/** The hint to show after a failure: the first whose trigger matches. */
export function pickHint(
  exercise: Exercise,
  failed: ReadonlySet<string>,
  mistakes: readonly Mistake[],
): Hint | null {
  const seen = new Set<string>(mistakes.map((m) => m.id));
  for (const hint of exercise.hints) {
    const when = hint.when;
    if (when === undefined) return hint;
    if (when.failed?.some((id) => failed.has(id))) return hint;
    if (when.mistakes?.some((id) => seen.has(id))) return hint;
  }
  return null;
}

/** Folds one seed's outcomes into the running per-check verdicts (the first failure is kept). */
export function fold(
  checks: readonly Check[],
  previous: CheckVerdict[] | null,
  outcomes: readonly CheckOutcome[],
  seed: number,
): CheckVerdict[] {
  return checks.map((check, i) => {
    const before = previous?.[i];
    if (before !== undefined && !before.passed) return before;
    const o = outcomes[i] as CheckOutcome;
    return {
      id: check.id,
      title: check.title,
      passed: o.passed,
      expected: o.expected,
      actual: o.actual,
      seed,
    };
  });
}
