// The exercise validator: every problem at once, each with its path, code and a fix; and every
// exercise in content/exercises valid, with its files present.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXERCISES_DIR, loadExercise } from './check-node.ts';
import { ExerciseError, validateExercise } from './exercise-validate.ts';

const scenario = {
  hosts: [
    { name: 'pc', kind: 'pc', ip: '192.168.0.3' },
    { name: 'board', kind: 'board' },
  ],
  lans: [{ name: 'home', cidr: '192.168.0.0/24' }],
  programs: [
    { name: 'client.py', file: 'starter.py', host: 'pc' },
    { file: 'peer.py', host: 'pc' },
  ],
};

function good(): Record<string, unknown> {
  return {
    id: 'demo',
    lesson: 'socket/steps',
    title: { zh: '演示', en: 'Demo' },
    task: { zh: '做', en: 'Do' },
    scenario,
    learner: ['client.py'],
    seeds: [1, 2],
    budget: 5,
    checks: [
      { id: 'out', kind: 'output', program: 'peer.py', regex: '^ok$', title: { zh: '好', en: 'ok' } },
      { id: 'oled', kind: 'oled', host: 'board', line: 2, text: 'hi', title: { zh: '屏', en: 'screen' } },
    ],
    hints: [{ id: 'h1', zh: '提示', en: 'hint', when: { failed: ['out'], mistakes: ['sendto-str'] } }],
    solution: { 'client.py': 'solution.py' },
    wrong: [{ files: { 'client.py': 'wrong.py' }, triggers: 'h1' }],
  };
}

function problems(doc: unknown): { code: string; path: string; message: string }[] {
  try {
    validateExercise(doc, 'test');
  } catch (err) {
    if (err instanceof ExerciseError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('validateExercise', () => {
  it('accepts a good exercise', () => {
    expect(problems(good())).toEqual([]);
  });

  it('reports every problem with its path and code', () => {
    const doc = good();
    doc['id'] = 'Bad Id';
    doc['seeds'] = [1, -2];
    doc['extra'] = true;
    doc['learner'] = ['ghost.py'];
    (doc['checks'] as unknown[]).push(
      { id: 'out', kind: 'output', program: 'nobody.py', regex: '(', title: { zh: 'x', en: 'x' } },
      { id: 'k', kind: 'smell', title: { zh: 'x', en: 'x' } },
      { id: 'o2', kind: 'oled', host: 'pc', line: 9, text: 'x', title: { zh: 'x', en: 'x' } },
    );
    doc['wrong'] = [{ files: { 'client.py': 'w.txt' }, triggers: 'nothing' }];
    const found = problems(doc).map((p) => `${p.code} ${p.path}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'EXERCISE_ERR_RANGE id',
        'EXERCISE_ERR_UNKNOWN_FIELD extra',
        'EXERCISE_ERR_RANGE seeds[1]',
        'EXERCISE_ERR_UNKNOWN_REF learner[0]',
        'EXERCISE_ERR_UNKNOWN_REF checks[2].program',
        'EXERCISE_ERR_REGEX checks[2].regex',
        'EXERCISE_ERR_DUPLICATE checks[2].id',
        'EXERCISE_ERR_RANGE checks[3].kind',
        'EXERCISE_ERR_UNKNOWN_REF checks[4].host',
        'EXERCISE_ERR_RANGE checks[4].line',
        'EXERCISE_ERR_UNKNOWN_FIELD wrong[0].files.client.py',
        'EXERCISE_ERR_UNKNOWN_REF wrong[0].triggers',
      ]),
    );
  });

  it('says what to write instead', () => {
    const doc = good();
    delete doc['solution'];
    (doc['hints'] as Record<string, unknown>[])[0]!['when'] = { mistakes: ['typo'] };
    const text = problems(doc)
      .map((p) => `${p.path}: ${p.message}`)
      .join('\n');
    expect(text).toContain('solution: is required: { "<program>": "solution.py" }');
    expect(text).toContain('hints[0].when.mistakes[0]: no mistake "typo"; known: sendto-str,');
  });

  it('passes a broken inline scenario on with the scenario path', () => {
    const doc = good();
    doc['scenario'] = { ...scenario, programs: [{ file: 'a.py', host: 'nowhere' }] };
    const p = problems(doc).find((q) => q.code === 'EXERCISE_ERR_SCENARIO');
    expect(p?.path).toBe('scenario.programs[0].host');
    expect(p?.message).toContain('no host named "nowhere"');
  });
});

describe('content/exercises', () => {
  const ids = readdirSync(EXERCISES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory());
  it('has exercises', () => expect(ids.length).toBeGreaterThan(0));
  it.each(ids.map((e) => e.name))('%s is valid and its files exist', (name) => {
    const { exercise, dir } = loadExercise(join(EXERCISES_DIR, name));
    expect(exercise.id).toBe(name);
    const files = [
      ...Object.values(exercise.solution),
      ...exercise.wrong.flatMap((w) => Object.values(w.files)),
    ];
    if (typeof exercise.scenario !== 'string')
      for (const p of exercise.scenario.programs) if (p.file !== undefined) files.push(p.file);
    for (const f of files) expect(existsSync(join(dir, f)), `${name}/${f}`).toBe(true);
  });
});
