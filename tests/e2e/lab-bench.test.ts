// The playground as a lab bench (issue 20): every program ready at once, search in the page's
// language, and a packet list whose columns fit a 693 px page.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIST, launchBrowser, serveDist, type Served } from '../support/browser.ts';
import { requireBuilt } from '../support/require-built.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const SCENARIOS = new URL('../../content/scenarios/', import.meta.url).pathname;

/**
 * The scenario with the most programs, then the most of one interpreter (the lessons have none
 * with three programs yet: chat, two PC programs).
 */
const largest = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.json'))
  .map((f) => {
    const s = JSON.parse(readFileSync(SCENARIOS + f, 'utf8')) as {
      hosts?: { name: string; kind: string }[];
      programs?: { host: string }[];
    };
    const kind = (host: string) => s.hosts?.find((h) => h.name === host)?.kind === 'board';
    const boards = s.programs?.filter((p) => kind(p.host)).length ?? 0;
    const programs = s.programs?.length ?? 0;
    return { id: f.replace(/\.json$/, ''), programs, sameRuntime: Math.max(boards, programs - boards) };
  })
  .sort((a, b) => b.programs - a.programs || b.sameRuntime - a.sameRuntime || a.id.localeCompare(b.id))[0];

/** Built pages (both languages) holding the playground `id`. */
function pagesWith(id: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (
        entry.isDirectory() &&
        entry.name !== '_astro' &&
        entry.name !== 'pagefind' &&
        entry.name !== '_udplab'
      )
        walk(`${dir}/${entry.name}`, `${rel}${entry.name}/`);
      else if (
        entry.name === 'index.html' &&
        readFileSync(`${dir}/index.html`, 'utf8').includes(`data-udplab-playground="${id}"`)
      )
        out.push(rel);
    }
  };
  if (existsSync(ROOT)) walk(ROOT.replace(/\/$/, ''), '/');
  return out.sort();
}

let browser: Browser;
let served: Served;

beforeAll(async () => {
  served = await serveDist(ROOT);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

async function openPage(context: BrowserContext, pathname: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(served.origin + pathname, { waitUntil: 'load' });
  return page;
}

async function ready(page: Page): Promise<void> {
  await page.locator('[data-udplab-playground]').first().scrollIntoViewIfNeeded();
  await page.waitForFunction(
    () => document.querySelector<HTMLElement>('[data-udplab-playground]')?.dataset['pgState'] === 'ready',
    null,
    { timeout: 90_000 },
  );
}

function terminalHas(page: Page, program: string, text: string): Promise<unknown> {
  return page.waitForFunction(
    ([name, want]) => {
      const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
        udplab?: { terminalText(n: string): string };
      };
      return root.udplab?.terminalText(name as string).includes(want as string) ?? false;
    },
    [program, text] as const,
    { timeout: 90_000 },
  );
}

/** Counts, per runtime, the Python workers that said `ready` (before the page's scripts run). */
function countReadyWorkers(): void {
  const ready: Record<string, number> = {};
  (globalThis as { __readyWorkers?: typeof ready }).__readyWorkers = ready;
  const Native = globalThis.Worker;
  globalThis.Worker = class extends Native {
    #runtime = '';
    override postMessage(message: unknown, transfer?: unknown): void {
      const m = message as { type?: string; runtime?: string } | null;
      if (m?.type === 'init') this.#runtime = String(m.runtime);
      super.postMessage(message, transfer as Transferable[]);
    }
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (e: MessageEvent<{ type?: string }>) => {
        if (e.data?.type === 'ready') ready[this.#runtime] = (ready[this.#runtime] ?? 0) + 1;
      });
    }
  };
}

const largestPages = largest ? pagesWith(largest.id) : [];

