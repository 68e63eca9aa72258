// Astro integration: brotli 11 and gzip 9 twins (`<file>.br`, `<file>.gz`) of the build's pages,
// scripts and styles, made once at build time, which `udp-lab serve` sends as they are. Without
// them it compresses on the fly at brotli 3–5 (fast enough per request, ≈ 15–25 % larger): the
// editor's script is 0.88 MB that way and 0.67 MB at quality 11 (bench/RESULTS.md, "First visit").
// Pyodide's files get theirs from python-assets.ts; the precache leaves every
// twin out (the browser never asks for them by name).
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { TWIN_ENCODINGS, compressedOf, type TwinEncoding } from '../runtime/python/node.ts';

/** Extensions given twins: text that compresses (as the relay's file server compresses on the fly). */
export const TWIN_EXTENSIONS: ReadonlySet<string> = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.json',
  '.svg',
  '.xml',
  '.txt',
  '.webmanifest',
  '.ttf', // the editor's icon font (codicon, 153 KB) compresses to about half; woff2 is compressed already
]);
/** Smaller files are not worth a twin (the relay does not compress them either). */
export const TWIN_MIN_BYTES = 1024;
/** A twin is written only when it saves at least this fraction of the file. */
export const TWIN_MIN_SAVING = 0.1;
/** Directories of the build left alone: the interpreters (their own twins) and their glyph blocks. */
const SKIPPED = new Set(['_udplab']);
/**
 * Files never given twins: the service worker's script. A browser learns of a new deployment by
 * comparing its bytes; with a twin, tests/e2e/offline.test.ts's rebuilt coi-sw.js was answered
 * from the old build's twin and the update never came (the relay keeps a twin that is not older
 * than its file). It is ≈ 10 KB; compressed on the fly it costs nothing worth that risk.
 */
export const NO_TWINS: ReadonlySet<string> = new Set(['coi-sw.js']);

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED.has(rel) ? [] : walk(join(dir, entry.name), rel);
    return entry.isFile() ? [rel] : [];
  });
}

/** Writes the twins of every eligible file in `outDir`; returns [files, raw bytes, brotli bytes]. */
export async function writePageTwins(outDir: string, cache: string): Promise<[number, number, number]> {
  const files = walk(outDir).filter(
    (file) =>
      TWIN_EXTENSIONS.has(extname(file)) &&
      !NO_TWINS.has(file) &&
      statSync(join(outDir, file)).size >= TWIN_MIN_BYTES,
  );
  let raw = 0;
  let br = 0;
  let twinned = 0;
  const encodings = Object.keys(TWIN_ENCODINGS) as TwinEncoding[];
  await Promise.all(
    files.map(async (file) => {
      const path = join(outDir, file);
      const size = statSync(path).size;
      const bodies = await Promise.all(encodings.map((encoding) => compressedOf(path, cache, encoding)));
      let wrote = false;
      encodings.forEach((encoding, i) => {
        const body = bodies[i]!;
        if (body.length > size * (1 - TWIN_MIN_SAVING)) return;
        writeFileSync(path + TWIN_ENCODINGS[encoding].suffix, body);
        wrote = true;
        if (encoding === 'br') br += body.length;
      });
      if (wrote) [twinned, raw] = [twinned + 1, raw + size];
    }),
  );
  return [twinned, raw, br];
}

/** Add last to `integrations` (after anything that still writes files in astro:build:done). */
export default function udplabPageTwins(): AstroIntegration {
  return {
    name: 'udplab-page-twins',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = Date.now();
        const cache = join(fileURLToPath(new URL('../../node_modules/.cache/udp-lab/', import.meta.url)));
        const [files, raw, br] = await writePageTwins(outDir, cache);
        logger.info(
          `brotli and gzip twins of ${files} pages, scripts and styles (${(raw / 1048576).toFixed(1)} → ` +
            `${(br / 1048576).toFixed(1)} MiB brotli, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
        );
      },
    },
  };
}
