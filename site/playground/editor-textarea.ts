// The editor for phones and touch screens: a plain textarea that on-screen keyboards handle well.

import type { CodeEditor, EditorOptions } from './editor-types.ts';

/** A monospace textarea with Tab inserting four spaces (Esc then Tab leaves, for keyboard users). */
export function createTextareaEditor(container: HTMLElement, options: EditorOptions): CodeEditor {
  const area = document.createElement('textarea');
  area.className = 'pg-textarea';
  area.value = options.code;
  area.spellcheck = false;
  area.autocapitalize = 'off';
  area.setAttribute('autocorrect', 'off');
  area.setAttribute('aria-label', options.label);
  area.rows = Math.min(30, options.code.split('\n').length + 1);
  const note = document.createElement('p');
  note.className = 'pg-error-note';
  note.hidden = true;
  note.setAttribute('role', 'alert');
  let escaped = false;
  area.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') escaped = true;
    else if (event.key === 'Tab' && !escaped && !event.shiftKey) {
      event.preventDefault();
      area.setRangeText('    ', area.selectionStart, area.selectionEnd, 'end');
      area.dispatchEvent(new Event('input'));
    } else escaped = false;
  });
  container.append(area, note);
  return {
    getValue: () => area.value,
    setValue: (code) => {
      area.value = code;
    },
    onChange: (cb) => area.addEventListener('input', cb),
    markError: (line, message) => {
      note.textContent = message;
      note.hidden = false;
      const lines = area.value.split('\n');
      const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
      area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
    },
    clearMarks: () => {
      note.hidden = true;
    },
    dispose: () => {
      area.remove();
      note.remove();
    },
  };
}
