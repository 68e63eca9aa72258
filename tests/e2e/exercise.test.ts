// Exercises in Chromium: per language, fix-client from a failed Check (expected against actual, the
// traceback with its mistake explained, hints one at a time) to a pass, the progress page, and the
// status surviving a reload; a failed Check's run replayed in a playground with its seed; and a
// playground's traceback explained under its terminal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, codeBlocksSettled } from '../support/browser.ts';
import { sharedContext } from '../support/shared-context.ts';
import { axeViolations } from '../support/axe.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const EXERCISE = new URL('../../content/exercises/fix-client/', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, EXERCISE), 'utf8');

// One context for every test: later pages take the interpreters from the first page's caches.
const shared = sharedContext(ROOT);

/** Opens a page with empty localStorage, collecting page errors. */
async function open(pathname: string): Promise<{ page: Page; problems: string[] }> {
  const page = await shared.context.newPage();
  const cdp = await shared.context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: shared.origin, storageTypes: 'local_storage' });
  await cdp.detach();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  await page.goto(shared.origin + pathname, { waitUntil: 'load' });
  return { page, problems };
}

const SEL = '#ex-fix-client';

async function mounted(page: Page): Promise<void> {
  await page.locator(SEL).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (sel) => document.querySelector<HTMLElement>(sel)?.dataset['exState'] === 'idle',
    SEL,
    {
      timeout: 60_000,
    },
  );
}

async function setCode(page: Page, code: string): Promise<void> {
  await page.evaluate(
    ([sel, text]) => {
      const root = document.querySelector(sel as string) as HTMLElement & {
        udplab?: { editor(n: string): { setValue(c: string): void } | undefined };
      };
      root.udplab?.editor('client.py')?.setValue(text as string);
    },
    [SEL, code],
  );
}

/** Presses Check and waits for its verdict; returns whether it passed. */
async function check(page: Page): Promise<boolean> {
  await page.evaluate((sel) => {
    document.querySelector(`${sel} [data-ex-result]`)?.removeAttribute('data-passed');
  }, SEL);
  await page.locator(`${SEL} button[data-action=check]`).click();
  await page.waitForSelector(`${SEL} [data-ex-result][data-passed]`, { timeout: 90_000 });
  return (await page.getAttribute(`${SEL} [data-ex-result]`, 'data-passed')) === 'true';
}

const WORDS = {
  zh: {
    lesson: '/socket/steps/',
    progress: '/progress/',
    expected: '期望',
    hint: '只收一个参数',
    passed: '已通过',
  },
  en: {
    lesson: '/en/socket/steps/',
    progress: '/en/progress/',
    expected: 'Expected',
    hint: 'takes a single argument',
    passed: 'Passed',
  },
} as const;

