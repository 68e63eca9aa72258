// The playground as a lab bench (issue 20, item 1), in both languages: at 1366×850 the steps lesson's
// two programs stand side by side, each terminal under its own Run, and after Run on the server and
// then the client both terminals and the sequence diagram are in the window (the page scrolled only
// to put the playground at the top, as the skip link does; and in lab mode); on a 390×844 phone,
// Run brings that program's terminal into view. Boxes are measured (getBoundingClientRect).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST, launchBrowser, serveDist, type Served } from '../support/browser.ts';
import { requireBuilt } from '../support/require-built.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const STEPS = { zh: '/socket/steps/', en: '/en/socket/steps/' } as const;
const LAB = {
  zh: ['实验台模式', '退出实验台模式（Esc）'],
  en: ['Lab mode', 'Leave lab mode (Esc)'],
} as const;
const built = existsSync(path.join(ROOT, 'socket/steps/index.html'));

let browser: Browser;
let served: Served;

beforeAll(async () => {
  if (!built) return;
  served = await serveDist(ROOT);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** The boxes the budget is about, and what covers the top of the window (Starlight's header). */
async function boxes(page: Page): Promise<{
  runs: Box[];
  terms: Box[];
  seq: Box;
  root: Box;
  covered: number;
  viewport: { width: number; height: number };
}> {
  return page.evaluate(() => {
    const root = document.querySelector<HTMLElement>('[data-udplab-playground]') as HTMLElement;
    const box = (el: Element | null): Box => {
      const r = (el as Element).getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    // The fixed header, and on a phone the sticky "on this page" bar under it (not in lab mode).
    const lab = root.classList.contains('pg-lab');
    const header = document.querySelector('header.header')?.getBoundingClientRect();
    const toc = document.querySelector('mobile-starlight-toc nav')?.getBoundingClientRect();
    let covered = header?.bottom ?? 0;
    if (toc && toc.height > 0 && toc.top <= covered + 1) covered = toc.bottom;
    if (lab) covered = 0;
    return {
      runs: [...root.querySelectorAll('[data-pg-toolbar] [data-action=run]')].map(box),
      terms: [...root.querySelectorAll('.pg-term-wrap')].map(box),
      seq: box(root.querySelector('.pg-seq')),
      root: box(root),
      covered,
      viewport: { width: innerWidth, height: innerHeight },
    };
  });
}

function inView(b: Box, covered: number, viewport: { width: number; height: number }): boolean {
  return (
    b.top >= covered - 0.5 &&
    b.bottom <= viewport.height + 0.5 &&
    b.left >= -0.5 &&
    b.right <= viewport.width + 0.5
  );
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

/** The playground at the top of the window, as the skip link puts it. */
async function toTop(page: Page): Promise<void> {
  await page.evaluate(() =>
    document.querySelector('[data-udplab-playground]')?.scrollIntoView({ block: 'start' }),
  );
}

describe.each(['zh', 'en'] as const)('the bench at 1366×850 (%s)', (lang) => {
  requireBuilt(built, 'the built course');
  it('programs side by side, each terminal under its Run; server then client: both terminals and the diagram in the window, in the page and in lab mode', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(served.origin + STEPS[lang], { waitUntil: 'load' });
    await ready(page);
    await toTop(page);
    const scrolled = await page.evaluate(() => scrollY);
    const root = page.locator('[data-udplab-playground]').first();
    const run = root.locator('[data-pg-toolbar] [data-action=run]');

    await run.nth(0).click();
    await terminalHas(page, 'flow_server', 'server waiting');
    await run.nth(1).click();
    await terminalHas(page, 'flow_client', 'reply from');
    await terminalHas(page, 'flow_server', 'server closed');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-udplab-playground] .pg-seq-arrow').length >= 2,
    );
    expect(await page.evaluate(() => scrollY), 'the learner did not have to scroll').toBe(scrolled);

    const b = await boxes(page);
    console.log(`[bench ${lang} 1366×850 page]`, JSON.stringify(b));
    // Side by side: the Runs on one line, each terminal below its own Run, in its Run's column.
    expect(b.runs).toHaveLength(2);
    expect(Math.abs(b.runs[0]!.top - b.runs[1]!.top)).toBeLessThan(1);
    expect(b.terms[1]!.left).toBeGreaterThanOrEqual(b.terms[0]!.right);
    for (const i of [0, 1]) {
      expect(b.terms[i]!.top).toBeGreaterThan(b.runs[i]!.bottom);
      expect(b.runs[i]!.left).toBeGreaterThanOrEqual(b.terms[i]!.left - 0.5);
      expect(b.runs[i]!.right).toBeLessThanOrEqual(b.terms[i]!.right + 0.5);
      expect(inView(b.terms[i]!, b.covered, b.viewport), `terminal ${i} in the window`).toBe(true);
    }
    expect(inView(b.seq, b.covered, b.viewport), 'the sequence diagram in the window').toBe(true);

    // Lab mode: the playground fills the window, above the page (which is inert); Esc leaves it.
    const lab = root.locator('[data-pg-lab]');
    await expect.poll(() => lab.textContent()).toBe(LAB[lang][0]);
    await lab.click();
    await expect.poll(() => lab.textContent()).toBe(LAB[lang][1]);
    const l = await boxes(page);
    console.log(`[bench ${lang} 1366×850 lab]`, JSON.stringify(l));
    expect(l.root).toEqual({ top: 0, bottom: 850, left: 0, right: 1366 });
    for (const t of l.terms) expect(inView(t, 0, l.viewport)).toBe(true);
    expect(inView(l.seq, 0, l.viewport)).toBe(true);
    const onTop = await page.evaluate(() => {
      const root = document.querySelector('[data-udplab-playground]') as HTMLElement;
      // Where Starlight's header and sidebars are, the playground is what a click reaches.
      const points = [
        [30, 30],
        [100, 400],
        [1300, 300],
        [683, 10],
      ] as const;
      return {
        hit: points.map(([x, y]) => root.contains(document.elementFromPoint(x, y))),
        headerInert: document.querySelector('header.header')?.closest('[inert]') !== null,
        focused: document.activeElement === root.querySelector('[data-pg-lab]'),
      };
    });
    expect(onTop).toEqual({ hit: [true, true, true, true], headerInert: true, focused: true });
    // In a terminal, Esc is the program's: lab mode stays.
    await root.locator('.pg-program[data-file="flow_server"] .pg-term').click();
    await page.keyboard.press('Escape');
    expect(await lab.textContent()).toBe(LAB[lang][1]);
    await lab.focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => lab.textContent()).toBe(LAB[lang][0]);
    const after = await page.evaluate(() => ({
      lab: document.querySelector('[data-udplab-playground]')?.classList.contains('pg-lab'),
      inert: document.querySelectorAll('[inert]').length,
      focused: document.activeElement?.hasAttribute('data-pg-lab'),
    }));
    expect(after).toEqual({ lab: false, inert: 0, focused: true });
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it('an editor folds to a few lines and back', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
    const page = await context.newPage();
    await page.goto(served.origin + STEPS[lang], { waitUntil: 'load' });
    await ready(page);
    const program = page.locator('.pg-program[data-file="flow_server"]');
    const fold = program.locator('[data-pg-fold]');
    // The light editor (Monaco comes on the first intent to edit), sized as Monaco is.
    const height = () => program.locator('.pg-light').evaluate((el) => el.getBoundingClientRect().height);
    const open = await height();
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    await fold.click();
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await fold.getAttribute('aria-label')).toContain('flow_server.py');
    const folded = await height();
    expect(folded).toBeLessThanOrEqual(4 * 20 + 12 + 2);
    expect(folded).toBeLessThan(open);
    await fold.click();
    expect(await height()).toBe(open);
    await context.close();
  }, 120_000);
});

describe.each(['zh', 'en'] as const)('the bench on a 390×844 phone (%s)', (lang) => {
  requireBuilt(built, 'the built course');
  it('one program wide, tabs between them; Run brings that program’s terminal into view', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    const page = await context.newPage();
    await page.goto(served.origin + STEPS[lang], { waitUntil: 'load' });
    await ready(page);
    const root = page.locator('[data-udplab-playground]').first();
    const run = root.locator('[data-pg-toolbar] [data-action=run]');
    const tabs = root.locator('[data-pg-tab]');
    expect(await tabs.allTextContents()).toEqual(['flow_server.py', 'flow_client.py']);
    expect(await tabs.nth(0).getAttribute('aria-current')).toBe('true');

    for (const [i, name, output] of [
      [0, 'flow_server', 'server waiting'],
      [1, 'flow_client', 'reply from'],
    ] as const) {
      await tabs.nth(i).click();
      await expect.poll(() => tabs.nth(i).getAttribute('aria-current')).toBe('true');
      await toTop(page);
      const before = await boxes(page);
      // The program is the one in view sideways, and its terminal is below the window's edge.
      expect(before.runs[i]!.left).toBeGreaterThanOrEqual(0);
      expect(before.runs[i]!.right).toBeLessThanOrEqual(390);
      expect(
        inView(before.terms[i]!, before.covered, before.viewport),
        `terminal ${i} not in view before Run`,
      ).toBe(false);
      await run.nth(i).click();
      await terminalHas(page, name, output);
      await page.waitForTimeout(300); // a smooth scroll, if any, has ended
      const after = await boxes(page);
      console.log(`[bench ${lang} 390×844 after Run ${name}]`, JSON.stringify(after.terms[i]));
      expect(inView(after.terms[i]!, after.covered, after.viewport), `terminal ${i} in view after Run`).toBe(
        true,
      );
    }
    await context.close();
  }, 180_000);
});