describe('every program ready at once', () => {
  requireBuilt(!(largestPages.length === 0), 'the pages of the largest playground');
  it.each(largestPages)(
    `%s: the pool readies one interpreter per program before any Run, and every program prints after Run`,
    async (pathname) => {
      const context = await browser.newContext();
      await context.addInitScript(countReadyWorkers);
      try {
        const page = await openPage(context, pathname);
        await ready(page);
        const programs = await page.evaluate(() => {
          const data =
            document.querySelector('[data-udplab-playground] script[data-pg-data]')?.textContent ?? '{}';
          return (JSON.parse(data) as { programs: { name: string; runtime: string }[] }).programs.map(
            (p) => ({
              name: p.name,
              runtime: p.runtime,
            }),
          );
        });
        expect(programs.length).toBe(largest?.programs);
        const wanted: Record<string, number> = {};
        for (const p of programs) wanted[p.runtime] = (wanted[p.runtime] ?? 0) + 1;
        // One ready worker per program of each runtime, before the learner's first Run.
        await page.waitForFunction(
          (want) => {
            const got = (globalThis as { __readyWorkers?: Record<string, number> }).__readyWorkers ?? {};
            return Object.entries(want).every(([rt, n]) => (got[rt] ?? 0) >= n);
          },
          wanted,
          { timeout: 120_000 },
        );
        for (const { name } of programs) {
          const marker = `udplab-every-${name}`;
          await page.evaluate(
            ([n, code]) => {
              const root = document.querySelector('[data-udplab-playground]') as HTMLElement & {
                udplab?: { editor(p: string): { setValue(c: string): void } | undefined };
              };
              root.udplab?.editor(n as string)?.setValue(code as string);
            },
            [name, `print("${marker}")`] as const,
          );
          await page
            .locator(`[data-udplab-playground] .pg-program[data-file="${name}"] button[data-action=run]`)
            .click();
          await terminalHas(page, name, marker);
        }
      } finally {
        await context.close();
      }
    },
  );
});

/** Runs of adjacent <mark>s in each result excerpt, joined: what the reader sees highlighted. */
function highlightedRuns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const runs: string[] = [];
    for (const excerpt of document.querySelectorAll('#starlight__search .pagefind-ui__result-excerpt')) {
      let run = '';
      for (const node of excerpt.childNodes) {
        if (node instanceof HTMLElement && node.tagName === 'MARK') run += node.textContent ?? '';
        else if ((node.textContent ?? '') !== '') {
          if (run) runs.push(run.trim());
          run = '';
        }
      }
      if (run) runs.push(run.trim());
    }
    return runs;
  });
}

describe('search in the page’s language', () => {
  requireBuilt(!!existsSync(`${ROOT}/pagefind`), 'the search index (pagefind/)');
  it.each([
    ['/', '端口号', /^端口号：找到 \d+ 条结果$/, '清空'],
    ['/en/', 'recvfrom', /^\d+ results? for recvfrom$/, 'Clear'],
  ] as const)(
    '%s: typing %s shows the result strings in the page’s language and whole-word highlights',
    async (pathname, query, message, clear) => {
      const context = await browser.newContext();
      try {
        const page = await openPage(context, pathname);
        await page.locator('button[data-open-modal]').first().click();
        await page.locator('#starlight__search input').fill(query);
        await page
          .locator('#starlight__search .pagefind-ui__result-excerpt mark')
          .first()
          .waitFor({ timeout: 20_000 });
        const text = await page.locator('#starlight__search .pagefind-ui__message').textContent();
        expect(text?.trim()).toMatch(message);
        expect(
          (await page.locator('#starlight__search .pagefind-ui__search-clear').textContent())?.trim(),
        ).toBe(clear);
        // Highlights: the whole query, never a lone character of it (Chinese: search-marks.ts).
        const runs = await highlightedRuns(page);
        expect(runs.length).toBeGreaterThan(0);
        for (const run of runs) expect(run.toLowerCase()).toContain(query);
      } finally {
        await context.close();
      }
    },
  );
});

const boardPages = pagesWith('board-server');

