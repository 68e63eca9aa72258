// The worker's side of the syscall door: `_udplab.call(op, payload, hexdata)` as both
// interpreters see it. Blocks the worker until the owner answers (Atomics.wait, never spinning).
import { EINTR_ANSWER, WorkerEnd, type FromWorker } from './channel.ts';
import { OutputPipe } from './output-pipe.ts';

/** Settings from the owner's 'init' message that the bridge needs. */
export interface BridgeOptions {
  readonly buffer: SharedArrayBuffer;
  readonly outputBytesPerSecond: number;
  readonly outputBurstBytes: number;
  /** Whether the owner answers the doorbell; else every request is posted. */
  readonly doorbell: boolean;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (let i = 0; i < bytes.length; i++) hex += HEX_BYTE[bytes[i]!];
  return hex;
}

/** Bytes as the characters U+0000–U+00FF (TextDecoder's 'latin1' is windows-1252: not this). */
function toLatin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return text;
}

export class WorkerBridge {
  readonly end: WorkerEnd;
  readonly out: OutputPipe;
  readonly #post: (message: FromWorker) => void;
  readonly #doorbell: boolean;
  /** Something was posted since the last request: post the next one too, so it stays behind. */
  #posted = false;
  #data: Uint8Array | null = null;
  /** MicroPython sets this: take a pending interrupt at the next bytecode (after a call or a line). */
  onPendingInterrupt: (() => void) | null = null;

  constructor(post: (message: FromWorker) => void, options: BridgeOptions) {
    this.#post = post;
    this.#doorbell = options.doorbell;
    this.end = new WorkerEnd(options.buffer);
    const postOutput = (message: FromWorker): void => {
      this.#posted = true;
      post(message);
    };
    this.out = new OutputPipe(postOutput, this.end, options.outputBytesPerSecond, options.outputBurstBytes);
  }

  /**
   * `_udplab.call`: JSON in, JSON out; `data` is hex (or None/undefined). The request goes through
   * the shared buffer and the doorbell unless output was posted since the last one: messages and
   * the doorbell are separate queues on the owner, and output must reach it before the call.
   */
  readonly call = (op: string, payload: string, data?: string | null): string => {
    this.out.flush();
    this.end.arm();
    op = String(op);
    payload = String(payload);
    const hex = data ?? null;
    if (this.#posted || !this.#doorbell || !this.end.ring(op, payload, hex)) {
      this.#posted = false;
      this.#post({ type: 'syscall', op, payload, data: hex });
    }
    const answer = this.end.awaitAnswer();
    this.#data = answer.data;
    if (answer.json === EINTR_ANSWER) {
      this.end.takeInterrupt(); // the shim raises KeyboardInterrupt from this call
    } else if (this.onPendingInterrupt && this.end.interruptPending()) {
      this.onPendingInterrupt();
    }
    return answer.json;
  };

  /**
   * `_udplab.call_inline`: `call`, with the answer's bytes (if any) in the same string after a
   * newline (JSON text never holds a raw one): latin-1 characters, or hex when `hex` is true
   * (MicroPython has no latin-1 codec). One crossing into JS instead of three for a recvfrom.
   */
  readonly callInline = (
    op: string,
    payload: string,
    data: string | null | undefined,
    hex: unknown,
  ): string => {
    const json = this.call(op, payload, data);
    const bytes = this.data();
    if (bytes === null) return json;
    return json + '\n' + (hex ? toHex(bytes) : toLatin1(bytes));
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
    return data === null ? null : toHex(data);
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
