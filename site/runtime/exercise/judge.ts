// Judges one run against every check of an exercise. Pure.

import type { GlyphSource } from '../board/index.ts';
import type { RunResult } from '../runner/index.ts';
import type { Check } from './exercise.ts';
import type { CheckOutcome } from './check-result.ts';
import { judgeDatagrams, judgeOled } from './checks-network.ts';
import { judgeCalls, judgeEnded, judgeException, judgeOutput } from './checks-program.ts';

/** One check on one run. */
export async function judgeCheck(check: Check, run: RunResult, glyphs?: GlyphSource): Promise<CheckOutcome> {
  switch (check.kind) {
    case 'output':
      return judgeOutput(check, run);
    case 'datagrams':
      return judgeDatagrams(check, run);
    case 'oled':
      return judgeOled(check, run, glyphs);
    case 'exception':
      return judgeException(check, run);
    case 'ended':
      return judgeEnded(check, run);
    case 'calls':
      return judgeCalls(check, run);
  }
}

/** Every check on one run, in order. */
export async function judgeRun(
  checks: readonly Check[],
  run: RunResult,
  glyphs?: GlyphSource,
): Promise<CheckOutcome[]> {
  const out: CheckOutcome[] = [];
  for (const check of checks) out.push(await judgeCheck(check, run, glyphs));
  return out;
}
