// The public contract of the Python runtime: processes, the kernel's syscall handlers, limits.
// Other modules (board shims, runner, UI) build on these types only; keep them stable.

/** Which interpreter runs a program: Pyodide (CPython 3.14) for PC / 虚谷号, MicroPython for 掌控板. */
export type RuntimeName = 'cpython' | 'micropython';

/**
 * Life of a program.
 * - `loading`: waiting for an interpreter (a pre-warmed worker makes this short).
 * - `running`: executing Python code.
 * - `blocked`: waiting inside a blocking call (recvfrom, input, sleep, select, or any handler
 *   that returned a pending Promise). The runner starts the next program once this is reached.
 * - `exited`: finished; `exited` has resolved.
 */
export type ProcessState = 'loading' | 'running' | 'blocked' | 'exited';

/** How a program ended. */
export interface ExitStatus {
  /** 0 on success, 1 after an uncaught exception, 130 after an uncaught KeyboardInterrupt,
   * the code given to `sys.exit(n)`, 137 when killed. */
  readonly exitCode: number;
  /** Class name of the uncaught exception ('KeyboardInterrupt', 'OSError', 'MemoryError', ...),
   * or null when the program ended normally or by `sys.exit`. */
  readonly exception: string | null;
}

import type { Clock, Host, Network } from '../netsim/index.ts';

/** The simulated network's types, as the runtime uses them (from site/runtime/netsim). */
export type { Clock, Host, Network };
/** @deprecated Early name of netsim's `Host`; use `Host`. */
export type NetHost = Host;
/** @deprecated Early name of netsim's `Network`; use `Network`. */
export type NetNetwork = Network;

// ---------------------------------------------------------------------------------------------
// Syscalls: Python calls `_udplab.call(op, payload_json, data)`; the kernel finds the handler for
// `op`. The built-in ones and the board's are declared in syscall-table.ts.

/** A failure a handler reports to Python. The shim raises the matching exception. */
export interface SyscallErrorInfo {
  /** errno name: 'EADDRINUSE', 'ETIMEDOUT', 'EINTR' (→ KeyboardInterrupt), ... */
  readonly code: string;
  /** Linux errno number (98 for EADDRINUSE). */
  readonly errno: number;
  /** Human text; for PC programs the Linux strerror text ("Address already in use"). */
  readonly message: string;
}

/** What a handler receives besides its arguments. */
export interface SyscallContext {
  readonly process: PythonProcess;
  readonly runtime: RuntimeName;
  readonly host: Host;
  readonly network: Network;
  /** The network's clock: sleeps and timeouts run on it. */
  readonly clock: Clock;
  /** Aborted when the program is interrupted (Stop / Ctrl-C) or killed: stop waiting then. */
  readonly signal: AbortSignal;
  /** Per-process scratch space shared by handlers (e.g. the board's Wi-Fi state). */
  readonly state: Map<string, unknown>;
  /** Append to the program's terminal output. */
  writeStdout(text: string): void;
  writeStderr(text: string): void;
  /** Wait `ms` on the clock; rejects with an EINTR error when interrupted. */
  sleep(ms: number): Promise<void>;
}

/**
 * A syscall handler. `args` is the JSON object Python passed (plus `data: Uint8Array` when the
 * Python side sent bytes). Return any JSON-serialisable value (it becomes the Python result), or
 * a Promise of one (the program is `blocked` meanwhile, and must honour `ctx.signal`). To also
 * hand Python bytes, return `withData(result, bytes)` (Python: `_udplab_sys.exchange()`).
 * To fail, throw an error with `code` (errno name) and optionally `errno`/`message` —
 * `new SyscallError('ETIMEDOUT')` or netsim's `NetError` do that.
 */
// `any`, not `unknown`: a handler may declare the shape of its arguments (checked by the shim).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SyscallHandler = (ctx: SyscallContext, args: any) => unknown | Promise<unknown>;

// ---------------------------------------------------------------------------------------------
// Processes

