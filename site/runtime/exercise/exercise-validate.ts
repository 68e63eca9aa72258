// Checks an exercise.json (parsed) against exercise.ts and reports every problem at once, each with
// its path and what to write instead, as scenario/validate.ts does for scenarios. Pure: no Node.

import { validateScenario, ScenarioError } from '../scenario/index.ts';
import { programName, type Scenario } from '../scenario/index.ts';
import type { Exercise } from './exercise.ts';
import { MISTAKE_IDS } from './mistake-ids.ts';
import { Fields, type ExerciseProblem } from './validate-fields.ts';
import { checkCheck } from './validate-checks.ts';

export type { ExerciseErrorCode, ExerciseProblem } from './validate-fields.ts';

/** Everything wrong with an exercise. `code` is the first problem's. */
export class ExerciseError extends Error {
  readonly code: string;
  readonly problems: readonly ExerciseProblem[];

  constructor(problems: readonly ExerciseProblem[], source = 'exercise') {
    super(`${source}: ` + problems.map((p) => `${p.path}: ${p.message}`).join('\n  '));
    this.name = 'ExerciseError';
    this.code = problems[0]?.code ?? 'EXERCISE_ERR_TYPE';
    this.problems = problems;
  }
}

const ID_RE = /^[a-z0-9][a-z0-9-]{0,47}$/;
const LESSON_RE = /^[a-z0-9-]+(\/[a-z0-9-]+)*$/;
const ROOT_KEYS = [
  'id',
  'lesson',
  'title',
  'task',
  'scenario',
  'learner',
  'seeds',
  'budget',
  'checks',
  'hints',
  'solution',
  'wrong',
];

/**
 * Validates a parsed exercise.json and returns it typed. `scenario` is the referenced scenario
 * document when the exercise names one by path (the caller reads it); inline ones are checked here.
 */
