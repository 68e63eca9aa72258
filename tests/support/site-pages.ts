// Lists the built course pages (dist/**/index.html) as URL paths, split by locale.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { DIST } from './browser.ts';

/** Every page path in the build, e.g. `/`, `/basics/network/`, `/en/`. Excludes 404 pages. */
export function builtPages(root = DIST): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name === '_astro' || name === 'pagefind' || name === '_udplab') continue;
        walk(full);
      } else if (name === 'index.html') {
        const rel = path.relative(root, dir).split(path.sep).join('/');
        out.push(rel ? `/${rel}/` : '/');
      }
    }
  };
  walk(root);
  return out.filter((p) => !/\/404\/$/.test(p)).sort();
}

export const isEnglish = (p: string) => p === '/en/' || p.startsWith('/en/');

/** The twin of a page in the other locale. */
export function twinOf(p: string): string {
  return isEnglish(p) ? p.replace(/^\/en\//, '/') : `/en${p}`;
}
