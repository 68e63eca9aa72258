// Where each interpreter's files are under the asset base ('/_udplab/'). `astro dev` and `astro build`
// name each directory by the hash of its files (`pyodide/<hash>/`, site/integrations/python-assets.ts)
// and write that name into the page's bundle, so the page loads exactly the interpreter it was built
// with, and a server may keep it cached for good. A bundle made without Astro (a benchmark's page
// bundled by esbuild) asks for the plain directories, which its own server answers.

declare const __UDPLAB_INTERPRETER_DIRS__: { pyodide: string; micropython: string } | undefined;

/** Each interpreter's directory under the asset base, with a trailing slash. */
export const INTERPRETER_DIRS: Readonly<{ pyodide: string; micropython: string }> =
  typeof __UDPLAB_INTERPRETER_DIRS__ === 'object'
    ? __UDPLAB_INTERPRETER_DIRS__
    : { pyodide: 'pyodide/', micropython: 'micropython/' };