/** Options for one program run. */
export interface StartProgramOptions {
  readonly runtime: RuntimeName;
  /** Shown in tracebacks: `File "<filename>", line N`. Pass '<stdin>' to imitate an IDE run. */
  readonly filename: string;
  readonly code: string;
  readonly host: Host;
  readonly network: Network;
  /** Extra syscall handlers for this program only (override kernel-wide ones of the same op). */
  readonly handlers?: Readonly<Record<string, SyscallHandler>>;
  /** Extra Python modules for this program: module name → source ('mpython' → '...'). Written
   * beside the program (its working directory), so tracebacks show them as 'mpython.py'. */
  readonly modules?: Readonly<Record<string, string>>;
  /** Terminal output, in order, as the program writes it ('\n' line ends on both runtimes). */
  readonly onStdout?: (text: string) => void;
  readonly onStderr?: (text: string) => void;
  /** `os.environ` for CPython programs (HOME, LANG, PATH are set unless given). */
  readonly env?: Readonly<Record<string, string>>;
  /** `sys.argv[1:]`. */
  readonly argv?: readonly string[];
  /**
   * Virtual time: `time.time()`, `monotonic()`, `perf_counter()` (CPython) and `time()`,
   * `ticks_ms()`, `ticks_us()` (MicroPython) read the network's clock instead of the wall clock;
   * `time.time()` is `epochMs + clock.now()`. Omit for real time (the playgrounds).
   */
  readonly virtualTime?: { readonly epochMs: number };
  /**
   * The display language of a Windows PC (host profile 'windows'): its WinError texts are Chinese
   * ('zh', default: a Chinese Windows) or English ('en'). Ignored on other hosts.
   */
  readonly windowsLanguage?: 'zh' | 'en';
  /** Called for every syscall the program makes, before its handler (the runner counts them). */
  readonly onSyscall?: (op: string, args: Readonly<Record<string, unknown>>) => void;
}

/** A running Python program. */
export interface PythonProcess {
  readonly pid: number;
  readonly runtime: RuntimeName;
  readonly filename: string;
  readonly host: Host;
  readonly state: ProcessState;
  /** The syscall the program is blocked in ('socket.recvfrom', 'stdin.readline', 'time.sleep',
   * 'select', or a registered op), else null. */
  readonly blockedOn: string | null;
  /** The local ports of the program's open, bound sockets (to tell which program sent a datagram). */
  localPorts(): number[];
  /** Calls `cb` on every state change; returns an unsubscribe function. */
  onStateChange(cb: (state: ProcessState) => void): () => void;
  /** Type into the program's terminal. `input()` returns one line per '\n'. UTF-8/Chinese fine. */
  writeStdin(text: string): void;
  /** End of input: a pending or later `input()` raises EOFError. */
  closeStdin(): void;
  /**
   * Stop / Ctrl-C: KeyboardInterrupt is raised inside the blocking call (or, with CPython, in a
   * CPU loop; with MicroPython, at its next syscall or line of output), so the program's
   * except/finally run. A MicroPython program that takes none within `interruptGraceMs` is ended
   * by resetting its worker (only a notice on stderr, no `KeyboardInterrupt: ` line); the same for
   * CPython after `cpythonInterruptGraceMs`. Before the program has started: it just ends (130);
   * in the runner, before its first line: a bare `KeyboardInterrupt` line, then 130.
   */
  interrupt(): void;
  /**
   * True after a Stop that a Windows program blocked in a socket call or select has not taken yet
   * (a console Ctrl-C reaches it when the call returns); a second interrupt() then closes it
   * (exit status 0xC000013A, as closing its console window).
   */
  readonly stopDeferred: boolean;
  /** End the program at once (no except/finally); exit code 137. Its sockets are closed. */
  kill(): void;
  readonly exited: Promise<ExitStatus>;
}

// ---------------------------------------------------------------------------------------------
// Limits and options

