// Check → verdict in the page: Chromium on the lesson that holds the 30 %-loss exercise
// (lossy-pinger, three seeds), the model solution in its editor, the Check button clicked warm —
// after a first Check, once every interpreter worker the page started is ready and the pool has
// been quiet. The anchor is the same Check in Node with enough ready workers (what `check-verdict`
// measures), in this run. `UDPLAB_BENCH_BEFORE_DIST=DIR` measures a second build too (e.g. the one
// before a change), alternating pages of both builds, so that before and after share one run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../../tests/support/browser.ts';
import { EXERCISES_DIR, checkInNode, filesOf, loadExercise } from '../../site/runtime/exercise/check-node.ts';
import { workersFor } from '../../site/runtime/exercise/check-exercise.ts';
import { createNodeKernel } from '../../site/runtime/runner/run-node.ts';
import { installWorkerProbe, workersSettled } from '../lib/playground-driver.js';
import { pageRenderer } from '../lib/renderer-memory.js';
import { ensureDist, serveSite } from '../lib/site.js';

const EXERCISE = 'lossy-pinger';
const PAGE = '/projects/vvboard-pc/';
const SEL = `#ex-${EXERCISE}`;
const LEARNER = 'pinger.py';
const median = (/** @type {number[]} */ xs) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const list = (/** @type {number[]} */ xs) => xs.map((x) => Math.round(x)).join(', ');

/**
 * @typedef {object} CheckTiming
 * @property {number} toVerdict ms from the click until the verdict is in the result panel
 * @property {number} engineMs the checker's own wallMs (checkExercise start → verdict)
 * @property {number} spawned workers the pool started during the Check (loaded on demand, or refills)
 * @property {boolean} passed
 */

/**
 * Clicks Check and times it to the shown verdict.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<CheckTiming>}
 */
function clickCheck(page) {
  return page.evaluate(
    (sel) =>
      new Promise((resolve, reject) => {
        const root = /** @type {any} */ (document.querySelector(sel));
        const box = /** @type {HTMLElement} */ (root.querySelector('[data-ex-result]'));
        const button = /** @type {HTMLButtonElement} */ (root.querySelector('button[data-action=check]'));
        box.removeAttribute('data-passed');
        const log = /** @type {any[]} */ (/** @type {any} */ (globalThis).__udplabWorkers ?? []);
        let clickAt = 0;
        const observer = new MutationObserver(() => {
          if (!box.hasAttribute('data-passed')) return;
          const at = performance.now();
          observer.disconnect();
          clearTimeout(timer);
          resolve({
            toVerdict: at - clickAt,
            engineMs: root.udplab.verdict()?.wallMs ?? NaN,
            spawned: log.filter((w) => w.created >= clickAt && w.created <= at).length,
            passed: box.dataset['passed'] === 'true',
          });
        });
        observer.observe(box, { attributes: true, attributeFilter: ['data-passed'] });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`no verdict 120 s after Check (${root.dataset['exState']})`));
        }, 120_000);
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            clickAt = performance.now();
            button.click();
          }),
        );
      }),
    SEL,
  );
}

/**
 * One page of `origin`: the model solution, a first Check (the interpreters load), then `warm`
 * Checks, each once the page's workers are all ready and quiet.
 * @param {import('playwright-core').Browser} browser
 * @param {string} origin
 * @param {string} code
 * @param {number} warm
 * @param {import('playwright-core').CDPSession} cdp the browser's session (renderer memory)
 */
async function measurePage(browser, origin, code, warm, cdp) {
  const context = await browser.newContext();
  await context.addInitScript(installWorkerProbe);
  try {
    const page = await context.newPage();
    await page.goto(origin + PAGE, { waitUntil: 'load' });
    await page.locator(SEL).scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.getAttribute('data-ex-state') === 'idle',
      SEL,
      {
        timeout: 120_000,
      },
    );
    await page.evaluate(
      ([sel, name, text]) =>
        /** @type {any} */ (document.querySelector(/** @type {string} */ (sel))).udplab
          .editor(name)
          .setValue(text),
      [SEL, LEARNER, code],
    );
    const first = await clickCheck(page);
    /** @type {CheckTiming[]} */
    const warmChecks = [];
    /** @type {number[]} */
    const readyIdle = [];
    /** @type {number[]} */
    const memory = [];
    for (let i = 0; i < warm; i++) {
      // The pool refills in the background (one worker at a time, after a quiet spell): a learner
      // who reads the verdict first finds every worker the page keeps ready.
      await page.waitForTimeout(6000);
      await workersSettled(page, 1000);
      readyIdle.push(
        await page.evaluate(
          () =>
            /** @type {any[]} */ (/** @type {any} */ (globalThis).__udplabWorkers).filter(
              (w) =>
                w.runtime === 'cpython' &&
                w.readyAt !== null &&
                w.started === null &&
                w.terminatedAt === null,
            ).length,
        ),
      );
      const renderer = await pageRenderer(cdp);
      memory.push((renderer.anon + renderer.shmem) / 2 ** 20);
      warmChecks.push(await clickCheck(page));
    }
    return { first, warm: warmChecks, readyIdle, memory };
  } finally {
    await context.close();
  }
}

