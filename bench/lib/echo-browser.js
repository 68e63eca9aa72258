// Runs the echo measurement in headless Chromium, where learners run it: the runtime bundled with
// esbuild (page + module worker), the interpreters from node_modules, served on 127.0.0.1 with
// COOP/COEP so that SharedArrayBuffer exists.
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { INTERPRETER_FILES, interpreterDirs } from '../../site/integrations/python-assets.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PYTHON = join(HERE, '..', '..', 'site', 'runtime', 'python');
const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.ts': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

/** esbuild: the shims/*.py table that Vite's import.meta.glob gives shim-sources.ts in the site. */
const shimTable = {
  name: 'udplab-shim-table',
  /** @param {import('esbuild').PluginBuild} build */
  setup(build) {
    build.onLoad({ filter: /shim-sources\.ts$/ }, (args) => {
      const dir = join(dirname(args.path), 'shims');
      /** @type {Record<string, string>} */
      const table = {};
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

async function bundle(entry) {
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
  return result.outputFiles[0].text;
}

/** Serves the page, its bundles and the interpreters, cross-origin isolated. */
async function serve() {
  // worker-spawn.ts starts `new URL('./worker.ts', import.meta.url)`: next to the page bundle.
  const files = new Map([
    [
      '/',
      {
        type: TYPES['.html'],
        body: '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>',
      },
    ],
    ['/page.js', { type: TYPES['.js'], body: await bundle(join(HERE, 'echo-page.js')) }],
    ['/worker.ts', { type: TYPES['.js'], body: await bundle(join(PYTHON, 'worker.ts')) }],
  ]);
  const dirs = interpreterDirs();
  for (const [name, list] of Object.entries(INTERPRETER_FILES)) {
    for (const file of list)
      files.set(`/_udplab/${name}/${file}`, { path: join(dirs[name], file), type: TYPES[extname(file)] });
  }
  const server = http.createServer((req, res) => {
    const file = files.get((req.url ?? '/').split('?')[0]);
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
    res.end(file.body ?? readFileSync(file.path));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r(undefined))),
  };
}

/**
 * Opens the page in headless Chromium and hands `measure` a function that runs one echo measurement there.
 * @template T
 * @param {(run: (options: { runtime: 'cpython' | 'micropython', server: string, client: string, seconds: number }) => Promise<{ roundTrips: number, seconds: number, datagrams: number }>, pingPong: (n: number, warm: number) => Promise<number>) => Promise<T>} measure
 * @returns {Promise<T>}
 */
export async function withChromiumEcho(measure) {
  const served = await serve();
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const page = await browser.newPage();
    const problems = [];
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
          throw new Error(`${err}\n${problems.join('\n')}`);
        }
      },
      (n, warm) => page.evaluate(([a, b]) => globalThis.udplabEcho.pingPong(a, b), [n, warm]),
    );
  } finally {
    await browser.close();
    await served.close();
  }
}
