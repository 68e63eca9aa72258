// The worker's side of the syscall door: `_udplab.call(op, payload, hexdata)` as both
// interpreters see it. Blocks the worker until the owner answers (Atomics.wait, never spinning).
import { EINTR_ANSWER, WorkerEnd, type FromWorker } from './channel.ts';
import { OutputPipe } from './output-pipe.ts';

/** Settings from the owner's 'init' message that the bridge needs. */
export interface BridgeOptions {
  readonly buffer: SharedArrayBuffer;
  readonly outputBytesPerSecond: number;
  readonly outputBurstBytes: number;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class WorkerBridge {
  readonly end: WorkerEnd;
  readonly out: OutputPipe;
  readonly #post: (message: FromWorker) => void;
  #data: Uint8Array | null = null;
  /** MicroPython sets this: take a pending interrupt at the next bytecode (after a call or a line). */
  onPendingInterrupt: (() => void) | null = null;

  constructor(post: (message: FromWorker) => void, options: BridgeOptions) {
    this.#post = post;
    this.end = new WorkerEnd(options.buffer);
    this.out = new OutputPipe(post, this.end, options.outputBytesPerSecond, options.outputBurstBytes);
  }

  /** `_udplab.call`: JSON in, JSON out; `data` is hex (or None/undefined). */
  readonly call = (op: string, payload: string, data?: string | null): string => {
    this.out.flush();
    this.end.arm();
    this.#post({ type: 'syscall', op: String(op), payload: String(payload), data: data ?? null });
    const answer = this.end.awaitAnswer();
    this.#data = answer.data;
    if (answer.json === EINTR_ANSWER) {
      this.end.takeInterrupt(); // the shim raises KeyboardInterrupt from this call
    } else if (this.onPendingInterrupt && this.end.interruptPending()) {
      this.onPendingInterrupt();
    }
    return answer.json;
  };

  /** `_udplab.data`: the bytes that came with the last answer, once (Pyodide: `.to_bytes()`). */
  readonly data = (): Uint8Array | null => {
    const data = this.#data;
    this.#data = null;
    return data;
  };

  /** `_udplab.data_hex`: the same as hex, for MicroPython (its `bytes(proxy)` copies byte by byte). */
  readonly dataHex = (): string | null => {
    const data = this.data();
    if (data === null) return null;
    let hex = '';
    for (let i = 0; i < data.length; i++) hex += HEX_BYTE[data[i]!];
    return hex;
  };

  /** Make the interpreter's memory.grow fail past `maxBytes`, so Python raises MemoryError. */
  static limitMemory(maxBytes: number): void {
    const proto = WebAssembly.Memory.prototype as { grow(delta: number): number };
    const grow = proto.grow;
    proto.grow = function (this: WebAssembly.Memory, delta: number): number {
      if (this.buffer.byteLength + delta * 65_536 > maxBytes) {
        throw new RangeError(`UDPLAB_ERR_MEMORY_LIMIT: program memory limit of ${maxBytes} bytes reached`);
      }
      return grow.call(this, delta);
    };
    // Emscripten reports the refused growth on the console; Python reports it as MemoryError.
    const error = console.error.bind(console);
    console.error = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].startsWith('growMemory:')) return;
      error(...args);
    };
  }
}
