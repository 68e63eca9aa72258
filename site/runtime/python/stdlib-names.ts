// The two standard library zips next to Pyodide's files (names only: the worker imports this).

/** The whole standard library, its members stored (precompress.ts). */
export const FULL_STDLIB = 'python_stdlib.zip';
/** The course's part of it (stdlib-course.ts), what a worker restored from the build's snapshot starts with. */
export const COURSE_STDLIB = 'python_stdlib.course.zip';