describe('exercise: fail, read why, fix, pass', () => {
  for (const lang of ['zh', 'en'] as const) {
    const w = WORDS[lang];
    it(`${lang}: starter fails with expected/actual and a hint, the solution passes, progress shows it`, async () => {
      const { page, problems } = await open(w.lesson);
      await page.evaluate(() => {
        const seen: unknown[] = [];
        (window as unknown as { seen: unknown[] }).seen = seen;
        window.addEventListener('udplab:check-result', (e) => seen.push((e as CustomEvent).detail));
      });
      await mounted(page);
      expect(await page.textContent(`${SEL} [data-ex-badge]`)).not.toBe(w.passed);

      // The starter: bind() with two arguments.
      expect(await check(page)).toBe(false);
      const failed = page.locator(`${SEL} .ex-check[data-check=no-error]`);
      expect(await failed.getAttribute('data-passed')).toBe('false');
      expect(await failed.textContent()).toContain(w.expected);
      expect(await failed.locator('.ex-actual').textContent()).toMatch(/TypeError/);
      // The traceback stays, with its explanation beside it.
      expect(await page.textContent(`${SEL} .ex-traceback`)).toMatch(/Traceback[\s\S]*TypeError/);
      expect(await page.locator(`${SEL} .ex-mistake[data-mistake=bind-two-args]`).count()).toBe(1);
      // The verdict's hint first, then the next on request.
      const hints = page.locator(`${SEL} .ex-hint`);
      expect(await hints.count()).toBe(1);
      expect(await hints.first().getAttribute('data-hint')).toBe('bind-tuple');
      expect(await hints.first().textContent()).toContain(w.hint);
      await page.locator(`${SEL} button[data-action=next-hint]`).click();
      expect(await hints.count()).toBe(2);
      // The result panel, hints and all, passes axe.
      await codeBlocksSettled(page);
      const violations = await axeViolations(page, SEL, { seriousOnly: true });
      expect(violations).toEqual([]);

      if (lang === 'en') {
        // Bytes printed: datagrams flew, so the failing run's packet list shows them with its seed.
        await setCode(page, read('wrong-bytes.py'));
        expect(await check(page)).toBe(false);
        expect(await hints.first().getAttribute('data-hint')).toBe('decode');
        expect(await page.locator(`${SEL} .pg-packets tbody tr`).count()).toBeGreaterThanOrEqual(2);
        expect(await page.textContent(`${SEL} .ex-failing-seed`)).toContain('seed 1');
      }

      if (lang === 'en') {
        // Stop ends a Check that would spin for ever; it records nothing and sends no event.
        await setCode(page, 'while True:\n    pass\n');
        await page.locator(`${SEL} button[data-action=check]`).click();
        await page.waitForFunction(
          (sel) => document.querySelector<HTMLElement>(sel)?.dataset['exState'] === 'checking',
          SEL,
        );
        await page.waitForTimeout(500);
        await page.locator(`${SEL} button[data-action=stop]`).click();
        await page.waitForFunction(
          (sel) => document.querySelector<HTMLElement>(sel)?.dataset['exState'] === 'idle',
          SEL,
          {
            timeout: 15_000,
          },
        );
        expect(await page.textContent(`${SEL} [data-ex-state]`)).toBe('Check stopped');
      }

      await setCode(page, read('solution.py'));
      expect(await check(page)).toBe(true);
      expect(await page.locator(`${SEL} .ex-check[data-passed=false]`).count()).toBe(0);
      expect(await page.isHidden(`${SEL} .ex-hints`)).toBe(true);
      expect(await page.textContent(`${SEL} [data-ex-badge]`)).toBe(w.passed);
      const seen = (await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen)) as {
        exercise: string;
        lesson: string;
        passed: boolean;
      }[];
      expect(seen.map((s) => [s.exercise, s.lesson, s.passed])).toEqual([
        ...(lang === 'en' ? [['fix-client', 'socket/steps', false]] : []),
        ['fix-client', 'socket/steps', false],
        ['fix-client', 'socket/steps', true],
      ]);

      // Code and status survive a reload.
      await page.reload({ waitUntil: 'load' });
      await mounted(page);
      expect(await page.textContent(`${SEL} [data-ex-badge]`)).toBe(w.passed);
      const code = await page.evaluate((sel) => {
        const root = document.querySelector(sel) as HTMLElement & {
          udplab?: { editor(n: string): { getValue(): string } | undefined };
        };
        return root.udplab?.editor('client.py')?.getValue();
      }, SEL);
      expect(code).toBe(read('solution.py'));

      // The progress page lists it as passed, also after a reload.
      await page.goto(shared.origin + w.progress, { waitUntil: 'load' });
      const cell = page.locator('tr[data-exercise=fix-client] .ex-status');
      expect(await cell.getAttribute('data-status')).toBe('passed');
      expect(await page.locator('tr[data-exercise]').count()).toBeGreaterThanOrEqual(6);
      await page.reload({ waitUntil: 'load' });
      expect(await cell.getAttribute('data-status')).toBe('passed');
      if (lang === 'zh') {
        page.once('dialog', (d) => void d.accept());
        await page.locator('[data-progress-reset]').click();
        expect(await cell.getAttribute('data-status')).toBe('not-tried');
      }
      expect(problems).toEqual([]);
      await page.close();
    });
  }
});

const REPLAY_WORDS = {
  zh: {
    lesson: '/basics/tcp-vs-udp/',
    button: '在练习场重放这次运行',
    title: '种子 3，真实时间',
    note: '检查用的是虚拟时间，练习场用的是真实时间。',
  },
  en: {
    lesson: '/en/basics/tcp-vs-udp/',
    button: 'Replay this run in a playground',
    title: 'seed 3, real time',
    note: 'The check ran on virtual time; a playground runs on real time.',
  },
} as const;

