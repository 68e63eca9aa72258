// Check → verdict in the page: Chromium on the lesson that holds the 30 %-loss exercise
// (lossy-pinger, three seeds), the model solution in its editor, the Check button clicked warm —
// after a first Check, once every interpreter worker the page started is ready and the pool has
// been quiet. The anchor is the same Check in Node with enough ready workers (what `check-verdict`
// measures), in this run. `UDPLAB_BENCH_BEFORE_DIST=DIR` measures a second build too (e.g. the one
// before a change), alternating pages of both builds, so that before and after share one run.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../../tests/support/browser.ts';
import type { Browser, CDPSession, Page } from 'playwright-core';
import {
  EXERCISES_DIR,
  checkInNode,
  filesOf,
  loadExercise,
  readIn,
} from '../../site/runtime/exercise/node.ts';
import { scenarioOf, workersFor } from '../../site/runtime/exercise/index.ts';
import { createNodeKernel } from '../../site/runtime/runner/node.ts';
import { newContext } from '../lib/page-context.ts';
import { installWorkerProbe, workersSettled, type WorkerRecord } from '../lib/playground-driver.ts';
import { pageRenderer } from '../lib/renderer-memory.ts';
import type { Suite } from '../lib/results.ts';
import { ensureDist, serveSite } from '../lib/site.ts';

const EXERCISE = 'lossy-pinger';
const PAGE = '/projects/vvboard-pc/';
const SEL = `#ex-${EXERCISE}`;
const LEARNER = 'pinger.py';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
/** Before each warm Check: time for the pool's background refills (one worker at a time, after a quiet spell). */
const REFILL_WAIT_MS = 6000;
/** Quick runs click at once (the refills may still be loading): the Check still runs and must pass. */
const QUICK_REFILL_WAIT_MS = 0;
const list = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');

interface CheckTiming {
  /** ms from the click until the verdict is in the result panel */
  toVerdict: number;
  /** the checker's own wallMs (checkExercise start → verdict) */
  engineMs: number;
  /** workers the pool started during the Check (loaded on demand, or refills) */
  spawned: number;
  passed: boolean;
}

/** The exercise's handle on its root element, as the bench uses it. */
interface ExerciseHandle {
  editor(name: string): { setValue(text: string): void };
  verdict(): { wallMs: number } | null;
}
type ExerciseRoot = HTMLElement & { udplab: ExerciseHandle };
/** The worker probe's log on the page (playground-driver.ts). */
type Probed = typeof globalThis & { __udplabWorkers?: WorkerRecord[] };

/** Clicks Check and times it to the shown verdict. */
function clickCheck(page: Page): Promise<CheckTiming> {
  return page.evaluate(
    (sel) =>
      new Promise<CheckTiming>((resolve, reject) => {
        const root = document.querySelector(sel) as ExerciseRoot;
        const box = root.querySelector('[data-ex-result]') as HTMLElement;
        const button = root.querySelector('button[data-action=check]') as HTMLButtonElement;
        box.removeAttribute('data-passed');
        const log = (globalThis as Probed).__udplabWorkers ?? [];
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
 * @param cdp the browser's session (renderer memory)
 */
async function measurePage(
  browser: Browser,
  origin: string,
  code: string,
  { warm, refillWaitMs }: { warm: number; refillWaitMs: number },
  cdp: CDPSession,
) {
  const context = await newContext(browser);
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
      ([sel, name, text]) => (document.querySelector(sel) as ExerciseRoot).udplab.editor(name).setValue(text),
      [SEL, LEARNER, code] as const,
    );
    const first = await clickCheck(page);
    const warmChecks: CheckTiming[] = [];
    const readyIdle: number[] = [];
    const memory: number[] = [];
    for (let i = 0; i < warm; i++) {
      // The pool refills in the background (one worker at a time, after a quiet spell): a learner
      // who reads the verdict first finds every worker the page keeps ready.
      await page.waitForTimeout(refillWaitMs);
      await workersSettled(page, 1000);
      readyIdle.push(
        await page.evaluate(
          () =>
            ((globalThis as Probed).__udplabWorkers ?? []).filter(
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

/**
 * The Node anchor: the same Check with every worker ready (as `check-verdict`), median of `n` after
 * one that is not counted; with `n` 1 and `quick`, the only Check is counted.
 */
async function nodeAnchor(n: number, quick: boolean) {
  const loaded = loadExercise(join(EXERCISES_DIR, EXERCISE));
  const files = filesOf(loaded, loaded.exercise.solution);
  const { scenario } = await scenarioOf(loaded.exercise, readIn(loaded.dir));
  const need = workersFor(loaded.exercise, scenario);
  const kernel = await createNodeKernel({ poolSize: need, refillDelayMs: 30_000 });
  const times: number[] = [];
  try {
    for (let i = quick ? 1 : 0; i <= n; i++) {
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
    const refillWaitMs = quick ? QUICK_REFILL_WAIT_MS : REFILL_WAIT_MS;
    const got: { first: CheckTiming[]; warm: CheckTiming[]; readyIdle: number[]; memory: number[] }[] =
      builds.map(() => ({ first: [], warm: [], readyIdle: [], memory: [] }));
    try {
      const cdp = await browser.newBrowserCDPSession();
      // Pages of the builds alternate, so that both see the same load on the shared machine.
      for (let rep = 0; rep < pages; rep++) {
        for (const [i, s] of served.entries()) {
          const r = await measurePage(browser, s.origin, code, { warm, refillWaitMs }, cdp);
          const into = got[i] as (typeof got)[number];
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
    const anchor = await nodeAnchor(anchorRuns, quick);
    for (const g of got)
      if ([...g.first, ...g.warm].some((c) => !c.passed))
        throw new Error('the model solution failed in the page');
    return builds.flatMap((b, i) => {
      const g = got[i] as (typeof got)[number];
      const value = median(g.warm.map((c) => c.toVerdict));
      return [
        {
          figure: `Check → verdict in the page, lossy-pinger, 3 seeds, warm (${b.label})`,
          value,
          unit: 'ms',
          anchor: `the same Check in Node, every worker ready (median of ${anchorRuns})`,
          anchorValue: anchor,
          better: 'lower' as const,
          budget: '≤ 1 000 ms',
          pass: value <= 1000,
          how:
            `${PAGE}, the model solution set in pinger.py's editor, Check clicked; click → the result panel's ` +
            `data-passed. Median of ${g.warm.length} warm Checks on ${pages} fresh page(s), each after the ` +
            `first Check, ${refillWaitMs / 1000} s for the pool's refills and once every worker the page started was ready and quiet for 1 s: ${list(g.warm.map((c) => c.toVerdict))} ms; ` +
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
} satisfies Suite;
