// Vite plugin: Monaco's own `import './x.css'` become <style> injections run by the lazy editor chunk,
// so Astro does not hoist 137 KB of editor CSS into a render-blocking stylesheet on every page.
import type { Plugin } from 'vite';

const PREFIX = '\0udplab-monaco-css:';
/** Suffix that keeps Vite's CSS plugin from claiming the virtual module (its id must not end in .css). */
const SUFFIX = '.injected.js';

/** Options: `match` decides which CSS files are injected from JS. Default: anything under monaco-editor/. */
export function monacoCssInJs(options: { match?: RegExp } = {}): Plugin {
  const match = options.match ?? /[\\/]monaco-editor[\\/].*\.css$/;
  return {
    name: 'udplab:monaco-css-in-js',
    enforce: 'pre',
    async resolveId(source, importer, opts) {
      if (
        !source.endsWith('.css') ||
        !importer ||
        !match.test(importer.replace(/\?.*$/, '').replace(/[^\\/]*$/, 'x.css'))
      )
        return null;
      const resolved = await this.resolve(source, importer, { ...opts, skipSelf: true });
      if (!resolved || !match.test(resolved.id)) return null;
      return PREFIX + resolved.id + SUFFIX;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      return [
        `import css from ${JSON.stringify(`${file}?inline`)};`,
        `if (typeof document !== 'undefined') {`,
        `  const style = document.createElement('style');`,
        `  style.dataset.monaco = '';`,
        `  style.textContent = css;`,
        `  document.head.append(style);`,
        `}`,
      ].join('\n');
    },
  };
}
