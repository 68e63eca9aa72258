// Types for Monaco's Tab-moves-focus switch (the global one Ctrl+M toggles), which monaco-editor
// ships without a .d.ts; the module is `esm/vs/editor/browser/config/tabFocus.js`.
declare module 'monaco-editor/editor/browser/config/tabFocus' {
  export const TabFocus: {
    getTabFocusMode(): boolean;
    setTabFocusMode(tabFocusMode: boolean): void;
  };
}