export function validateExercise(doc: unknown, source = 'exercise', referenced?: unknown): Exercise {
  const f = new Fields();
  if (!f.object(doc, 'exercise', ROOT_KEYS)) throw new ExerciseError(f.problems, source);
  const id = f.string(doc, 'id', 'exercise', true);
  if (id !== undefined && !ID_RE.test(id))
    f.add('EXERCISE_ERR_RANGE', 'id', `"${id}" must be 1–48 of a-z, 0-9 and '-', e.g. "fix-bind-tuple"`);
  const lesson = f.string(doc, 'lesson', 'exercise', true);
  if (lesson !== undefined && !LESSON_RE.test(lesson))
    f.add('EXERCISE_ERR_RANGE', 'lesson', `"${lesson}" must be a lesson slug such as "socket/steps"`);
  f.bilingual(doc, 'title', 'title');
  f.bilingual(doc, 'task', 'task');

  let scenario: Scenario | null = null;
  const rawScenario = doc['scenario'];
  const scenarioDoc = typeof rawScenario === 'string' ? referenced : rawScenario;
  if (rawScenario === undefined)
    f.add('EXERCISE_ERR_MISSING', 'scenario', 'is required (an object, or a path)');
  else if (scenarioDoc === undefined)
    f.add('EXERCISE_ERR_MISSING', 'scenario', `the scenario file "${String(rawScenario)}" was not read`);
  else {
    try {
      scenario = validateScenario(scenarioDoc, 'scenario');
    } catch (err) {
      if (!(err instanceof ScenarioError)) throw err;
      for (const p of err.problems)
        f.add(
          'EXERCISE_ERR_SCENARIO',
          `scenario.${p.path.replace(/^scenario\.?/, '')}`,
          `${p.message} (${p.code})`,
        );
    }
  }
  const programs = new Set(scenario?.programs.map(programName) ?? []);
  const hosts = new Map(scenario?.hosts.map((h) => [h.name, h.kind]) ?? []);

  const learner = f.stringList(doc, 'learner', 'learner', true);
  if (Array.isArray(doc['learner']) && learner.length === 0)
    f.add('EXERCISE_ERR_MISSING', 'learner', 'name at least one program the learner writes');
  learner.forEach((name, i) => {
    if (scenario !== null && !programs.has(name))
      f.add(
        'EXERCISE_ERR_UNKNOWN_REF',
        `learner[${i}]`,
        `no program "${name}" in the scenario; it has: ${[...programs].join(', ')}`,
      );
  });
  if (new Set(learner).size !== learner.length)
    f.add('EXERCISE_ERR_DUPLICATE', 'learner', 'names a program twice');

  const seeds = f.list(doc, 'seeds', 'exercise', true);
  if (Array.isArray(doc['seeds']) && seeds.length === 0)
    f.add('EXERCISE_ERR_MISSING', 'seeds', 'needs at least one seed');
  seeds.forEach((s, i) => {
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s > 2 ** 32 - 1)
      f.add(
        'EXERCISE_ERR_RANGE',
        `seeds[${i}]`,
        `must be a whole number from 0 to 4294967295, got ${JSON.stringify(s)}`,
      );
  });
  if (doc['budget'] === undefined)
    f.add('EXERCISE_ERR_MISSING', 'budget', 'is required (virtual seconds, e.g. 10)');
  f.number(doc, 'budget', 'exercise', 0.1, 600);

  const checkIds = new Set<string>();
  f.list(doc, 'checks', 'exercise', true).forEach((check, i) => {
    const cid = checkCheck(f, check, `checks[${i}]`, { programs, hosts, known: scenario !== null });
    if (cid === undefined) return;
    if (checkIds.has(cid))
      f.add('EXERCISE_ERR_DUPLICATE', `checks[${i}].id`, `check "${cid}" is defined twice`);
    checkIds.add(cid);
  });
  if (Array.isArray(doc['checks']) && checkIds.size === 0)
    f.add('EXERCISE_ERR_MISSING', 'checks', 'needs at least one check');

  const hintIds = new Set<string>();
  f.list(doc, 'hints', 'exercise', true).forEach((hint, i) => {
    const path = `hints[${i}]`;
    if (!f.object(hint, path, ['id', 'zh', 'en', 'when'])) return;
    const hid = f.string(hint, 'id', path, true);
    f.string(hint, 'zh', path, true);
    f.string(hint, 'en', path, true);
    if (hid !== undefined) {
      if (hintIds.has(hid) || checkIds.has(hid))
        f.add('EXERCISE_ERR_DUPLICATE', `${path}.id`, `"${hid}" is already a hint or check id`);
      hintIds.add(hid);
    }
    const when = hint['when'];
    if (when !== undefined && f.object(when, `${path}.when`, ['failed', 'mistakes'])) {
      f.stringList(when, 'failed', `${path}.when.failed`, false).forEach((c, j) => {
        if (!checkIds.has(c))
          f.add(
            'EXERCISE_ERR_UNKNOWN_REF',
            `${path}.when.failed[${j}]`,
            `no check "${c}"; checks: ${[...checkIds].join(', ')}`,
          );
      });
      f.stringList(when, 'mistakes', `${path}.when.mistakes`, false).forEach((m, j) => {
        if (!(MISTAKE_IDS as readonly string[]).includes(m))
          f.add(
            'EXERCISE_ERR_UNKNOWN_REF',
            `${path}.when.mistakes[${j}]`,
            `no mistake "${m}"; known: ${MISTAKE_IDS.join(', ')}`,
          );
      });
    }
  });
  if (Array.isArray(doc['hints']) && hintIds.size === 0)
    f.add('EXERCISE_ERR_MISSING', 'hints', 'needs at least one hint');

  const files = (value: unknown, path: string, complete: boolean): void => {
    if (!f.object(value, path, learner)) return;
    for (const [name, file] of Object.entries(value))
      if (typeof file !== 'string' || !/\.py$/.test(file))
        f.add(
          'EXERCISE_ERR_TYPE',
          `${path}.${name}`,
          `must be a .py file in the exercise's folder, got ${JSON.stringify(file)}`,
        );
    if (complete)
      for (const name of learner)
        if (value[name] === undefined)
          f.add('EXERCISE_ERR_MISSING', `${path}.${name}`, 'needs a file for every learner program');
  };
  if (doc['solution'] === undefined)
    f.add('EXERCISE_ERR_MISSING', 'solution', 'is required: { "<program>": "solution.py" }');
  else files(doc['solution'], 'solution', true);

  const wrong = f.list(doc, 'wrong', 'exercise', true);
  if (Array.isArray(doc['wrong']) && wrong.length === 0)
    f.add(
      'EXERCISE_ERR_MISSING',
      'wrong',
      'needs at least one known-wrong solution and the hint it must trigger',
    );
  wrong.forEach((w, i) => {
    const path = `wrong[${i}]`;
    if (!f.object(w, path, ['files', 'triggers', 'why'])) return;
    if (w['files'] === undefined) f.add('EXERCISE_ERR_MISSING', `${path}.files`, 'is required');
    else files(w['files'], `${path}.files`, false);
    const t = f.string(w, 'triggers', path, true);
    f.string(w, 'why', path, false);
    if (t !== undefined && !hintIds.has(t) && !checkIds.has(t))
      f.add('EXERCISE_ERR_UNKNOWN_REF', `${path}.triggers`, `"${t}" is neither a hint nor a check id`);
  });

  if (f.problems.length > 0) throw new ExerciseError(f.problems, source);
  return doc as unknown as Exercise;
}
