// Memory per running host, per interpreter: how much the page's renderer process grows when one more
// 掌控板 (MicroPython) or PC (CPython) program runs in the lesson's playground, in Chromium.
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../../tests/support/browser.ts';
import {
  installWorkerProbe,
  openPlayground,
  runAndTime,
  runEnded,
  workerLog,
  workersSettled,
} from '../lib/playground-driver.ts';
import { newContext } from '../lib/page-context.ts';
import { quantile } from '../lib/relay-client.ts';
import { pageRenderer, type RendererMemory } from '../lib/renderer-memory.ts';
import type { Suite } from '../lib/results.ts';
import { ensureDist, serveSite } from '../lib/site.ts';

const PAGE = '/board/server/';
const MiB = 2 ** 20;
/** Time after the workers are ready before memory is read, for freed memory to be given back. */
const SETTLE_MS = 2000;
/** Reads of the renderer's memory per point, 200 ms apart; the median is taken. */
const READS = 5;
/** Quick runs read sooner and fewer times: the figures are rougher, every step still runs. */
const QUICK_SETTLE_MS = 500;
const QUICK_READS = 3;

// Each host prints (with the interpreter's own view of its heap) and then waits, as a server does.
const HOSTS: Array<{ label: string; program: string; budgetMiB: number | null; code: string }> = [
  {
    label: '掌控板 host (MicroPython)',
    program: 'board_udp_server',
    budgetMiB: 25,
    code:
      'import gc, time\ngc.collect()\nprint("MARKER", gc.mem_alloc(), gc.mem_alloc() + gc.mem_free())\n' +
      'while True:\n    time.sleep(1)\n',
  },
  {
    label: 'PC host (CPython)',
    program: 'pc_udp_sender',
    budgetMiB: null,
    code: 'import time\nprint("MARKER")\nwhile True:\n    time.sleep(1)\n',
  },
];

const median = (xs: number[]) => quantile(Float64Array.from(xs).sort(), 0.5);
const mib = (n: number) => `${(n / MiB).toFixed(1)} MiB`;

