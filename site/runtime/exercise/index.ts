// Public entry of the exercise checker: the format, its validation, the engine (environment-neutral,
// the page calls it with its own kernel), verdicts and the mistakes explained. Node: `node.ts`.

export {
  CHECK_DEFAULTS,
  checkExercise,
  checkScenario,
  scenarioOf,
  workersFor,
  type CheckEnv,
  type LearnerFiles,
} from './check-exercise.ts';
export type { Bilingual, Check, Exercise, Hint, Lang, WrongSolution } from './exercise.ts';
export { say } from './exercise.ts';
export { ExerciseError, validateExercise, type ExerciseErrorCode } from './exercise-validate.ts';
export { judgeRun } from './judge.ts';
export { explainMistakes, type Mistake } from './mistakes.ts';
export type { CheckVerdict, Verdict } from './verdict.ts';
export { listText, verdictText } from './verdict-text.ts';
