// Picks the editor: Monaco on desktop, a textarea on narrow or touch screens (or when Monaco fails to load).

import type { CodeEditor, EditorOptions } from './editor-types.ts';

/** True on phones and touch-first tablets, where Monaco is hard to type in. */
export function preferPlainEditor(): boolean {
  return matchMedia('(pointer: coarse)').matches || matchMedia('(max-width: 40rem)').matches;
}

/** Loads the Monaco chunk (once). */
export function loadMonaco(): Promise<typeof import('./editor-monaco.ts')> {
  return import('./editor-monaco.ts');
}

/** Creates the editor in `container`; `plain` forces the textarea. */
export async function createEditor(
  container: HTMLElement,
  options: EditorOptions,
  plain: boolean,
): Promise<CodeEditor> {
  if (plain) {
    const { createTextareaEditor } = await import('./editor-textarea.ts');
    return createTextareaEditor(container, options);
  }
  const { createMonacoEditor } = await loadMonaco();
  return createMonacoEditor(container, options);
}