describe('exercise: the failing run replayed in a playground', () => {
  it.each(['zh', 'en'] as const)(
    '%s: a Check that fails on seed 3 replays its run with that seed and the same loss',
    async (lang) => {
      const w = REPLAY_WORDS[lang];
      const { page, problems } = await open(w.lesson);
      const ex = '#ex-udp-may-lose';
      await page.locator(ex).scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (sel) => document.querySelector<HTMLElement>(sel)?.dataset['exState'] === 'idle',
        ex,
        {
          timeout: 60_000,
        },
      );
      // The starter waits for ever once a reply is lost: on the check's first seed (3), pong 2 is.
      await page.locator(`${ex} button[data-action=check]`).click();
      await page.waitForSelector(`${ex} [data-ex-result][data-passed=false]`, { timeout: 90_000 });
      const checked = await page.evaluate((sel) => {
        const root = document.querySelector(sel) as HTMLElement & {
          udplab?: {
            verdict(): { failingRun: { datagrams: { id: number; copy: number; fate: string }[] } } | null;
          };
        };
        return root.udplab?.verdict()?.failingRun.datagrams.map((d) => `${d.id}.${d.copy} ${d.fate}`) ?? [];
      }, ex);
      expect(checked).toContain('4.0 lost');
      const button = page.locator(`${ex} button[data-action=replay]`);
      expect(await button.getAttribute('data-seed')).toBe('3');
      expect(await button.textContent()).toBe(w.button);

      await button.click();
      const replay = page.locator(`${ex} [data-ex-replay]`);
      expect(await replay.locator('.ex-replay-title').textContent()).toContain(w.title);
      expect(await replay.textContent()).toContain(w.note);
      await page.waitForFunction(
        (sel) =>
          document.querySelector<HTMLElement>(`${sel} [data-ex-replay] [data-udplab-playground]`)?.dataset[
            'pgState'
          ] === 'ready',
        ex,
        { timeout: 60_000 },
      );
      // The same network: the seed and the loss are the failing run's.
      expect(await replay.locator('input[data-setting=seed]').inputValue()).toBe('3');
      expect(await replay.locator('input[data-setting=loss]').inputValue()).toBe('30');
      // The learner's program runs (Run all, in the scenario's order), and the same pong is lost:
      // it prints reply 1, then waits, as it did in the check.
      const terminal = () =>
        page.evaluate((sel) => {
          const pg = document.querySelector(
            `${sel} [data-ex-replay] [data-udplab-playground]`,
          ) as HTMLElement & {
            udplab?: { terminalText(n: string): string };
          };
          return pg.udplab?.terminalText('client.py') ?? '';
        }, ex);
      await expect.poll(terminal, { timeout: 30_000 }).toContain('reply 1');
      const rows = replay.locator('.pg-packets tr[data-fate]');
      await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(checked.length);
      const replayed = await rows.evaluateAll((trs) =>
        trs.map((tr) => `${(tr as HTMLElement).dataset['id']} ${(tr as HTMLElement).dataset['fate']}`),
      );
      expect(replayed).toEqual(checked);
      await page.waitForTimeout(1500);
      expect(await terminal()).not.toContain('reply 2');
      expect(await replay.locator('.pg-program[data-file="client.py"]').getAttribute('data-state')).toBe(
        'blocked',
      );
      // The replay, playground and all, passes axe (every violation, not only serious ones).
      const violations = await axeViolations(page, `${ex} [data-ex-replay]`);
      expect(violations).toEqual([]);
      // The replay does not touch the exercise's saved code or the lesson's playground drafts.
      expect(
        await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('replay'))),
      ).toEqual([]);

      // Close ends its programs and removes it.
      await replay.locator('button[data-action=close-replay]').click();
      expect(await replay.isHidden()).toBe(true);
      expect(await replay.locator('[data-udplab-playground]').count()).toBe(0);
      expect(problems).toEqual([]);
      await page.close();
    },
  );
});

describe('playground: a traceback explained', () => {
  it('sendto with a str shows the explanation under the kept traceback', async () => {
    const { page, problems } = await open('/en/socket/steps/');
    const root = page.locator('[data-udplab-playground="flow"]');
    await root.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('[data-udplab-playground="flow"]')?.dataset['pgState'] ===
        'ready',
      undefined,
      { timeout: 60_000 },
    );
    await page.evaluate(() => {
      const el = document.querySelector('[data-udplab-playground="flow"]') as HTMLElement & {
        udplab?: { editor(n: string): { setValue(c: string): void } | undefined };
      };
      el.udplab
        ?.editor('flow_client')
        ?.setValue(
          'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto("hi", ("127.0.0.1", 10000))\n',
        );
    });
    await root.locator('[data-file=flow_client] button[data-action=run]').click();
    const note = root.locator('[data-file=flow_client] .pg-mistake[data-mistake=sendto-str]');
    await note.waitFor({ timeout: 90_000 });
    expect(await note.textContent()).toContain('sendto() takes bytes');
    const terminal = await page.evaluate(() => {
      const el = document.querySelector('[data-udplab-playground="flow"]') as HTMLElement & {
        udplab?: { terminalText(n: string): string };
      };
      return el.udplab?.terminalText('flow_client') ?? '';
    });
    expect(terminal).toMatch(/Traceback[\s\S]*TypeError: a bytes-like object is required/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
