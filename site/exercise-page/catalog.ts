// Build time: every exercise of content/exercises/, validated, with the files a page needs (its
// reference peers, starters and model solution). Used by <Exercise> and the progress page.

import type { Exercise } from '../runtime/exercise/index.ts';
import { validateExercise } from '../runtime/exercise/index.ts';
import { programName, programRuntime, type Scenario } from '../runtime/scenario/index.ts';
import type { ExerciseData, ExerciseProgram } from './types.ts';

const docs = import.meta.glob<unknown>('/content/exercises/*/exercise.json', {
  eager: true,
  import: 'default',
});
/** Every text file an exercise could name: its folder's programs, shared scenarios and examples. */
const texts = import.meta.glob<string>(
  ['/content/exercises/*/*.py', '/content/scenarios/*.json', '/content/examples/*.py'],
  { eager: true, query: '?raw', import: 'default' },
);

/** `rel` resolved against the folder `dir` ('/content/exercises/x/'), as a glob key. */
function resolvePath(dir: string, rel: string): string {
  return decodeURIComponent(new URL(rel, `file://${dir}`).pathname);
}

function read(path: string, id: string): string {
  const text = texts[path];
  if (text === undefined) throw new Error(`<Exercise id="${id}">: ${path} does not exist.`);
  return text;
}

/** Every exercise id, validated (a broken exercise.json fails the build with every problem). */
export function exerciseIds(): string[] {
  return Object.keys(docs)
    .map((p) => p.split('/')[3] as string)
    .sort();
}

/** One exercise, validated. Throws naming the known ids when `id` does not exist. */
export function loadExercise(id: string): Exercise {
  const path = `/content/exercises/${id}/exercise.json`;
  const doc = docs[path] as Record<string, unknown> | undefined;
  if (doc === undefined)
    throw new Error(
      `<Exercise id="${id}">: no ${path}. Known exercises: ${exerciseIds().join(', ') || 'none'}.`,
    );
  const ref = doc['scenario'];
  const referenced =
    typeof ref === 'string' ? JSON.parse(read(resolvePath(`/content/exercises/${id}/`, ref), id)) : undefined;
  return validateExercise(doc, path, referenced);
}

/** What the page embeds for one exercise (without its language and strings). */
export function exerciseData(id: string): Omit<ExerciseData, 'lang' | 'strings'> {
  const exercise = loadExercise(id);
  const dir = `/content/exercises/${id}/`;
  let scenario: Scenario;
  let base = dir;
  if (typeof exercise.scenario === 'string') {
    const path = resolvePath(dir, exercise.scenario);
    scenario = JSON.parse(read(path, id)) as Scenario;
    base = path.replace(/[^/]*$/, '');
  } else scenario = exercise.scenario;

  const files: Record<string, string> = {};
  const learner: ExerciseProgram[] = [];
  const peers: ExerciseProgram[] = [];
  // Every program file becomes a key of `files`, so the page's readFile is a lookup.
  const programs = scenario.programs.map((p) => {
    const name = programName(p);
    const host = scenario.hosts.find((h) => h.name.toLowerCase() === p.host.toLowerCase());
    const file = p.file === undefined ? undefined : resolvePath(base, p.file);
    const code = p.code ?? (file === undefined ? '' : read(file, id));
    if (file !== undefined && !exercise.learner.includes(name)) files[file] = code;
    if (host !== undefined) {
      const shown: ExerciseProgram = {
        name,
        host: host.name,
        hostKind: host.kind,
        runtime: programRuntime(p, host),
        ip: host.ip ?? host.interfaces?.[0]?.ip ?? '',
        code,
      };
      (exercise.learner.includes(name) ? learner : peers).push(shown);
    }
    return file === undefined ? p : { ...p, file };
  });
  learner.sort((a, b) => exercise.learner.indexOf(a.name) - exercise.learner.indexOf(b.name));
  const solution: Record<string, string> = {};
  for (const [name, file] of Object.entries(exercise.solution)) solution[name] = read(dir + file, id);
  return {
    id,
    exercise: { ...exercise, scenario: { ...scenario, programs } },
    files,
    learner,
    peers,
    solution,
  };
}

/** Every exercise, for the progress page. */
export function allExercises(): Exercise[] {
  return exerciseIds().map(loadExercise);
}
