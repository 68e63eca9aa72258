// Test support: a Kernel whose "programs" are JS scripts with the same states, blocking calls,
// stdin and interrupt behaviour as the Python runtime's, so the runner's scheduling can be tested
// exactly and fast. `code` names a script registered with `define`.

import type {
  ExitStatus,
  Kernel,
  PoolState,
  NetHost,
  NetNetwork,
  ProcessState,
  PythonProcess,
  RuntimeLimits,
  StartProgramOptions,
  SyscallContext,
  SyscallHandler,
} from '../../python/index.ts';
import { ManualClock, type Clock } from '../../netsim/index.ts';

/** Raised inside a blocking call when the program is interrupted. */
export class FakeKeyboardInterrupt extends Error {
  constructor() {
    super('KeyboardInterrupt');
    this.name = 'KeyboardInterrupt';
  }
}

/** What a script can do. */
export interface FakeSys {
  readonly host: NetHost;
  print(text: string): void;
  write(text: string): void;
  sleep(ms: number): Promise<void>;
  input(prompt?: string): Promise<string>;
  /** A board syscall through the program's handlers (blocks while it is pending). */
  call(op: string, args?: object): Promise<unknown>;
  /** Waits for a datagram on fd. */
  recvfrom(fd: number, bufsize: number): Promise<{ data: Uint8Array; ip: string; port: number }>;
}

export type FakeScript = (sys: FakeSys) => Promise<void>;

class FakeProcess implements PythonProcess {
  readonly pid: number;
  readonly runtime;
  readonly filename: string;
  readonly host: NetHost;
  state: ProcessState = 'loading';
  blockedOn: string | null = null;
  readonly stopDeferred = false;
  readonly exited: Promise<ExitStatus>;
  #listeners = new Set<(s: ProcessState) => void>();
  #stdinBuffer = '';
  #stdinClosed = false;
  #wake: (() => void) | null = null;
  #interrupted = false;
  #killed = false;
  #abort = new AbortController();
  #resolveExit!: (s: ExitStatus) => void;

  /** Fake programs' sockets are not tracked per program. */
  localPorts(): number[] {
    return [];
  }

