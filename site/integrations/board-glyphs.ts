// Astro integration: serves the OLED's glyph blocks in `astro dev` and writes them into the build.

import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { BLOCK_COUNT } from '../runtime/board/index.ts';
import { GLYPHS_ROUTE } from '../runtime/board/index.ts';
import { buildGlyphBlocks, renderGlyphBlock } from '../runtime/board/node.ts';

const BLOCK_FILE = /^([0-9a-f]{3})\.bin$/;

/**
 * Add to `integrations` in astro.config.mjs. Dev: answers `<base>_udplab/glyphs/XXX.bin` by
 * rasterizing that block on request. Build: writes all 1024 DispChar blocks to `dist/_udplab/glyphs/`.
 */
export default function udplabGlyphs(): AstroIntegration {
  let base = '/';
  return {
    name: 'udplab-glyphs',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:server:setup': ({ server }) => {
        const prefix = base + GLYPHS_ROUTE;
        server.middlewares.use((req, res, next) => {
          const path = (req.url ?? '').split('?')[0] ?? '';
          const match = path.startsWith(prefix) ? BLOCK_FILE.exec(path.slice(prefix.length)) : null;
          const block = match ? parseInt(match[1]!, 16) : -1;
          if (block < 0 || block >= BLOCK_COUNT) return next();
          const bytes = renderGlyphBlock(block);
          res.setHeader('Content-Type', 'application/octet-stream');
          res.setHeader('Content-Length', String(bytes.byteLength));
          res.setHeader('Cache-Control', 'no-cache');
          res.end(bytes);
        });
      },
      'astro:build:done': ({ dir, logger }) => {
        const outDir = fileURLToPath(new URL(GLYPHS_ROUTE, dir));
        const started = Date.now();
        const { files, bytes } = buildGlyphBlocks(outDir);
        logger.info(`${files} glyph blocks, ${(bytes / 1024).toFixed(0)} KiB, in ${Date.now() - started} ms`);
      },
    },
  };
}
