// A FIFO of bytes for TCP's send and receive buffers: append chunks, read or drop from the front, copy from any offset.

export class ByteQueue {
  #chunks: Uint8Array[] = [];
  /** Bytes of the first chunk already consumed. */
  #head = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** Appends a copy of data. */
  push(data: Uint8Array): void {
    if (data.length === 0) return;
    this.#chunks.push(data.slice());
    this.#length += data.length;
  }

  /** A copy of n bytes starting offset bytes from the front (fewer if the queue is shorter). */
  copy(offset: number, n: number): Uint8Array {
    const end = Math.min(this.#length, offset + n);
    const out = new Uint8Array(Math.max(0, end - offset));
    let pos = -this.#head;
    let written = 0;
    for (const chunk of this.#chunks) {
      const start = pos;
      pos += chunk.length;
      if (pos <= offset) continue;
      if (start >= end) break;
      const from = Math.max(offset - start, 0);
      const to = Math.min(end - start, chunk.length);
      out.set(chunk.subarray(from, to), written);
      written += to - from;
    }
    return out;
  }

  /** Removes n bytes from the front. */
  drop(n: number): void {
    let left = Math.min(n, this.#length);
    this.#length -= left;
    while (left > 0) {
      const first = this.#chunks[0] as Uint8Array;
      const avail = first.length - this.#head;
      if (left < avail) {
        this.#head += left;
        return;
      }
      left -= avail;
      this.#chunks.shift();
      this.#head = 0;
    }
  }

  /** Removes and returns up to n bytes from the front. */
  read(n: number): Uint8Array {
    const out = this.copy(0, n);
    this.drop(out.length);
    return out;
  }

  clear(): void {
    this.#chunks = [];
    this.#head = 0;
    this.#length = 0;
  }
}
