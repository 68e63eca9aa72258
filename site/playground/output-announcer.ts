// A program's output for screen readers: a visually hidden aria-live log, updated in small batches so a flood stays cheap.

import type { Translate } from './i18n.ts';

/** How output is read aloud; every value is documented in this folder's README. */
export interface AnnouncerOptions {
  /** Output is gathered this long before it is added to the log (one announcement). */
  readonly intervalMs: number;
  /** Lines added per announcement; the rest are counted and said as "N more lines". */
  readonly maxLines: number;
  /** Characters kept per line (a longer line is cut, with an ellipsis). */
  readonly maxLineChars: number;
  /** Lines the log keeps for reading back; older ones are removed. */
  readonly keptLines: number;
}

export const ANNOUNCER_DEFAULTS: AnnouncerOptions = {
  intervalMs: 500,
  maxLines: 10,
  maxLineChars: 200,
  keptLines: 100,
};

// CSI and OSC sequences (colours, cursor moves, titles), then every other control but \n and \r:
// control characters are what these expressions are for.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;

/**
 * Turns raw terminal output into the lines a screen reader should say: escapes and controls
 * removed (a tab is a space), a carriage return keeps what was written after it (a progress line says its last
 * state), blank lines dropped, each line cut to `maxLineChars`. A trailing partial line (an
 * `input()` prompt) counts as a line.
 */
export function spokenLines(raw: string, maxLineChars: number): string[] {
  const out: string[] = [];
  for (const line of raw.replace(ESCAPES, '').split('\n')) {
    const parts = line.split('\r');
    let text = '';
    for (let i = parts.length - 1; i >= 0 && !text.trim(); i--) text = parts[i] ?? '';
    text = text.replace(/\t/g, ' ').replace(CONTROLS, '').trimEnd();
    if (!text.trim()) continue;
    out.push(text.length > maxLineChars ? `${text.slice(0, maxLineChars - 1)}…` : text);
  }
  return out;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The log of one terminal. `write` is called with every piece of program output. */
export class OutputAnnouncer {
  readonly element: HTMLElement;
  #t: Translate;
  #options: AnnouncerOptions;
  #pending = '';
  /** Newlines seen after `#pending` was full: said as a count, never kept. */
  #overflow = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #kept = 0;

  constructor(t: Translate, file: string, options: AnnouncerOptions = ANNOUNCER_DEFAULTS) {
    this.#t = t;
    this.#options = options;
    this.element = document.createElement('div');
    this.element.className = 'pg-sr-only pg-term-log';
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-live', 'polite');
    this.element.setAttribute('aria-label', t('playground.terminalLog', { file }));
  }

  /** Cheap on every call: appends up to a bound, then only counts lines. */
  write(text: string): void {
    const { maxLines, maxLineChars } = this.#options;
    if (this.#pending.length < (maxLines + 1) * (maxLineChars + 1)) this.#pending += text;
    else this.#overflow += countNewlines(text);
    this.#timer ??= setTimeout(() => this.#flush(), this.#options.intervalMs);
  }

  #flush(): void {
    this.#timer = null;
    const lines = spokenLines(this.#pending, this.#options.maxLineChars);
    const skipped = Math.max(0, lines.length - this.#options.maxLines) + this.#overflow;
    this.#pending = '';
    this.#overflow = 0;
    const said = lines.slice(0, this.#options.maxLines);
    if (skipped > 0) said.push(this.#t('playground.terminalLogSkipped', { count: skipped }));
    if (said.length === 0) return;
    const block = document.createElement('div');
    for (const line of said) {
      const p = document.createElement('p');
      p.textContent = line;
      block.append(p);
    }
    this.element.append(block);
    this.#kept += said.length;
    while (this.#kept > this.#options.keptLines && this.element.firstElementChild) {
      this.#kept -= this.element.firstElementChild.childElementCount;
      this.element.firstElementChild.remove();
    }
  }

  /** A new run: nothing old is said or kept. */
  clear(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = '';
    this.#overflow = 0;
    this.#kept = 0;
    this.element.textContent = '';
  }
}
