// The Node side of the checker: reads content/exercises/<id>/exercise.json (and what it names),
// validates it, and runs checkExercise with the Node kernel, files from disk, board modules, font.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNodeGlyphs } from '../board/node.ts';
import type { Kernel } from '../python/index.ts';
import { readBoardModules } from '../runner/node.ts';
import { createNodeKernel } from '../runner/node.ts';
import { checkExercise, scenarioOf, type CheckEnv, type LearnerFiles } from './check-exercise.ts';
import type { Exercise } from './exercise.ts';
import { validateExercise } from './exercise-validate.ts';
import type { Verdict } from './verdict.ts';

/** Where the course's exercises live. */
export const EXERCISES_DIR = fileURLToPath(new URL('../../../content/exercises/', import.meta.url));

/** An exercise and the folder its files are in. */
export interface LoadedExercise {
  readonly exercise: Exercise;
  readonly dir: string;
}

/** Reads and validates one exercise folder (throws ExerciseError with every problem). */
export function loadExercise(dir: string): LoadedExercise {
  const path = join(dir, 'exercise.json');
  const doc = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const ref = doc['scenario'];
  const referenced =
    typeof ref === 'string' && existsSync(resolve(dir, ref))
      ? JSON.parse(readFileSync(resolve(dir, ref), 'utf8'))
      : undefined;
  return { exercise: validateExercise(doc, path, referenced), dir };
}

/** Every exercise under `root`, sorted by lesson, then id. */
export function loadExercises(root: string = EXERCISES_DIR): LoadedExercise[] {
  const out: LoadedExercise[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true }))
    if (entry.isDirectory() && existsSync(join(root, entry.name, 'exercise.json')))
      out.push(loadExercise(join(root, entry.name)));
  return out.sort(
    (a, b) =>
      a.exercise.lesson.localeCompare(b.exercise.lesson) || a.exercise.id.localeCompare(b.exercise.id),
  );
}

/** Reads files of the exercise's folder by relative path. */
export function readIn(dir: string): (path: string) => string {
  return (path) => readFileSync(resolve(dir, path), 'utf8');
}

/** The starter files (the learner programs' `file`s in the scenario), by program name. */
export async function starterFiles(loaded: LoadedExercise): Promise<LearnerFiles> {
  const read = readIn(loaded.dir);
  const { scenario, base } = await scenarioOf(loaded.exercise, read);
  const files: Record<string, string> = {};
  for (const p of scenario.programs) {
    const name = p.name ?? p.file?.split('/').pop() ?? '';
    if (loaded.exercise.learner.includes(name)) files[name] = p.code ?? read(base + (p.file ?? ''));
  }
  return files;
}

/** Reads a { program: file } map of the exercise's folder (the solution, a wrong one). */
export function filesOf(loaded: LoadedExercise, map: Readonly<Record<string, string>>): LearnerFiles {
  const read = readIn(loaded.dir);
  return Object.fromEntries(Object.entries(map).map(([name, file]) => [name, read(file)]));
}

/** Options of {@link checkInNode}. */
export interface NodeCheckOptions extends Partial<Omit<CheckEnv, 'readFile' | 'boardModules' | 'glyphs'>> {
  /** A kernel to reuse (tests and the bench share one); default: a new one, disposed after. */
  readonly kernel?: Kernel;
}

/** Checks `files` against a loaded exercise in Node. */
export async function checkInNode(
  loaded: LoadedExercise,
  files: LearnerFiles,
  options: NodeCheckOptions = {},
): Promise<Verdict> {
  const kernel = options.kernel ?? (await createNodeKernel());
  try {
    return await checkExercise(loaded.exercise, files, {
      ...options,
      kernel,
      readFile: readIn(loaded.dir),
      boardModules: readBoardModules(),
      glyphs: loadNodeGlyphs(),
    });
  } finally {
    if (options.kernel === undefined) await kernel.dispose();
  }
}
