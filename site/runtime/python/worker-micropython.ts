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

export async function loadMicropython(
  init: InitRequest,
  bridge: WorkerBridge,
  post: (m: FromWorker) => void,
): Promise<Interpreter> {
  const { loadMicroPython } = (await import(/* @vite-ignore */ init.assets.micropythonModule)) as {
    loadMicroPython: LoadMicroPython;
  };
  const mp = await withSharedModule(init, post, () =>
    loadMicroPython({
      stdout: (b: Uint8Array) => bridge.out.write(1, b),
      stderr: (b: Uint8Array) => bridge.out.write(2, b),
      linebuffer: false,
    }),
  );
  const takeInterrupt = (): void => {
    bridge.end.takeInterrupt();
    mp._module._mp_sched_keyboard_interrupt();
  };
  bridge.onPendingInterrupt = takeInterrupt;
  bridge.out.onPendingInterrupt = takeInterrupt;
  mp.registerJsModule('_udplab', udplabModule(bridge));
  mp.FS.mkdir(SHIM_DIR);
  for (const [name, source] of shimsFor('micropython')) mp.FS.writeFile(`${SHIM_DIR}/${name}.py`, source);
  mp.runPython(BOOT_CODE);

  return {
    run(request) {
      writeProgramFiles(mp.FS, request);
      let status: string;
      try {
        const main = mp.pyimport('_udplab_main');
        status = String(main['run']!(request.code, request.filename, JSON.stringify(request.argv), '{}'));
      } catch (err) {
        const type = (err as { type?: string }).type ?? 'RuntimeError';
        status = `${type === 'KeyboardInterrupt' ? 130 : 1}|${type}`;
      }
      bridge.out.flush();
      return parseStatus(status);
    },
  };
}
