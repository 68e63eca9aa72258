// One running program: its worker, its syscalls (answered here, on the owner's thread), its
// stdin, its sockets, its state for the runner and the UI, and Stop / kill.
import { EINTR_ANSWER, type FromWorker, type SyscallRequest } from './channel.ts';
import { encodeError, encodeResult, hexToBytes } from './answers.ts';
import { sleepOn, type AbortLike } from './blocking.ts';
import { SyscallError } from './errors.ts';
import { FdTable } from './fd-table.ts';
import type { KernelContext } from './kernel-context.ts';
import { StdinQueue } from './stdin-queue.ts';
import type {
  DownloadEvent,
  ExitStatus,
  Host,
  ProcessState,
  PythonProcess,
  RuntimeLimits,
  RuntimeName,
  StartProgramOptions,
  SyscallHandler,
} from './types.ts';
import type { WorkerSlot } from './worker-pool.ts';

/** What a process needs from its kernel. */
export interface ProcessHost {
  readonly limits: RuntimeLimits;
  handler(op: string): SyscallHandler | undefined;
  notice(code: string): string;
  released(process: ProcessImpl): void;
  downloaded(event: DownloadEvent): void;
}

/**
 * A syscall's abort switch. Built-in handlers wait on it directly; an AbortController is made only
 * when a handler asks for `ctx.signal` (most never do, and one costs more than the call itself).
 */
class CallAbort implements AbortLike {
  #controller: AbortController | null = null;
  #listeners: Array<() => void> | null = null;
  aborted = false;

  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.aborted) this.#controller.abort();
    return this.#controller.signal;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    (this.#listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const i = this.#listeners?.indexOf(listener) ?? -1;
    if (i >= 0) this.#listeners!.splice(i, 1);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.#controller?.abort();
    const listeners = this.#listeners;
    this.#listeners = null;
    if (listeners) for (const listener of listeners) listener();
  }
}

/**
 * What a console Ctrl-C does not interrupt on Windows: CPython's blocking Winsock calls and select()
 * (WINDOWS.md, "Ctrl-C"). time.sleep and input() are interrupted there as elsewhere.
 */
const WINDOWS_UNINTERRUPTIBLE = new Set([
  'socket.recvfrom',
  'select',
  'socket.accept',
  'socket.recv',
  'socket.connect',
  'socket.send',
]);

/** STATUS_CONTROL_C_EXIT: the exit status of a console program whose window was closed. */
export const WINDOWS_CLOSED_EXIT = 0xc000013a;

interface PendingCall {
  readonly op: string;
  readonly controller: CallAbort;
}

export class ProcessImpl implements PythonProcess {
  readonly pid: number;
  readonly runtime: RuntimeName;
  readonly filename: string;
  readonly host: Host;
  readonly exited: Promise<ExitStatus>;
  readonly #options: StartProgramOptions;
  readonly #kernel: ProcessHost;
  readonly #slot: WorkerSlot;
  readonly #fds: FdTable;
  readonly #stdin: StdinQueue;
  readonly #scratch = new Map<string, unknown>();
  readonly #listeners = new Set<(state: ProcessState) => void>();
  #state: ProcessState = 'loading';
  #blockedOn: string | null = null;
  #pending: PendingCall | null = null;
  #stopDeferred = false;
  #graceTimer: ReturnType<typeof setTimeout> | null = null;
  #resolveExit: (status: ExitStatus) => void = () => {};

