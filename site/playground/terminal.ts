// A program's terminal: xterm.js output, the line editor for input(), Ctrl-C, and an input box for on-screen keyboards.

import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import { LineEditor } from './line-editor.ts';
import type { Translate } from './i18n.ts';
import { OutputAnnouncer } from './output-announcer.ts';

/**
 * Rows of a terminal: 8 lines of output, so that the programs' terminals side by side and the
 * sequence diagram below them fit a 1366×850 window (more output scrolls; 2 000 lines are kept).
 */
export const TERMINAL_ROWS = 8;

const DARK = { background: '#17181c', foreground: '#e6e6e6' };
const LIGHT = {
  background: '#fbfbfb',
  foreground: '#202020',
  cursor: '#202020',
  selectionBackground: '#c5d8f5',
};

/** Where typed input goes. */
export interface TerminalTarget {
  submit(line: string): void;
  interrupt(): void;
  endOfInput(): void;
}

/** The terminal of one program panel. */
export class ProgramTerminal {
  readonly term: Terminal;
  #editor: LineEditor;
  #text = '';
  #target: TerminalTarget | null = null;
  #element: HTMLElement;
  #announcer: OutputAnnouncer;
  /** xterm's own measure of how many columns fit (its public add-on, not its render service). */
  readonly #fitAddon = new FitAddon();
  /** What dispose() disconnects: the theme and size watchers. */
  #observers: { disconnect(): void }[] = [];

  constructor(container: HTMLElement, t: Translate, file: string, dark: boolean) {
    const wrap = document.createElement('div');
    wrap.className = 'pg-term-wrap';
    const element = document.createElement('div');
    element.className = 'pg-term';
    element.setAttribute('role', 'group');
    element.setAttribute('aria-label', t('playground.terminal', { file }));
    this.#element = element;
    this.term = new Terminal({
      rows: TERMINAL_ROWS,
      cols: 80,
      convertEol: true,
      cursorBlink: false,
      fontFamily: 'ui-monospace, "Cascadia Mono", "Noto Sans Mono CJK SC", "Sarasa Mono SC", monospace',
      fontSize: 13,
      scrollback: 2000,
      // Off: its live region stops after 20 lines until a key is pressed, speaks English only and
      // re-measures every row on each render. OutputAnnouncer reads the output instead.
      screenReaderMode: false,
      theme: dark ? DARK : LIGHT,
      // For `unicode`: the Unicode 11 widths below (the line editor's, wcwidth.ts, are the same table).
      allowProposedApi: true,
    });
    this.term.loadAddon(new Unicode11Addon());
    this.term.unicode.activeVersion = '11';
    this.term.loadAddon(this.#fitAddon);
    const theme = new MutationObserver(() => {
      this.term.options.theme = document.documentElement.dataset['theme'] === 'light' ? LIGHT : DARK;
    });
    theme.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.term.open(element);
    // Tab leaves the terminal (keyboard users must not be trapped); programs never read a Tab from input().
    this.term.attachCustomKeyEventHandler((event) => event.key !== 'Tab');
    this.#editor = new LineEditor({
      echo: (text) => this.term.write(text),
      submit: (line) => this.#target?.submit(line),
      interrupt: () => this.#target?.interrupt(),
      endOfInput: () => this.#target?.endOfInput(),
    });
    this.term.onData((data) => {
      if (this.#target) this.#editor.feed(data);
    });
    const textarea = element.querySelector('textarea');
    textarea?.setAttribute('aria-label', t('playground.terminalInput', { file }));
    this.#announcer = new OutputAnnouncer(t, file);
    wrap.append(element, this.#announcer.element, this.#inputBox(t, file));
    container.append(wrap);
    this.#fit();
    const size = new ResizeObserver(() => this.#fit());
    size.observe(wrap);
    this.#observers = [theme, size];
  }

  /** Ends the terminal (a replay closed): no watcher touches the disposed xterm.js afterwards. */
  dispose(): void {
    for (const o of this.#observers) o.disconnect();
    this.#observers = [];
    this.#target = null;
    this.#announcer.clear();
    this.term.dispose();
  }

  /** A visible input line for on-screen keyboards and screen readers: Enter or Send types it. */
  #inputBox(t: Translate, file: string): HTMLElement {
    const form = document.createElement('form');
    form.className = 'pg-term-input';
    const input = document.createElement('input');
    input.type = 'text';
    input.autocomplete = 'off';
    input.enterKeyHint = 'send';
    input.setAttribute('aria-label', t('playground.terminalInput', { file }));
    const send = document.createElement('button');
    send.type = 'submit';
    send.className = 'pg-btn';
    send.textContent = t('playground.send');
    const ctrlC = document.createElement('button');
    ctrlC.type = 'button';
    ctrlC.className = 'pg-btn';
    ctrlC.textContent = 'Ctrl-C';
    ctrlC.setAttribute('aria-label', t('playground.ctrlC'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.#target) return;
      this.#editor.feed(`${input.value}\r`);
      input.value = '';
    });
    ctrlC.addEventListener('click', () => this.#editor.feed('\x03'));
    form.append(input, send, ctrlC);
    return form;
  }

  /** As many columns as xterm measures fit the panel (at least 20); the rows stay TERMINAL_ROWS. */
  #fit(): void {
    const proposed = this.#fitAddon.proposeDimensions();
    if (!proposed || !Number.isFinite(proposed.cols)) return; // not laid out yet: the observer calls again
    const cols = Math.max(20, proposed.cols);
    if (cols !== this.term.cols) this.term.resize(cols, this.term.rows);
  }

  /** Connects typing to a running program (null: typing is ignored). */
  attach(target: TerminalTarget | null): void {
    this.#target = target;
    if (!target) this.#editor.clear();
  }

  /** Program output: shown as it comes, with the pending input line kept after it. */
  write(text: string): void {
    this.#text += text;
    if (this.#text.length > 200_000) this.#text = this.#text.slice(-100_000);
    this.term.write(text);
    this.#announcer.write(text);
  }

  /** Everything written since the last clear (tests and screen readers read it). */
  get text(): string {
    return this.#text;
  }

  clear(): void {
    this.#text = '';
    this.term.reset();
    this.#announcer.clear();
  }

  focus(): void {
    this.term.focus();
  }

  /** Scrolls the page (as little as it takes) until the whole terminal, input box included, is in view. */
  reveal(): void {
    this.#element.parentElement?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}
