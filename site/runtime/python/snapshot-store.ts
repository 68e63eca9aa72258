// Where a Pyodide memory snapshot outlives the page or process: a file in node_modules/.cache
// (Node) or the Cache Storage (browser), so CPython starts from it (≈0.3–0.6 s) on later visits.
import pyodidePackage from 'pyodide/package.json';
import { IN_NODE } from '../env.ts';
import { INTERPRETER_DIRS } from './interpreter-dirs.ts';
import { SHIPPED_SNAPSHOT } from './pyodide-boot.ts';
import { node } from './worker-spawn.ts';

const CACHE_NAME = 'udplab-pyodide-snapshot';
/** The shipped snapshot's streamed store in progress (keepShippedSnapshot), if any. */
let keeping: Promise<void> = Promise.resolve();
/**
 * One snapshot per Pyodide directory: a snapshot only loads into the build that made it, and the
 * directory's hash (interpreter-dirs.ts) covers Pyodide, its standard library and the shipped
 * snapshot, so a page of a new deployment never restores one stored by an older deployment.
 */
const KEY = `https://udplab.invalid/pyodide-${pyodidePackage.version}-${INTERPRETER_DIRS.pyodide.split('/')[1] || 'plain'}.snapshot`;

interface CacheLike {
  match(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | undefined>;
  put(key: string, response: unknown): Promise<void>;
  delete(key: string | { url: string }): Promise<boolean>;
  keys(): Promise<ReadonlyArray<{ url: string }>>;
}

/** Once this page's snapshot is stored, an older deployment's (≈ 30 MiB) is of no use: deleted. */
async function dropOthers(cache: CacheLike | null | undefined): Promise<void> {
  for (const request of (await cache?.keys()) ?? []) if (request.url !== KEY) await cache?.delete(request);
}

function browserCache(): Promise<CacheLike> | null {
  const caches = (globalThis as { caches?: { open(name: string): Promise<CacheLike> } }).caches;
  return caches ? caches.open(CACHE_NAME) : null;
}

/** A snapshot saved by an earlier visit or run, or null. */
export async function loadStoredSnapshot(): Promise<Uint8Array | null> {
  try {
    if (IN_NODE) return (await node()).readSnapshot();
    const hit = await (await browserCache())?.match(KEY);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/** Whether the page has a snapshot stored (cheap: the body is not read). */
export async function hasStoredSnapshot(): Promise<boolean> {
  await keeping; // a streamed store still writing counts once it is in
  try {
    return !IN_NODE && Boolean(await (await browserCache())?.match(KEY));
  } catch {
    return false;
  }
}

/** Shipped snapshots the page is downloading already (the playground's prefetch), by URL. */
const shippedOnTheWay = new Map<string, Promise<Uint8Array | null>>();

/**
 * The page's prefetch is downloading the shipped snapshot at `url`: fetchShippedSnapshot takes
 * these bytes rather than reading ≈30 MB again from the HTTP cache (≈0.4–0.7 s on the page).
 */
export function expectShippedSnapshot(url: string, bytes: Promise<Uint8Array | null>): void {
  shippedOnTheWay.set(new URL(url, globalThis.location.href).href, bytes);
}

/**
 * The snapshot the build shipped next to Pyodide's files (site/integrations/python-assets.ts), or null: none in
 * this build (`astro dev` before it is made, UDPLAB_NO_SNAPSHOT), offline, or in Node, whose
 * runtime keeps its own file.
 */
export async function fetchShippedSnapshot(pyodideIndex: string): Promise<Uint8Array | null> {
  if (IN_NODE) return null;
  const url = new URL(pyodideIndex + SHIPPED_SNAPSHOT, globalThis.location.href).href;
  const onTheWay = shippedOnTheWay.get(url);
  shippedOnTheWay.delete(url); // once: a later retry fetches
  const prefetched = await onTheWay?.catch(() => null);
  if (prefetched?.byteLength) return prefetched;
  try {
    const response = await fetch(pyodideIndex + SHIPPED_SNAPSHOT);
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

/**
 * Stores the shipped snapshot while the prefetch downloads it: the browser streams the response's
 * copy into Cache Storage. Storing bytes already in the page (storeSnapshot) costs the page's
 * thread ≈0.7 s of long tasks for 30 MiB in Chromium here (the Response, then the put), which a
 * learner's Run would wait behind. A snapshot that then fails to load is deleted (forgetSnapshot).
 */
export function keepShippedSnapshot(response: Response): Promise<void> {
  keeping = (async () => {
    try {
      const cache = await browserCache();
      await cache?.put(KEY, response);
      await dropOthers(cache);
    } catch {
      // no storage, or the download broke off: the pool stores what it loaded from, when idle
    }
  })();
  return keeping;
}

export async function storeSnapshot(snapshot: Uint8Array): Promise<void> {
  try {
    if (IN_NODE) return (await node()).writeSnapshot(snapshot);
    const body = new Response(snapshot.slice().buffer, {
      headers: { 'Content-Type': 'application/octet-stream' },
    });
    const cache = await browserCache();
    await cache?.put(KEY, body);
    await dropOthers(cache);
  } catch {
    // no storage (private mode, quota): the next visit just starts slower
  }
}

export async function forgetStoredSnapshot(): Promise<void> {
  // A streamed store still writing would otherwise put back what this deletes.
  await keeping;
  try {
    if (IN_NODE) return (await node()).forgetSnapshot();
    await (await browserCache())?.delete(KEY);
  } catch {
    // nothing stored
  }
}
