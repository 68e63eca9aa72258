// Astro integration: serves the two interpreters from our own origin (never a CDN) — from
// node_modules in `astro dev`, copied into the build under `<base>_udplab/pyodide/` and
// `<base>_udplab/micropython/` by `astro build`.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Under the site's base: where the kernel's default `assetBase` ('/_udplab/') looks. */
export const ASSETS_ROUTE = '_udplab/';

/** The files each interpreter needs in the browser (Pyodide: core only, no packages). */
export const INTERPRETER_FILES: Readonly<Record<'pyodide' | 'micropython', readonly string[]>> = {
  pyodide: ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'],
  micropython: ['micropython.mjs', 'micropython.wasm'],
};

const TYPES: Readonly<Record<string, string>> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
};

/** Directory of each interpreter's files in node_modules. */
export function interpreterDirs(): Record<'pyodide' | 'micropython', string> {
  const require = createRequire(import.meta.url);
  return {
    pyodide: dirname(require.resolve('pyodide/pyodide.mjs')),
    micropython: dirname(require.resolve('@micropython/micropython-webassembly-pyscript/micropython.mjs')),
  };
}

/** Copy the interpreter files into `outDir/_udplab/`; returns the bytes copied. */
export function copyInterpreters(outDir: string): number {
  const dirs = interpreterDirs();
  let bytes = 0;
  for (const [name, files] of Object.entries(INTERPRETER_FILES) as Array<
    [keyof typeof dirs, readonly string[]]
  >) {
    const target = join(outDir, ASSETS_ROUTE, name);
    mkdirSync(target, { recursive: true });
    for (const file of files) {
      copyFileSync(join(dirs[name], file), join(target, file));
      bytes += statSync(join(target, file)).size;
    }
  }
  return bytes;
}

/** Connect-style middleware answering `<base>_udplab/<interpreter>/<file>` from node_modules. */
export function interpreterMiddleware(base: string) {
  const dirs = interpreterDirs();
  const prefix = base + ASSETS_ROUTE;
  return (
    req: { url?: string | undefined },
    res: { setHeader(name: string, value: string): void; end(body: Uint8Array): void },
    next: () => void,
  ): void => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (!path.startsWith(prefix)) return next();
    const [name, file, ...rest] = path.slice(prefix.length).split('/');
    const known = (name === 'pyodide' || name === 'micropython') && rest.length === 0;
    if (!known || !file || !INTERPRETER_FILES[name].includes(file)) return next();
    const body = readFileSync(join(dirs[name], file));
    res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(body.byteLength));
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    // Fixed by the installed package version: the page's prefetch (with a progress bar) and the
    // worker's own fetch then share one download during `astro dev`.
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.end(body);
  };
}

/**
 * Add to `integrations` in astro.config.mjs: `udplabPython()`. With a `base`, pass
 * `assetBase: import.meta.env.BASE_URL + '_udplab/'` to `createKernel` in the page.
 */
export default function udplabPython(): AstroIntegration {
  let base = '/';
  return {
    name: 'udplab-python',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:server:setup': ({ server }) => {
        server.middlewares.use(interpreterMiddleware(base));
      },
      'astro:build:done': ({ dir, logger }) => {
        const bytes = copyInterpreters(fileURLToPath(dir));
        logger.info(`Python interpreters copied to ${ASSETS_ROUTE} (${(bytes / 1048576).toFixed(1)} MiB)`);
      },
    },
  };
}
