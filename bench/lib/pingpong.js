// The floor of any worker-to-worker datagram lane: two threads hand a counter back and forth through
// one SharedArrayBuffer with Atomics.wait / Atomics.notify (two wake-ups per round trip, as real UDP
// between two processes has), with no owner thread and no Python. Same code in Node worker_threads
// and in browser Web Workers.

/** The worker: `{ sab, me, n, warm }` in, the µs per round trip of the timed part out (client only). */
function pingPongWorker() {
  const node = typeof require === 'function';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the Node worker is CommonJS eval
  const port = node ? require('node:worker_threads').parentPort : self;
  const on = (cb) => (node ? port.once('message', cb) : (self.onmessage = (e) => cb(e.data)));
  on(({ sab, me, n, warm }) => {
    const h = new Int32Array(sab);
    let t0 = 0;
    for (let i = 1; i <= n + warm; i++) {
      if (i === warm + 1) t0 = performance.now();
      if (me === 0) {
        Atomics.store(h, 0, i);
        Atomics.notify(h, 0);
        for (let v = Atomics.load(h, 1); v !== i; v = Atomics.load(h, 1)) Atomics.wait(h, 1, v, 100);
      } else {
        for (let v = Atomics.load(h, 0); v !== i; v = Atomics.load(h, 0)) Atomics.wait(h, 0, v, 100);
        Atomics.store(h, 1, i);
        Atomics.notify(h, 1);
      }
    }
    port.postMessage(((performance.now() - t0) * 1000) / n);
  });
}

export const PINGPONG_SOURCE = `(${pingPongWorker.toString()})();`;

/**
 * Runs one ping-pong of `n` round trips (after `warm`) between two workers made by `spawn`.
 * @param {(index: number) => { post(m: unknown): void, result: Promise<number>, stop(): void }} spawn
 * @returns {Promise<number>} µs per round trip
 */
export async function pingPong(spawn, n = 100_000, warm = 5_000) {
  const sab = new SharedArrayBuffer(8);
  const workers = [spawn(0), spawn(1)];
  try {
    workers.forEach((w, me) => w.post({ sab, me, n, warm }));
    return await workers[0].result;
  } finally {
    workers.forEach((w) => w.stop());
  }
}

/** In Node: worker_threads. @returns {Promise<number>} µs per round trip */
export async function pingPongNode(n, warm) {
  const { Worker } = await import('node:worker_threads');
  return pingPong(
    () => {
      const w = new Worker(PINGPONG_SOURCE, { eval: true });
      return {
        post: (m) => w.postMessage(m),
        result: new Promise((resolve, reject) => {
          w.once('message', resolve);
          w.once('error', reject);
        }),
        stop: () => void w.terminate(),
      };
    },
    n,
    warm,
  );
}

/** In a page: Web Workers from a Blob URL. @returns {Promise<number>} µs per round trip */
export function pingPongBrowser(n, warm) {
  const url = URL.createObjectURL(new Blob([PINGPONG_SOURCE], { type: 'text/javascript' }));
  return pingPong(
    () => {
      const w = new Worker(url);
      return {
        post: (m) => w.postMessage(m),
        result: new Promise((resolve, reject) => {
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => reject(new Error(e.message));
        }),
        stop: () => w.terminate(),
      };
    },
    n,
    warm,
  ).finally(() => URL.revokeObjectURL(url));
}
