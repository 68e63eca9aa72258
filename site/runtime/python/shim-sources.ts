// The Python shims (shims/*.py), bundled into the worker as text. Vite expands the glob for the
// browser; for Node, worker-node.ts's esbuild plugin replaces this module with the same table.
import { BOARD_MODULE_NAMES } from './board-module-names.ts';

/** File path ('./shims/socket.py') → source. */
export const SHIM_SOURCES = import.meta.glob('./shims/*.py', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** Shims both interpreters get. */
const SHARED = new Set(['socket', 'select', '_udplab_sys', '_udplab_io', '_udplab_main', '_udplab_ops']);
/** Shims only CPython gets (Pyodide's errno has Emscripten numbers). */
const CPYTHON_ONLY = new Set([
  '_udplab_errno',
  '_udplab_strerror',
  '_udplab_oserror',
  '_udplab_inet',
  '_udplab_netdb',
  '_udplab_winerror',
  '_udplab_stdlib',
]);

/**
 * The board's own modules (mpython, network, machine, _boardcall) are not among them: the runner
 * and the playground write them beside a board's program, so MicroPython on a PC finds no
 * `network`, as MicroPython's unix port has none.
 */
const BOARD_ONLY = new Set<string>(BOARD_MODULE_NAMES);

/**
 * Module name → source for one runtime. Every other file in shims/ (usocket, uselect) is a
 * MicroPython module.
 */
export function shimsFor(runtime: 'cpython' | 'micropython'): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [path, source] of Object.entries(SHIM_SOURCES)) {
    const name = path.slice(path.lastIndexOf('/') + 1, -'.py'.length);
    if (BOARD_ONLY.has(name)) continue;
    const shared = SHARED.has(name);
    const mine = runtime === 'cpython' ? CPYTHON_ONLY.has(name) : !CPYTHON_ONLY.has(name);
    if (shared || mine) out.push([name, source]);
  }
  return out;
}
