// What the worker needs from an interpreter, and the parts both loaders share.
import type { ToWorker } from './channel.ts';

export type RunRequest = Extract<ToWorker, { type: 'run' }>;
export type InitRequest = Extract<ToWorker, { type: 'init' }>;

export interface Interpreter {
  /** Run one program to its end; returns how it ended. */
  run(request: RunRequest): { exitCode: number; exception: string | null };
}

/** Where the shims live inside the interpreter's file system (frames there are trimmed). */
export const SHIM_DIR = '/udplab';

/** Python that loads our modules once, before any program: done while the worker is pre-warmed. */
export const BOOT_CODE = `import sys
sys.path.insert(1, '${SHIM_DIR}')
import _udplab_main
_udplab_main.install()
import socket, select
`;

/** '0|' / '1|NameError' from _udplab_main.run → exit status. */
export function parseStatus(status: string): { exitCode: number; exception: string | null } {
  const bar = status.indexOf('|');
  const exception = status.slice(bar + 1);
  return { exitCode: Number(status.slice(0, bar)) || 0, exception: exception === '' ? null : exception };
}

/** The learner's file path inside the interpreter (so __file__ and open(__file__) work). */
export function programPath(filename: string): string | null {
  return filename.startsWith('<') || filename.includes('\0') ? null : filename;
}

/** Directory part of a path, or '' for a bare name. */
export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? (slash === 0 ? '/' : '') : path.slice(0, slash);
}
