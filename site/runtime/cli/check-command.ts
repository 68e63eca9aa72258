// `udp-lab check`: checks the learner's files against an exercise (Node), or lists the exercises.
// Exit status: 0 pass, 1 a check failed, 2 a usage mistake.

import { readFileSync } from 'node:fs';
import { CHECK_USAGE, parseCheckArgs, UsageError, type CheckArgs } from './check-args.ts';
import { checkInNode, loadExercises, type LoadedExercise } from '../exercise/node.ts';
import { listText, verdictText } from '../exercise/index.ts';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

function pick(all: readonly LoadedExercise[], id: string): LoadedExercise {
  const found = all.find((e) => e.exercise.id === id);
  if (found !== undefined) return found;
  const near = all
    .map((e) => e.exercise.id)
    .filter((x) => x.includes(id) || id.includes(x) || x.split('-')[0] === id.split('-')[0]);
  throw new UsageError(
    `unknown exercise "${id}"${near.length ? `; did you mean ${near.join(', ')}?` : ''} (udp-lab check --list shows them all)`,
  );
}

function readProgram(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `cannot read program ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`,
    );
  }
}

/** Runs `udp-lab check …`; resolves with the exit status. */
export async function main(argv: string[], io: CliIo = PROCESS_IO): Promise<number> {
  let args: CheckArgs;
  let all: LoadedExercise[];
  let target: LoadedExercise | undefined;
  let files: Record<string, string> = {};
  try {
    args = parseCheckArgs(argv, process.env['LANG'] ?? '');
    if (args.help) {
      io.stdout(CHECK_USAGE + '\n');
      return 0;
    }
    all = loadExercises();
    if (args.list) {
      const rows = all.map(({ exercise: e }) => ({
        id: e.id,
        lesson: e.lesson,
        title: e.title,
        programs: e.learner,
      }));
      io.stdout(
        (args.json
          ? JSON.stringify(rows, null, 2)
          : listText(
              all.map((e) => e.exercise),
              args.lang,
            )) + '\n',
      );
      return 0;
    }
    target = pick(all, args.exercise as string);
    const learner = target.exercise.learner;
    if (args.files.length !== learner.length)
      throw new UsageError(
        `exercise "${target.exercise.id}" needs ${learner.length} file(s), one for each of ${learner.join(', ')} in that order; got ${args.files.length}`,
      );
    files = Object.fromEntries(learner.map((name, i) => [name, readProgram(args.files[i] as string)]));
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`udp-lab check: ${err.message}\nRun "udp-lab check --help" for the options.\n`);
      return 2;
    }
    throw err;
  }
  const verdict = await checkInNode(target, files, {
    ...(args.seed !== undefined ? { seeds: [args.seed] } : {}),
    // A Windows PC of the exercise prints its [WinError …] texts in the verdict's language.
    windowsLanguage: args.lang,
  });
  io.stdout(
    (args.json ? JSON.stringify(verdict, null, 2) : verdictText(target.exercise, verdict, args.lang)) + '\n',
  );
  return verdict.passed ? 0 : 1;
}
