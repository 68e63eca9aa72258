// The code editor a program panel talks to, whichever implementation (Monaco or a plain textarea) is behind it.

/** A code editor for one program. */
export interface CodeEditor {
  getValue(): string;
  setValue(code: string): void;
  /** Calls cb after every edit by the learner. */
  onChange(cb: () => void): void;
  /** Marks an error at a 1-based line with a message, and scrolls to it. */
  markError(line: number, message: string): void;
  clearMarks(): void;
  dispose(): void;
}

/** What every editor needs to start. */
export interface EditorOptions {
  code: string;
  /** Accessible name, in the page's language. */
  label: string;
  /** Dark colours (Starlight's dark theme). */
  dark: boolean;
  /** Monaco only: called when entering with the keyboard switched Tab to moving the focus. */
  onKeyboardTabFocus?: () => void;
  /** Monaco only: its font (the light editor passes its own, so the swap does not move a glyph). */
  fontFamily?: string;
  /** The light editor only: called when Monaco could not load, so it stays (editor-lazy.ts). */
  onUpgradeFailed?: () => void;
}
