// A first visit's weight: what a lesson's first PC-host Run transfers (every byte our server sent,
// the page's and its workers' fetches alike, by file) and how long the click waits for the first
// output, in a fresh Chromium profile on 127.0.0.1, as `udp-lab serve` answers. UDPLAB_BENCH_BEFORE_DIST
// names an older build to measure in the same run (the anchor); without it there is none.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../../tests/support/browser.ts';
import type { Browser } from 'playwright-core';
import { FIRST_PC_RUN, countingServer, firstPcRun, type FirstRun } from '../lib/first-visit.ts';
import type { Suite } from '../lib/results.ts';
import { ensureDist } from '../lib/site.ts';

/** Issue 24's budgets for the first PC Run of a lesson on a first visit. */
const BYTES_BUDGET = 6_000_000;
const CLICK_TO_OUTPUT_BUDGET_MS = 1500;
/** A 掌控板 lesson: its first visit must not get heavier. Every playground with a board program has a
 * PC program too (no board-only playground exists), so its page prewarms Pyodide as well. */
const BOARD_RUN = { page: '/board/server/', program: 'board_udp_server' };
const MB = 1_000_000;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};

/** Measures `reps` first visits of a build. */
async function measure(browser: Browser, root: string, reps: number) {
  const served = await countingServer(root);
  try {
    const pc: FirstRun[] = [];
    const options = { precache: false };
    for (let i = 0; i < reps; i++) pc.push(await firstPcRun(browser, served, FIRST_PC_RUN, options));
    const board = await firstPcRun(browser, served, BOARD_RUN, options);
    return { pc, board };
  } finally {
    await served.close();
  }
}

/** The biggest files of a visit, as "name size encoding". */
const listing = (r: FirstRun | undefined) =>
  (r?.files ?? [])
    .slice(0, 6)
    .map(
      (f) =>
        `${path.basename(f.path) || f.path} ${(f.bytes / MB).toFixed(2)} MB${f.encoding ? ` ${f.encoding}` : ''}`,
    )
    .join(', ');

export default {
  name: 'first-visit',
  title: 'First visit: what the first PC Run of a lesson transfers, and how long its click waits',
  async run({ quick }) {
    const reps = quick ? 1 : 3;
    const dist = await ensureDist();
    const anchorDist = process.env['UDPLAB_BENCH_BEFORE_DIST'];
    const browser = await launchBrowser();
    try {
      const now = await measure(browser, dist, reps);
      const before =
        anchorDist && existsSync(path.join(anchorDist, 'index.html'))
          ? await measure(browser, anchorDist, reps)
          : null;
      const bytes = median(now.pc.map((r) => r.total));
      const ms = median(now.pc.map((r) => r.run.toPaint));
      const anchor = before ? { anchor: 'anchor build' } : {};
      const how =
        `${FIRST_PC_RUN.page}, fresh Chromium context each time (${reps}×, median), served by the relay's ` +
        `static handler on 127.0.0.1 (Chromium asks for br there); the playground scrolled into view, ` +
        `\`print(…)\` Run in ${FIRST_PC_RUN.program} as soon as it is interactive; bytes = response ` +
        `bodies the server wrote until 1.5 s without any, headers excluded; the service worker's precache of the course (item 2, sent 10 s after load when idle) held back in both builds. A file without a build-time twin is compressed on the first request (brotli 3–5 on the fly), which that visit waits for. Biggest: ${listing(now.pc[0])}.` +
        (before ? ` Anchor (${anchorDist}): ${listing(before.pc[0])}.` : '');
      return [
        {
          figure: 'First PC Run, first visit: bytes transferred',
          value: bytes / MB,
          unit: 'MB',
          ...anchor,
          ...(before ? { anchorValue: median(before.pc.map((r) => r.total)) / MB } : {}),
          better: 'lower',
          budget: `≤ ${BYTES_BUDGET / MB} MB`,
          pass: bytes <= BYTES_BUDGET,
          how,
          ...(bytes <= BYTES_BUDGET
            ? {}
            : {
                note:
                  "Pyodide's wasm (2.77 MB with brotli 11) and its memory snapshot (2.3 MB: ≈8.5 MB of live " +
                  'interpreter heap after boot) are most of it; see bench/RESULTS.md, "Issue 24: a lighter first visit".',
              }),
        },
        {
          figure: 'First PC Run, first visit: click → first output',
          value: ms,
          unit: 'ms',
          ...anchor,
          ...(before ? { anchorValue: median(before.pc.map((r) => r.run.toPaint)) } : {}),
          better: 'lower',
          budget: `≤ ${CLICK_TO_OUTPUT_BUDGET_MS} ms`,
          pass: ms <= CLICK_TO_OUTPUT_BUDGET_MS,
          how: `Same visits: from the click to the output drawn in the terminal (${now.pc.map((r) => Math.round(r.run.toPaint)).join(', ')} ms).`,
        },
        {
          figure: 'First PC Run, first visit: playground in view → first output',
          value: median(now.pc.map((r) => r.inViewToOutput)),
          unit: 'ms',
          ...anchor,
          ...(before ? { anchorValue: median(before.pc.map((r) => r.inViewToOutput)) } : {}),
          better: 'lower',
          how:
            `Same visits: from scrolling the playground into view (which loads its UI and starts the ` +
            `interpreter) to the output, Run clicked as soon as the playground is interactive ` +
            `(${now.pc.map((r) => Math.round(r.inViewToOutput)).join(', ')} ms). A build that is ` +
            `interactive sooner has its Run clicked while more of the interpreter is still on its way, so ` +
            `click → first output alone favours the slower page.`,
        },
        {
          figure: 'First 掌控板 Run, first visit: bytes transferred (its page has a PC program too)',
          value: now.board.total / MB,
          unit: 'MB',
          ...anchor,
          ...(before ? { anchorValue: before.board.total / MB } : {}),
          better: 'lower',
          budget: 'no heavier than the anchor',
          ...(before ? { pass: now.board.total <= before.board.total * 1.01 } : {}),
          how: `${BOARD_RUN.page}, ${BOARD_RUN.program} Run once in a fresh context. Biggest: ${listing(now.board)}.`,
        },
      ];
    } finally {
      await browser.close();
    }
  },
} satisfies Suite;
