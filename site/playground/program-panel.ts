// One program's panel: toolbar (Run / Stop / Reset), editor, terminal, the board's OLED, state and tracebacks.

import { explainMistakes } from '../runtime/exercise/index.ts';
import type { PythonProcess, ProcessState } from '../runtime/python/index.ts';
import type { CodeEditor } from './editor-types.ts';
import type { Translate } from './i18n.ts';
import type { OledView } from './oled-view.ts';
import type { ProgramTerminal } from './terminal.ts';
import { locateError } from './traceback.ts';
import type { ProgramData } from './types.ts';

/** What the panel needs from the playground around it. */
export interface PanelHost {
  run(panel: ProgramPanel): Promise<void>;
  stop(panel: ProgramPanel): void;
  reset(panel: ProgramPanel): void;
}

/** The live parts of one program panel. */
export class ProgramPanel {
  readonly program: ProgramData;
  readonly root: HTMLElement;
  readonly editor: CodeEditor;
  readonly terminal: ProgramTerminal;
  readonly oled: OledView | null;
  #t: Translate;
  #status: HTMLElement;
  #run: HTMLButtonElement;
  #stop: HTMLButtonElement;
  #stderr = '';
  /** The last state shown by setState, for refreshStatus. */
  #shown: { state: ProcessState | null; exitCode: number } = { state: null, exitCode: 0 };
  #stdout = '';
  #mistakes: HTMLElement[] = [];
  process: PythonProcess | null = null;

  constructor(
    root: HTMLElement,
    program: ProgramData,
    parts: { editor: CodeEditor; terminal: ProgramTerminal; oled: OledView | null },
    t: Translate,
  ) {
    this.root = root;
    this.program = program;
    this.editor = parts.editor;
    this.terminal = parts.terminal;
    this.oled = parts.oled;
    this.#t = t;
    const q = <T extends Element>(sel: string) => root.querySelector<T>(sel) as T;
    this.#status = q<HTMLElement>('[data-pg-status]');
    this.#run = q<HTMLButtonElement>('button[data-action=run]');
    this.#stop = q<HTMLButtonElement>('button[data-action=stop]');
    // The toolbar's clicks reach the panel through the playground's queue (action-queue.ts).
    this.setState(null);
  }

  /** A Run was asked for and waits for the interpreter or the world: "Starting…". */
  setStarting(): void {
    this.#status.textContent = this.#t('playground.state.loading');
  }

  /** Shows the program's state again after "Starting…" was shown for a click that was not a Run. */
  refreshStatus(): void {
    this.setState(this.#shown.state, this.#shown.exitCode);
  }

  /** Connects a freshly started process to the terminal and the buttons. */
  attach(proc: PythonProcess): void {
    this.process = proc;
    this.#stderr = '';
    this.#stdout = '';
    for (const el of this.#mistakes) el.remove();
    this.#mistakes = [];
    this.editor.clearMarks();
    this.terminal.attach({
      submit: (line) => proc.writeStdin(`${line}\n`),
      interrupt: () => proc.interrupt(),
      endOfInput: () => proc.closeStdin(),
    });
    this.setState(proc.state);
    proc.onStateChange((state) => this.setState(state));
    void proc.exited.then((status) => {
      if (this.process !== proc) return;
      this.terminal.attach(null);
      this.setState('exited', status.exitCode);
      if (status.exception && status.exception !== 'KeyboardInterrupt') {
        const at = locateError(this.#stderr, this.program.file);
        if (at) this.editor.markError(at.line, this.#t('playground.tracebackAt', at));
        this.#explain(status.exception);
      }
    });
  }

  /** The common mistake behind the traceback, in the page's language, under the terminal (which keeps it). */
  #explain(exception: string): void {
    const lang = document.documentElement.lang.startsWith('en') ? 'en' : 'zh';
    const found = explainMistakes({
      runtime: this.program.runtime,
      stdout: this.#stdout,
      stderr: this.#stderr,
      exception,
    });
    const live = this.root.querySelector<HTMLElement>('[data-pg-live]');
    for (const m of found) {
      const p = document.createElement('p');
      p.className = 'pg-mistake';
      p.dataset['mistake'] = m.id;
      p.setAttribute('role', 'note');
      const label = document.createElement('strong');
      label.textContent = this.#t('playground.mistake');
      p.append(label, m[lang]);
      live?.append(p);
      this.#mistakes.push(p);
    }
  }

  /** Output callbacks for the session. */
  readonly io = {
    onStdout: (text: string) => {
      // MicroPython prints its traceback on stdout: the tail is what the mistake explainer reads.
      this.#stdout += text;
      if (this.#stdout.length > 20_000) this.#stdout = this.#stdout.slice(-10_000);
      this.terminal.write(text);
    },
    onStderr: (text: string) => {
      this.#stderr += text;
      if (this.#stderr.length > 20_000) this.#stderr = this.#stderr.slice(-10_000);
      this.terminal.write(`\x1b[31m${text}\x1b[0m`);
    },
  };

  /** Shows the state in words and enables the buttons that make sense. */
  setState(state: ProcessState | null, exitCode = 0): void {
    this.#shown = { state, exitCode };
    const running = state !== null && state !== 'exited';
    this.#run.disabled = false;
    this.#stop.disabled = !running;
    this.root.dataset['state'] = state ?? 'idle';
    this.#status.textContent =
      state === 'exited'
        ? this.#t('playground.state.exited', { code: exitCode })
        : this.#t(`playground.state.${state ?? 'idle'}`);
  }
}
