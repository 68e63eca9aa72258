// Memory of the Chromium renderer process that hosts a page and its workers, read from /proc.
import { readFileSync, readdirSync } from 'node:fs';

/**
 * @typedef {object} RendererMemory
 * @property {number} pid
 * @property {number} rss Resident set size, bytes.
 * @property {number} anon Resident anonymous memory (heaps, wasm memories), bytes.
 * @property {number} shmem Resident shared memory (SharedArrayBuffers, shared with the GPU process), bytes.
 * @property {number} workers Threads named DedicatedWorker (one per Web Worker).
 */

/** @param {number} pid @returns {RendererMemory | null} */
function readProcess(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (/** @type {string} */ key) =>
      Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    const threads = readdirSync(`/proc/${pid}/task`).map((tid) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8');
      } catch {
        return '';
      }
    });
    return {
      pid,
      rss: kib('VmRSS') * 1024,
      anon: kib('RssAnon') * 1024,
      shmem: kib('RssShmem') * 1024,
      workers: threads.filter((c) => c.startsWith('DedicatedWorker')).length,
    };
  } catch {
    return null;
  }
}

/**
 * The renderer with the most Web Worker threads — the page's, when one page runs workers.
 * @param {import('playwright-core').CDPSession} browserSession from `browser.newBrowserCDPSession()`
 * @returns {Promise<RendererMemory>}
 */
export async function pageRenderer(browserSession) {
  const { processInfo } = /** @type {{ processInfo: Array<{ type: string, id: number }> }} */ (
    await browserSession.send('SystemInfo.getProcessInfo')
  );
  const renderers = processInfo
    .filter((p) => p.type === 'renderer')
    .map((p) => readProcess(p.id))
    .filter((r) => r !== null)
    .sort((a, b) => b.workers - a.workers);
  const first = renderers[0];
  if (!first) throw new Error('no Chromium renderer process found (is /proc readable?)');
  return first;
}
