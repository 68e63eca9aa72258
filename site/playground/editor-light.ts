// The light editor every desktop program panel starts with: a textarea with line numbers, in Monaco's
// size and colours, shown and editable at once; editor-lazy.ts swaps Monaco in on the first intent to edit.

import type { CodeEditor, EditorOptions } from './editor-types.ts';
import { lastInputKind, trackInput } from './input-modality.ts';

/** Monaco's line height and its fitting rule (editor-monaco.ts): the swap keeps the panel's height. */
const LINE_PX = 20;
const MIN_LINES = 6;
const MAX_LINES = 30;
const EXTRA_PX = 12;

/** Where the learner is in the light editor, for the swap. */
export interface LightState {
  /** Where the selection began (textarea offset) and where the caret is. */
  anchor: number;
  active: number;
  scrollTop: number;
  scrollLeft: number;
  /** How the learner came into it, when it has the focus. */
  focused: 'keyboard' | 'pointer' | null;
  /** An IME composition is under way (the swap waits for its end). */
  composing: boolean;
}

/** The light editor, with what the swap needs beyond CodeEditor. */
export interface LightEditor extends CodeEditor {
  /** The editor's box (gutter and text), the element Monaco takes the place of. */
  readonly element: HTMLElement;
  state(): LightState;
}

/**
 * A textarea beside a gutter of line numbers. Tab indents by four spaces when the editor was entered
 * with the pointer, and moves the focus when it was entered with the keyboard (what Monaco does on a
 * keyboard entry); Enter keeps the line's indentation (one level more after a `:`). No syntax colours.
 */
export function createLightEditor(container: HTMLElement, options: EditorOptions): LightEditor {
  trackInput();
  const box = document.createElement('div');
  box.className = 'pg-light';
  const gutter = document.createElement('div');
  gutter.className = 'pg-light-gutter';
  gutter.setAttribute('aria-hidden', 'true');
  const area = document.createElement('textarea');
  area.className = 'pg-light-area';
  area.value = options.code;
  area.spellcheck = false;
  area.autocapitalize = 'off';
  area.setAttribute('autocorrect', 'off');
  area.setAttribute('autocomplete', 'off');
  area.wrap = 'off';
  area.setAttribute('aria-label', options.label);
  box.append(gutter, area);
  const note = document.createElement('p');
  note.className = 'pg-error-note';
  note.hidden = true;
  note.setAttribute('role', 'alert');
  container.append(box, note);

  const listeners: (() => void)[] = [];
  let lines = 0;
  let marked = 0;
  const layout = () => {
    const count = area.value.split('\n').length;
    if (count !== lines) {
      for (let n = gutter.childElementCount + 1; n <= count; n++) {
        const number = document.createElement('span');
        number.textContent = String(n);
        gutter.append(number);
      }
      while (gutter.childElementCount > count) gutter.lastElementChild?.remove();
      lines = count;
      box.style.height = `${Math.min(MAX_LINES, Math.max(MIN_LINES, count)) * LINE_PX + EXTRA_PX}px`;
    }
    gutter.scrollTop = area.scrollTop;
  };
  layout();
  area.addEventListener('scroll', () => (gutter.scrollTop = area.scrollTop));
  area.addEventListener('input', () => {
    layout();
    for (const cb of listeners) cb();
  });

  /** Inserts text at the selection as typing would (the browser's undo keeps it). */
  const insert = (text: string) => {
    if (!document.execCommand('insertText', false, text)) {
      area.setRangeText(text, area.selectionStart, area.selectionEnd, 'end');
      area.dispatchEvent(new Event('input'));
    }
  };
  let enteredBy: 'keyboard' | 'pointer' = 'pointer';
  let composing = false;
  area.addEventListener('focus', () => (enteredBy = lastInputKind()));
  area.addEventListener('compositionstart', () => (composing = true));
  area.addEventListener('compositionend', () => (composing = false));
  area.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Tab' && !event.shiftKey && enteredBy === 'pointer') {
      event.preventDefault();
      insert('    ');
    } else if (event.key === 'Enter' && !event.shiftKey) {
      const before = area.value.slice(0, area.selectionStart);
      const line = before.slice(before.lastIndexOf('\n') + 1);
      const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
      event.preventDefault();
      insert(`\n${indent}${/:\s*$/.test(line) ? '    ' : ''}`);
    }
  });

  const unmark = () => {
    note.hidden = true;
    gutter.children[marked - 1]?.classList.remove('pg-light-error');
    marked = 0;
  };
  return {
    element: box,
    getValue: () => area.value,
    setValue: (code) => {
      area.value = code;
      layout();
      // As Monaco's model does: a program put in by the page counts as an edit (drafts, exercises).
      for (const cb of listeners) cb();
    },
    onChange: (cb) => void listeners.push(cb),
    markError: (line, message) => {
      unmark();
      note.textContent = message;
      note.hidden = false;
      const all = area.value.split('\n');
      const at = Math.min(Math.max(1, line), all.length);
      const start = all.slice(0, at - 1).reduce((n, l) => n + l.length + 1, 0);
      area.setSelectionRange(start, start);
      gutter.children[at - 1]?.classList.add('pg-light-error');
      marked = at;
      const top = (at - 1) * LINE_PX;
      if (top < area.scrollTop || top + LINE_PX > area.scrollTop + area.clientHeight)
        area.scrollTop = Math.max(0, top - area.clientHeight / 2);
    },
    clearMarks: unmark,
    dispose: () => {
      box.remove();
      note.remove();
    },
    state: () => {
      const backward = area.selectionDirection === 'backward';
      return {
        anchor: backward ? area.selectionEnd : area.selectionStart,
        active: backward ? area.selectionStart : area.selectionEnd,
        scrollTop: area.scrollTop,
        scrollLeft: area.scrollLeft,
        focused: document.activeElement === area ? enteredBy : null,
        composing,
      };
    },
  };
}