/** The Node anchor: the same Check with every worker ready (as `check-verdict`), median of `n`. */
async function nodeAnchor(n) {
  const loaded = loadExercise(join(EXERCISES_DIR, EXERCISE));
  const files = filesOf(loaded, loaded.exercise.solution);
  const need = workersFor(loaded.exercise, /** @type {any} */ (loaded.exercise.scenario));
  const kernel = await createNodeKernel({ poolSize: need, refillDelayMs: 30_000 });
  const times = [];
  try {
    for (let i = 0; i <= n; i++) {
      await kernel.prewarm('cpython', need.cpython, true);
      const verdict = await checkInNode(loaded, files, { kernel });
      if (!verdict.passed) throw new Error('the model solution failed in Node');
      if (i > 0) times.push(verdict.wallMs);
    }
  } finally {
    await kernel.dispose();
  }
  return median(times);
}

export default {
  name: 'check-page',
  title: 'Exercise Check → verdict in the page (Chromium): 30 % loss, three seeds, warm',
  /** @param {{ quick: boolean }} options @returns {Promise<import('../lib/results.js').Figure[]>} */
  async run({ quick }) {
    const code = readFileSync(join(EXERCISES_DIR, EXERCISE, 'solution.py'), 'utf8');
    const builds = [{ label: 'this build', dist: await ensureDist() }];
    const before = process.env['UDPLAB_BENCH_BEFORE_DIST'];
    if (before) builds.unshift({ label: `build in ${before}`, dist: before });
    const served = await Promise.all(builds.map((b) => serveSite(b.dist)));
    const browser = await launchBrowser().catch(async (err) => {
      await Promise.all(served.map((s) => s.close()));
      throw err;
    });
    const pages = quick ? 1 : 2;
    const warm = quick ? 1 : 3;
    /** @type {{ first: CheckTiming[], warm: CheckTiming[], readyIdle: number[], memory: number[] }[]} */
    const got = builds.map(() => ({ first: [], warm: [], readyIdle: [], memory: [] }));
    try {
      const cdp = await browser.newBrowserCDPSession();
      // Pages of the builds alternate, so that both see the same load on the shared machine.
      for (let rep = 0; rep < pages; rep++) {
        for (const [i, s] of served.entries()) {
          const r = await measurePage(browser, s.origin, code, warm, cdp);
          const into = /** @type {(typeof got)[number]} */ (got[i]);
          into.first.push(r.first);
          into.warm.push(...r.warm);
          into.readyIdle.push(...r.readyIdle);
          into.memory.push(...r.memory);
        }
      }
    } finally {
      await browser.close();
      await Promise.all(served.map((s) => s.close()));
    }
    const anchorRuns = quick ? 1 : 5;
    const anchor = await nodeAnchor(anchorRuns);
    for (const g of got)
      if ([...g.first, ...g.warm].some((c) => !c.passed))
        throw new Error('the model solution failed in the page');
    return builds.flatMap((b, i) => {
      const g = /** @type {(typeof got)[number]} */ (got[i]);
      const value = median(g.warm.map((c) => c.toVerdict));
      return [
        {
          figure: `Check → verdict in the page, lossy-pinger, 3 seeds, warm (${b.label})`,
          value,
          unit: 'ms',
          anchor: `the same Check in Node, every worker ready (median of ${anchorRuns})`,
          anchorValue: anchor,
          better: /** @type {const} */ ('lower'),
          budget: '≤ 1 000 ms',
          pass: value <= 1000,
          how:
            `${PAGE}, the model solution set in pinger.py's editor, Check clicked; click → the result panel's ` +
            `data-passed. Median of ${g.warm.length} warm Checks on ${pages} fresh page(s), each after the ` +
            `first Check and once every worker the page started was ready and quiet for 1 s: ${list(g.warm.map((c) => c.toVerdict))} ms; ` +
            `of which the checker itself (verdict.wallMs): ${list(g.warm.map((c) => c.engineMs))} ms; ` +
            `workers the pool started during each Check (loaded while it waited, or refills): ${g.warm.map((c) => c.spawned).join(', ')}; ` +
            `ready CPython workers at each click: ${g.readyIdle.join(', ')}.`,
        },
        {
          figure: `the page's renderer memory before a warm Check, workers ready (${b.label})`,
          value: median(g.memory),
          unit: 'MiB',
          how:
            `Resident private memory (RssAnon + RssShmem in /proc) of the page's renderer process, workers ` +
            `included, just before each warm Check: ${list(g.memory)} MiB. The price of the ready interpreters ` +
            '(≈ 100 MiB per CPython worker: runtime-memory).',
        },
        {
          figure: `Check → verdict in the page, first Check (interpreters loading) (${b.label})`,
          value: median(g.first.map((c) => c.toVerdict)),
          unit: 'ms',
          how:
            `The first Check of each page, clicked as soon as the exercise was interactive: ` +
            `${list(g.first.map((c) => c.toVerdict))} ms (checker ${list(g.first.map((c) => c.engineMs))} ms, ` +
            `workers started ${g.first.map((c) => c.spawned).join(', ')}).`,
        },
      ];
    });
  },
};
