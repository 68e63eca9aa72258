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

/** How the latest input came, keys or pointer: a focus that follows a key came from the keyboard. */
let lastInput: 'keyboard' | 'pointer' = 'pointer';
/** Tab-moves-focus is switched on for keyboard users once per page; after that it is theirs (Ctrl+M). */
let tabFocusOffered = false;
let trackingInput = false;
function trackInput(): void {
  if (trackingInput) return;
  trackingInput = true;
  document.addEventListener('keydown', () => (lastInput = 'keyboard'), { capture: true });
  document.addEventListener('pointerdown', () => (lastInput = 'pointer'), { capture: true });
}

/** Monaco in `container`, sized to its content (no inner scrollbar up to 30 lines). */
export function createMonacoEditor(container: HTMLElement, options: EditorOptions): CodeEditor {
  const host = document.createElement('div');
  host.className = 'pg-monaco';
  container.append(host);
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
  });
  const fit = () => {
    const lines = Math.min(30, Math.max(6, model.getLineCount()));
    host.style.height = `${lines * 20 + 12}px`;
  };
  fit();
  model.onDidChangeContent(fit);
  // Entered with the keyboard: Tab moves the focus (Monaco's global mode, the one Ctrl+M toggles),
  // so a keyboard user is not trapped; said in the page's language by the caller.
  editor.onDidFocusEditorText(() => {
    if (lastInput !== 'keyboard' || tabFocusOffered || TabFocus.getTabFocusMode()) return;
    tabFocusOffered = true;
    TabFocus.setTabFocusMode(true);
    options.onKeyboardTabFocus?.();
  });
  return {
    getValue: () => model.getValue(),
    setValue: (code) => model.setValue(code),
    onChange: (cb) => {
      model.onDidChangeContent(() => cb());
    },
    markError: (line, message) => {
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
