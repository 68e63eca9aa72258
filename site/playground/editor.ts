// Picks the editor: on desktop the light editor, swapped for Monaco on the first intent to edit
// (editor-lazy.ts); a textarea on narrow or touch screens.

import type { CodeEditor, EditorOptions } from './editor-types.ts';
import { createLazyEditor } from './editor-lazy.ts';

/** True on phones and touch-first tablets, where Monaco is hard to type in. */
export function preferPlainEditor(): boolean {
  return matchMedia('(pointer: coarse)').matches || matchMedia('(max-width: 40rem)').matches;
}

let monacoModule: Promise<typeof import('./editor-monaco.ts')> | undefined;

/** Loads the Monaco chunk (once; a failed load may be tried again by a later editor). */
export function loadMonaco(): Promise<typeof import('./editor-monaco.ts')> {
  monacoModule ??= import('./editor-monaco.ts').catch((error: unknown) => {
    monacoModule = undefined;
    throw error;
  });
  return monacoModule;
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
  return createLazyEditor(container, options, loadMonaco);
}
