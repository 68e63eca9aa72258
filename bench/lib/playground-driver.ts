// Drives a lesson's playground in Chromium as a learner does (scroll to it, put code in the editor,
// click Run, watch the terminal), with a probe that timestamps the interpreter workers the page starts.
// The functions passed to the page run there from their source text: open contexts with
// `newContext` (page-context.ts).
import type { BrowserContext, Page } from 'playwright-core';

/** One Python worker the page started, as the probe saw it (page's performance.now() times). */
export interface WorkerRecord {
  /** The name the page gave the Worker (`udplab-python` for interpreters). */
  name: string;
  created: number;
  runtime: 'cpython' | 'micropython' | null;
  /** Loaded from a Pyodide memory snapshot. */
  snapshot: boolean;
  readyAt: number | null;
  /** Measured inside the worker, from `init` to ready. */
  loadMs: number | null;
  /** When a program was posted to it. */
  started: number | null;
  terminatedAt: number | null;
}

/** The playground's handle on its root element (`[data-udplab-playground]`), as the bench uses it. */
interface PlaygroundHandle {
  editor(name: string): { setValue(text: string): void };
  terminalText(name: string): string;
}

/** What the probe and the driver keep on the page's global object. */
interface ProbeGlobals {
  __udplabWorkers?: WorkerRecord[];
  __udplabMarks?: Record<string, number>;
}

/**
 * Installed before the page's own scripts: wraps `Worker` to record, per Python worker, when it was
 * created, which runtime it was told to load (and whether from a Pyodide snapshot), when it said
 * `ready` (and the load time it measured itself), and when it was terminated. Times are the page's
 * performance.now(). Read with `workerLog(page)`.
 */
export function installWorkerProbe(): void {
  const Native = globalThis.Worker;
  // Room for every file a lesson fetches (Monaco alone is dozens), so interpreterFetches sees them.
  performance.setResourceTimingBufferSize(5000);
  const log: WorkerRecord[] = [];
  const probe = globalThis as typeof globalThis & ProbeGlobals;
  probe.__udplabWorkers = log;
  probe.__udplabMarks = {};
  class ProbedWorker extends Native {
    #rec: WorkerRecord;
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      const rec: WorkerRecord = {
        name: options?.name ?? '',
        created: performance.now(),
        runtime: null,
        snapshot: false,
        readyAt: null,
        loadMs: null,
        started: null,
        terminatedAt: null,
      };
      if (rec.name === 'udplab-python') log.push(rec);
      this.#rec = rec;
      this.addEventListener('message', (event: MessageEvent<{ type?: string; loadMs?: number } | null>) => {
        if (event.data?.type === 'ready' && rec.readyAt === null) {
          rec.readyAt = performance.now();
          rec.loadMs = event.data.loadMs ?? null;
        }
      });
    }
    override postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
      const rec = this.#rec;
      const m = message as { type?: string; runtime?: WorkerRecord['runtime']; snapshot?: unknown } | null;
      if (m?.type === 'init') {
        rec.runtime = m.runtime ?? null;
        rec.snapshot = Boolean(m.snapshot);
      } else if (m?.type === 'run' && rec.started === null) rec.started = performance.now();
      super.postMessage(message, transfer as Transferable[]);
    }
    override terminate(): void {
      this.#rec.terminatedAt = performance.now();
      super.terminate();
    }
  }
  globalThis.Worker = ProbedWorker;
}

export const workerLog = (page: Page): Promise<WorkerRecord[]> =>
  page.evaluate(() => (globalThis as typeof globalThis & ProbeGlobals).__udplabWorkers ?? []);

/** One file the page fetched, from Resource Timing. */
export interface Fetch {
  /** path under /_udplab/, without the interpreter directory's hash: `pyodide/pyodide.asm.wasm` */
  file: string;
  /** when the request was made (page's performance.now()) */
  start: number;
  /** when the response began */
  firstByte: number;
  /** when the body was in */
  end: number;
  /** bytes over the wire (0: from the HTTP cache) */
  transferSize: number;
  /** bytes of the body */
  decodedSize: number;
}

/**
 * The interpreter files the page itself fetched (Resource Timing; a worker's own fetches are not
 * in the page's timeline), in the order they were requested.
 */
export const interpreterFetches = (page: Page): Promise<Fetch[]> =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/_udplab/'))
      .map((e) => {
        const r = e as PerformanceResourceTiming;
        return {
          file: new URL(r.name).pathname
            .replace(/^.*\/_udplab\//, '')
            .replace(/^(\w+)\/[0-9a-f]{16}\//, '$1/'),
          start: r.startTime,
          firstByte: r.responseStart,
          end: r.responseEnd,
          transferSize: r.transferSize,
          decodedSize: r.decodedBodySize,
        };
      }),
  );

/**
 * Opens `url` in `context`, scrolls its first playground into view (which starts the UI and the
 * prewarm) and waits until the playground is interactive.
 */
export async function openPlayground(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; scrolledAt: number; readyAt: number }> {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const scrolledAt = await page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[data-udplab-playground]');
    if (!root) throw new Error('the page has no playground');
    const marks = (globalThis as typeof globalThis & ProbeGlobals).__udplabMarks ?? {};
    new MutationObserver(() => {
      marks[root.dataset['pgState'] ?? ''] ??= performance.now();
    }).observe(root, { attributes: true, attributeFilter: ['data-pg-state'] });
    root.scrollIntoView({ block: 'start' });
    return performance.now();
  });
  await page.waitForFunction(
    () => document.querySelector('[data-udplab-playground]')?.getAttribute('data-pg-state') === 'ready',
    null,
    { timeout: 120_000, polling: 50 },
  );
  const readyAt = await page.evaluate(
    () => (globalThis as typeof globalThis & ProbeGlobals).__udplabMarks?.['ready'] ?? NaN,
  );
  return { page, scrolledAt, readyAt };
}

