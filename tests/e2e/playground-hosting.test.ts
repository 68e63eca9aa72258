// Static hosting without headers: the COI service worker makes the page cross-origin isolated with at most one reload.
import http from 'node:http';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST, launchBrowser } from '../support/browser.ts';
import { requireBuilt } from '../support/require-built.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.zip': 'application/zip',
  '.bin': 'application/octet-stream',
};

/** A plain file server, as a static host is: no COOP/COEP, no CORP. */
function plainServer(root: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) return void res.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((r) => server.close(() => r())),
      });
    }),
  );
}

function firstPlaygroundPage(): string | null {
  const stack = [ROOT];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) stack.push(full);
      else if (name === 'index.html' && readFileSync(full, 'utf8').includes('data-udplab-playground')) {
        return `/${path.relative(ROOT, dir)}/`.replace(/\/+/g, '/');
      }
    }
  }
  return null;
}

const pathname = existsSync(ROOT) ? firstPlaygroundPage() : null;
let browser: Browser;
let served: { origin: string; close(): Promise<void> };

beforeAll(async () => {
  served = await plainServer(path.resolve(ROOT));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('a plain static server without headers', () => {
  requireBuilt(!(pathname === null), 'a page with a playground');
  it('becomes cross-origin isolated through the service worker, with at most one reload, and the playground works', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await page.goto(served.origin + (pathname as string));
    await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 30_000 });
    expect(navigations).toBeLessThanOrEqual(2); // the first load and one reload
    await page.locator('[data-udplab-playground]').first().scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () => document.querySelector<HTMLElement>('[data-udplab-playground]')?.dataset['pgState'] === 'ready',
      null,
      {
        timeout: 60_000,
      },
    );
    // Programs run there too: the first program's terminal shows its output.
    await page.locator('[data-udplab-playground] button[data-net-action=rerun]').first().click();
    await page.waitForFunction(
      () => {
        const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
          udplab?: { terminalText(n: string): string };
        };
        const first = root.querySelector<HTMLElement>('.pg-program')?.dataset['file'] ?? '';
        return (root.udplab?.terminalText(first) ?? '').trim().length > 0;
      },
      null,
      { timeout: 60_000 },
    );
    // A second visit: already controlled and isolated, no reload at all.
    const before = navigations;
    await page.goto(served.origin + (pathname as string));
    await page.waitForFunction(() => crossOriginIsolated, null, { timeout: 30_000 });
    await page.waitForTimeout(300);
    expect(navigations - before).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
