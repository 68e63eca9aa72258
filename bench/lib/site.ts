// The built course for the page and runtime suites: dist/ (built when missing), served by the relay
// server's own static handler on 127.0.0.1, and the "plain" twin of a lesson page without playgrounds.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ISOLATION_HEADERS, createStaticHandler } from '../../relay-server/src/server/index.ts';

export const REPO = new URL('../../', import.meta.url).pathname;
/** The repo's build, as CI makes it (`npm test` runs `astro build`). UDPLAB_DIST overrides. */
export const DIST = process.env['UDPLAB_DIST'] ?? path.join(REPO, 'dist');

/** The lesson pages the page suites measure: a 掌控板 lesson and a PC lesson, each with a playground. */
export const LESSON_PAGES = ['/board/server/', '/projects/chat/'];

/**
 * Runs `astro build` (into `outDir`, default dist/) with extra environment; rejects with its output's
 * tail when it fails. Resolves with the seconds it took.
 */
export function astroBuild({ outDir, env = {} }: { outDir?: string; env?: Record<string, string> } = {}) {
  const started = performance.now();
  const args = ['astro', 'build', ...(outDir ? ['--outDir', outDir] : [])];
  return new Promise<number>((resolve, reject) => {
    const child = spawn('npx', args, { cwd: REPO, env: { ...process.env, ...env }, stdio: 'pipe' });
    let log = '';
    const keep = (b: Buffer) => (log = (log + b.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`npx ${args.join(' ')} failed (exit ${code}):\n${log}`)),
    );
  });
}

/** Builds dist/ when it is missing (as `npm test` would have); returns the folder. */
export async function ensureDist() {
  if (!existsSync(path.join(DIST, 'index.html'))) {
    if (process.env['UDPLAB_DIST']) throw new Error(`UDPLAB_DIST=${DIST} has no index.html: build it first`);
    process.stdout.write('(building dist/ first) ');
    await astroBuild();
  }
  return DIST;
}

/**
 * The loader's script tags (with the class report's listener, which PlaygroundLoader renders) and the
 * playground's data: all that a page's playgrounds add to its HTML.
 */
const PLAYGROUND_TAGS = [
  /<script type="module" src="[^"]*\/(?:Playground(?:Loader)?|ClassReport)\.astro_astro_type_script[^"]*\.js"><\/script>/g,
  /<script type="application\/json" data-pg-data>[\s\S]*?<\/script>/g,
];

/**
 * The page as `UDPLAB_STATIC_PLAYGROUNDS=1 astro build` renders it: the same text and highlighted
 * programs, without the loader script and the playground data. Throws when there was nothing to
 * remove (the page has no playground, or the markup changed and this needs updating).
 */
export function plainTwin(html: string): string {
  let removed = 0;
  let out = html;
  for (const re of PLAYGROUND_TAGS) {
    out = out.replace(re, () => {
      removed++;
      return '';
    });
  }
  if (removed < 2)
    throw new Error(
      'plainTwin: no PlaygroundLoader script or data-pg-data found: update PLAYGROUND_TAGS in bench/lib/site.ts',
    );
  return out;
}

/**
 * Serves `root` on 127.0.0.1 at an OS-chosen port with `createStaticHandler` (as `udp-lab serve`).
 * With `plain`, HTML pages under `/plain/…` are the plain twins of the pages at `/…` (other files
 * are served unchanged), so a page and its twin share one origin and one HTTP cache.
 */
export async function serveSite(root: string): Promise<{ origin: string; close(): Promise<void> }> {
  const handler = createStaticHandler(root);
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/plain/')) {
      const rel = url.pathname.slice('/plain'.length);
      const file = path.join(root, rel, rel.endsWith('/') ? 'index.html' : '');
      const ok = file.startsWith(root) && (await stat(file).catch(() => null))?.isFile();
      if (!ok) {
        res.writeHead(404).end();
        return;
      }
      const body = Buffer.from(plainTwin(readFileSync(file, 'utf8')));
      res.writeHead(200, {
        ...ISOLATION_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': body.length,
        'Cache-Control': 'no-cache',
      });
      res.end(body);
      return;
    }
    await handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
