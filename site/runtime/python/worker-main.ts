// The worker's whole life: load one interpreter when told, say ready, run one program, report.
import type { FromWorker, ToWorker, WorkerPort } from './channel.ts';
import { WorkerBridge } from './worker-bridge.ts';
import type { Interpreter } from './worker-interpreter.ts';
import { loadMicropython } from './worker-micropython.ts';
import { loadCpython, preloadCpython } from './worker-pyodide.ts';

export function startWorker(port: WorkerPort): void {
  let interpreter: Interpreter | null = null;
  let bridge: WorkerBridge | null = null;
  const post = (message: FromWorker): void => port.post(message);

  port.onMessage((message: ToWorker) => {
    if (message.type === 'preload') preloadCpython(message);
    else if (message.type === 'init') {
      const t0 = performance.now();
      WorkerBridge.limitMemory(message.memoryBytes);
      bridge = new WorkerBridge(post, message);
      const load = message.runtime === 'cpython' ? loadCpython : loadMicropython;
      load(message, bridge, post).then(
        (loaded) => {
          interpreter = loaded;
          post({ type: 'ready', loadMs: performance.now() - t0 });
        },
        (err: unknown) =>
          post({ type: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
      );
    } else if (message.type === 'run') {
      if (!interpreter || !bridge) {
        post({ type: 'fatal', message: 'run before the interpreter was ready' });
        return;
      }
      const status = interpreter.run(message);
      bridge.out.flush();
      post({ type: 'exit', ...status });
    }
  });
}
