// The checker: runs an exercise's scenario with the learner's files on each of its seeds under
// virtual time, judges every run, and returns one Verdict. Environment-neutral, like
// executeScenario: the page and Node (check-node.ts) pass their own kernel and file reader.

import type { GlyphSource } from '../board/index.ts';
import type { Kernel } from '../python/index.ts';
import { executeScenario, type RunResult } from '../runner/index.ts';
import { programName, type Scenario } from '../scenario/index.ts';
import type { Exercise } from './exercise.ts';
import { judgeRun } from './judge.ts';
import { fold, mistakesOf, pickHint, type CheckVerdict, type Verdict } from './verdict.ts';

/** Defaults of {@link CheckEnv}, set in this one place. */
export const CHECK_DEFAULTS = Object.freeze({
  /** time.time() at the start of every check run (2026-01-01T00:00:00Z): runs replay exactly. */
  epochMs: Date.UTC(2026, 0, 1),
  /** Real ms a program may take to end after the budget's KeyboardInterrupt. */
  graceMs: 3000,
  /** Real seconds a run may take at most (a CPU loop never lets virtual time move). */
  wallTimeout: 60,
});

/** What the checker needs from its environment. */
export interface CheckEnv {
  readonly kernel: Kernel;
  /** A file of the exercise's folder by its relative path (reference peers, a referenced scenario). */
  readFile(path: string): string | Promise<string>;
  /** Board-only modules for board programs ({} in the page: the runtime installs them). */
  readonly boardModules: Readonly<Record<string, string>>;
  readonly glyphs?: GlyphSource;
  /** Run every seed at once (needs enough ready workers to be fast). Default false: one by one. */
  readonly parallel?: boolean;
  /** Run every seed even after one failed. Default false. */
  readonly allSeeds?: boolean;
  /** Only these seeds (the CLI's --seed). Default: the exercise's. */
  readonly seeds?: readonly number[];
  readonly graceMs?: number;
  readonly wallTimeout?: number;
  /** Aborting stops the run under way as its budget would (the page's Stop); the verdict is moot. */
  readonly signal?: AbortSignal;
  /** The display language of Windows PCs (`pc-windows` hosts): their `[WinError …]` texts. Default zh. */
  readonly windowsLanguage?: 'zh' | 'en';
}

/** The learner's sources, by program name ('client.py' → code). */
export type LearnerFiles = Readonly<Record<string, string>>;

/** 'a/b/c.json' → 'a/b/'; 'c.json' → ''. */
function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

/** The exercise's scenario (read when it is a path) and the prefix its program files need. */
export async function scenarioOf(
  exercise: Exercise,
  readFile: CheckEnv['readFile'],
): Promise<{ scenario: Scenario; base: string }> {
  if (typeof exercise.scenario !== 'string') return { scenario: exercise.scenario, base: '' };
  const scenario = JSON.parse(await readFile(exercise.scenario)) as Scenario;
  return { scenario, base: dirOf(exercise.scenario) };
}

/** The scenario of one check run: the learner's code in place of the starters, files re-based. */
export function checkScenario(
  exercise: Exercise,
  scenario: Scenario,
  base: string,
  files: LearnerFiles,
): Scenario {
  return {
    ...scenario,
    timeout: exercise.budget,
    programs: scenario.programs.map((p) => {
      const name = programName(p);
      if (exercise.learner.includes(name)) {
        const { file: _starter, ...rest } = p;
        return { ...rest, name, code: files[name] ?? '' };
      }
      return p.file !== undefined ? { ...p, name, file: base + p.file } : p;
    }),
  };
}

/**
 * Checks the learner's files against `exercise` (validated): one virtual-time run per seed, every
 * check judged on each. Resolves with the verdict; rejects only when the exercise's own files
 * cannot be read or the runtime fails to start.
 */
export async function checkExercise(
  exercise: Exercise,
  files: LearnerFiles,
  env: CheckEnv,
): Promise<Verdict> {
  const t0 = performance.now();
  const missing = exercise.learner.filter((name) => files[name] === undefined);
  if (missing.length > 0)
    throw new TypeError(
      `EXERCISE_ERR_FILES: no code for ${missing.join(', ')}; the exercise needs ${exercise.learner.join(', ')}`,
    );
  const { scenario, base } = await scenarioOf(exercise, env.readFile);
  const runScenario = checkScenario(exercise, scenario, base, files);
  const seeds = env.seeds ?? exercise.seeds;
  const runOne = (seed: number): Promise<RunResult> =>
    executeScenario(runScenario, {
      kernel: env.kernel,
      readFile: env.readFile,
      boardModules: env.boardModules,
      ...(env.glyphs !== undefined ? { glyphs: env.glyphs } : {}),
      ...(env.signal !== undefined ? { signal: env.signal } : {}),
      ...(env.windowsLanguage !== undefined ? { windowsLanguage: env.windowsLanguage } : {}),
      time: 'virtual',
      seed,
      epochMs: CHECK_DEFAULTS.epochMs,
      echoStdin: false,
      graceMs: env.graceMs ?? CHECK_DEFAULTS.graceMs,
      wallTimeout: env.wallTimeout ?? CHECK_DEFAULTS.wallTimeout,
    });

  let verdicts: CheckVerdict[] | null = null;
  let failingSeed: number | null = null;
  let failingRun: RunResult | null = null;
  const ran: number[] = [];
  const take = async (seed: number, run: RunResult): Promise<void> => {
    const outcomes = await judgeRun(exercise.checks, run, env.glyphs);
    verdicts = fold(exercise.checks, verdicts, outcomes, seed);
    ran.push(seed);
    if (failingSeed === null && outcomes.some((o) => !o.passed)) {
      failingSeed = seed;
      failingRun = run;
    }
  };
  if (env.parallel) {
    const runs = await Promise.all(seeds.map(runOne));
    for (const [i, run] of runs.entries()) await take(seeds[i] as number, run);
  } else {
    for (const seed of seeds) {
      await take(seed, await runOne(seed));
      if (failingSeed !== null && !env.allSeeds) break;
    }
  }

  const checks: CheckVerdict[] = verdicts ?? [];
  const failed = new Set(checks.filter((c) => !c.passed).map((c) => c.id));
  const mistakes = failingRun === null ? [] : mistakesOf(exercise, failingRun);
  const passed = failed.size === 0;
  return {
    exercise: exercise.id,
    passed,
    checks,
    seeds: ran,
    failingSeed,
    failingRun,
    mistakes,
    hint: passed ? null : pickHint(exercise, failed, mistakes),
    wallMs: performance.now() - t0,
  };
}

/**
 * How many workers of each runtime one Check of `scenario` starts (programs × seeds): a kernel
 * whose pool holds that many ready ones, with its refill deferred past the Check
 * (`refillDelayMs`), runs it warm.
 */
export function workersFor(
  exercise: Exercise,
  scenario: Scenario,
): Record<'cpython' | 'micropython', number> {
  const count = { cpython: 0, micropython: 0 };
  for (const p of scenario.programs) {
    const host = scenario.hosts.find((h) => h.name.toLowerCase() === p.host.toLowerCase());
    const runtime = p.runtime ?? host?.runtime ?? (host?.kind === 'board' ? 'micropython' : 'cpython');
    count[runtime] += exercise.seeds.length;
  }
  return count;
}
