// Node entry of the runner: `runScenario` with the kernel on worker_threads, program files read from
// disk, the board shims and the font filled in. The page uses `index.ts` only.

export { BOARD_MODULE_FILES, readBoardModules } from './board-modules.ts';
export { createNodeKernel, runScenario, type NodeRunOptions } from './run-node.ts';
