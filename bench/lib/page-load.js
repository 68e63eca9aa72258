// Loads a page in a fresh Chromium context and lists every script and stylesheet it fetched before any
// interaction (until load, then network idle), with transferred, decoded and gzip sizes.
import { gzipSync } from 'node:zlib';

/** How long the network must stay quiet after `load` before the page counts as settled. */
export const NETWORK_IDLE_MS = 1000;

/**
 * @typedef {object} Fetched
 * @property {string} url
 * @property {'script' | 'stylesheet'} type
 * @property {number} transferred Bytes on the wire (headers and body) as Chromium counted them.
 * @property {number} decoded Bytes of the body.
 * @property {number} gzip Bytes of the body gzipped (zlib level 6, the usual server setting).
 */

/**
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {{ viewport?: { width: number, height: number } }} [options] default 1280×720
 * @returns {Promise<{ files: Fetched[], requests: number }>}
 */
export async function loadUntouched(browser, url, { viewport = { width: 1280, height: 720 } } = {}) {
  const context = await browser.newContext({ viewport });
  try {
    const page = await context.newPage();
    let inFlight = 0;
    let lastActivity = performance.now();
    let requests = 0;
    /** @type {Promise<Fetched | null>[]} */
    const pending = [];
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
    const files = /** @type {Fetched[]} */ ((await Promise.all(pending)).filter(Boolean));
    return { files, requests };
  } finally {
    await context.close();
  }
}

/** @param {Fetched[]} files @param {'script' | 'stylesheet'} type @param {keyof Fetched} key */
export const total = (files, type, key) =>
  files.filter((f) => f.type === type).reduce((sum, f) => sum + Number(f[key]), 0);

/** A file's short name for notes: the last path segment without Vite's content hash. */
export const shortName = (/** @type {string} */ url) =>
  (new URL(url).pathname.split('/').pop() ?? url).replace(/\.[\w-]{8}\.(js|css)$/, '.$1');
