// Node entry of a program's worker_thread (bundled by worker-node.ts; same code as the browser's).
import { parentPort } from 'node:worker_threads';
import type { ToWorker } from './channel.ts';
import { startWorker } from './worker-main.ts';
import { codedError } from './coded-error.ts';

const port = parentPort;
if (!port)
  throw codedError(Error, 'UDPLAB_ERR_NOT_A_WORKER', 'worker-node-entry must run in a worker_thread');

startWorker({
  post: (message) => port.postMessage(message),
  onMessage: (cb) => port.on('message', (message: ToWorker) => cb(message)),
});
