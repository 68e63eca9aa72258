// A desktop program's editor: the light editor at once, Monaco swapped in on the first intent to edit
// (a press, the focus or a key in the editor), so a visit that only reads and runs never downloads it.

import type { CodeEditor, EditorOptions } from './editor-types.ts';
import { createLightEditor } from './editor-light.ts';

type MonacoModule = typeof import('./editor-monaco.ts');

/**
 * The light editor in `container`, replaced by Monaco once `load` (called on the first intent) has
 * brought it: the text (with whatever was typed meanwhile), selection, scroll, focus and error mark
 * carry over. The swap waits for a held pointer button (a selection being dragged) and an IME
 * composition to end. If `load` fails, the light editor stays and `options.onUpgradeFailed` is called.
 */
export function createLazyEditor(
  container: HTMLElement,
  options: EditorOptions,
  load: () => Promise<MonacoModule>,
): CodeEditor {
  const light = createLightEditor(container, options);
  let current: CodeEditor = light;
  let phase: 'light' | 'loading' | 'monaco' | 'failed' | 'disposed' = 'light';
  const listeners: (() => void)[] = [];
  const changed = () => {
    for (const cb of listeners) cb();
  };
  light.onChange(changed);
  let mark: { line: number; message: string } | null = null;
  let loaded: MonacoModule | null = null;
  let pointerHeld = false;

  const swap = () => {
    if (phase !== 'loading' || !loaded) return;
    const state = light.state();
    if (pointerHeld || state.composing) return; // tried again on pointerup / compositionend
    const area = light.element.querySelector('textarea');
    const fontFamily = area ? getComputedStyle(area).fontFamily : '';
    let monaco: CodeEditor;
    try {
      monaco = loaded.createMonacoEditor(
        container,
        { ...options, code: light.getValue(), ...(fontFamily ? { fontFamily } : {}) },
        {
          before: light.element,
          ...(mark ? { mark } : {}),
          selection: { anchor: state.anchor, active: state.active },
          scrollTop: state.scrollTop,
          scrollLeft: state.scrollLeft,
          ...(state.focused ? { focus: state.focused } : {}),
        },
      );
    } catch (error) {
      container.querySelector(':scope > .pg-monaco')?.remove(); // a host left by a failed start
      fail(error);
      return;
    }
    stopWatching();
    light.dispose();
    current = monaco;
    phase = 'monaco';
    monaco.onChange(changed);
  };

  const fail = (error: unknown) => {
    console.warn('[udplab] Monaco failed, keeping the light editor', error);
    stopWatching();
    phase = 'failed';
    options.onUpgradeFailed?.();
  };

  const onPointerUp = () => {
    pointerHeld = false;
    setTimeout(swap);
  };
  const onCompositionEnd = () => setTimeout(swap);
  const intent = (event: Event) => {
    if (event.type === 'pointerdown') pointerHeld = true;
    if (phase !== 'light') return;
    phase = 'loading';
    load().then(
      (module) => {
        loaded = module;
        swap();
      },
      (error: unknown) => {
        if (phase === 'loading') fail(error);
      },
    );
  };
  const watched = ['pointerdown', 'focusin', 'keydown'] as const;
  for (const type of watched) light.element.addEventListener(type, intent);
  light.element.addEventListener('compositionend', onCompositionEnd);
  document.addEventListener('pointerup', onPointerUp, true);
  document.addEventListener('pointercancel', onPointerUp, true);
  function stopWatching(): void {
    for (const type of watched) light.element.removeEventListener(type, intent);
    light.element.removeEventListener('compositionend', onCompositionEnd);
    document.removeEventListener('pointerup', onPointerUp, true);
    document.removeEventListener('pointercancel', onPointerUp, true);
  }

  return {
    getValue: () => current.getValue(),
    setValue: (code) => current.setValue(code),
    onChange: (cb) => void listeners.push(cb),
    markError: (line, message) => {
      mark = { line, message };
      current.markError(line, message);
    },
    clearMarks: () => {
      mark = null;
      current.clearMarks();
    },
    dispose: () => {
      phase = 'disposed';
      stopWatching();
      current.dispose();
    },
  };
}
