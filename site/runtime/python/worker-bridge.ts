// The worker's side of the syscall door: `_udplab.call(op, payload, data)` as both
// interpreters see it. Blocks the worker until the owner answers (Atomics.wait, never spinning).
import { EINTR_ANSWER, WorkerEnd, type FromWorker } from './channel.ts';
import { OutputPipe } from './output-pipe.ts';
import { BINARY_MIN_BYTES } from './syscall-table.ts';
import { codedError } from './coded-error.ts';

/** Settings from the owner's 'init' message that the bridge needs. */
export interface BridgeOptions {
  readonly buffer: SharedArrayBuffer;
  readonly outputBytesPerSecond: number;
  readonly outputBurstBytes: number;
  /** Whether the owner answers the doorbell; else every request is posted. */
  readonly doorbell: boolean;
}

const ENCODER = new TextEncoder();

/** What the bridge uses of a Pyodide PyProxy of a Python bytes-like object. */
interface PyBufferSource {
  getBuffer(type: 'u8'): PyBufferView;
}
interface PyBufferView {
  readonly data: Uint8Array;
  release(): void;
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
   * The one door, `_udplab.call(op, payload, data)`: the op, its arguments as JSON text and the
   * request's bytes (or None) in; the answer out. `data` is hex text (MicroPython hands bytes to
   * JS as opaque proxies, and Pyodide's small payloads: hex is the cheaper crossing there) or,
   * from Pyodide, the Python bytes object itself, read in place through its buffer (binary).
   *
   * The answer is the JSON text, followed, when the handler returned bytes, by a newline (JSON
   * text never holds a raw one) and the bytes: hex for MicroPython, latin-1 characters for a
   * small Pyodide answer, or, for Pyodide answers of `BINARY_MIN_BYTES` and more, a `Uint8Array`
   * of the whole answer (JSON as UTF-8, newline, bytes) that Python reads with one `.to_bytes()`.
   *
   * The request goes through the shared buffer and the doorbell unless output was posted since
   * the last one: messages and the doorbell are separate queues on the owner, and output must
   * reach it before the call.
   */
  call(op: string, payload: string, data: unknown, runtime: 'cpython' | 'micropython'): string | Uint8Array {
    this.out.flush();
    this.end.arm();
    op = String(op);
    payload = String(payload);
    let bytes: string | Uint8Array | null = null;
    let buffer: PyBufferView | null = null;
    if (typeof data === 'string') bytes = data;
    else if (
      data !== null &&
      data !== undefined &&
      typeof (data as PyBufferSource).getBuffer === 'function'
    ) {
      buffer = (data as PyBufferSource).getBuffer('u8');
      bytes = buffer.data;
    }
    try {
      if (this.#posted || !this.#doorbell || !this.end.ring(op, payload, bytes)) {
        this.#posted = false;
        // A posted message must own its bytes: the Python buffer is released below.
        this.#post({
          type: 'syscall',
          op,
          payload,
          data: bytes instanceof Uint8Array ? bytes.slice() : bytes,
        });
      }
    } finally {
      buffer?.release();
    }
    const answer = this.end.awaitAnswer();
    if (answer.json === EINTR_ANSWER) {
      this.end.takeInterrupt(); // the shim raises KeyboardInterrupt from this call
    } else if (this.onPendingInterrupt && this.end.interruptPending()) {
      this.onPendingInterrupt();
    }
    const got = answer.data;
    if (got === null) return answer.json;
    if (runtime === 'micropython') return answer.json + '\n' + toHex(got);
    if (got.length < BINARY_MIN_BYTES) return answer.json + '\n' + toLatin1(got);
    const head = ENCODER.encode(answer.json + '\n');
    const whole = new Uint8Array(head.length + got.length);
    whole.set(head);
    whole.set(got, head.length);
    return whole;
  }

  /** Make the interpreter's memory.grow fail past `maxBytes`, so Python raises MemoryError. */
  static limitMemory(maxBytes: number): void {
    const proto = WebAssembly.Memory.prototype as { grow(delta: number): number };
    const grow = proto.grow;
    proto.grow = function (this: WebAssembly.Memory, delta: number): number {
      if (this.buffer.byteLength + delta * 65_536 > maxBytes) {
        throw codedError(
          RangeError,
          'UDPLAB_ERR_MEMORY_LIMIT',
          `program memory limit of ${maxBytes} bytes reached`,
        );
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
