// Run → first output in a lesson's playground, per runtime, cold and warm, and how long a pooled
// interpreter worker takes to be ready: Chromium on our static server, driving the real UI.
import os from 'node:os';
import { launchBrowser } from '../../tests/support/browser.ts';
import {
  installWorkerProbe,
  interpreterFetches,
  openPlayground,
  replacementReady,
  runAndTime,
  runEnded,
  workerLog,
  workersSettled,
  type Fetch,
  type RunTiming,
  type WorkerRecord,
} from '../lib/playground-driver.ts';
import { nodeFirstOutput } from '../lib/node-runtime.ts';
import { newContext } from '../lib/page-context.ts';
import { quantile } from '../lib/relay-client.ts';
import type { Figure, Suite } from '../lib/results.ts';
import { ensureDist, serveSite } from '../lib/site.ts';

/** The program each Run executes: one line of output, nothing else. */
const CODE = 'print("MARKER")';

type Runtime = 'cpython' | 'micropython';

const CASES: Array<{
  key: string;
  label: string;
  runtime: Runtime;
  page: string;
  program: string;
  coldMs: number;
  warmMs: number;
}> = [
  {
    key: 'board',
    label: '掌控板 host (MicroPython)',
    runtime: 'micropython',
    page: '/board/server/',
    program: 'board_udp_server',
    coldMs: 300,
    warmMs: 50,
  },
  {
    key: 'pc',
    label: 'PC host (CPython)',
    runtime: 'cpython',
    page: '/projects/chat/',
    program: 'chat_server',
    coldMs: 1500,
    warmMs: 50,
  },
];

/**
 * Every program of a playground, Run one after the other as a learner does (each clicked once the
 * previous one's output is drawn), in a page whose prewarm has finished. The lessons' largest
 * playgrounds have two programs; the third Run is the first program again, 2 s later (a learner's
 * re-run after a look at the output), which takes a worker the pool loaded after the second Run.
 */
const SEQUENCES: Array<{
  label: string;
  page: string;
  runs: Array<{ program: string; runtime: Runtime; pauseMs: number }>;
}> = [
  {
    label: 'chat (PC + PC, CPython ×2)',
    page: '/projects/chat/',
    runs: [
      { program: 'chat_server', runtime: 'cpython', pauseMs: 0 },
      { program: 'chat_client', runtime: 'cpython', pauseMs: 0 },
      { program: 'chat_server', runtime: 'cpython', pauseMs: 2000 },
    ],
  },
  {
    label: 'board server (掌控板 + PC, MicroPython + CPython)',
    page: '/board/server/',
    runs: [
      { program: 'board_udp_server', runtime: 'micropython', pauseMs: 0 },
      { program: 'pc_udp_sender', runtime: 'cpython', pauseMs: 0 },
      { program: 'board_udp_server', runtime: 'micropython', pauseMs: 2000 },
    ],
  },
];
const ORDINAL = ['first', 'second', 'third'];

const median = (xs: number[]) => quantile(Float64Array.from(xs).sort(), 0.5);
const ms = (n: number) => `${Math.round(n)} ms`;
const list = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');

interface Cold {
  run: RunTiming;
  workers: WorkerRecord[];
  readyAt: number;
  scrolledAt: number;
  fetches?: Fetch[];
}

/** What the cold click waited for: each runtime's first worker, relative to the click. */
function waited(c: Cold) {
  const first = (rt: string) => c.workers.find((w) => w.runtime === rt);
  return ['micropython', 'cpython']
    .map((rt) => {
      const w = first(rt);
      if (!w || w.readyAt === null) return null;
      const at = w.readyAt - c.run.clickAt;
      return `${rt} worker ready ${at <= 0 ? `${ms(-at)} before` : `${ms(at)} after`} the click`;
    })
    .filter(Boolean)
    .join(', ');
}

