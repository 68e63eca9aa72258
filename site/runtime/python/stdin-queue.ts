// What has been typed into a program's terminal and not read yet, one line at a time.

export class StdinQueue {
  readonly #maxBytes: number;
  readonly #listeners = new Set<() => void>();
  #text = '';
  #closed = false;

  /** @param maxBytes Pending input kept (UTF-16 units); typing beyond it is dropped. */
  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Typed text; '\r\n' and '\r' (a terminal's Enter) count as '\n'. */
  write(text: string): void {
    if (this.#closed) return;
    const normal = text.replace(/\r\n?/g, '\n');
    this.#text += normal.slice(0, Math.max(0, this.#maxBytes - this.#text.length));
    this.#emit();
  }

  /** End of input (Ctrl-D, or the end of piped input). */
  close(): void {
    this.#closed = true;
    this.#emit();
  }

  /** A whole line (or, after close, whatever is left) can be read without waiting. */
  ready(): boolean {
    return this.#closed || this.#text.includes('\n');
  }

  /** The next line with its '\n'; after close the rest, then ''; null = would wait. */
  takeLine(): string | null {
    const end = this.#text.indexOf('\n');
    if (end >= 0) {
      const line = this.#text.slice(0, end + 1);
      this.#text = this.#text.slice(end + 1);
      return line;
    }
    if (!this.#closed) return null;
    const rest = this.#text;
    this.#text = '';
    return rest;
  }

  /** `cb` after every change; returns unsubscribe. */
  onChange(cb: () => void): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  #emit(): void {
    for (const cb of [...this.#listeners]) cb();
  }
}
