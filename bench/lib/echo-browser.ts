// Runs the echo measurement in headless Chromium, where learners run it: the runtime bundled with
// esbuild (page + module worker), the interpreters from node_modules, served on 127.0.0.1 with
// COOP/COEP so that SharedArrayBuffer exists.
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { chromium } from 'playwright-core';
import { INTERPRETER_FILES, interpreterDirs } from '../../site/integrations/python-assets.ts';
import type { udplabEcho } from './echo-page.ts';
import type { EchoOptions } from './echo-sim.ts';
import { newContext } from './page-context.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = join(HERE, '..', '..', 'site', 'runtime', 'python');
const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.ts': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** esbuild: the shims/*.py table that Vite's import.meta.glob gives shim-sources.ts in the site. */
const shimTable: Plugin = {
  name: 'udplab-shim-table',
  setup(build) {
    build.onLoad({ filter: /shim-sources\.ts$/ }, (args) => {
      const dir = join(dirname(args.path), 'shims');
      const table: Record<string, string> = {};
      for (const name of readdirSync(dir).sort()) {
        if (name.endsWith('.py')) table[`./shims/${name}`] = readFileSync(join(dir, name), 'utf8');
      }
      const source = readFileSync(args.path, 'utf8');
      return {
        contents: source.replace(/import\.meta\.glob\([\s\S]*?\}\)/, JSON.stringify(table)),
        loader: 'ts',
      };
    });
  },
};

async function bundle(entry: string): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
    // Node-only modules the runtime imports lazily, never in a page.
    external: ['node:*', './worker-node.ts'],
    plugins: [shimTable],
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild wrote nothing for ${entry}`);
  return out.text;
}

/** A file the server answers with: a body made here, or a file on disk. */
type Served = { type: string | undefined } & ({ body: string } | { path: string });

/** Serves the page, its bundles and the interpreters, cross-origin isolated. */
async function serve() {
  // worker-spawn.ts starts `new URL('./worker.ts', import.meta.url)`: next to the page bundle.
  const files = new Map<string, Served>([
    [
      '/',
      {
        type: TYPES['.html'],
        body: '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
      },
    ],
    ['/page.js', { type: TYPES['.js'], body: await bundle(join(HERE, 'echo-page.ts')) }],
    ['/worker.ts', { type: TYPES['.js'], body: await bundle(join(PYTHON, 'worker.ts')) }],
  ]);
  const dirs = interpreterDirs();
  for (const name of ['pyodide', 'micropython'] as const) {
    for (const file of INTERPRETER_FILES[name])
      files.set(`/_udplab/${name}/${file}`, { path: join(dirs[name], file), type: TYPES[extname(file)] });
  }
  const server = http.createServer((req, res) => {
    const file = files.get((req.url ?? '/').split('?')[0] ?? '/');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.type ?? 'application/octet-stream',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    res.end('body' in file ? file.body : readFileSync(file.path));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r(undefined))),
  };
}

/** One echo measurement in the page. */
export type RunInPage = (options: EchoOptions) => ReturnType<(typeof udplabEcho)['run']>;
/** One bare ping-pong in the page: µs per round trip. */
export type PingPongInPage = (n: number, warm: number) => Promise<number>;

/** Opens the page in headless Chromium and hands `measure` a function that runs one echo measurement there. */
export async function withChromiumEcho<T>(
  measure: (run: RunInPage, pingPong: PingPongInPage) => Promise<T>,
): Promise<T> {
  const served = await serve();
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await (await newContext(browser)).newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(String(err)));
    await page.goto(served.origin + '/');
    await page.waitForFunction(() => 'udplabEcho' in globalThis && globalThis.crossOriginIsolated, null, {
      timeout: 30_000,
    });
    return await measure(
      async (options) => {
        try {
          return await page.evaluate((o) => globalThis.udplabEcho.run(o), options);
        } catch (err) {
          throw new Error(`${String(err)}\n${problems.join('\n')}`);
        }
      },
      (n, warm) => page.evaluate(([a, b]) => globalThis.udplabEcho.pingPong(a, b), [n, warm] as const),
    );
  } finally {
    await browser.close();
    await served.close();
  }
}