export default {
  name: 'runtime-start',
  title: 'Runtime: Run → first output, and interpreter workers ready',
  async run({ quick }) {
    const reps = quick ? 1 : 5;
    const warmRuns = quick ? 1 : 3;
    const load0 = os.loadavg()[0] ?? NaN;
    // Anchor: the same runtime in Node worker_threads (no page, no UI), in this run.
    const inNode: Partial<Record<Runtime, { readyMs: number; firstOutputMs: number[] } | Error>> = {};
    for (const rt of ['micropython', 'cpython'] as const) {
      inNode[rt] = await nodeFirstOutput(rt, quick ? 1 : 5).catch((err: Error) => err);
    }
    const nodeWarm = (rt: Runtime) => {
      const n = inNode[rt];
      return n instanceof Error || !n ? null : median(n.firstOutputMs);
    };
    const nodeNote = (rt: Runtime) => {
      const n = inNode[rt];
      if (!n) return '';
      if (n instanceof Error) return ` The Node anchor failed: ${n.message.split('\n')[0]}.`;
      return (
        ` Anchor: the same kernel and interpreter in Node worker_threads, startProgram → first stdout ` +
        `after its pool's worker is ready: ${list(n.firstOutputMs)} ms.`
      );
    };
    const dist = await ensureDist();
    const served = await serveSite(dist);
    const browser = await launchBrowser().catch(async (err) => {
      await served.close();
      throw err;
    });
    try {
      const figures: Figure[] = [];
      const ready: Record<
        'mpFirst' | 'mpRefill' | 'cpShipped' | 'cpFresh' | 'cpSnapshotPage' | 'cpSnapshotStored',
        WorkerRecord[]
      > = {
        mpFirst: [],
        mpRefill: [],
        cpShipped: [],
        cpFresh: [],
        cpSnapshotPage: [],
        cpSnapshotStored: [],
      };
      for (const c of CASES) {
        const url = served.origin + c.page;
        const cold: Cold[] = [];
        const prewarmed: Cold[] = [];
        const secondVisit: Cold[] = [];
        const warm: RunTiming[] = [];
        for (let rep = 0; rep < reps; rep++) {
          // Cold: a fresh profile (no HTTP cache, no stored Pyodide snapshot); the learner scrolls to the
          // playground and clicks Run as soon as it is interactive.
          const context = await newContext(browser);
          await context.addInitScript(installWorkerProbe);
          try {
            const opened = await openPlayground(context, url);
            const run = await runAndTime(opened.page, c.program, CODE);
            await runEnded(opened.page, c.program);
            const fetches = await interpreterFetches(opened.page);
            await replacementReady(opened.page, c.runtime, run.clickAt);
            // Warm: the next Runs of the same program, each once the previous has exited and the
            // worker the pool started to replace the used one is ready.
            for (let i = 0; i < warmRuns; i++) {
              const timing = await runAndTime(opened.page, c.program, CODE);
              warm.push(timing);
              await runEnded(opened.page, c.program);
              await replacementReady(opened.page, c.runtime, timing.clickAt);
            }
            const workers = await workerLog(opened.page);
            cold.push({ run, workers, readyAt: opened.readyAt, scrolledAt: opened.scrolledAt, fetches });
            for (const w of workers) {
              if (w.readyAt === null) continue;
              const first = workers.find((x) => x.runtime === w.runtime) === w;
              if (w.runtime === 'micropython') (first ? ready.mpFirst : ready.mpRefill).push(w);
              else if (!first) ready.cpSnapshotPage.push(w);
              else (w.snapshot ? ready.cpShipped : ready.cpFresh).push(w);
            }
            await opened.page.close();
            if (quick) continue;
            // The same learner opening the lesson again: HTTP cache and stored snapshot in place.
            const again = await openPlayground(context, url);
            const run2 = await runAndTime(again.page, c.program, CODE);
            const workers2 = await workerLog(again.page);
            secondVisit.push({
              run: run2,
              workers: workers2,
              readyAt: again.readyAt,
              scrolledAt: again.scrolledAt,
            });
            const firstCp = workers2.find((w) => w.runtime === 'cpython');
            if (firstCp?.snapshot && firstCp.readyAt !== null) ready.cpSnapshotStored.push(firstCp);
          } finally {
            await context.close();
          }
          if (quick) continue;
          // First Run after the prewarm had time: fresh profile, Run once every worker is ready.
          const context2 = await newContext(browser);
          await context2.addInitScript(installWorkerProbe);
          try {
            const opened = await openPlayground(context2, url);
            await workersSettled(opened.page, 500);
            const run = await runAndTime(opened.page, c.program, CODE);
            const workers = await workerLog(opened.page);
            prewarmed.push({ run, workers, readyAt: opened.readyAt, scrolledAt: opened.scrolledAt });
          } finally {
            await context2.close();
          }
        }

        const coldMedian = median(cold.map((x) => x.run.toPaint));
        const mid = [...cold].sort((a, b) => a.run.toPaint - b.run.toPaint)[
          Math.floor((cold.length - 1) / 2)
        ] as Cold;
        const hadTime = cold.filter((x) =>
          x.workers.some((w) => w.runtime === c.runtime && w.readyAt !== null && w.readyAt <= x.run.clickAt),
        ).length;
        const coldPass = coldMedian <= c.coldMs;
        const coldHow =
          `Chromium on our static server, fresh profile each time (empty HTTP cache, no stored Pyodide ` +
          `snapshot); ${c.page} opened, its playground scrolled into view (which loads the UI and starts the ` +
          `prewarm of every runtime the scenario uses), and as soon as it is interactive (editor and terminal ` +
          `shown, median ${ms(median(cold.map((x) => x.readyAt - x.scrolledAt)))} after the scroll) ` +
          `\`${CODE.replace('MARKER', '…')}\` is put in ${c.program}'s editor and Run clicked; timed from the ` +
          `click to the output drawn in the terminal's rows (MutationObserver on xterm.js's DOM; in its text ` +
          `a median ${ms(median(cold.map((x) => x.run.toPaint - x.run.toText)))} earlier). ${reps} page(s): ` +
          `${list(cold.map((x) => x.run.toPaint))} ms. This host's own interpreter (${c.runtime}) was ready ` +
          `before the click in ${hadTime} of ${reps}; in the median run: ${waited(mid)}, program handed to its worker ` +
          `${mid.run.toStart === null ? '?' : ms(mid.run.toStart)} after the click.`;
        const waitedForPrewarm = (mid.run.toStart ?? 0) > mid.run.toPaint / 2;
        const coldNote = coldPass
          ? undefined
          : !waitedForPrewarm
            ? warmLimits([mid.run], mid.run.toPaint, nodeWarm(c.runtime), load0, c.runtime)
            : `Not met: Run waits for the prewarm of the program's own interpreter (mount.ts), so the ` +
              `click waits for it to load: ${waited(mid)}; the program reached its worker ${mid.run.toStart === null ? '?' : ms(mid.run.toStart)} ` +
              `after the click and printed ${ms(mid.run.toPaint - (mid.run.toStart ?? 0))} later.` +
              (prewarmed.length
                ? ` Once the prewarm has finished, the first Run takes ${ms(median(prewarmed.map((x) => x.run.toPaint)))} (below).`
                : ' (Quick runs skip the first Run after the prewarm.)') +
              ` Worker load times are under "worker ready".` +
              (c.runtime === 'cpython' ? ' ' + cpythonColdTimeline(mid) : '');
        const warmMedian = median(warm.map((r) => r.toPaint));
        const warmPass = warmMedian <= c.warmMs;
        figures.push(
          {
            figure: `${c.label}: Run → first output, cold`,
            value: coldMedian,
            unit: 'ms',
            better: 'lower',
            budget: `≤ ${c.coldMs} ms`,
            pass: coldPass,
            how: coldHow,
            ...(coldNote ? { note: coldNote } : {}),
          },
          {
            figure: `${c.label}: Run → first output, warm`,
            value: warmMedian,
            unit: 'ms',
            ...(nodeWarm(c.runtime) === null
              ? {}
              : { anchor: 'same runtime in Node', anchorValue: nodeWarm(c.runtime) ?? NaN }),
            better: 'lower',
            budget: `≤ ${c.warmMs} ms`,
            pass: warmPass,
            how:
              `The ${warmRuns} Runs after the cold one in the same pages, each clicked once the previous ` +
              `run had exited and the worker the pool started to replace the used one was ready (so a ` +
              `loaded interpreter waits); ${warm.length} runs: ${list(warm.map((r) => r.toPaint))} ms ` +
              `(to the text: median ${ms(median(warm.map((r) => r.toText)))}). Program handed to its ` +
              `worker a median ${ms(median(warm.map((r) => r.toStart ?? NaN)))} after the click.` +
              nodeNote(c.runtime),
            ...(warmPass
              ? {}
              : {
                  note: warmLimits(warm, warmMedian, nodeWarm(c.runtime), load0, c.runtime),
                }),
          },
        );
        if (prewarmed.length)
          figures.push({
            figure: `${c.label}: first Run after the prewarm`,
            value: median(prewarmed.map((x) => x.run.toPaint)),
            unit: 'ms',
            better: 'lower',
            how:
              `Fresh profile, page opened and scrolled as for cold, Run clicked once every worker the page ` +
              `started had reported ready (+0.5 s): ${list(prewarmed.map((x) => x.run.toPaint))} ms. The ` +
              `learner who reads for a few seconds before Run gets this.`,
          });
        if (secondVisit.length)
          figures.push({
            figure: `${c.label}: Run → first output, cold, second visit`,
            value: median(secondVisit.map((x) => x.run.toPaint)),
            unit: 'ms',
            better: 'lower',
            how:
              `The same profile opens the lesson again (HTTP cache${c.runtime === 'cpython' ? ' and the Pyodide snapshot in Cache Storage' : ''} in place) ` +
              `and clicks Run as soon as the playground is interactive: ${list(secondVisit.map((x) => x.run.toPaint))} ms; ` +
              `${secondVisit.map(waited)[Math.floor((secondVisit.length - 1) / 2)] ?? ''}.`,
          });
      }

      for (const seq of SEQUENCES) {
        const byRun: RunTiming[][] = seq.runs.map(() => []);
        for (let rep = 0; rep < (quick ? 1 : reps); rep++) {
          const context = await newContext(browser);
          await context.addInitScript(installWorkerProbe);
          try {
            const opened = await openPlayground(context, served.origin + seq.page);
            await workersSettled(opened.page, 500);
            for (const [i, r] of seq.runs.entries()) {
              if (r.pauseMs) await opened.page.waitForTimeout(r.pauseMs);
              byRun[i]?.push(await runAndTime(opened.page, r.program, CODE));
            }
          } finally {
            await context.close();
          }
        }
        for (const [i, r] of seq.runs.entries()) {
          const runs = byRun[i] ?? [];
          const value = median(runs.map((x) => x.toPaint));
          figures.push({
            figure: `${seq.label}: ${ORDINAL[i]} Run (${r.program}) → first output, every program warm`,
            value,
            unit: 'ms',
            better: 'lower',
            budget: '≤ 100 ms',
            pass: value <= 100,
            how:
              `Fresh profile, Run clicked once every worker the prewarm started was ready (+0.5 s); the Runs ` +
              `follow each other as soon as the previous output is drawn` +
              (r.pauseMs ? ` (this one ${r.pauseMs / 1000} s later)` : '') +
              `: ${list(runs.map((x) => x.toPaint))} ms; program handed to its worker a median ` +
              `${ms(median(runs.map((x) => x.toStart ?? NaN)))} after the click.`,
          });
        }
      }

      const readyMs = (ws: WorkerRecord[]) => ws.map((w) => (w.readyAt as number) - w.created);
      const nodeReady = (rt: Runtime) => {
        const n = inNode[rt];
        return n instanceof Error || !n ? null : n.readyMs;
      };
      const kinds: Array<[string, WorkerRecord[], string, number | null]> = [
        [
          'MicroPython worker, first of the page',
          ready.mpFirst,
          'started by the prewarm',
          nodeReady('micropython'),
        ],
        ['MicroPython worker, pool refill', ready.mpRefill, 'started when a Run took the ready one', null],
        [
          'CPython worker, first visit (the build’s snapshot)',
          ready.cpShipped,
          'the first worker of a fresh profile, restored from the memory snapshot `astro build` ships ' +
            '(made in Node with the same boot options), downloaded by the prefetch while the UI loads',
          null,
        ],
        [
          'CPython worker, first visit (makes the snapshot)',
          ready.cpFresh,
          'no snapshot shipped (UDPLAB_NO_SNAPSHOT build) or it failed to load: Pyodide boots from its ' +
            'files, then takes the memory snapshot later workers start from',
          null,
        ],
        [
          'CPython worker, from the page’s snapshot',
          ready.cpSnapshotPage,
          'pool refills after the first',
          nodeReady('cpython'),
        ],
        [
          'CPython worker, second visit (stored snapshot)',
          ready.cpSnapshotStored,
          'the first worker of a page opened again: snapshot from Cache Storage',
          null,
        ],
      ];
      for (const [figure, ws, what, anchorMs] of kinds) {
        if (ws.length === 0) continue;
        const own = ws.map((w) => w.loadMs ?? NaN);
        figures.push({
          figure: `worker ready: ${figure}`,
          value: median(readyMs(ws)),
          unit: 'ms',
          ...(anchorMs === null ? {} : { anchor: 'first prewarm in Node', anchorValue: anchorMs }),
          better: 'lower',
          how:
            `From \`new Worker\` to its \`ready\` message, seen by the page (a probe wraps Worker); ${what}. ` +
            `${ws.length} workers from the runs above: ${list(readyMs(ws))} ms; inside the worker, from ` +
            `\`init\` to ready: median ${ms(median(own))}. Workers of a page load side by side (the board ` +
            `lesson prewarms MicroPython and CPython at once on 2 shared cores).` +
            (anchorMs === null
              ? ''
              : ` Anchor: a fresh kernel's first prewarm in Node worker_threads in this run (CPython from ` +
                `the snapshot file the runtime keeps in node_modules/.cache/udp-lab/).`),
        });
      }
      return figures;
    } finally {
      await browser.close();
      await served.close();
    }
  },
} satisfies Suite;