  constructor(
    pid: number,
    options: StartProgramOptions,
    script: FakeScript,
    loadMs: number,
    kernelHandlers: Record<string, SyscallHandler>,
    clock: Clock,
  ) {
    this.pid = pid;
    this.runtime = options.runtime;
    this.filename = options.filename;
    this.host = options.host;
    this.exited = new Promise((resolve) => (this.#resolveExit = resolve));
    const handlers = { ...kernelHandlers, ...(options.handlers ?? {}) };
    const ctx = {
      process: this,
      runtime: options.runtime,
      host: options.host,
      network: options.network,
      clock,
      signal: this.#abort.signal,
      state: new Map(),
      writeStdout: (t: string) => options.onStdout?.(t),
      writeStderr: (t: string) => options.onStderr?.(t),
      // A handler's wait: a plain timer (the handler's own op is what the process is blocked in).
      sleep: (ms: number) =>
        new Promise<void>((resolve, reject) => {
          const id = clock.setTimer(clock.now() + ms, resolve);
          this.#abort.signal.addEventListener('abort', () => {
            clock.clearTimer(id);
            reject(Object.assign(new Error('EINTR'), { code: 'EINTR' }));
          });
        }),
    } as unknown as SyscallContext;

    const sys: FakeSys = {
      host: options.host,
      print: (text) => options.onStdout?.(text + '\n'),
      write: (text) => options.onStdout?.(text),
      sleep: (ms) =>
        this.#block('time.sleep', (done) => {
          const id = clock.setTimer(clock.now() + ms, done);
          return () => clock.clearTimer(id);
        }),
      input: async (prompt) => {
        if (prompt) options.onStdout?.(prompt);
        for (;;) {
          const nl = this.#stdinBuffer.indexOf('\n');
          if (nl >= 0) {
            const line = this.#stdinBuffer.slice(0, nl);
            this.#stdinBuffer = this.#stdinBuffer.slice(nl + 1);
            return line;
          }
          if (this.#stdinClosed)
            throw Object.assign(new Error('EOF when reading a line'), { name: 'EOFError' });
          await this.#block('stdin.readline', (done) => {
            this.#stdinWaiter = done;
            return () => (this.#stdinWaiter = null);
          });
        }
      },
      call: async (op, args = {}) => {
        const handler = handlers[op];
        if (!handler) throw Object.assign(new Error(op), { name: 'NotImplementedError' });
        const result = handler(ctx, args);
        if (!(result instanceof Promise)) return result;
        await this.#block(op, (done) => {
          result.then(done, done);
          return () => {};
        });
        return result.catch((err: { code?: string }) => {
          throw err.code === 'EINTR' ? new FakeKeyboardInterrupt() : err;
        });
      },
      recvfrom: async (fd, bufsize) => {
        for (;;) {
          const got = options.host.recvfrom(fd, bufsize);
          if (got) return { data: got.data, ip: got.ip, port: got.port };
          await this.#block('socket.recvfrom', (done) => options.host.onReadable(fd, done));
        }
      },
    };

    const begin = (): void => {
      if (this.state === 'exited') return;
      this.#set('running');
      script(sys).then(
        () => this.#finish({ exitCode: 0, exception: null }),
        (err: Error) => {
          if (this.#killed) return;
          if (err instanceof FakeKeyboardInterrupt)
            this.#finish({ exitCode: 130, exception: 'KeyboardInterrupt' });
          else this.#finish({ exitCode: 1, exception: err.name });
        },
      );
    };
    if (loadMs > 0) setTimeout(begin, loadMs);
    else queueMicrotask(begin);
  }

  #stdinWaiter: (() => void) | null = null;

  #set(state: ProcessState): void {
    if (this.state === 'exited') return;
    this.state = state;
    for (const cb of this.#listeners) cb(state);
  }

  #finish(status: ExitStatus): void {
    if (this.state === 'exited') return;
    this.blockedOn = null;
    this.#set('exited');
    this.#resolveExit(status);
  }

  /** Blocks in `op` until `arm`'s callback fires; rejects with KeyboardInterrupt on interrupt. */
  #block(op: string, arm: (done: () => void) => () => void): Promise<void> {
    if (this.#interrupted) {
      this.#interrupted = false;
      return Promise.reject(new FakeKeyboardInterrupt());
    }
    return new Promise<void>((resolve, reject) => {
      let disarm = (): void => {};
      const finish = (err?: Error): void => {
        this.#wake = null;
        disarm();
        this.blockedOn = null;
        this.#set('running');
        if (err) reject(err);
        else resolve();
      };
      this.#wake = () => finish(new FakeKeyboardInterrupt());
      this.blockedOn = op;
      this.#set('blocked');
      disarm = arm(() => finish());
    });
  }

  onStateChange(cb: (state: ProcessState) => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  writeStdin(text: string): void {
    this.#stdinBuffer += text;
    this.#stdinWaiter?.();
  }

  closeStdin(): void {
    this.#stdinClosed = true;
    this.#stdinWaiter?.();
  }

  interrupt(): void {
    if (this.state === 'loading') {
      this.#finish({ exitCode: 130, exception: 'KeyboardInterrupt' });
      return;
    }
    if (this.#wake) this.#wake();
    else this.#interrupted = true;
    this.#abort.abort();
    this.#abort = new AbortController();
  }

  kill(): void {
    this.#killed = true;
    this.#finish({ exitCode: 137, exception: null });
  }
}

/** A Kernel running registered JS scripts instead of Python. */
export class FakeKernel implements Kernel {
  readonly limits = {} as RuntimeLimits;
  readonly started: string[] = [];
  #scripts = new Map<string, { script: FakeScript; loadMs: number }>();
  #handlers: Record<string, SyscallHandler> = {};
  #pid = 1;

  /**
   * Registers a script under a name; a program whose `code` is that name runs it.
   * @param loadMs Real ms the program spends 'loading' (an interpreter starting). Default 0.
   */
  define(name: string, script: FakeScript, loadMs = 0): this {
    this.#scripts.set(name, { script, loadMs });
    return this;
  }

  register(op: string, handler: SyscallHandler): void {
    this.#handlers[op] = handler;
  }

  startProgram(options: StartProgramOptions): PythonProcess {
    const entry = this.#scripts.get(options.code.trim());
    if (!entry) throw new Error(`FakeKernel: no script "${options.code}"`);
    this.started.push(options.filename);
    const network = options.network as NetNetwork;
    const clock = network.clock ?? new ManualClock(0);
    return new FakeProcess(this.#pid++, options, entry.script, entry.loadMs, this.#handlers, clock);
  }

  prewarm(): Promise<void> {
    return Promise.resolve();
  }

  poolState(): PoolState {
    return { ready: 0, loading: 0, target: 0 };
  }

  onPoolChange(): () => void {
    return () => undefined;
  }

  onDownload(): () => void {
    return () => undefined;
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
