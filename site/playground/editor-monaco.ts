// The desktop editor: Monaco with Python highlighting, self-hosted worker, CSS injected only when loaded.

import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { TabFocus } from 'monaco-editor/editor/browser/config/tabFocus';
import type { CodeEditor, EditorOptions } from './editor-types.ts';
import { lastInputKind, trackInput } from './input-modality.ts';

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = { getWorker: () => new EditorWorker() };

const MARK_OWNER = 'udplab';

/** Monaco's theme is global: follow Starlight's theme switch (html[data-theme]) once per page. */
let followingTheme = false;
function followStarlightTheme(): void {
  if (followingTheme) return;
  followingTheme = true;
  new MutationObserver(() => {
    monaco.editor.setTheme(document.documentElement.dataset['theme'] === 'light' ? 'vs' : 'vs-dark');
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
}

/** Tab-moves-focus is switched on for keyboard users once per page; after that it is theirs (Ctrl+M). */
let tabFocusOffered = false;

/** Where the editor starts when it replaces the light editor (editor-lazy.ts): offsets into the code. */
export interface MonacoStart {
  /** Put the editor before this element (the light editor it replaces) rather than at the end. */
  before?: Element;
  /** An error mark to show (without moving the cursor: the selection below says where it is). */
  mark?: { line: number; message: string };
  /** The selection as textarea offsets: anchor (where it began) and active (the caret). */
  selection?: { anchor: number; active: number };
  scrollTop?: number;
  scrollLeft?: number;
  /** Take the focus (the light editor had it), entered as the light editor was (keys or pointer). */
  focus?: 'keyboard' | 'pointer';
}

/** Monaco in `container`, sized to its content (no inner scrollbar up to 30 lines). */
export function createMonacoEditor(
  container: HTMLElement,
  options: EditorOptions,
  start: MonacoStart = {},
): CodeEditor {
  const host = document.createElement('div');
  host.className = 'pg-monaco';
  if (start.before?.parentNode === container) start.before.before(host);
  else container.append(host);
  followStarlightTheme();
  trackInput();
  const model = monaco.editor.createModel(options.code, 'python');
  const editor = monaco.editor.create(host, {
    model,
    theme: options.dark ? 'vs-dark' : 'vs',
    ariaLabel: options.label,
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 14,
    lineHeight: 20,
    tabSize: 4,
    insertSpaces: true,
    renderLineHighlight: 'line',
    scrollbar: { alwaysConsumeMouseWheel: false },
    stickyScroll: { enabled: false },
    renderFinalNewline: 'on',
    accessibilitySupport: 'auto',
    tabFocusMode: false,
    ...(options.fontFamily ? { fontFamily: options.fontFamily } : {}),
  });
  const fit = () => {
    const lines = Math.min(30, Math.max(6, model.getLineCount()));
    host.style.height = `${lines * 20 + 12}px`;
  };
  fit();
  model.onDidChangeContent(fit);
  const setMark = (line: number, message: string) =>
    monaco.editor.setModelMarkers(model, MARK_OWNER, [
      {
        startLineNumber: line,
        endLineNumber: line,
        startColumn: 1,
        endColumn: model.getLineMaxColumn(Math.min(line, model.getLineCount())),
        message,
        severity: monaco.MarkerSeverity.Error,
      },
    ]);
  if (start.mark) setMark(start.mark.line, start.mark.message);
  if (start.selection) {
    const anchor = model.getPositionAt(start.selection.anchor);
    const active = model.getPositionAt(start.selection.active);
    editor.setSelection({
      selectionStartLineNumber: anchor.lineNumber,
      selectionStartColumn: anchor.column,
      positionLineNumber: active.lineNumber,
      positionColumn: active.column,
    });
  }
  if (start.scrollTop !== undefined) editor.setScrollTop(start.scrollTop);
  if (start.scrollLeft !== undefined) editor.setScrollLeft(start.scrollLeft);
  // Entered with the keyboard: Tab moves the focus (Monaco's global mode, the one Ctrl+M toggles),
  // so a keyboard user is not trapped; said in the page's language by the caller.
  // Taking over the light editor's focus, the entry is the one the light editor had: keys typed
  // since a click do not make it a keyboard entry.
  let entry = start.focus;
  editor.onDidFocusEditorText(() => {
    const kind = entry ?? lastInputKind();
    entry = undefined;
    if (kind !== 'keyboard' || tabFocusOffered || TabFocus.getTabFocusMode()) return;
    tabFocusOffered = true;
    TabFocus.setTabFocusMode(true);
    options.onKeyboardTabFocus?.();
  });
  if (start.focus) editor.focus();
  entry = undefined;
  return {
    getValue: () => model.getValue(),
    setValue: (code) => model.setValue(code),
    onChange: (cb) => {
      model.onDidChangeContent(() => cb());
    },
    markError: (line, message) => {
      setMark(line, message);
      editor.revealLineInCenterIfOutsideViewport(line);
      editor.setPosition({ lineNumber: line, column: 1 });
    },
    clearMarks: () => monaco.editor.setModelMarkers(model, MARK_OWNER, []),
    dispose: () => {
      editor.dispose();
      model.dispose();
      host.remove();
    },
  };
}
