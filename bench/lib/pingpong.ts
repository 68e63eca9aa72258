// The floor of any worker-to-worker datagram lane: two threads hand a counter back and forth through
// one SharedArrayBuffer with Atomics.wait / Atomics.notify (two wake-ups per round trip, as real UDP
// between two processes has), with no owner thread and no Python. Same code in Node worker_threads
// and in browser Web Workers.
import { NAME_HELPER } from './page-context.ts';

/** What each of the two workers is told: its shared counters, its side (0 pings), the round trips. */
interface PingPongStart {
  sab: SharedArrayBuffer;
  me: number;
  n: number;
  warm: number;
}

/**
 * The worker: `{ sab, me, n, warm }` in, the µs per round trip of the timed part out (client only).
 * It runs from its source text (`PINGPONG_SOURCE`) in a Node worker or a Web Worker: it may use
 * nothing from this module.
 */
function pingPongWorker() {
  const node = typeof require === 'function';
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the Node worker is CommonJS eval
  const port: { postMessage(m: unknown): void } = node ? require('node:worker_threads').parentPort : self;
  const on = (cb: (start: PingPongStart) => void) =>
    node
      ? (port as import('node:worker_threads').MessagePort).once('message', cb)
      : (self.onmessage = (e: MessageEvent<PingPongStart>) => cb(e.data));
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

/** The worker's source, with esbuild's name helper first (see page-context.ts). */
export const PINGPONG_SOURCE = `${NAME_HELPER}\n(${pingPongWorker.toString()})();`;

/** One of the two workers, made by a `spawn` of `pingPong`. */
interface PingPongWorker {
  post(m: PingPongStart): void;
  result: Promise<number>;
  stop(): void;
}

/**
 * Runs one ping-pong of `n` round trips (after `warm`) between two workers made by `spawn`.
 * @returns µs per round trip
 */
export async function pingPong(
  spawn: (index: number) => PingPongWorker,
  n = 100_000,
  warm = 5_000,
): Promise<number> {
  const sab = new SharedArrayBuffer(8);
  const workers = [spawn(0), spawn(1)] as const;
  try {
    workers.forEach((w, me) => w.post({ sab, me, n, warm }));
    return await workers[0].result;
  } finally {
    workers.forEach((w) => w.stop());
  }
}

/** In Node: worker_threads. @returns µs per round trip */
export async function pingPongNode(n: number, warm: number): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  return pingPong(
    () => {
      const w = new Worker(PINGPONG_SOURCE, { eval: true });
      return {
        post: (m) => w.postMessage(m),
        result: new Promise<number>((resolve, reject) => {
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

/** In a page: Web Workers from a Blob URL. @returns µs per round trip */
export function pingPongBrowser(n: number, warm: number): Promise<number> {
  const url = URL.createObjectURL(new Blob([PINGPONG_SOURCE], { type: 'text/javascript' }));
  return pingPong(
    () => {
      const w = new Worker(url);
      return {
        post: (m) => w.postMessage(m),
        result: new Promise<number>((resolve, reject) => {
          w.onmessage = (e: MessageEvent<number>) => resolve(e.data);
          w.onerror = (e) => reject(new Error(e.message));
        }),
        stop: () => w.terminate(),
      };
    },
    n,
    warm,
  ).finally(() => URL.revokeObjectURL(url));
}
