// What every Pyodide boot of ours passes — in the worker, and in the build that makes the snapshot
// shipped with the course (site/integrations/python-assets.ts): a snapshot only restores into a boot made alike.

/** The interpreter's environment variables (os.environ; HOME is Pyodide's working directory). */
export const PYODIDE_ENV: Readonly<Record<string, string>> = { HOME: '/home/pyodide', LANG: 'C.UTF-8' };

/** The memory snapshot `astro build` puts next to Pyodide's files, so even a first visit restores. */
export const SHIPPED_SNAPSHOT = 'udplab.snapshot';
