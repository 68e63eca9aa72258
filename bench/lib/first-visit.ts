// What a learner's first visit transfers: a lesson opened in a fresh Chromium profile, its first
// PC program Run once, every byte the server sent counted by file on the server's side (the
// relay's own static handler on 127.0.0.1, as `udp-lab serve` answers), so the page's own fetches
// and its workers' fetches are all in it, headers excluded.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { createStaticHandler } from '../../relay-server/src/server/index.ts';
import { newContext } from './page-context.ts';
import { installWorkerProbe, openPlayground, runAndTime } from './playground-driver.ts';

/** The lesson and program measured: the first PC program of a lesson with a playground. */
export const FIRST_PC_RUN = { page: '/projects/chat/', program: 'chat_server' };

/** The downloads a Run started are over when the server has sent nothing for this long. */
export const QUIET_MS = 1500;

/** Resolves once the server's byte count has not moved for `ms` (at most 60 s). */
async function quiet(served: { total(): number }, ms: number) {
  const until = Date.now() + 60_000;
  let last = -1;
  let since = Date.now();
  while (Date.now() < until) {
    const now = served.total();
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= ms) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** What the server wrote for one path. */
export interface PathCount {
  bytes: number;
  requests: number;
  encoding: string | null;
}

/** Serves `root` on 127.0.0.1 and counts the body bytes written per path. */
export async function countingServer(root: string) {
  const handler = createStaticHandler(root);
  const byPath = new Map<string, PathCount>();
  const server = http.createServer((req, res) => {
    const key = new URL(req.url ?? '/', 'http://x').pathname;
    const row = byPath.get(key) ?? { bytes: 0, requests: 0, encoding: null };
    byPath.set(key, row);
    row.requests++;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
    const count = (chunk: unknown) => {
      if (typeof chunk === 'string') row.bytes += Buffer.byteLength(chunk);
      else if (chunk instanceof Uint8Array) row.bytes += chunk.byteLength;
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      count(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    res.end = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') count(chunk);
      if (res.statusCode === 200) {
        const encoding = res.getHeader('content-encoding');
        row.encoding = encoding === undefined ? null : String(encoding);
      }
      return end(chunk, ...rest);
    }) as typeof res.end;
    void handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    byPath,
    reset: () => byPath.clear(),
    total: () => [...byPath.values()].reduce((sum, r) => sum + r.bytes, 0),
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

export type CountingServer = Awaited<ReturnType<typeof countingServer>>;

/**
 * In the page, before its scripts: the request to the service worker to precache the course
 * (sent 10 s after load, once the page is idle: site/offline/sw-client.ts) is dropped. That
 * download (≈ 1.7 MB from `udp-lab serve`: every page, the search index) is the offline feature's,
 * not the Run's; on a loaded machine it used to start inside the quiet wait and be counted.
 */
export function holdPrecache(): void {
  const post = ServiceWorker.prototype.postMessage;
  ServiceWorker.prototype.postMessage = function (this: ServiceWorker, message: unknown, ...rest: unknown[]) {
    if ((message as { type?: unknown } | null)?.type === 'udplab:precache') return;
    (post as (this: ServiceWorker, ...args: unknown[]) => void).call(this, message, ...rest);
  } as typeof post;
}

/**
 * Opens the lesson in a fresh context, Runs its first PC program, waits for its output and for the
 * downloads the Run started to end; returns the bytes per path and the Run's timing. `precache:
 * false` holds back the service worker's precache of the course (holdPrecache).
 */
export async function firstPcRun(
  browser: Browser,
  served: CountingServer,
  { page: lesson, program }: { page: string; program: string } = FIRST_PC_RUN,
  { precache = true }: { precache?: boolean } = {},
) {
  served.reset();
  const context = await newContext(browser);
  await context.addInitScript(installWorkerProbe);
  if (!precache) await context.addInitScript(holdPrecache);
  try {
    const opened = await openPlayground(context, served.origin + lesson);
    const run = await runAndTime(opened.page, program, 'print("MARKER")');
    await quiet(served, QUIET_MS);
    const files = [...served.byPath.entries()]
      .map(([path, r]) => ({ path, ...r }))
      .sort((a, b) => b.bytes - a.bytes);
    // From the playground scrolled into view (which starts its UI and interpreters) to the output.
    const inViewToOutput = run.clickAt + run.toPaint - opened.scrolledAt;
    return { run, files, total: served.total(), inViewToOutput };
  } finally {
    await context.close();
  }
}

export type FirstRun = Awaited<ReturnType<typeof firstPcRun>>;