/**
 * Resolves once every Python worker the page has started is ready (or gone) and stays so, with no
 * new one, for `quietMs` (the pool starts a replacement a moment after a Run takes a worker).
 */
export async function workersSettled(page: Page, quietMs = 300): Promise<void> {
  /** In the page: 1 + the number of workers started if every one is ready or gone, else 0. */
  const settledCount = () => {
    const log = (globalThis as typeof globalThis & ProbeGlobals).__udplabWorkers ?? [];
    return log.every((w) => w.readyAt !== null || w.terminatedAt !== null) ? log.length + 1 : 0;
  };
  for (;;) {
    const handle = await page.waitForFunction(settledCount, null, { timeout: 120_000, polling: 50 });
    const before = await handle.jsonValue();
    await page.waitForTimeout(quietMs);
    if ((await page.evaluate(settledCount)) === before) return;
  }
}

/**
 * Resolves once the worker the pool started to replace the one a Run took (created after
 * `since`, the click) is ready, every other worker settled, and `quietMs` more have passed.
 */
export async function replacementReady(
  page: Page,
  runtime: 'cpython' | 'micropython',
  since: number,
  quietMs = 300,
): Promise<void> {
  await page.waitForFunction(
    ([rt, t]) =>
      ((globalThis as typeof globalThis & ProbeGlobals).__udplabWorkers ?? []).some(
        (w) => w.runtime === rt && w.created > t && w.started === null && w.readyAt !== null,
      ),
    [runtime, since] as const,
    { timeout: 120_000, polling: 50 },
  );
  await workersSettled(page, quietMs);
}

export interface RunTiming {
  /** page time of the click */
  clickAt: number;
  /** ms from the click until the marker is in the terminal's text */
  toText: number;
  /** ms from the click until the marker is in the terminal's rendered rows */
  toPaint: number;
  /** ms from the click until the program was posted to its worker */
  toStart: number | null;
  /** ms from the click until the pool created the replacement worker */
  toRefill: number | null;
}

let runs = 0;

/**
 * Puts `code` in `program`'s editor with `MARKER` in it replaced by a token new to this run (so a
 * previous run's output still on screen is never taken for it), clicks its Run button and times the
 * first output with that token: once in the terminal's text (the playground's handle) and once in the
 * rows xterm.js draws (a MutationObserver on them), which is what the learner sees.
 */
export function runAndTime(page: Page, program: string, code: string): Promise<RunTiming> {
  const marker = `udplab-bench-${++runs}-${Date.now().toString(36)}`;
  return page.evaluate(
    ([name, source, mark]) =>
      new Promise<RunTiming>((resolve, reject) => {
        const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
          udplab: PlaygroundHandle;
        };
        const panel = root.querySelector<HTMLElement>(`.pg-program[data-file="${name}"]`);
        const rows = panel?.querySelector('.xterm-rows');
        const button = panel?.querySelector<HTMLButtonElement>('button[data-action=run]');
        if (!panel || !rows || !button) return reject(new Error(`no terminal or Run button for ${name}`));
        root.udplab.editor(name).setValue(source);
        const log = (globalThis as typeof globalThis & ProbeGlobals).__udplabWorkers ?? [];
        const known = new Set(log.filter((w) => w.started !== null));
        let toText: number | null = null;
        let clickAt = 0;
        const check = () => {
          const now = performance.now();
          if (toText === null && root.udplab.terminalText(name).includes(mark)) toText = now - clickAt;
          if (rows.textContent?.includes(mark)) {
            observer.disconnect();
            clearInterval(poll);
            clearTimeout(timeout);
            const worker = log.find((w) => w.started !== null && !known.has(w));
            const refill = log.find((w) => w.created >= clickAt);
            resolve({
              clickAt,
              toText: toText ?? now - clickAt,
              toPaint: now - clickAt,
              toStart: worker && worker.started !== null ? worker.started - clickAt : null,
              toRefill: refill ? refill.created - clickAt : null,
            });
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(rows, { childList: true, subtree: true, characterData: true });
        const poll = setInterval(check, 2); // the text can arrive between two renders
        const timeout = setTimeout(() => {
          observer.disconnect();
          clearInterval(poll);
          const shown = JSON.stringify(root.udplab.terminalText(name).slice(-300));
          reject(
            new Error(
              `${name}: no "${mark}" in the terminal 60 s after Run (state ${panel.dataset['state']}, terminal ${shown})`,
            ),
          );
        }, 60_000);
        // The learner sees the panel whose Run they click (xterm.js draws nothing off screen), and
        // clicks after the edit has settled: Monaco re-tokenizes and redraws a replaced program in a
        // 50–120 ms task, which a learner's own typing spreads over the keystrokes before Run.
        panel.scrollIntoView({ block: 'center' });
        setTimeout(
          () =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                clickAt = performance.now();
                button.click();
              }),
            ),
          300,
        );
      }),
    [program, code.replaceAll('MARKER', marker), marker] as const,
  );
}

/** Waits until `program`'s panel shows its run has ended. */
export async function runEnded(page: Page, program: string): Promise<void> {
  await page.waitForFunction(
    (name) =>
      document
        .querySelector(`[data-udplab-playground] .pg-program[data-file="${name}"]`)
        ?.getAttribute('data-state') === 'exited',
    program,
    { timeout: 60_000, polling: 20 },
  );
}
