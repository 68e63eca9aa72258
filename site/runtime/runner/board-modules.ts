// Node side: reads the board-only Python modules (mpython, network, machine and their syscall
// helper) from site/runtime/python/shims/, to give programs that run on a 掌控板.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BOARD_MODULE_NAMES } from '../python/index.ts';

const SHIMS = new URL('../python/shims/', import.meta.url);

/** The board-only shim files; PCs do not get them, so `import mpython` fails there as it should. */
export const BOARD_MODULE_FILES = BOARD_MODULE_NAMES.map((name) => `${name}.py`);

/** Reads the board shims as `{ mpython: source, ... }` (module name → code). */
export function readBoardModules(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of BOARD_MODULE_FILES)
    out[file.replace(/\.py$/, '')] = readFileSync(fileURLToPath(new URL(file, SHIMS)), 'utf8');
  return out;
}
