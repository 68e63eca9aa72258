// The syscall channel between a program's worker and its owner (page or runner thread).
// A request is written into a SharedArrayBuffer and rings a doorbell the owner waits on with
// Atomics.waitAsync (or, where that is missing or the request must stay ordered after output
// messages, travels by postMessage); answers come back through the same buffer, which the worker
// waits on with Atomics.wait, so Python blocks without spinning. The buffer also holds the
// interrupt slot (Pyodide's interrupt buffer points at it).
//
// Layout: Int32 header | payload bytes (sendto / recvfrom data) | JSON as UTF-16 code units
// (the request's op and arguments, then the answer: the worker is blocked in between).

/** Int32 slots of the header. */
export const SLOT = {
  /** 0 while the worker waits; the owner stores 1 after writing an answer. */
  ANSWER: 0,
  /** 0, or 2 (SIGINT) when Stop was pressed and not yet taken by the program. */
  INTERRUPT: 1,
  /** Length of the answer JSON, in UTF-16 code units. */
  JSON_LENGTH: 2,
  /** Length of the answer's binary payload, or -1 when there is none. */
  DATA_LENGTH: 3,
  /** The doorbell: the worker adds 1 after writing a request into the buffer. */
  REQUEST: 4,
  /** The request's op length, in UTF-16 code units (the arguments' JSON follows it). */
  REQUEST_OP_LENGTH: 5,
  /** The request's arguments JSON length, in UTF-16 code units. */
  REQUEST_JSON_LENGTH: 6,
  /** Length of the request's binary payload, or -1 when there is none. */
  REQUEST_DATA_LENGTH: 7,
} as const;

export const SIGINT = 2;

/** The answer to a call cut short by Stop / Ctrl-C; the shim raises KeyboardInterrupt. */
export const EINTR_ANSWER = '{"error":{"code":"EINTR","errno":4,"message":"Interrupted system call"}}';
const HEADER_BYTES = 32;
/** Room for the answer JSON: 256 Ki code units (512 KiB). */
const JSON_UNITS = 262_144;

/**
 * A syscall request from the worker. `data` is the request's bytes (sendto's payload): hex when
 * posted, bytes when read from the shared buffer.
 */
export interface SyscallRequest {
  readonly type: 'syscall';
  readonly op: string;
  readonly payload: string;
  readonly data: string | Uint8Array | null;
}

/** Messages a worker posts to its owner. */
export type FromWorker =
  | SyscallRequest
  | { readonly type: 'ready'; readonly loadMs: number }
  | { readonly type: 'snapshot'; readonly snapshot: Uint8Array }
  /** The interpreter's compiled module, for the owner to keep and hand to later workers (page only). */
  | { readonly type: 'wasm-module'; readonly module: WebAssembly.Module }
  | { readonly type: 'output'; readonly stream: 1 | 2; readonly text: string }
  | { readonly type: 'exit'; readonly exitCode: number; readonly exception: string | null }
  | { readonly type: 'fatal'; readonly message: string }
  /** A running program's import fetches the rest of the standard library (PC, page only). */
  | { readonly type: 'download'; readonly file: string; readonly phase: 'start' | 'done' };

/** Where the worker finds the interpreters. */
export interface InterpreterAssets {
  /** URL to import pyodide.mjs from. */
  readonly pyodideModule: string;
  /** Pyodide's indexURL: the directory of pyodide.asm.wasm, python_stdlib.zip, pyodide-lock.json. */
  readonly pyodideIndex: string;
  /** URL to import micropython.mjs from (micropython.wasm sits beside it). */
  readonly micropythonModule: string;
}

