// The built HTML itself (dist/, which `npm test` builds before this project runs).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from '../support/browser.ts';
import { builtPages } from '../support/site-pages.ts';
import { requireBuilt } from '../support/require-built.ts';

const built = existsSync(path.join(DIST, 'index.html'));

describe('built pages', () => {
  requireBuilt(!!built, 'the built course');
  const pages = builtPages();
  const html = (p: string) => readFileSync(path.join(DIST, p, 'index.html'), 'utf8');

  it('link each Expressive Code stylesheet and script once (site/middleware.ts)', () => {
    let withCode = 0;
    for (const p of pages) {
      const page = html(p);
      const assets = page.match(/(?:href|src)="[^"]*\/ec\.[\w-]+\.(?:css|js)"/g) ?? [];
      expect(new Set(assets).size, p).toBe(assets.length);
      if (page.includes('class="expressive-code"')) {
        withCode++;
        expect(
          assets.some((a) => a.endsWith('.css"')),
          `${p}: code blocks without their stylesheet`,
        ).toBe(true);
      }
    }
    expect(withCode).toBeGreaterThan(4);
  });
});