describe('the packet list at 693 px', () => {
  requireBuilt(!(boardPages.length === 0), 'a page with the board-server playground');
  it.each(boardPages)('%s: columns fit, hosts by name and address, earlier runs folded', async (pathname) => {
    const context = await browser.newContext({ viewport: { width: 693, height: 900 } });
    try {
      const page = await openPage(context, pathname);
      await ready(page);
      await page.locator('[data-udplab-playground] button[data-net-action=rerun]').first().click();
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-udplab-playground] .pg-packets tr[data-fate=delivered]').length >=
          3,
        null,
        { timeout: 90_000 },
      );
      // One more Run of the sender: a third run, the first two folded.
      await page
        .locator('[data-udplab-playground] .pg-program[data-file="pc_udp_sender"] button[data-action=run]')
        .click();
      await page.waitForFunction(
        () => {
          const runs = document.querySelectorAll('[data-udplab-playground] .pg-packets tbody.pg-run');
          const last = runs[runs.length - 1];
          return runs.length === 3 && (last?.querySelectorAll('tr[data-fate=delivered]').length ?? 0) >= 1;
        },
        null,
        { timeout: 90_000 },
      );
      const m = await page.evaluate(() => {
        const list = document.querySelector('[data-udplab-playground] .pg-packets') as HTMLElement;
        list.closest('details')?.setAttribute('open', '');
        list.scrollIntoView();
        const scroller = list.querySelector('.pg-packets-scroll') as HTMLElement;
        const table = scroller.querySelector('table') as HTMLTableElement;
        const fontPx = parseFloat(getComputedStyle(table).fontSize);
        /** Lines a cell's text takes: distinct line boxes of its text nodes. */
        const lines = (el: Element): number => {
          const tops = new Set<number>();
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top / 2));
          }
          return tops.size;
        };
        const cells = [
          ...table.querySelectorAll<HTMLTableCellElement>('tbody:last-of-type tr[data-fate] td'),
        ];
        const byColumn: Record<string, { width: number; lines: number; chars: number }[]> = {};
        for (const td of cells) {
          const key = [...td.classList].find((c) => c.startsWith('pg-col-'))?.slice(7) ?? '?';
          const textEl = key === 'payload' ? (td.querySelector('.pg-payload-text') ?? td) : td;
          (byColumn[key] ??= []).push({
            width: td.getBoundingClientRect().width,
            lines: lines(textEl),
            chars: (textEl.textContent ?? '').length,
          });
        }
        const heads = [
          ...document.querySelectorAll<HTMLButtonElement>('[data-udplab-playground] .pg-run-toggle'),
        ];
        const bodies = [...table.querySelectorAll<HTMLElement>('tbody.pg-run')];
        const visibleRows = bodies.map(
          (b) =>
            [...b.querySelectorAll<HTMLElement>('tr[data-fate]')].filter((r) => r.getClientRects().length > 0)
              .length,
        );
        return {
          fontPx,
          overflow: table.getBoundingClientRect().width - scroller.clientWidth,
          byColumn,
          hostText: [...table.querySelectorAll('td.pg-col-from, td.pg-col-to')].map(
            (td) => td.textContent ?? '',
          ),
          expanded: heads.map((h) => h.getAttribute('aria-expanded')),
          visibleRows,
        };
      });
      // Nothing to scroll sideways, and no column squeezed to one character (≈ 1 em + padding).
      expect(m.overflow).toBeLessThanOrEqual(1);
      for (const [key, column] of Object.entries(m.byColumn)) {
        for (const cell of column) {
          expect(cell.width, `${key} column width`).toBeGreaterThanOrEqual(2.5 * m.fontPx);
          // A column broken one character per line has as many lines as characters.
          if (key !== 'payload') expect(cell.lines, `${key}: ${cell.lines} lines`).toBeLessThanOrEqual(2);
          else expect(cell.lines, 'payload lines').toBeLessThan(Math.max(2, cell.chars / 3));
        }
      }
      expect(Object.keys(m.byColumn).sort()).toEqual(['fate', 'from', 'payload', 'size', 'time', 'to']);
      // Hosts by name and address, never 0.0.0.0.
      for (const text of m.hostText) {
        expect(text).not.toMatch(/0\.0\.0\.0/);
        expect(text).toMatch(/^(pc|board)\d*(192\.168\.\d+\.\d+|127\.0\.0\.1):\d+$/i);
      }
      // Runs separated: the latest open, the earlier two folded with their rows hidden.
      expect(m.expanded).toEqual(['false', 'false', 'true']);
      expect(m.visibleRows.slice(0, 2)).toEqual([0, 0]);
      expect(m.visibleRows[2]).toBeGreaterThan(0);
      await page.locator('[data-udplab-playground] .pg-run-toggle').first().click();
      expect(
        await page.locator('[data-udplab-playground] .pg-run-toggle').first().getAttribute('aria-expanded'),
      ).toBe('true');
    } finally {
      await context.close();
    }
  });
});

