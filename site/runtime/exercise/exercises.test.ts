// Every exercise, as `udp-lab check` runs it (real interpreters, virtual time): the model solution
// passes on every seed, each known-wrong solution fails with the hint (or check) it names, and
// the starter and an empty program fail. So no check can pass everything, and none can fail
// the model. One kernel for all; each exercise's cases run side by side.

import { afterAll, describe, expect, it } from 'vitest';
import { createNodeKernel } from '../runner/node.ts';
import { checkInNode, filesOf, loadExercises, starterFiles, type LoadedExercise } from './check-node.ts';
import type { Verdict } from './verdict.ts';

const exercises = loadExercises();
const kernel = await createNodeKernel({ poolSize: { cpython: 4, micropython: 2 } });
afterAll(() => kernel.dispose());

function summary(v: Verdict): string {
  const failed = v.checks.filter((c) => !c.passed);
  return `hint ${v.hint?.id ?? 'none'}; failed on seed ${v.failingSeed}: ${failed.map((c) => `${c.id} (expected ${c.expected.en}; actual ${c.actual.en})`).join('; ')}`;
}

async function cases(loaded: LoadedExercise): Promise<void> {
  const { exercise } = loaded;
  const empty = Object.fromEntries(exercise.learner.map((name) => [name, '']));
  const wrongs = exercise.wrong.map((w) => ({ ...w, files: { ...empty, ...filesOf(loaded, w.files) } }));
  const check = (files: Record<string, string>): Promise<Verdict> => checkInNode(loaded, files, { kernel });
  const [model, starter, blank, ...wrong] = await Promise.all([
    check(filesOf(loaded, exercise.solution)),
    starterFiles(loaded).then(check),
    check(empty),
    ...wrongs.map((w) => check(w.files)),
  ]);
  expect(model.passed, `the model solution fails: ${summary(model)}`).toBe(true);
  expect(model.seeds).toEqual(exercise.seeds);
  expect(starter.passed, 'the starter passes').toBe(false);
  expect(blank.passed, 'an empty program passes').toBe(false);
  wrongs.forEach((w, i) => {
    const v = wrong[i] as Verdict;
    const label = `${Object.values(exercise.wrong[i]?.files ?? {}).join(', ')} (${w.why ?? ''})`;
    expect(v.passed, `${label} passes`).toBe(false);
    const hintIds = exercise.hints.map((h) => h.id);
    if (hintIds.includes(w.triggers)) expect(v.hint?.id, `${label}: ${summary(v)}`).toBe(w.triggers);
    else expect(v.checks.find((c) => c.id === w.triggers)?.passed, `${label}: ${summary(v)}`).toBe(false);
  });
}

describe('every exercise, checked as udp-lab check does', () => {
  it.each(exercises.map((e) => [e.exercise.id, e] as const))(
    '%s',
    async (_id, loaded) => cases(loaded),
    180_000,
  );
});
