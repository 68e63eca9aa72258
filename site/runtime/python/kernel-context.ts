// The context the built-in syscalls see: the public SyscallContext plus the program's own tables.
import type { AbortLike } from './blocking.ts';
import type { FdTable } from './fd-table.ts';
import type { StdinQueue } from './stdin-queue.ts';
import type { RuntimeLimits, SyscallContext } from './types.ts';

export interface KernelContext extends SyscallContext {
  readonly fds: FdTable;
  readonly stdin: StdinQueue;
  readonly limits: RuntimeLimits;
  /** `signal` without making an AbortController per call (built-in handlers wait on this). */
  readonly abort: AbortLike;
}

/** Built-in handlers are only ever called with a KernelContext. */
export const internal = (ctx: SyscallContext): KernelContext => ctx as KernelContext;
