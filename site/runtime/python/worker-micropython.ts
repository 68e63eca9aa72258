// Loads MicroPython (the 掌控板's dialect) in the worker, with our shims in /udplab and the
// board modules beside them. Stop is taken at the next syscall or line of output; a pure CPU
// loop cannot be reached from outside (the owner then resets the worker).
import type { FromWorker } from './channel.ts';
import { shimsFor } from './shim-sources.ts';
import type { WorkerBridge } from './worker-bridge.ts';
import {
  BOOT_CODE,
  SHIM_DIR,
  parseStatus,
  udplabModule,
  withSharedModule,
  writeProgramFiles,
  type InitRequest,
  type Interpreter,
} from './worker-interpreter.ts';

interface MicroPythonFS {
  mkdir(path: string): void;
  mkdirTree?(path: string): void;
  writeFile(path: string, data: string): void;
}
interface MicroPython {
  FS: MicroPythonFS;
  _module: { _mp_sched_keyboard_interrupt(): void };
  runPython(code: string): unknown;
  pyimport(name: string): Record<string, (...args: unknown[]) => unknown>;
  registerJsModule(name: string, module: object): void;
}
type LoadMicroPython = (options: Record<string, unknown>) => Promise<MicroPython>;

/** Runs once in every new MicroPython worker (see loadMicropython): a program's usual first steps. */
const WARMUP_PROGRAM = `items = [str(n) * 2 for n in range(64)]
print('warm-up %d %s' % (len(items), items[-1]), {'n': len(items)}, b'bytes'.decode())
`;

export async function loadMicropython(
  init: InitRequest,
  bridge: WorkerBridge,
  post: (m: FromWorker) => void,
): Promise<Interpreter> {
  const { loadMicroPython } = (await import(/* @vite-ignore */ init.assets.micropythonModule)) as {
    loadMicroPython: LoadMicroPython;
  };
  let discard = true; // the warm-up program's output goes nowhere
  const mp = await withSharedModule(init, post, () =>
    loadMicroPython({
      stdout: (b: Uint8Array) => discard || bridge.out.write(1, b),
      stderr: (b: Uint8Array) => discard || bridge.out.write(2, b),
      linebuffer: false,
    }),
  );
  const takeInterrupt = (): void => {
    bridge.end.takeInterrupt();
    mp._module._mp_sched_keyboard_interrupt();
  };
  bridge.onPendingInterrupt = takeInterrupt;
  bridge.out.onPendingInterrupt = takeInterrupt;
  mp.registerJsModule('_udplab', udplabModule(bridge, 'micropython'));
  mp.FS.mkdir(SHIM_DIR);
  for (const [name, source] of shimsFor('micropython')) mp.FS.writeFile(`${SHIM_DIR}/${name}.py`, source);
  mp.runPython(BOOT_CODE);
  // A first program through the learner's path before the worker says ready. Without it V8
  // compiled that path's JavaScript (MicroPython's glue and ours) lazily inside the learner's
  // first Run: a Chromium trace of a warm board Run showed 28 ms in the worker's `run` task,
  // ≈ 17 ms of it V8.CompileCode and Maglev finalising.
  mp.pyimport('_udplab_main')['run']!(WARMUP_PROGRAM, '<udplab-warmup>', '[]', '{}');
  mp.runPython('import gc\ngc.collect()');
  discard = false;

  return {
    run(request) {
      writeProgramFiles(mp.FS, request);
      let status: string;
      try {
        const main = mp.pyimport('_udplab_main');
        status = String(
          main['run']!(
            request.code,
            request.filename,
            JSON.stringify(request.argv),
            '{}',
            JSON.stringify(request.virtualEpochMs),
          ),
        );
      } catch (err) {
        // A Stop that lands outside the program's own frames (see worker-pyodide.ts): the board's
        // REPL would print the exception, which MicroPython writes to stdout.
        const type = (err as { type?: string }).type ?? 'RuntimeError';
        if (type === 'KeyboardInterrupt')
          bridge.out.write(1, new TextEncoder().encode('KeyboardInterrupt: \n'));
        status = `${type === 'KeyboardInterrupt' ? 130 : 1}|${type}`;
      }
      bridge.out.flush();
      return parseStatus(status);
    },
  };
}