describe('a disposed playground leaves nothing listening', () => {
  requireBuilt(boardPages.length > 0, 'a page with the board-server playground');
  it('removes its window and document listeners and leaves lab mode (the page no longer inert)', async () => {
    const context = await browser.newContext();
    try {
      const page = await openPage(context, boardPages[0] as string);
      await ready(page);
      const cdp = await context.newCDPSession(page);
      /** Listeners of `type` on window or document, as DevTools lists them. */
      const listeners = async (target: 'window' | 'document', type: string): Promise<number> => {
        const { result } = (await cdp.send('Runtime.evaluate', { expression: target })) as {
          result: { objectId: string };
        };
        const { listeners: all } = (await cdp.send('DOMDebugger.getEventListeners', {
          objectId: result.objectId,
        })) as { listeners: { type: string }[] };
        return all.filter((l) => l.type === type).length;
      };
      const before = {
        name: await listeners('window', 'udplab:class-name'),
        keydown: await listeners('document', 'keydown'),
      };
      expect(before.name).toBeGreaterThan(0); // the relay panel's
      await page.locator('[data-udplab-playground] [data-pg-lab]').first().click();
      expect(await listeners('document', 'keydown')).toBe(before.keydown + 1); // lab mode's Esc
      await page.evaluate(() =>
        (
          document.querySelector('[data-udplab-playground]') as HTMLElement & {
            udplab?: { dispose(): Promise<void> };
          }
        ).udplab?.dispose(),
      );
      expect(await listeners('window', 'udplab:class-name')).toBe(before.name - 1);
      expect(await listeners('document', 'keydown')).toBe(before.keydown);
      expect(
        await page.evaluate(() => ({
          inert: document.querySelectorAll('[inert]').length,
          lab: document.documentElement.classList.contains('udplab-lab-open'),
        })),
      ).toEqual({ inert: 0, lab: false });
    } finally {
      await context.close();
    }
  });
});

describe('terminals as wide as xterm measures', () => {
  requireBuilt(boardPages.length > 0, 'a page with the board-server playground');
  it.each([1366, 693])(
    'at %i px every terminal’s columns fit its panel, leaving at most the scrollbar and a cell',
    async (width) => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      try {
        const page = await openPage(context, boardPages[0] as string);
        await ready(page);
        const fits = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>('[data-udplab-playground] .pg-term')].map((term) => {
            const style = getComputedStyle(term);
            const content = term.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            const screen = (term.querySelector('.xterm-screen') as HTMLElement).getBoundingClientRect().width;
            return { content: Math.round(content), screen: Math.round(screen) };
          }),
        );
        expect(fits.length).toBeGreaterThan(0);
        for (const f of fits) {
          expect(f.screen, JSON.stringify(f)).toBeLessThanOrEqual(f.content);
          // xterm's fit leaves room for its scrollbar (14 px) and less than one cell (≈ 8 px) besides.
          expect(f.content - f.screen, JSON.stringify(f)).toBeLessThan(14 + 9);
        }
      } finally {
        await context.close();
      }
    },
  );
});
