// Public entry of the runner: runs a scenario's programs to the end, environment-neutral (the page's
// exercise checks and the Node API both use it). The Node API with files, kernel and font is `node.ts`.

export {
  RUN_DEFAULTS,
  executeScenario,
  type BoardResult,
  type DatagramResult,
  type OutputEvent,
  type ProgramResult,
  type RunOptions,
  type RunResult,
} from './run-scenario.ts';
export { VirtualTimeDriver, type VirtualTimeOptions } from './clocks.ts';
