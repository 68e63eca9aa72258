// Browser entry of a program's Web Worker (Vite bundles it: new URL('./worker.ts', import.meta.url)).
import type { FromWorker, ToWorker } from './channel.ts';
import { startWorker } from './worker-main.ts';

const scope = globalThis as unknown as {
  postMessage(message: FromWorker): void;
  addEventListener(type: 'message', cb: (event: { data: ToWorker }) => void): void;
};

startWorker({
  post: (message) => scope.postMessage(message),
  onMessage: (cb) => scope.addEventListener('message', (event) => cb(event.data)),
});