/** Every limit the runtime enforces, with its default. */
export interface RuntimeLimits {
  /** Programs running at once across all hosts. Default 64. Beyond: startProgram throws. */
  readonly maxProcesses: number;
  /** Open sockets per program; the next `socket()` raises `OSError: [Errno 24] Too many open
   * files`. Default 1_021: Linux's default of 1 024 descriptors (`ulimit -n`) less stdin, stdout
   * and stderr, so sockets get fds 3–1023 as there. */
  readonly maxSocketsPerProcess: number;
  /** Largest recvfrom/sendto payload moved per call, bytes. Default 65_535. */
  readonly maxDatagramBytes: number;
  /** Pending stdin bytes kept; typing more is dropped. Default 65_536. */
  readonly maxStdinBytes: number;
  /** Terminal output rate per program, bytes/s; a faster program is slowed down (its writes
   * block), never cut. 0 = no limit. Default 262_144. */
  readonly outputBytesPerSecond: number;
  /** Output burst allowed before the rate applies, bytes. Default 65_536. */
  readonly outputBurstBytes: number;
  /** CPython: wasm memory ceiling per program; allocations beyond raise MemoryError.
   * Default 268_435_456 (256 MiB). */
  readonly cpythonMemoryBytes: number;
  /** MicroPython: wasm memory ceiling per program (its GC heap grows inside it); beyond it,
   * MemoryError. Default 67_108_864 (64 MiB). */
  readonly micropythonMemoryBytes: number;
  /** MicroPython: how long a Stop waits for the program to take the KeyboardInterrupt (reach a
   * syscall or print) before its worker is reset. Default 150. */
  readonly interruptGraceMs: number;
  /** CPython: how long a Stop waits for the KeyboardInterrupt to be taken (a long C call, e.g.
   * huge arithmetic, cannot take it) before the program is ended. Default 2_000. */
  readonly cpythonInterruptGraceMs: number;
}

/** A runtime's pool of ready workers. */
export interface PoolState {
  readonly ready: number;
  readonly loading: number;
  /** Ready workers wanted: the largest `prewarm` count (within `poolMax`), at least `poolSize`. */
  readonly target: number;
}

/** Options for `createKernel`. */
/** A program's own download: `file` under the interpreter's directory, started or ended. */
export interface DownloadEvent {
  readonly file: string;
  readonly phase: 'start' | 'done';
}

export interface KernelOptions {
  readonly limits?: Partial<RuntimeLimits>;
  /** Ready workers kept per runtime once that runtime has been used or pre-warmed (0 = none:
   * each start loads its own). Default { cpython: 1, micropython: 1 }. */
  readonly poolSize?: Partial<Record<RuntimeName, number>>;
  /** Real ms between a Run taking a ready worker and the pool loading its replacement, so the
   * load does not take the CPU from the programs just started. Default 250 in the page, 0 in
   * Node; the exercise checker's warm kernel uses more (a Check runs several programs at once). */
  readonly refillDelayMs?: number;
  /** The most ready workers `prewarm(runtime, count)` keeps per runtime (memory: a Pyodide worker
   * holds ≈ 100 MiB). Default { cpython: 3, micropython: 4 } (`DEFAULT_POOL_MAX`). */
  readonly poolMax?: Partial<Record<RuntimeName, number>>;
  /** Where the interpreter files are served in the browser (see site/integrations/python-assets.ts); with a
   * site `base`, pass `import.meta.env.BASE_URL + '_udplab/'`. Default '/_udplab/'. Ignored in
   * Node (node_modules). */
  readonly assetBase?: string;
  /** Text of the runtime's own notices, by code, for the learner's language. English by default
   * (DEFAULT_NOTICES). Codes: UDPLAB_BOARD_RESET, UDPLAB_PROGRAM_ENDED, UDPLAB_RUNTIME_FAILED,
   * UDPLAB_WINDOWS_STOP_DEFERRED, UDPLAB_WINDOWS_CLOSED. */
  readonly notices?: Readonly<Record<string, string>>;
}

/** Owns workers, handlers and limits; one per page or runner. */
export interface Kernel {
  readonly limits: RuntimeLimits;
  /** Add or replace a syscall handler for every program started by this kernel. */
  register(op: string, handler: SyscallHandler): void;
  startProgram(options: StartProgramOptions): PythonProcess;
  /** Load an interpreter in the background so the next Run starts fast; with `count`, keep that
   * many ready (one per program of a playground, within `poolMax`), loaded one after the other.
   * Resolves when the first is ready, or with `all` when every pooled one is (the exercise
   * checker's warm kernel: a Check starts programs × seeds workers at once). */
  prewarm(runtime: RuntimeName, count?: number, all?: boolean): Promise<void>;
  /** Ready and loading workers of a runtime's pool. */
  poolState(runtime: RuntimeName): PoolState;
  /** Calls `listener` when a pooled worker starts loading, becomes ready or is taken; returns an unsubscribe. */
  onPoolChange(listener: () => void): () => void;
  /**
   * Calls `listener` when a running program starts or ends a download of its own (a PC program's
   * first import outside the course's part of the standard library); returns an unsubscribe.
   */
  onDownload(listener: (event: DownloadEvent) => void): () => void;
  /** Kill every program and idle worker. */
  dispose(): Promise<void>;
}
