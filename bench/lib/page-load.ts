// Loads a page in a fresh Chromium context and lists every script and stylesheet it fetched before any
// interaction (until load, then network idle), with transferred, decoded and gzip sizes.
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { newContext } from './page-context.ts';

/** How long the network must stay quiet after `load` before the page counts as settled. */
export const NETWORK_IDLE_MS = 1000;

export interface Fetched {
  url: string;
  type: 'script' | 'stylesheet';
  /** Bytes on the wire (headers and body) as Chromium counted them. */
  transferred: number;
  /** Bytes of the body. */
  decoded: number;
  /** Bytes of the body gzipped (zlib level 6, the usual server setting). */
  gzip: number;
}

/** @param options default viewport 1280×720 */
export async function loadUntouched(
  browser: Browser,
  url: string,
  { viewport = { width: 1280, height: 720 } }: { viewport?: { width: number; height: number } } = {},
): Promise<{ files: Fetched[]; requests: number }> {
  const context = await newContext(browser, { viewport });
  try {
    const page = await context.newPage();
    let inFlight = 0;
    let lastActivity = performance.now();
    let requests = 0;
    const pending: Promise<Fetched | null>[] = [];
    const settle = () => {
      inFlight--;
      lastActivity = performance.now();
    };
    page.on('request', () => {
      requests++;
      inFlight++;
      lastActivity = performance.now();
    });
    page.on('requestfailed', settle);
    page.on('requestfinished', (request) => {
      settle();
      const type = request.resourceType();
      if (type !== 'script' && type !== 'stylesheet') return;
      pending.push(
        (async () => {
          const response = await request.response();
          if (!response) return null;
          const body = await response.body();
          const sizes = await request.sizes();
          return {
            url: request.url(),
            type,
            transferred: sizes.responseHeadersSize + sizes.responseBodySize,
            decoded: body.length,
            gzip: gzipSync(body, { level: 6 }).length,
          };
        })(),
      );
    });
    await page.goto(url, { waitUntil: 'load' });
    const deadline = performance.now() + 30_000;
    while (inFlight > 0 || performance.now() - lastActivity < NETWORK_IDLE_MS) {
      if (performance.now() > deadline) throw new Error(`${url}: the network was not idle within 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const files = (await Promise.all(pending)).filter((f) => f !== null);
    return { files, requests };
  } finally {
    await context.close();
  }
}

export const total = (
  files: Fetched[],
  type: 'script' | 'stylesheet',
  key: 'transferred' | 'decoded' | 'gzip',
) => files.filter((f) => f.type === type).reduce((sum, f) => sum + f[key], 0);

/** A file's short name for notes: the last path segment without Vite's content hash. */
export const shortName = (url: string) =>
  (new URL(url).pathname.split('/').pop() ?? url).replace(/\.[\w-]{8}\.(js|css)$/, '.$1');
