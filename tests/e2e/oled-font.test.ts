// The board's OLED in Chromium draws DispChar in the board's font: the seed server's header fits on
// line 0, the page's pixels are the headless runner's, and glyphs load only once a board program runs.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadNodeGlyphs } from '../../site/runtime/board/node.ts';
import { drawOnBoard } from '../../site/runtime/board/testing/board-harness.ts';
import { DIST, launchBrowser, serveDist, type Served } from '../support/browser.ts';
import { requireBuilt } from '../support/require-built.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const HEADER = '192.168.0.2:6000';
const SERVER = 'board_udp_server';

/** The built pages whose playground is the board server, one per locale (zh first). */
function boardServerPages(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== '_astro' && name !== 'pagefind' && name !== '_udplab') walk(full);
      } else if (
        name === 'index.html' &&
        readFileSync(full, 'utf8').includes('data-udplab-playground="board-server"')
      )
        out.push(`/${path.relative(ROOT, dir)}/`.replace(/\/+/g, '/'));
    }
  };
  if (existsSync(ROOT)) walk(ROOT);
  const zh = out.filter((p) => !p.startsWith('/en/')).sort();
  const en = out.filter((p) => p.startsWith('/en/')).sort();
  return [zh[0], en[0]].filter((p): p is string => p !== undefined);
}

const pages = boardServerPages();

let browser: Browser;
let served: Served;

beforeAll(async () => {
  served = await serveDist(ROOT);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Index of the board-server playground on the page. */
async function playgroundIndex(page: Page): Promise<number> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-udplab-playground]')].findIndex(
      (el) => el.dataset['udplabPlayground'] === 'board-server',
    ),
  );
}

/** The OLED panel's pixels (row-major, 0/1) as the page holds them, or null before it shows. */
function oledPixels(page: Page, index: number): Promise<number[] | null> {
  return page.evaluate(
    ([i, name]) => {
      const root = document.querySelectorAll('[data-udplab-playground]')[i as number] as HTMLElement & {
        udplab?: { oledPixels(n: string): Uint8Array | null };
      };
      const px = root.udplab?.oledPixels(name as string);
      return px ? [...px] : null;
    },
    [index, SERVER] as const,
  );
}

/**
 * The header at (0, 0), the first thing the server draws, as a board program in Node draws it (the
 * same mpython.py on MicroPython's framebuf, glyphs from the runner's font).
 */
async function nodeHeaderRows(): Promise<string[]> {
  const drawn = await drawOnBoard(`oled.DispChar(${JSON.stringify(HEADER)}, 0, 0)`, loadNodeGlyphs());
  return drawn.art().split('\n').slice(0, 16);
}

describe('the OLED in the page', () => {
  requireBuilt(!(pages.length === 0), 'a page with the board-server playground');
  it.each(pages)(
    "%s: the header 192.168.0.2:6000 fits on line 0 with the runner's pixels; glyphs load only on Run",
    async (pathname) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const glyphs: { url: string; bytes: number }[] = [];
      page.on('response', (res) => {
        if (!res.url().includes('/_udplab/glyphs/')) return;
        void res
          .body()
          .then((body) => glyphs.push({ url: res.url(), bytes: body.byteLength }))
          .catch(() => glyphs.push({ url: res.url(), bytes: -1 }));
      });
      await page.goto(served.origin + pathname, { waitUntil: 'load' });
      const index = await playgroundIndex(page);
      expect(index).toBeGreaterThanOrEqual(0);
      const root = page.locator('[data-udplab-playground]').nth(index);
      await root.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (i) =>
          document.querySelectorAll<HTMLElement>('[data-udplab-playground]')[i]?.dataset['pgState'] ===
          'ready',
        index,
        { timeout: 60_000 },
      );
      expect(glyphs).toEqual([]); // text first: no font before a board program runs

      await root.locator('button[data-net-action=rerun]').click();
      // The server draws its header once it is bound; wait for ink on line 0.
      await page.waitForFunction(
        ([i, name]) => {
          const el = document.querySelectorAll('[data-udplab-playground]')[i as number] as HTMLElement & {
            udplab?: { oledPixels(n: string): Uint8Array | null };
          };
          const px = el.udplab?.oledPixels(name as string);
          return !!px && px.subarray(0, 16 * 128).some((v) => v === 1);
        },
        [index, SERVER] as const,
        { timeout: 90_000 },
      );
      const px = await oledPixels(page, index);
      const rows = Array.from({ length: 16 }, (_, y) =>
        px!
          .slice(y * 128, y * 128 + 128)
          .map((v) => (v ? '#' : '.'))
          .join(''),
      );
      expect(rows).toEqual(await nodeHeaderRows());
      // the whole header, its last '0' included (x 93–98), within the screen
      expect(rows.some((row) => row.slice(93, 99).includes('#'))).toBe(true);
      expect(rows.every((row) => !row.slice(99).includes('#'))).toBe(true);

      await expect.poll(() => glyphs.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const names = glyphs.map((g) => g.url.replace(/^.*\//, '')).sort();
      // the header is ASCII: the two preloaded blocks
      expect(names).toEqual(['000.bin', '001.bin']);
      const bytes = glyphs.reduce((n, g) => n + g.bytes, 0);
      console.log(`${pathname}: first DispChar fetched ${names.join(', ')} = ${bytes} bytes`);
      expect(bytes).toBeLessThan(4096);
      await context.close();
    },
  );
});
