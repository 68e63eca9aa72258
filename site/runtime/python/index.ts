// Public entry of the Python runtime: start programs in workers, register syscalls, limits.
export {
  createKernel,
  defaultKernel,
  startProgram,
  prewarm,
  DEFAULT_NOTICES,
  DEFAULT_POOL_MAX,
} from './kernel.ts';
export { withData, WithData } from './answers.ts';
export { SyscallError, ERRNO } from './errors.ts';
export { DEFAULT_LIMITS } from './limits.ts';
export { RealClock } from './real-clock.ts';
export type * from './types.ts';
export { BOARD_MODULE_NAMES } from './board-module-names.ts';
export { PYODIDE_ENV, SHIPPED_SNAPSHOT } from './pyodide-boot.ts';
export { expectShippedSnapshot, hasStoredSnapshot, keepShippedSnapshot } from './snapshot-store.ts';
export {
  WAITS_OFF_CLOCK,
  readyForNext,
  type BoardRaise,
  type HandlerTable,
  type SyscallOp,
} from './syscall-table.ts';
export { COURSE_STDLIB, FULL_STDLIB } from './stdlib-names.ts';
export { INTERPRETER_DIRS } from './interpreter-dirs.ts';
export {
  DELTA_HEADER_BYTES,
  decodeDelta,
  encodeDelta,
  isDeltaSnapshot,
  pristineMemory,
} from './snapshot-delta.ts';
