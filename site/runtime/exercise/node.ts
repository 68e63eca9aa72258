// Node entry of the exercise checker: loads `content/exercises` from disk and checks files with the
// Node kernel (`udp-lab check`, the tests, the benchmarks). The page uses `index.ts` only.

export {
  EXERCISES_DIR,
  checkInNode,
  filesOf,
  loadExercise,
  loadExercises,
  readIn,
  starterFiles,
  type LoadedExercise,
  type NodeCheckOptions,
} from './check-node.ts';
