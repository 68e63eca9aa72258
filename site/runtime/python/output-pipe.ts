// A program's terminal output on its way out of the worker: decoded as UTF-8, batched (one
// message per burst, not per character), kept in order across stdout/stderr, and slowed to the
// output rate limit by making the writer wait (interruptibly), as a full terminal pipe would.
import type { FromWorker } from './channel.ts';
import type { WorkerEnd } from './channel.ts';

const FLUSH_BYTES = 16_384;
const FLUSH_MS = 20;

export class OutputPipe {
  readonly #post: (message: FromWorker) => void;
  readonly #end: WorkerEnd;
  readonly #rate: number;
  readonly #burst: number;
  readonly #decoders = [new TextDecoder(), new TextDecoder()];
  #tokens: number;
  #lastRefill = performance.now();
  #lastFlush = performance.now();
  #stream: 1 | 2 = 1;
  #buf = new Uint8Array(FLUSH_BYTES);
  #len = 0;
  #unaccounted = 0;
  /** Called at a line end while an interrupt is pending (MicroPython takes it there). */
  onPendingInterrupt: (() => void) | null = null;

  /**
   * @param bytesPerSecond Output rate limit; 0 = none.
   * @param burstBytes Output allowed at once before the rate applies.
   */
  constructor(
    post: (message: FromWorker) => void,
    end: WorkerEnd,
    bytesPerSecond: number,
    burstBytes: number,
  ) {
    this.#post = post;
    this.#end = end;
    this.#rate = bytesPerSecond;
    this.#burst = Math.max(burstBytes, 1);
    this.#tokens = this.#burst;
  }

  /** Append bytes the program wrote (the view may be reused by the caller: copied here). */
  write(stream: 1 | 2, bytes: Uint8Array): void {
    if (stream !== this.#stream) {
      this.flush();
      this.#stream = stream;
    }
    for (let offset = 0; offset < bytes.length;) {
      const n = Math.min(bytes.length - offset, this.#buf.length - this.#len);
      this.#buf.set(bytes.subarray(offset, offset + n), this.#len);
      this.#len += n;
      offset += n;
      if (this.#len === this.#buf.length) this.#lineEnd(true);
    }
    this.#unaccounted += bytes.length;
    if (bytes[bytes.length - 1] === 10 || bytes.length > 1) this.#lineEnd(false);
  }

  /** Send everything buffered to the owner now. */
  flush(): void {
    if (this.#len === 0) return;
    const text = this.#decoders[this.#stream - 1]!.decode(this.#buf.subarray(0, this.#len), { stream: true });
    this.#len = 0;
    this.#lastFlush = performance.now();
    if (text) this.#post({ type: 'output', stream: this.#stream, text });
  }

  #lineEnd(full: boolean): void {
    const now = performance.now();
    if (full || now - this.#lastFlush >= FLUSH_MS) this.flush();
    if (this.#rate > 0) {
      this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#lastRefill) * this.#rate) / 1000);
      this.#lastRefill = now;
      this.#tokens -= this.#unaccounted;
      if (this.#tokens < 0) {
        this.flush();
        this.#end.pauseUnlessInterrupted((-this.#tokens * 1000) / this.#rate);
      }
    }
    this.#unaccounted = 0;
    if (this.onPendingInterrupt && this.#end.interruptPending()) this.onPendingInterrupt();
  }
}
