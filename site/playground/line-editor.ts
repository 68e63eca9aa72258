// The terminal's input() line editor: printable text incl. CJK, backspace by columns, Enter, Ctrl-C, paste.

import { charWidth } from './wcwidth.ts';

const ESC = String.fromCharCode(0x1b);
const PASTE_START = `${ESC}[200~`;
const PASTE_END = `${ESC}[201~`;

/** What the editor asks its terminal and program to do. */
export interface LineEditorSink {
  /** Write escape sequences / echo to the terminal. */
  echo(text: string): void;
  /** A finished line (without its newline) for the program's stdin. */
  submit(line: string): void;
  /** Ctrl-C. */
  interrupt(): void;
  /** Ctrl-D on an empty line. */
  endOfInput(): void;
}

/**
 * Edits one line at a time at the end of the terminal output, as a cooked-mode tty would:
 * typed text is echoed, Backspace removes one character (two columns for wide ones),
 * Enter submits the line. Cursor movement inside the line is not supported (tty canonical mode
 * has none either).
 */
export class LineEditor {
  #chars: string[] = [];
  #sink: LineEditorSink;

  constructor(sink: LineEditorSink) {
    this.#sink = sink;
  }

  /** The line typed so far. */
  get line(): string {
    return this.#chars.join('');
  }

  /** Feeds data from xterm's onData: keystrokes, IME commits or a whole paste. */
  feed(data: string): void {
    // A bracketed or plain paste may hold several lines: each newline submits one.
    const text = data.split(PASTE_START).join('').split(PASTE_END).join('');
    if (text.startsWith(ESC)) return; // arrows and other escape sequences: ignored
    for (const ch of text) this.#key(ch);
  }

  /** Forgets the pending line without echo (after the program ends). */
  clear(): void {
    this.#chars = [];
  }

  #key(ch: string): void {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === '\r' || ch === '\n') {
      const line = this.line;
      this.#chars = [];
      this.#sink.echo('\r\n');
      this.#sink.submit(line);
    } else if (cp === 0x7f || cp === 0x08) {
      const last = this.#chars.pop();
      if (last === undefined) return;
      const w = charWidth(last.codePointAt(0) ?? 0);
      if (w > 0) this.#sink.echo('\b \b'.repeat(w));
    } else if (cp === 0x03) {
      this.#chars = [];
      this.#sink.echo('^C\r\n');
      this.#sink.interrupt();
    } else if (cp === 0x04) {
      if (this.#chars.length === 0) this.#sink.endOfInput();
    } else if (cp === 0x15) {
      // Ctrl-U: erase the whole line
      let cols = 0;
      for (const c of this.#chars) cols += charWidth(c.codePointAt(0) ?? 0);
      this.#chars = [];
      this.#sink.echo('\b \b'.repeat(cols));
    } else if (cp >= 0x20 && cp !== 0x7f) {
      this.#chars.push(ch);
      this.#sink.echo(ch);
    }
  }
}