export default {
  name: 'runtime-memory',
  title: 'Runtime: memory per running host, per interpreter',
  async run({ quick }) {
    const reps = quick ? 1 : 3;
    const settleMs = quick ? QUICK_SETTLE_MS : SETTLE_MS;
    const readsPerPoint = quick ? QUICK_READS : READS;
    const dist = await ensureDist();
    const served = await serveSite(dist);
    const browser = await chromium
      .launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS, '--js-flags=--expose-gc'] })
      .catch(async (err) => {
        await served.close();
        throw err;
      });
    try {
      const cdp = await browser.newBrowserCDPSession();
      type Grown = { rss: number[]; anon: number[]; said: string[]; freed: number[] };
      const grown: Record<string, Grown> = Object.fromEntries(
        HOSTS.map((h) => [h.program, { rss: [], anon: [], said: [], freed: [] }]),
      );
      const baseline: number[] = [];
      for (let rep = 0; rep < reps; rep++) {
        const context = await newContext(browser);
        await context.addInitScript(installWorkerProbe);
        try {
          const { page } = await openPlayground(context, served.origin + PAGE);
          /** Memory once the workers are ready and `settleMs` have passed: the median of the reads. */
          const settle = async () => {
            await workersSettled(page, settleMs);
            await page.evaluate(() => (globalThis as { gc?: () => void }).gc?.());
            const reads: RendererMemory[] = [];
            for (let i = 0; i < readsPerPoint; i++) {
              reads.push(await pageRenderer(cdp));
              await page.waitForTimeout(200);
            }
            reads.sort((a, b) => a.anon + a.shmem - b.anon - b.shmem);
            return reads[Math.floor(reads.length / 2)] as RendererMemory;
          };
          const stop = async (program: string) => {
            await page.click(`.pg-program[data-file="${program}"] button[data-action=stop]`);
            await runEnded(page, program);
          };
          // One run and stop of each first, so that one-off costs (the snapshot, the first world,
          // code paths run once) are behind us.
          for (const h of HOSTS) {
            await runAndTime(page, h.program, h.code);
            await stop(h.program);
          }
          let before = await settle();
          baseline.push(before.anon + before.shmem);
          for (const h of HOSTS) {
            await runAndTime(page, h.program, h.code);
            const after = await settle();
            if (after.pid !== before.pid) throw new Error('the page moved to another renderer process');
            grown[h.program]?.rss.push(after.rss - before.rss);
            grown[h.program]?.anon.push(after.anon + after.shmem - before.anon - before.shmem);
            const text = await page.evaluate(
              (name) =>
                (
                  document.querySelector('[data-udplab-playground]') as HTMLElement & {
                    udplab: { terminalText(name: string): string };
                  }
                ).udplab.terminalText(name),
              h.program,
            );
            grown[h.program]?.said.push(String(/udplab-bench-\S+ (.*)/.exec(text)?.[1] ?? '').trim());
            before = after;
          }
          // And back: each host stopped in turn (its worker ends; no replacement is started).
          for (const h of [...HOSTS].reverse()) {
            await stop(h.program);
            const stopped = await settle();
            grown[h.program]?.freed.push(before.anon + before.shmem - stopped.anon - stopped.shmem);
            before = stopped;
          }
          const workers = await workerLog(page);
          if (workers.some((w) => w.readyAt === null && w.terminatedAt === null))
            throw new Error('a worker never became ready');
        } finally {
          await context.close();
        }
      }
      return HOSTS.map((h) => {
        const g = grown[h.program] as Grown;
        const value = median(g.freed) / MiB;
        const pass = h.budgetMiB === null ? undefined : value <= h.budgetMiB;
        const said = g.said[0] ?? '';
        const [alloc, heap] = said.split(' ').map(Number);
        const inside =
          h.program !== 'board_udp_server'
            ? 'Pyodide does not report its heap from Python (sys.getallocatedblocks() is 0 there)'
            : Number.isFinite(alloc) && Number.isFinite(heap)
              ? `MicroPython's own count: ${(Number(alloc) / 1024).toFixed(0)} KiB of Python objects in a heap ` +
                `of ${mib(Number(heap))} (reserved; only the pages it touches are resident)`
              : 'MicroPython did not report its heap';
        return {
          figure: `${h.label}: memory per running host`,
          value,
          unit: 'MiB',
          better: 'lower',
          ...(h.budgetMiB === null ? {} : { budget: `≤ ${h.budgetMiB} MiB`, pass }),
          how:
            `What one running host holds: the renderer process's resident private memory (RssAnon + ` +
            `RssShmem in /proc: heaps, wasm memories, SharedArrayBuffers; file-backed pages such as shared ` +
            `libraries left out) given back when ${h.program}, running a program that printed and sleeps ` +
            `in a loop, is stopped — its worker ends and none replaces it. ${PAGE} in Chromium, after one ` +
            `warm-up run and Stop of each program; every read once all workers are ready, ${settleMs} ms ` +
            `later, after a gc() of the page, the median of ${readsPerPoint} reads 200 ms apart. ${reps} page(s): ` +
            `${g.freed.map((x) => (x / MiB).toFixed(1)).join(', ')} MiB. Cross-check, growth when it ` +
            `started (the pool's ready worker taken, a replacement loaded): ` +
            `${g.anon.map((x) => (x / MiB).toFixed(1)).join(', ')} MiB — noisier, as the worker loaded ` +
            `just before still gives memory back then. ${inside}. The renderer's private memory before: ` +
            `${mib(median(baseline))}.`,
          ...(pass === false
            ? {
                note: `Over budget: the growth is the MicroPython worker's wasm memory and JS heap; see the interpreter's own count above.`,
              }
            : {}),
        };
      });
    } finally {
      await browser.close();
      await served.close();
    }
  },
} satisfies Suite;
