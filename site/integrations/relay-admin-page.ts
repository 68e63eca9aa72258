// Builds the relay dashboard's script: relay-server/src/server/admin-page/admin.ts compiled by esbuild into
// the built course, as an Astro integration (`astro build`); the relay serves it at /admin/admin.js.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { AstroIntegration } from 'astro';
import { build } from 'esbuild';
import { ADMIN_SCRIPT_FILE } from '../../relay-server/src/server/index.ts';

const ENTRY = fileURLToPath(new URL('../../relay-server/src/server/admin-page/admin.ts', import.meta.url));

/** Compiles the dashboard's admin.ts into `<outDir>/_udplab/admin/admin.js`; resolves with its size in bytes. */
export async function buildAdminScript(outDir: string): Promise<number> {
  const outfile = path.join(outDir, ADMIN_SCRIPT_FILE);
  const result = await build({
    entryPoints: [ENTRY],
    outfile,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
}

/** Add to `integrations` in astro.config.mjs: writes the dashboard's script into the build. */
export default function udplabAdminPage(): AstroIntegration {
  return {
    name: 'udplab-admin-page',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const bytes = await buildAdminScript(fileURLToPath(dir));
        logger.info(`the relay dashboard's script, ${(bytes / 1024).toFixed(1)} KiB`);
      },
    },
  };
}
