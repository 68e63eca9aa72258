// Astro integration: after the build, lists what the service worker precaches (pages, scripts,
// styles, fonts, icons, search index) and what it keeps after first use (each interpreter's files,
// in their hashed directories, and the 掌控板's glyph blocks), and writes those lists and their
// versions into dist/coi-sw.js.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { ASSETS_ROUTE, INTERPRETER_FILES, builtInterpreterDirs } from './python-assets.ts';
import { FULL_STDLIB, SHIPPED_SNAPSHOT } from '../runtime/python/index.ts';

/** The service worker's file in the build (site/public/coi-sw.js). */
export const SERVICE_WORKER = 'coi-sw.js';
/** Largest precache the build accepts (bytes on disk, uncompressed); today's build is ≈ 11.5 MiB. */
export const PRECACHE_MAX_BYTES = 24 * 2 ** 20;
/** Build files the service worker never precaches: itself, the sitemaps, the interpreters' folder. */
// Compressed twins (site/integrations/page-twins.ts) are never asked for by name.
const NOT_PRECACHED = [/^coi-sw\.js$/, /^sitemap-.*\.xml$/, /\.(br|gz)$/, new RegExp(`^${ASSETS_ROUTE}`)];

const BUILD_MARKERS = /\/\* UDPLAB_BUILD \*\/[\s\S]*?\/\* \/UDPLAB_BUILD \*\//;

export interface PrecacheBuild {
  version: string;
  pages: string[];
  interpreters: {
    /** Digest of every file below (logs and tests; the worker's caches are named as follows). */
    version: string;
    /**
     * Each interpreter's hashed directory (`_udplab/pyodide/<hash>/`): the worker keeps its files in
     * a cache named after it, so a cache only ever holds one version of an interpreter.
     */
    dirs: string[];
    /** Digest of the glyph blocks, which have no hashed directory: names their cache. */
    glyphsVersion: string;
    cpython: string[];
    micropython: string[];
    glyphs: string[];
    /** Kept once fetched, not needed to call an interpreter stored: the rest of Python's standard library. */
    onDemand: string[];
  };
}

export class PrecacheError extends Error {
  constructor(
    readonly code: 'UDPLAB_ERR_PRECACHE_BUDGET' | 'UDPLAB_ERR_PRECACHE_MARKERS',
    message: string,
  ) {
    super(message);
    this.name = 'PrecacheError';
  }
}

function walk(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, root));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}

/** A file's URL under the site's base, relative to it: `basics/network/index.html` → `basics/network/`. */
function urlOf(file: string): string {
  return file === 'index.html'
    ? './'
    : file.endsWith('/index.html')
      ? file.slice(0, -'index.html'.length)
      : file;
}

function digest(outDir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(outDir, file)));
  return hash.digest('hex').slice(0, 16);
}

/** What the service worker of the build in `outDir` precaches and keeps, with their sizes. */
export function describeBuild(
  outDir: string,
  maxBytes = PRECACHE_MAX_BYTES,
): PrecacheBuild & { bytes: number } {
  const files = walk(outDir).filter((file) => !NOT_PRECACHED.some((rule) => rule.test(file)));
  const bytes = files.reduce((sum, file) => sum + statSync(join(outDir, file)).size, 0);
  if (bytes > maxBytes) {
    throw new PrecacheError(
      'UDPLAB_ERR_PRECACHE_BUDGET',
      `the precache would hold ${(bytes / 2 ** 20).toFixed(1)} MiB, over PRECACHE_MAX_BYTES ` +
        `(${(maxBytes / 2 ** 20).toFixed(1)} MiB): leave large files out or raise the limit in site/integrations/offline-precache.ts`,
    );
  }
  const dirs = builtInterpreterDirs(outDir);
  const pyodide = (file: string) => `${ASSETS_ROUTE}${dirs.pyodide}${file}`;
  // A PC Run downloads the course's part of the standard library; the whole one only on demand.
  const cpython = INTERPRETER_FILES.pyodide.filter((file) => file !== FULL_STDLIB).map(pyodide);
  const onDemand = [pyodide(FULL_STDLIB)];
  const micropython = INTERPRETER_FILES.micropython.map(
    (file) => `${ASSETS_ROUTE}${dirs.micropython}${file}`,
  );
  const glyphDir = join(outDir, ASSETS_ROUTE, 'glyphs');
  let glyphs: string[] = [];
  try {
    glyphs = walk(glyphDir).map((file) => `${ASSETS_ROUTE}glyphs/${file}`);
  } catch {
    // a build without the board's glyphs
  }
  const interpreterFiles = [...cpython, ...onDemand, ...micropython, ...glyphs].filter(
    (file) => !file.endsWith(SHIPPED_SNAPSHOT),
  );
  return {
    version: digest(outDir, files),
    pages: files.map(urlOf),
    interpreters: {
      version: digest(outDir, interpreterFiles),
      dirs: [`${ASSETS_ROUTE}${dirs.pyodide}`, `${ASSETS_ROUTE}${dirs.micropython}`],
      glyphsVersion: digest(outDir, glyphs),
      cpython,
      micropython,
      glyphs,
      onDemand,
    },
    bytes,
  };
}

/** Writes the lists into the service worker between its markers. */
export function writeServiceWorker(outDir: string, build: PrecacheBuild): void {
  const file = join(outDir, SERVICE_WORKER);
  const source = readFileSync(file, 'utf8');
  if (!BUILD_MARKERS.test(source)) {
    throw new PrecacheError(
      'UDPLAB_ERR_PRECACHE_MARKERS',
      `${file} has no /* UDPLAB_BUILD */ markers to fill`,
    );
  }
  const data = { version: build.version, pages: build.pages, interpreters: build.interpreters };
  writeFileSync(
    file,
    source.replace(
      BUILD_MARKERS,
      () => `/* UDPLAB_BUILD */ const BUILD = ${JSON.stringify(data)}; /* /UDPLAB_BUILD */`,
    ),
  );
}

/**
 * Add last to `integrations` in astro.config.mjs: `udplabOffline()`. Its build step is added from
 * `astro:config:setup`, so it runs after the integrations Starlight adds there (Pagefind's index
 * must exist when the list is made).
 */
export default function udplabOffline(): AstroIntegration {
  const step: AstroIntegration = {
    name: 'udplab-offline-precache',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const build = describeBuild(outDir);
        writeServiceWorker(outDir, build);
        logger.info(
          `service worker ${build.version}: ${build.pages.length} files precached ` +
            `(${(build.bytes / 2 ** 20).toFixed(1)} MiB), interpreters ${build.interpreters.version}`,
        );
      },
    },
  };
  return {
    name: 'udplab-offline',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ integrations: [step] });
      },
    },
  };
}