/** Messages the owner posts to a worker (only while it is idle: a running worker is busy). */
export type ToWorker =
  | {
      /**
       * Page, CPython, before `init`: start importing Pyodide's JavaScript and, with `compile`,
       * compiling its wasm, while the owner still waits for the snapshot to load from.
       */
      readonly type: 'preload';
      readonly assets: InterpreterAssets;
      readonly compile: boolean;
    }
  | {
      readonly type: 'init';
      readonly runtime: 'cpython' | 'micropython';
      readonly buffer: SharedArrayBuffer;
      readonly assets: InterpreterAssets;
      readonly memoryBytes: number;
      readonly outputBytesPerSecond: number;
      readonly outputBurstBytes: number;
      readonly snapshot: Uint8Array | null;
      /**
       * Page only: the interpreter's module as compiled by an earlier worker, or null; with `shareModule`,
       * a worker that compiles its own posts it back as `wasm-module`.
       */
      readonly wasmModule: WebAssembly.Module | null;
      readonly shareModule: boolean;
      /** Whether the owner answers the doorbell (Atomics.waitAsync); else requests are posted. */
      readonly doorbell: boolean;
    }
  | {
      readonly type: 'run';
      readonly filename: string;
      readonly code: string;
      readonly modules: Readonly<Record<string, string>>;
      readonly env: Readonly<Record<string, string>>;
      readonly argv: readonly string[];
      /** Virtual time's epoch (ms since 1970 at clock 0), or null for real time. */
      readonly virtualEpochMs: number | null;
    };

/** What a worker's host environment gives it: a way to post and to receive. */
export interface WorkerPort {
  post(message: FromWorker): void;
  onMessage(cb: (message: ToWorker) => void): void;
}

/** A channel buffer big enough for the largest datagram the limits allow. */
export function createChannelBuffer(maxDatagramBytes: number): SharedArrayBuffer {
  const dataBytes = (maxDatagramBytes + 7) & ~7;
  return new SharedArrayBuffer(HEADER_BYTES + dataBytes + JSON_UNITS * 2);
}

/** Whether this thread can wait for a doorbell without blocking (Firefox before 145 cannot). */
export function canWaitAsync(): boolean {
  return typeof (Atomics as { waitAsync?: unknown }).waitAsync === 'function';
}

function regions(buffer: SharedArrayBuffer) {
  const dataBytes = buffer.byteLength - HEADER_BYTES - JSON_UNITS * 2;
  return {
    header: new Int32Array(buffer, 0, HEADER_BYTES / 4),
    data: new Uint8Array(buffer, HEADER_BYTES, dataBytes),
    json: new Uint16Array(buffer, HEADER_BYTES + dataBytes, JSON_UNITS),
  };
}

/** The owner's end: answer a pending request, raise the interrupt. */
export class OwnerEnd {
  readonly #header: Int32Array;
  readonly #data: Uint8Array;
  readonly #json: Uint16Array;

  constructor(buffer: SharedArrayBuffer) {
    const r = regions(buffer);
    this.#header = r.header;
    this.#data = r.data;
    this.#json = r.json;
  }

  /** Largest payload an answer can carry. */
  get maxData(): number {
    return this.#data.length;
  }

  /**
   * Call `onRequest` for every request the worker rings in, until the returned function is
   * called. Each wait is an Atomics.waitAsync: nothing polls, and the page stays responsive.
   */
  watchRequests(onRequest: (request: SyscallRequest) => void): () => void {
    const h = this.#header;
    let seen = Atomics.load(h, SLOT.REQUEST);
    let stopped = false;
    const waitAsync = (
      Atomics as unknown as {
        waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> | string };
      }
    ).waitAsync;
    const next = (): void => {
      while (!stopped) {
        const now = Atomics.load(h, SLOT.REQUEST);
        if (now !== seen) {
          seen = now;
          try {
            onRequest(this.#readRequest());
          } catch (err) {
            // A bug in the listener must not stop the program's later requests: report it apart.
            queueMicrotask(() => {
              throw err;
            });
          }
          continue;
        }
        const wait = waitAsync(h, SLOT.REQUEST, seen);
        if (wait.async) {
          void (wait.value as Promise<unknown>).then(next);
          return;
        }
      }
    };
    next();
    return () => {
      stopped = true;
      Atomics.notify(h, SLOT.REQUEST); // settle the pending wait, so nothing holds this channel
    };
  }