/**
 * Where a cold PC Run's time went in one page, from the scroll that starts everything: the
 * prefetch's downloads, the pool reading the snapshot, the first CPython worker, the click and the
 * output.
 */
function cpythonColdTimeline(c: Cold) {
  const at = (t: number) => ms(t - c.scrolledAt);
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const fetches = c.fetches ?? [];
  const prefetch = fetches.filter((f) => f.file.startsWith('pyodide/') && f.transferSize > 0);
  const fromCache = fetches.filter((f) => f.file.startsWith('pyodide/') && f.transferSize === 0);
  const worker = c.workers.find((w) => w.runtime === 'cpython');
  const parts = [
    ...prefetch.map(
      (f) =>
        `${f.file.slice('pyodide/'.length)} requested at ${at(f.start)}, first byte ${at(f.firstByte)}, ` +
        `in at ${at(f.end)} (${mb(f.transferSize)} over the wire, ${mb(f.decodedSize)} decoded)`,
    ),
    ...fromCache.map(
      (f) => `${f.file.slice('pyodide/'.length)} read again from the HTTP cache ${at(f.start)}–${at(f.end)}`,
    ),
    `playground interactive at ${at(c.readyAt)}`,
    worker
      ? `first CPython worker created at ${at(worker.created)}` +
        (worker.snapshot ? ' (from the shipped snapshot)' : ' (booting from files)') +
        (worker.readyAt === null
          ? ''
          : `, ready at ${at(worker.readyAt)} (inside it, init → ready ${ms(worker.loadMs ?? NaN)})`)
      : 'no CPython worker',
    `Run clicked at ${at(c.run.clickAt)}`,
    `output drawn at ${at(c.run.clickAt + c.run.toPaint)}`,
  ];
  return (
    `Timeline of that run, ms after the scroll: ${parts.join('; ')}. What a restoring worker's ` +
    'load is made of (module import, wasm instantiation, restore, our boot code) is measured in ' +
    'bench/README.md, "Cold Run on a PC host".'
  );
}

