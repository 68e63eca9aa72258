// Offline once loaded: what the service worker precaches (on disk and over the wire from
// `udp-lab serve`), and how long a lesson takes to reload with the network gone, next to the same
// reload online from the browser's HTTP cache with no service worker (today's best case without it).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../../tests/support/browser.ts';
import { createStaticHandler } from '../../relay-server/src/server/index.ts';
import { describeBuild } from '../../site/integrations/offline-precache.ts';
import { newContext } from '../lib/page-context.ts';
import type { Suite } from '../lib/results.ts';
import { ensureDist } from '../lib/site.ts';

const LESSON = '/board/server/';
const MiB = 2 ** 20;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** `udp-lab serve`'s file handler on 127.0.0.1, counting the bytes it writes to sockets. */
async function countingServer(root: string) {
  const server = http.createServer(createStaticHandler(root, { precompress: true }));
  const sockets = new Set<Socket>();
  let closedBytes = 0;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      closedBytes += socket.bytesWritten;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bytes: () => closedBytes + [...sockets].reduce((n, s) => n + s.bytesWritten, 0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}

/** Reload, then the navigation's load event end (ms from the navigation's start). */
async function reloadTime(page: Page) {
  await page.reload({ waitUntil: 'load' });
  return page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return nav ? nav.loadEventEnd : NaN;
  });
}

async function waitStored(page: Page) {
  for (let i = 0; i < 600; i++) {
    await page.evaluate(() => navigator.serviceWorker.controller?.postMessage({ type: 'udplab:precache' }));
    await page.waitForTimeout(200);
    if (await page.locator('[data-udplab-offline]:not([hidden])').count()) return;
  }
  throw new Error('the service worker never said the build is stored');
}

export default {
  name: 'offline',
  title: 'Offline once loaded: the precache, and a lesson reloaded with the network gone',
  async run({ quick }) {
    const dist = await ensureDist();
    const rounds = quick ? 2 : 7;
    const build = describeBuild(dist);
    const browser = await launchBrowser();
    const server = await countingServer(dist);
    try {
      // Anchor: no service worker, the page reloaded online from a warm HTTP cache.
      const plain = await newContext(browser, { serviceWorkers: 'block' });
      const plainPage = await plain.newPage();
      await plainPage.goto(server.origin + LESSON, { waitUntil: 'load' });
      const online: number[] = [];
      for (let i = 0; i < rounds; i++) online.push(await reloadTime(plainPage));
      await plain.close();

      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(server.origin + LESSON, { waitUntil: 'load' });
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {
        timeout: 30_000,
      });
      const before = server.bytes();
      const started = performance.now();
      await waitStored(page);
      const precacheSeconds = (performance.now() - started) / 1000;
      const wire = server.bytes() - before;
      await server.close();
      await context.setOffline(true);
      const offline: number[] = [];
      for (let i = 0; i < rounds; i++) offline.push(await reloadTime(page));
      await context.close();
      const how = `median of ${rounds} reloads of ${LESSON} in Chromium, navigation timing's loadEventEnd`;
      return [
        {
          figure: `precache: ${build.pages.length} files (pages, JS, CSS, fonts, icons, search index), on disk`,
          value: build.bytes / MiB,
          unit: 'MiB',
          budget: '≤ 24 MiB (PRECACHE_MAX_BYTES)',
          pass: build.bytes <= 24 * MiB,
          how: 'describeBuild() over the build, uncompressed',
        },
        {
          figure:
            'precache: bytes sent by `udp-lab serve` while the worker stores the build (after the first page)',
          value: wire / MiB,
          unit: 'MiB',
          better: 'lower',
          how: `socket bytes written on 127.0.0.1 (brotli where accepted) after the page asked at once (udplab:precache, not after PRECACHE_DELAY_MS); ${precacheSeconds.toFixed(1)} s until the indicator showed`,
        },
        {
          figure: 'reload of a lesson, offline (service worker, server stopped)',
          value: median(offline),
          unit: 'ms',
          anchor: 'online reload, no service worker, warm HTTP cache',
          anchorValue: median(online),
          better: 'lower',
          how,
        },
      ];
    } finally {
      await server.close().catch(() => {});
      await browser.close();
    }
  },
} satisfies Suite;