  #readRequest(): SyscallRequest {
    const h = this.#header;
    const opLength = h[SLOT.REQUEST_OP_LENGTH]!;
    const jsonLength = h[SLOT.REQUEST_JSON_LENGTH]!;
    const dataLength = h[SLOT.REQUEST_DATA_LENGTH]!;
    const op = readUnits(this.#json, 0, opLength);
    const payload = readUnits(this.#json, opLength, opLength + jsonLength);
    const data = dataLength < 0 ? null : this.#data.slice(0, dataLength);
    return { type: 'syscall', op, payload, data };
  }

  /** Write the answer and wake the worker. The JSON must fit (answers are small by design). */
  answer(json: string, data: Uint8Array | null = null): void {
    if (json.length > this.#json.length) {
      json = JSON.stringify({
        error: {
          code: 'EMSGSIZE',
          errno: 90,
          message: 'Message too long (syscall answer over 256 Ki characters)',
        },
      });
      data = null;
    }
    const units = this.#json;
    for (let i = 0; i < json.length; i++) units[i] = json.charCodeAt(i);
    if (data !== null) this.#data.set(data.subarray(0, this.#data.length));
    const h = this.#header;
    h[SLOT.JSON_LENGTH] = json.length;
    h[SLOT.DATA_LENGTH] = data === null ? -1 : Math.min(data.length, this.#data.length);
    Atomics.store(h, SLOT.ANSWER, 1);
    Atomics.notify(h, SLOT.ANSWER);
  }

  /** Stop / Ctrl-C: set the interrupt slot and wake anything waiting on it. */
  raiseInterrupt(): void {
    Atomics.store(this.#header, SLOT.INTERRUPT, SIGINT);
    Atomics.notify(this.#header, SLOT.INTERRUPT);
  }

  /** True while an interrupt is set and the program has not taken it yet. */
  interruptPending(): boolean {
    return Atomics.load(this.#header, SLOT.INTERRUPT) !== 0;
  }

  clearInterrupt(): void {
    Atomics.store(this.#header, SLOT.INTERRUPT, 0);
  }
}

const decoder16 = new TextDecoder('utf-16le');

/** The text in units[start, end). TextDecoder refuses views of shared memory: copy out first. */
function readUnits(units: Uint16Array, start: number, end: number): string {
  if (end - start < 64)
    return String.fromCharCode.apply(null, units.subarray(start, end) as unknown as number[]);
  return decoder16.decode(units.slice(start, end));
}

/** Value of one hex digit's char code, or -1. */
function nibble(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * A one-element view of `slot` whose read takes the value (an atomic exchange with 0) and whose
 * write does nothing. Pyodide checks its interrupt buffer every 50 bytecodes by reading element 0
 * and then writing 0 to it, two steps: a Stop the owner stored between them was erased and lost —
 * the program ran on and the grace timer, seeing the slot clear, took it for handled (1 Stop in
 * ≈60 of a printing loop on a loaded machine here). With this view the read has already cleared
 * exactly what it returns, so the write after it has nothing to erase.
 */
export function takingView(slot: Int32Array): TakingView {
  const view = { length: 1 } as TakingView;
  Object.defineProperty(view, 0, {
    get: () => Atomics.exchange(slot, 0, 0),
    set: () => {},
    enumerable: true,
  });
  return view;
}

/** What Pyodide's signal check uses of its interrupt buffer: element 0. */
export interface TakingView {
  readonly length: 1;
  0: number;
}

/** The worker's end: wait for the answer, read it, watch the interrupt slot. */
export class WorkerEnd {
  readonly header: Int32Array;
  readonly #data: Uint8Array;
  readonly #json: Uint16Array;
  /** Pyodide's interrupt buffer: the interrupt slot, read by an atomic take (see takingView). */
  readonly interruptView: TakingView;

  constructor(buffer: SharedArrayBuffer) {
    const r = regions(buffer);
    this.header = r.header;
    this.#data = r.data;
    this.#json = r.json;
    this.interruptView = takingView(new Int32Array(buffer, SLOT.INTERRUPT * 4, 1));
  }

  /** Call before posting a request. */
  arm(): void {
    Atomics.store(this.header, SLOT.ANSWER, 0);
  }

  /**
   * Write a request into the buffer and ring the doorbell (call `arm()` first). False, with
   * nothing rung, when it does not fit or hex text is not hex: post it instead. `bytes`: hex text
   * (MicroPython, small Pyodide payloads) or the bytes themselves.
   */
  ring(op: string, payload: string, bytes: string | Uint8Array | null): boolean {
    const units = this.#json;
    const end = op.length + payload.length;
    const length = bytes === null ? -1 : typeof bytes === 'string' ? bytes.length / 2 : bytes.length;
    if (
      end > units.length ||
      length > this.#data.length ||
      (typeof bytes === 'string' && bytes.length % 2 !== 0)
    ) {
      return false;
    }
    if (typeof bytes === 'string') {
      const data = this.#data;
      for (let i = 0; i < length; i++) {
        const hi = nibble(bytes.charCodeAt(2 * i));
        const lo = nibble(bytes.charCodeAt(2 * i + 1));
        if (hi < 0 || lo < 0) return false;
        data[i] = (hi << 4) | lo;
      }
    } else if (bytes !== null) {
      this.#data.set(bytes);
    }
    for (let i = 0; i < op.length; i++) units[i] = op.charCodeAt(i);
    for (let i = 0, o = op.length; i < payload.length; i++) units[o + i] = payload.charCodeAt(i);
    const h = this.header;
    h[SLOT.REQUEST_OP_LENGTH] = op.length;
    h[SLOT.REQUEST_JSON_LENGTH] = payload.length;
    h[SLOT.REQUEST_DATA_LENGTH] = length;
    Atomics.add(h, SLOT.REQUEST, 1);
    Atomics.notify(h, SLOT.REQUEST);
    return true;
  }

  /** Block until the owner answers; short waits keep the thread responsive to termination. */
  awaitAnswer(): { json: string; data: Uint8Array | null } {
    const h = this.header;
    while (Atomics.load(h, SLOT.ANSWER) === 0) Atomics.wait(h, SLOT.ANSWER, 0, 50);
    const dataLength = h[SLOT.DATA_LENGTH]!;
    const json = readUnits(this.#json, 0, h[SLOT.JSON_LENGTH]!);
    const data = dataLength < 0 ? null : this.#data.slice(0, dataLength);
    return { json, data };
  }

  interruptPending(): boolean {
    return Atomics.load(this.header, SLOT.INTERRUPT) !== 0;
  }

  takeInterrupt(): void {
    Atomics.store(this.header, SLOT.INTERRUPT, 0);
  }

  /** Sleep up to `ms` unless an interrupt arrives (used to slow down a flood of output). */
  pauseUnlessInterrupted(ms: number): void {
    if (ms > 0 && !this.interruptPending()) Atomics.wait(this.header, SLOT.INTERRUPT, 0, ms);
  }
}

/**
 * The snapshot in shared memory, copied there once. Posting a plain 31 MB Uint8Array to a new
 * worker structured-clones it on the sending thread: in Chromium that held the page's main thread
 * for 150–380 ms at every pool refill, just when the program that took the ready worker printed its
 * first output (bench/README.md, "Warm Run on a PC host"). A SharedArrayBuffer is posted without a
 * copy; the worker makes its own private copy (worker-pyodide.ts), off the page's thread.
 */
export function shareSnapshot(bytes: Uint8Array): Uint8Array {
  if (typeof SharedArrayBuffer === 'undefined' || bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}
