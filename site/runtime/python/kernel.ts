// The kernel: syscall handlers, limits and the worker pool, shared by every program it starts.
import { hasSharedMemory } from '../env.ts';
import { resolveLimits } from './limits.ts';
import { ProcessImpl, type ProcessHost } from './process.ts';
import { IO_SYSCALLS } from './syscalls-io.ts';
import { SOCKET_SYSCALLS } from './syscalls-socket.ts';
import { STREAM_SYSCALLS } from './syscalls-stream.ts';
import type {
  DownloadEvent,
  Kernel,
  KernelOptions,
  PythonProcess,
  RuntimeLimits,
  RuntimeName,
  StartProgramOptions,
  SyscallHandler,
} from './types.ts';
import { WorkerPool } from './worker-pool.ts';
import type { PoolState } from './types.ts';
import { codedError } from './coded-error.ts';

/** The runtime's own messages to the learner, in English; the UI passes its locale's texts. */
export const DEFAULT_NOTICES: Readonly<Record<string, string>> = {
  UDPLAB_BOARD_RESET:
    '[UDP Lab] Stop could not interrupt the program: it was busy computing, and the simulator reaches a ' +
    'MicroPython program only at a socket call, a sleep or a print. The board was reset to stop it, so ' +
    'its except/finally did not run. On a real 掌控板, Ctrl-C would raise KeyboardInterrupt here.',
  UDPLAB_PROGRAM_ENDED:
    '[UDP Lab] The program did not respond to Stop (it was inside one long computation), so it was ' +
    'ended; its except/finally did not run.',
  UDPLAB_RUNTIME_FAILED: '[UDP Lab] The Python runtime failed:',
  UDPLAB_WINDOWS_STOP_DEFERRED:
    '[UDP Lab] Ctrl-C: on Windows, Python takes it only when this call returns (a datagram arrives or ' +
    'the timeout ends). Press Stop again to close the program, as closing its console window would.',
  UDPLAB_WINDOWS_CLOSED:
    '[UDP Lab] The program was closed, as closing its console window would; its except/finally did not run.',
};

class KernelImpl implements Kernel, ProcessHost {
  readonly limits: RuntimeLimits;
  readonly #handlers = new Map<string, SyscallHandler>(
    Object.entries({ ...SOCKET_SYSCALLS, ...STREAM_SYSCALLS, ...IO_SYSCALLS }),
  );
  readonly #pool: WorkerPool;
  readonly #processes = new Set<ProcessImpl>();
  readonly #notices: Readonly<Record<string, string>>;
  #nextPid = 1;

  constructor(options: KernelOptions) {
    if (!hasSharedMemory()) {
      throw codedError(
        Error,
        'UDPLAB_ERR_NOT_ISOLATED',
        'Python programs need SharedArrayBuffer, which this page lacks. Serve it ' +
          'with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp.',
      );
    }
    this.limits = resolveLimits(options.limits);
    this.#notices = { ...DEFAULT_NOTICES, ...options.notices };
    this.#pool = new WorkerPool(
      this.limits,
      { cpython: options.poolSize?.cpython ?? 1, micropython: options.poolSize?.micropython ?? 1 },
      options.assetBase ?? '/_udplab/',
      {
        cpython: options.poolMax?.cpython ?? DEFAULT_POOL_MAX.cpython,
        micropython: options.poolMax?.micropython ?? DEFAULT_POOL_MAX.micropython,
      },
      options.refillDelayMs,
    );
  }

  register(op: string, handler: SyscallHandler): void {
    this.#handlers.set(op, handler);
  }

  startProgram(options: StartProgramOptions): PythonProcess {
    if (this.#processes.size >= this.limits.maxProcesses) {
      throw codedError(
        RangeError,
        'UDPLAB_ERR_TOO_MANY_PROCESSES',
        `${this.limits.maxProcesses} programs are running; stop one first ` +
          '(or raise limits.maxProcesses)',
      );
    }
    if (options.runtime !== 'cpython' && options.runtime !== 'micropython') {
      throw codedError(
        TypeError,
        'UDPLAB_ERR_BAD_RUNTIME',
        `runtime must be 'cpython' or 'micropython', got ${String(options.runtime)}`,
      );
    }
    const process = new ProcessImpl(this.#nextPid++, options, this, this.#pool.acquire(options.runtime));
    this.#processes.add(process);
    return process;
  }

  prewarm(runtime: RuntimeName, count?: number, all?: boolean): Promise<void> {
    return this.#pool.prewarm(runtime, count, all);
  }

  poolState(runtime: RuntimeName): PoolState {
    return this.#pool.state(runtime);
  }

  onPoolChange(listener: () => void): () => void {
    return this.#pool.onChange(listener);
  }

  readonly #downloadListeners = new Set<(event: DownloadEvent) => void>();

  onDownload(listener: (event: DownloadEvent) => void): () => void {
    this.#downloadListeners.add(listener);
    return () => void this.#downloadListeners.delete(listener);
  }

  /** From a program's worker (process.ts). */
  downloaded(event: DownloadEvent): void {
    for (const listener of [...this.#downloadListeners]) listener(event);
  }

  async dispose(): Promise<void> {
    for (const process of [...this.#processes]) process.kill();
    this.#pool.dispose();
  }

  handler(op: string): SyscallHandler | undefined {
    return this.#handlers.get(op);
  }

  notice(code: string): string {
    return this.#notices[code] ?? code;
  }

  released(process: ProcessImpl): void {
    this.#processes.delete(process);
  }
}

/**
 * Ready workers one runtime may keep at most, however many programs a playground has: a Pyodide
 * worker holds ≈ 100 MiB, a MicroPython one ≈ 4 MiB (`runtime-memory` in bench/RESULTS.md).
 */
export const DEFAULT_POOL_MAX: Readonly<Record<RuntimeName, number>> = { cpython: 3, micropython: 4 };

/** A kernel with its own handlers, limits and pool (a page or a runner has one). */
export function createKernel(options: KernelOptions = {}): Kernel {
  return new KernelImpl(options);
}

let shared: Kernel | null = null;

/** The kernel `startProgram` / `prewarm` use when called without one. */
export function defaultKernel(): Kernel {
  shared ??= createKernel();
  return shared;
}

/** Start a program on the default kernel. */
export function startProgram(options: StartProgramOptions): PythonProcess {
  return defaultKernel().startProgram(options);
}

/** Pre-warm an interpreter on the default kernel. */
export function prewarm(runtime: RuntimeName): Promise<void> {
  return defaultKernel().prewarm(runtime);
}
