// Drives a lesson's playground in Chromium as a learner does (scroll to it, put code in the editor,
// click Run, watch the terminal), with a probe that timestamps the interpreter workers the page starts.

/**
 * Installed before the page's own scripts: wraps `Worker` to record, per Python worker, when it was
 * created, which runtime it was told to load (and whether from a Pyodide snapshot), when it said
 * `ready` (and the load time it measured itself), and when it was terminated. Times are the page's
 * performance.now(). Read with `workerLog(page)`.
 */
export function installWorkerProbe() {
  const Native = globalThis.Worker;
  // Room for every file a lesson fetches (Monaco alone is dozens), so interpreterFetches sees them.
  performance.setResourceTimingBufferSize(5000);
  /** @type {any[]} */
  const log = [];
  /** @type {any} */ (globalThis).__udplabWorkers = log;
  /** @type {any} */ (globalThis).__udplabMarks = {};
  class ProbedWorker extends Native {
    /** @param {string | URL} url @param {WorkerOptions} [options] */
    constructor(url, options) {
      super(url, options);
      const rec = {
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
      /** @type {any} */ (this).__rec = rec;
      this.addEventListener('message', (event) => {
        if (event.data?.type === 'ready' && rec.readyAt === null) {
          rec.readyAt = performance.now();
          rec.loadMs = event.data.loadMs;
        }
      });
    }
    /** @param {any} message @param {any} [transfer] */
    postMessage(message, transfer) {
      const rec = /** @type {any} */ (this).__rec;
      if (message?.type === 'init') {
        rec.runtime = message.runtime;
        rec.snapshot = Boolean(message.snapshot);
      } else if (message?.type === 'run' && rec.started === null) rec.started = performance.now();
      super.postMessage(message, transfer);
    }
    terminate() {
      /** @type {any} */ (this).__rec.terminatedAt = performance.now();
      super.terminate();
    }
  }
  globalThis.Worker = ProbedWorker;
}

/**
 * @typedef {object} WorkerRecord
 * @property {number} created
 * @property {'cpython' | 'micropython' | null} runtime
 * @property {boolean} snapshot Loaded from a Pyodide memory snapshot.
 * @property {number | null} readyAt
 * @property {number | null} loadMs Measured inside the worker, from `init` to ready.
 * @property {number | null} started When a program was posted to it.
 * @property {number | null} terminatedAt
 */

/** @param {import('playwright-core').Page} page @returns {Promise<WorkerRecord[]>} */
export const workerLog = (page) => page.evaluate(() => /** @type {any} */ (globalThis).__udplabWorkers ?? []);

/**
 * @typedef {object} Fetch
 * @property {string} file path under /_udplab/
 * @property {number} start when the request was made (page's performance.now())
 * @property {number} firstByte when the response began
 * @property {number} end when the body was in
 * @property {number} transferSize bytes over the wire (0: from the HTTP cache)
 * @property {number} decodedSize bytes of the body
 */

/**
 * The interpreter files the page itself fetched (Resource Timing; a worker's own fetches are not
 * in the page's timeline), in the order they were requested.
 * @param {import('playwright-core').Page} page @returns {Promise<Fetch[]>}
 */
export const interpreterFetches = (page) =>
  page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.includes('/_udplab/'))
      .map((e) => {
        const r = /** @type {PerformanceResourceTiming} */ (e);
        return {
          file: new URL(r.name).pathname.replace(/^.*\/_udplab\//, ''),
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
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} url
 * @returns {Promise<{ page: import('playwright-core').Page, scrolledAt: number, readyAt: number }>}
 */
export async function openPlayground(context, url) {
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const scrolledAt = await page.evaluate(() => {
    const root = /** @type {HTMLElement} */ (document.querySelector('[data-udplab-playground]'));
    const marks = /** @type {any} */ (globalThis).__udplabMarks;
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
  const readyAt = await page.evaluate(() => /** @type {any} */ (globalThis).__udplabMarks.ready);
  return { page, scrolledAt, readyAt };
}

/**
 * Resolves once every Python worker the page has started is ready (or gone) and stays so, with no
 * new one, for `quietMs` (the pool starts a replacement a moment after a Run takes a worker).
 */
export async function workersSettled(/** @type {import('playwright-core').Page} */ page, quietMs = 300) {
  /** In the page: 1 + the number of workers started if every one is ready or gone, else 0. */
  const settledCount = () => {
    const log = /** @type {any[]} */ (/** @type {any} */ (globalThis).__udplabWorkers ?? []);
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
 * @param {import('playwright-core').Page} page
 * @param {'cpython' | 'micropython'} runtime
 * @param {number} since
 */
export async function replacementReady(page, runtime, since, quietMs = 300) {
  await page.waitForFunction(
    ([rt, t]) =>
      /** @type {any} */ (globalThis.__udplabWorkers ?? []).some(
        (/** @type {any} */ w) =>
          w.runtime === rt && w.created > t && w.started === null && w.readyAt !== null,
      ),
    /** @type {const} */ ([runtime, since]),
    { timeout: 120_000, polling: 50 },
  );
  await workersSettled(page, quietMs);
}

/**
 * @typedef {object} RunTiming
 * @property {number} clickAt page time of the click
 * @property {number} toText ms from the click until the marker is in the terminal's text
 * @property {number} toPaint ms from the click until the marker is in the terminal's rendered rows
 * @property {number | null} toStart ms from the click until the program was posted to its worker
 * @property {number | null} toRefill ms from the click until the pool created the replacement worker
 */

let runs = 0;

/**
 * Puts `code` in `program`'s editor with `MARKER` in it replaced by a token new to this run (so a
 * previous run's output still on screen is never taken for it), clicks its Run button and times the
 * first output with that token: once in the terminal's text (the playground's handle) and once in the
 * rows xterm.js draws (a MutationObserver on them), which is what the learner sees.
 * @param {import('playwright-core').Page} page
 * @param {string} program
 * @param {string} code
 * @returns {Promise<RunTiming>}
 */
export function runAndTime(page, program, code) {
  const marker = `udplab-bench-${++runs}-${Date.now().toString(36)}`;
  return page.evaluate(
    ([name, source, mark]) =>
      new Promise((resolve, reject) => {
        const root = /** @type {any} */ (document.querySelector('[data-udplab-playground]'));
        const panel = /** @type {HTMLElement} */ (root.querySelector(`.pg-program[data-file="${name}"]`));
        const rows = panel.querySelector('.xterm-rows');
        const button = /** @type {HTMLButtonElement | null} */ (
          panel.querySelector('button[data-action=run]')
        );
        if (!rows || !button) return reject(new Error(`no terminal or Run button for ${name}`));
        root.udplab.editor(name).setValue(source);
        const log = /** @type {any[]} */ (/** @type {any} */ (globalThis).__udplabWorkers);
        const known = new Set(log.filter((w) => w.started !== null));
        let toText = /** @type {number | null} */ (null);
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
              toStart: worker ? worker.started - clickAt : null,
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
    /** @type {const} */ ([program, code.replaceAll('MARKER', marker), marker]),
  );
}

/** Waits until `program`'s panel shows its run has ended. */
export async function runEnded(
  /** @type {import('playwright-core').Page} */ page,
  /** @type {string} */ program,
) {
  await page.waitForFunction(
    (name) =>
      document
        .querySelector(`[data-udplab-playground] .pg-program[data-file="${name}"]`)
        ?.getAttribute('data-state') === 'exited',
    program,
    { timeout: 60_000, polling: 20 },
  );
}
