// What an exercise element embeds: the validated exercise (its scenario inline), the files its run
// reads, the learner's programs and the reference peers, and the page's strings.

import type { Exercise, Lang } from '../runtime/exercise/index.ts';
import type { HostKind } from '../runtime/scenario/index.ts';

/** One program of the exercise as the page shows it. */
export interface ExerciseProgram {
  /** Its name in the scenario (what checks and the checker call it), e.g. `client.py`. */
  name: string;
  host: string;
  hostKind: HostKind;
  runtime: 'cpython' | 'micropython';
  /** The host's fixed address, '' when DHCP picks it. */
  ip: string;
  /** The starter (learner programs) or the reference peer's code. */
  code: string;
}

/** The JSON block of one `<Exercise>`. */
export interface ExerciseData {
  id: string;
  lang: Lang;
  /** The exercise with its scenario inline and every peer's `file` a key of `files`. */
  exercise: Exercise;
  /** Files a check run reads (the reference peers), by the key the scenario names them with. */
  files: Record<string, string>;
  learner: ExerciseProgram[];
  peers: ExerciseProgram[];
  /** Learner program name → model solution (shown only after the learner confirms). */
  solution: Record<string, string>;
  strings: Record<string, string>;
}
