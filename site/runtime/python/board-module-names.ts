// The 掌控板's own Python modules among the shims: given to programs on a board (the runner and
// the playground write them beside the program, so tracebacks name them 'mpython.py'); PCs do not
// get them, so `import mpython` fails there as it should. Pure data: Node and the page read it.

/** Module names of the board-only shims (shims/<name>.py). */
export const BOARD_MODULE_NAMES = ['_boardcall', 'mpython', 'network', 'machine'] as const;
