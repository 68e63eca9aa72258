// Memory of the Chromium renderer process that hosts a page and its workers, read from /proc.
import { readFileSync, readdirSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

export interface RendererMemory {
  pid: number;
  /** Resident set size, bytes. */
  rss: number;
  /** Resident anonymous memory (heaps, wasm memories), bytes. */
  anon: number;
  /** Resident shared memory (SharedArrayBuffers, shared with the GPU process), bytes. */
  shmem: number;
  /** Threads named DedicatedWorker (one per Web Worker). */
  workers: number;
}

function readProcess(pid: number): RendererMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
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
 * @param browserSession from `browser.newBrowserCDPSession()`
 */
export async function pageRenderer(browserSession: CDPSession): Promise<RendererMemory> {
  const { processInfo } = (await browserSession.send('SystemInfo.getProcessInfo')) as {
    processInfo: Array<{ type: string; id: number }>;
  };
  const renderers = processInfo
    .filter((p) => p.type === 'renderer')
    .map((p) => readProcess(p.id))
    .filter((r) => r !== null)
    .sort((a, b) => b.workers - a.workers);
  const first = renderers[0];
  if (!first) throw new Error('no Chromium renderer process found (is /proc readable?)');
  return first;
}