/**
 * Where a warm run's time goes, phase by phase, and which phase limits it.
 * @param total median ms
 */
function warmLimits(warm: RunTiming[], total: number, inNode: number | null, load0: number, runtime: string) {
  const phases: Array<[string, number]> = [
    [
      'the page, from the click to the program posted to its worker',
      median(warm.map((r) => r.toStart ?? NaN)),
    ],
    [
      'the worker, from the program posted to its output in the terminal',
      median(warm.map((r) => r.toText - (r.toStart ?? 0))),
    ],
    ['xterm.js, from the text to the rows it draws', median(warm.map((r) => r.toPaint - r.toText))],
  ];
  const [worst] = [...phases].sort((a, b) => Number(b[1]) - Number(a[1]));
  const refill = median(warm.map((r) => r.toRefill ?? NaN));
  return (
    `Not met. Where the median ${ms(total)} goes: ${phases.map(([what, t]) => `${what} ${ms(Number(t))}`).join('; ')}. ` +
    `The largest part is ${worst?.[0]}.` +
    (inNode === null
      ? ''
      : ` The same runtime in Node, with no page, prints ${ms(inNode)} after startProgram.`) +
    (Number.isFinite(refill)
      ? ` The pool creates the replacement worker ${ms(refill)} after the click, so it loads an ` +
        `interpreter while this run prints and draws on the ${os.cpus().length} cores` +
        ` (load average ${load0.toFixed(1)} when the suite started, ${(os.loadavg()[0] ?? NaN).toFixed(1)} now).`
      : '') +
    (runtime === 'cpython'
      ? ' Instrumented A/B and a Chromium trace (bench/README.md, "Warm Run on a PC host") found two ' +
        "large parts, both fixed on 2026-12-01: the refill's copy of the Pyodide snapshot on the " +
        "page's thread (now shared memory) and V8 compiling the restored interpreter again in every " +
        'refill while the program waited (now the page hands each worker the compiled module); ' +
        'deferring the refill changed nothing measurable.'
      : ' A Chromium trace of warm board Runs (bench/README.md, "Warm Run on a 掌控板 host") showed ' +
        "the worker's run task at 28 ms, most of it V8 compiling the run path's JavaScript lazily; " +
        'since 2026-12-01 each MicroPython worker runs a warm-up program before ready (to the text ' +
        '34 → 27 ms median) and gets the compiled module from the page. What is left is mostly the ' +
        "frame: xterm.js draws in the next animation frame, and the page's frame work at the click " +
        '(style, layout, paint of the panel) takes 10–35 ms on these 2 cores.')
  );
}
