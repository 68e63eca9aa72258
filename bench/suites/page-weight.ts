// Page weight: the JS and CSS a lesson page with playgrounds loads before any interaction, next to
// the same page without playgrounds (its plain twin), both loaded in Chromium from our own server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../../tests/support/browser.ts';
import { NETWORK_IDLE_MS, loadUntouched, shortName, total } from '../lib/page-load.ts';
import type { Figure, Suite } from '../lib/results.ts';
import { LESSON_PAGES, astroBuild, ensureDist, plainTwin, serveSite } from '../lib/site.ts';

const BUDGET = 1.25;
const KiB = 1024;

export default {
  name: 'page-weight',
  title: 'Pages: JS and CSS a lesson page with playgrounds loads before any interaction',
  async run({ quick }) {
    const dist = await ensureDist();
    const cleanup: Array<() => Promise<unknown>> = [];
    try {
      const served = await serveSite(dist);
      cleanup.push(() => served.close());
      // The anchor. Full runs build the site again with UDPLAB_STATIC_PLAYGROUNDS=1 (Playground.astro
      // then renders only its static fallback, no script) and load that build; quick runs load the
      // same page with those two tags removed on the fly (`plainTwin`), which full runs check is
      // byte-identical to the static build's page.
      let anchorOrigin = `${served.origin}/plain`;
      let anchorHow = 'the same page with its playground script and data removed as it is served (quick run)';
      const identical: string[] = [];
      if (!quick) {
        const outDir = mkdtempSync(path.join(os.tmpdir(), 'udp-lab-plain-'));
        cleanup.push(async () => rmSync(outDir, { recursive: true, force: true }));
        const built = await astroBuild({ outDir, env: { UDPLAB_STATIC_PLAYGROUNDS: '1' } }).catch(
          (err: Error) => err,
        );
        if (built instanceof Error) {
          // Keep measuring with the derived twin, and say why the build could not be used.
          const reason =
            built.message.split('\n').find((l) => /error|failed/i.test(l) && !l.startsWith('npx')) ?? '';
          anchorHow =
            `the same page with its playground script and data removed as it is served, because the ` +
            `UDPLAB_STATIC_PLAYGROUNDS=1 build failed (${reason.trim().slice(0, 200)})`;
        } else {
          const plain = await serveSite(outDir);
          cleanup.push(() => plain.close());
          anchorOrigin = plain.origin;
          for (const page of LESSON_PAGES) {
            const html = readFileSync(path.join(outDir, page, 'index.html'), 'utf8');
            const derived = plainTwin(readFileSync(path.join(dist, page, 'index.html'), 'utf8'));
            identical.push(
              `${page} ${html === derived ? 'identical' : `DIFFERENT (${firstDifference(html, derived)})`}`,
            );
          }
          anchorHow =
            `the same page from a second build with UDPLAB_STATIC_PLAYGROUNDS=1 (${built.toFixed(0)} s), whose ` +
            `Playground.astro renders only the static highlighted programs and no script; its HTML against ` +
            `dist/'s page with the two playground tags removed: ${identical.join(', ')}`;
        }
      }
      const browser = await launchBrowser();
      cleanup.push(() => browser.close());

      const figures: Figure[] = [];
      for (const page of LESSON_PAGES) {
        const lesson = await loadUntouched(browser, served.origin + page);
        const anchor = await loadUntouched(browser, anchorOrigin + page);
        const kib = (n: number) => `${(n / KiB).toFixed(1)} KiB`;
        const sum = (l: typeof lesson, t: 'script' | 'stylesheet') => ({
          gzip: total(l.files, t, 'gzip'),
          decoded: total(l.files, t, 'decoded'),
          transferred: total(l.files, t, 'transferred'),
          count: l.files.filter((f) => f.type === t).length,
        });
        const js = sum(lesson, 'script');
        const jsPlain = sum(anchor, 'script');
        const css = sum(lesson, 'stylesheet');
        const cssPlain = sum(anchor, 'stylesheet');
        const anchorUrls = new Set(anchor.files.map((f) => new URL(f.url).pathname));
        const extra = lesson.files.filter((f) => !anchorUrls.has(new URL(f.url).pathname));
        const heavy = lesson.files.filter((f) => /mount|monaco|xterm|pyodide|micropython/i.test(f.url));
        const ratio = js.gzip / jsPlain.gzip;
        const pass = ratio <= BUDGET;
        const how =
          `Chromium 1280×720, fresh context (empty cache), page loaded from our static server and left ` +
          `untouched (no scroll, no click) until load and then ${NETWORK_IDLE_MS} ms without a request; ` +
          `every script and stylesheet response counted, gzip = each body gzipped at level 6 here (what ` +
          `our server sent, compressed as the browser accepted: ${kib(js.transferred)} of JS transferred, ${kib(js.decoded)} decoded, in ` +
          `${js.count} files; the anchor ${kib(jsPlain.transferred)} / ${kib(jsPlain.decoded)} in ${jsPlain.count}). ` +
          `Anchor: ${anchorHow}. Only on the lesson page: ` +
          `${extra.map((f) => `${shortName(f.url)} ${kib(f.gzip)} gzip`).join(', ') || 'nothing'}; ` +
          `${heavy.length ? `the heavy UI was fetched (${heavy.map((f) => shortName(f.url)).join(', ')}), because the playground is within 600 px of the viewport` : 'no editor, terminal or interpreter was fetched (the playground is not near the viewport)'}.`;
        figures.push(
          {
            figure: `JS before interaction, ${page} (gzip)`,
            value: js.gzip / KiB,
            unit: 'KiB',
            anchor: 'plain twin',
            anchorValue: jsPlain.gzip / KiB,
            better: 'lower',
            budget: `≤ ${BUDGET} × plain`,
            pass,
            how,
            ...(pass
              ? {}
              : {
                  note: `Over budget by ${kib(js.gzip - BUDGET * jsPlain.gzip)}: the files only the lesson page loads are listed above.`,
                }),
          },
          {
            figure: `CSS before interaction, ${page} (gzip)`,
            value: css.gzip / KiB,
            unit: 'KiB',
            anchor: 'plain twin',
            anchorValue: cssPlain.gzip / KiB,
            better: 'lower',
            how: `Same loads; ${css.count} stylesheets (${kib(css.decoded)} decoded), the anchor ${cssPlain.count} (${kib(cssPlain.decoded)}). The playground's own CSS is injected by its lazy chunk, not linked.`,
          },
        );
      }
      return figures;
    } finally {
      for (const f of cleanup.reverse()) await f().catch(() => undefined);
    }
  },
} satisfies Suite;

/** Where two texts first differ, as a short quote of each (for a note). */
function firstDifference(a: string, b: string) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const quote = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 30), i + 50));
  return `at character ${i}: build ${quote(a)}, derived ${quote(b)}`;
}