  constructor(pid: number, options: StartProgramOptions, kernel: ProcessHost, slot: WorkerSlot) {
    this.pid = pid;
    this.runtime = options.runtime;
    this.filename = options.filename;
    this.host = options.host;
    this.#options = options;
    this.#kernel = kernel;
    this.#slot = slot;
    this.#fds = new FdTable(options.host, kernel.limits.maxSocketsPerProcess);
    this.#stdin = new StdinQueue(kernel.limits.maxStdinBytes);
    this.exited = new Promise((resolve) => (this.#resolveExit = resolve));
    slot.attach(
      (message) => this.#onMessage(message),
      (err) => this.#crashed(err),
    );
    slot.ready.then(
      () => {
        if (this.#state === 'exited') return;
        slot.post({
          type: 'run',
          filename: options.filename,
          code: options.code,
          modules: options.modules ?? {},
          env: {
            HOME: `/home/${options.host.name}`,
            LANG: 'C.UTF-8',
            PATH: '/usr/local/bin:/usr/bin:/bin',
            ...options.env,
            // Taken out again by _udplab_main.run before the program sees os.environ.
            ...(options.host.profile === 'windows'
              ? { UDPLAB_OS: 'windows', UDPLAB_WINDOWS_LANGUAGE: options.windowsLanguage ?? 'zh' }
              : {}),
          },
          argv: options.argv ?? [],
          virtualEpochMs: options.virtualTime?.epochMs ?? null,
        });
        this.#setState('running');
      },
      (err: unknown) => this.#crashed(err instanceof Error ? err : new Error(String(err))),
    );
  }

  get state(): ProcessState {
    return this.#state;
  }

  get blockedOn(): string | null {
    return this.#blockedOn;
  }

  localPorts(): number[] {
    return this.#state === 'exited' ? [] : this.#fds.localPorts();
  }

  onStateChange(cb: (state: ProcessState) => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  writeStdin(text: string): void {
    this.#stdin.write(text);
  }

  closeStdin(): void {
    this.#stdin.close();
  }

  get stopDeferred(): boolean {
    return this.#stopDeferred;
  }

  interrupt(): void {
    if (this.#state === 'exited') return;
    if (this.#state === 'loading') {
      this.#finish({ exitCode: 130, exception: 'KeyboardInterrupt' });
      return;
    }
    const call = this.#pending;
    if (this.#stopDeferred) {
      // The second Stop while the first waits: as closing the console window.
      this.#options.onStderr?.(this.#kernel.notice('UDPLAB_WINDOWS_CLOSED') + '\n');
      this.#finish({ exitCode: WINDOWS_CLOSED_EXIT, exception: null });
      return;
    }
    if (
      call &&
      this.runtime === 'cpython' &&
      this.host.profile === 'windows' &&
      WINDOWS_UNINTERRUPTIBLE.has(call.op)
    ) {
      this.#stopDeferred = true;
      this.#options.onStderr?.(this.#kernel.notice('UDPLAB_WINDOWS_STOP_DEFERRED') + '\n');
      return;
    }
    this.#slot.owner.raiseInterrupt();
    if (call) {
      // Answer at once: the handler's own clean-up runs on abort, its late result is dropped.
      this.#pending = null;
      call.controller.abort();
      this.#answer(EINTR_ANSWER, null);
    }
    this.#armGrace();
  }

  kill(): void {
    this.#finish({ exitCode: 137, exception: null });
  }

  // --- messages from the worker ------------------------------------------------------------

  #onMessage(message: FromWorker): void {
    if (this.#state === 'exited') return;
    switch (message.type) {
      case 'syscall':
        this.#syscall(message);
        break;
      case 'output':
        if (message.stream === 1) this.#options.onStdout?.(message.text);
        else this.#options.onStderr?.(message.text);
        break;
      case 'exit':
        this.#finish({ exitCode: message.exitCode, exception: message.exception });
        break;
      case 'fatal':
        this.#crashed(new Error(message.message));
        break;
      case 'download':
        this.#kernel.downloaded({ file: message.file, phase: message.phase });
        break;
      default:
        break;
    }
  }

  #crashed(err: Error): void {
    if (this.#state === 'exited') return;
    this.#options.onStderr?.(`${this.#kernel.notice('UDPLAB_RUNTIME_FAILED')}\n${err.message}\n`);
    this.#finish({ exitCode: 1, exception: 'SystemError' });
  }

  #syscall(request: SyscallRequest): void {
    const handler = this.#options.handlers?.[request.op] ?? this.#kernel.handler(request.op);
    if (!handler) {
      this.#answer(encodeError(new SyscallError('ENOSYS', `no syscall named ${request.op}`)), null);
      return;
    }
    const controller = new CallAbort();
    // Stop came while Python was between calls: a call that would wait returns EINTR at once.
    if (this.#slot.owner.interruptPending()) controller.abort();
    let result: unknown;
    try {
      const args = JSON.parse(request.payload) as Record<string, unknown>;
      const data = request.data;
      if (data !== null) args['data'] = typeof data === 'string' ? hexToBytes(data) : data;
      this.#options.onSyscall?.(request.op, args);
      result = handler(this.#context(controller), args);
    } catch (err) {
      this.#answer(encodeError(err), null);
      return;
    }
    if (!isThenable(result)) {
      this.#answerResult(result);
      return;
    }
    const call: PendingCall = { op: request.op, controller };
    this.#pending = call;
    this.#setState('blocked', request.op);
    result.then(
      (value) => this.#settle(call, () => this.#answerResult(value)),
      (err: unknown) => this.#settle(call, () => this.#answer(encodeError(err), null)),
    );
  }

  #settle(call: PendingCall, answer: () => void): void {
    if (this.#pending !== call || this.#state === 'exited') return;
    this.#pending = null;
    if (this.#stopDeferred) {
      // Windows: the Ctrl-C held back reaches Python now that the call returns — as a
      // KeyboardInterrupt from that call (its own result is dropped; WINDOWS.md, "Ctrl-C").
      this.#stopDeferred = false;
      call.controller.abort();
      this.#answer(EINTR_ANSWER, null);
    } else answer();
    this.#setState('running');
  }

  #answerResult(value: unknown): void {
    let encoded: { json: string; data: Uint8Array | null };
    try {
      encoded = encodeResult(value);
    } catch (err) {
      this.#answer(encodeError(err), null);
      return;
    }
    this.#answer(encoded.json, encoded.data);
  }

  #answer(json: string, data: Uint8Array | null): void {
    this.#slot.owner.answer(json, data);
    if (this.#state === 'blocked') this.#setState('running');
  }

  #context(abort: CallAbort): KernelContext {
    const options = this.#options;
    const clock = options.network.clock;
    return {
      process: this,
      runtime: this.runtime,
      host: options.host,
      network: options.network,
      clock,
      get signal() {
        return abort.signal;
      },
      state: this.#scratch,
      writeStdout: (text) => options.onStdout?.(text),
      writeStderr: (text) => options.onStderr?.(text),
      sleep: (ms) => sleepOn(clock, abort, ms),
      fds: this.#fds,
      abort,
      stdin: this.#stdin,
      limits: this.#kernel.limits,
    };
  }

  // --- Stop that the program cannot take ------------------------------------------------------

  #armGrace(): void {
    if (this.#graceTimer !== null) clearTimeout(this.#graceTimer);
    const limits = this.#kernel.limits;
    const grace = this.runtime === 'micropython' ? limits.interruptGraceMs : limits.cpythonInterruptGraceMs;
    this.#graceTimer = setTimeout(() => {
      this.#graceTimer = null;
      if (this.#state === 'exited' || this.#pending || !this.#slot.owner.interruptPending()) return;
      if (this.runtime === 'micropython') {
        // No `KeyboardInterrupt: ` line: the program never got one (its except/finally did not
        // run), so the terminal says only what happened: the board was reset.
        this.#options.onStderr?.(this.#kernel.notice('UDPLAB_BOARD_RESET') + '\n');
      } else {
        this.#options.onStderr?.('KeyboardInterrupt\n' + this.#kernel.notice('UDPLAB_PROGRAM_ENDED') + '\n');
      }
      this.#finish({ exitCode: 130, exception: 'KeyboardInterrupt' });
    }, grace);
  }

  // --- the end ----------------------------------------------------------------------------

  #finish(status: ExitStatus): void {
    if (this.#state === 'exited') return;
    if (this.#graceTimer !== null) clearTimeout(this.#graceTimer);
    this.#graceTimer = null;
    const call = this.#pending;
    this.#pending = null;
    call?.controller.abort();
    this.#slot.terminate();
    this.#fds.closeAll();
    this.#setState('exited');
    this.#kernel.released(this);
    this.#resolveExit(status);
  }

  #setState(state: ProcessState, blockedOn: string | null = null): void {
    if (this.#state === 'exited' || (this.#state === state && this.#blockedOn === blockedOn)) return;
    this.#state = state;
    this.#blockedOn = state === 'blocked' ? blockedOn : null;
    for (const cb of [...this.#listeners]) cb(state);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
