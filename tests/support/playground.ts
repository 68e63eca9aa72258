// Drives a lesson's playgrounds in Chromium through the handle each one hangs on its root element
// (`root.udplab`, PlaygroundHandle in site/playground/mount.ts): wait until the n-th playground of
// the page is ready, put code in a program's editor, press Run, read and wait for its terminal and
// its state. `index` is the playground's place among the page's `[data-udplab-playground]` elements.
import type { Page } from 'playwright-core';

/** The part of the playground's handle these helpers use. */
type Handle = HTMLElement & {
  udplab?: {
    terminalText(program: string): string;
    editor(program: string): { setValue(code: string): void } | undefined;
  };
};

/**
 * Collects what a page should never show: console errors, uncaught exceptions and failed requests
 * (HTTP 400 and up). Call before the page loads; the test expects the list to stay empty.
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/** The index of the page's playground of scenario `id` (-1: none). */
export function playgroundIndex(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (want) =>
      [...document.querySelectorAll<HTMLElement>('[data-udplab-playground]')].findIndex(
        (el) => el.dataset['udplabPlayground'] === want,
      ),
    id,
  );
}

/** Scrolls the playground into view (which starts it) and waits until it is interactive. */
export async function ready(page: Page, index = 0, timeout = 60_000): Promise<void> {
  await page.locator('[data-udplab-playground]').nth(index).scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (i) =>
      document.querySelectorAll<HTMLElement>('[data-udplab-playground]')[i]?.dataset['pgState'] === 'ready',
    index,
    { timeout },
  );
}

/** Replaces the code in `program`'s editor, through the handle; throws if the program has none. */
export async function setCode(page: Page, program: string, code: string, index = 0): Promise<void> {
  const done = await page.evaluate(
    ([name, source, i]) => {
      const root = document.querySelectorAll('[data-udplab-playground]')[i as number] as Handle | undefined;
      const editor = root?.udplab?.editor(name as string);
      editor?.setValue(source as string);
      return editor !== undefined;
    },
    [program, code, index] as const,
  );
  if (!done) throw new Error(`playground ${index} has no editor for ${program} (is it ready?)`);
}

/** Clicks `program`'s Run button. */
export async function clickRun(page: Page, program: string, index = 0): Promise<void> {
  await page
    .locator('[data-udplab-playground]')
    .nth(index)
    .locator(`.pg-program[data-file="${program}"] button[data-action=run]`)
    .click();
}

/** The text `program`'s terminal holds ('' before the playground is ready). */
export function terminalText(page: Page, program: string, index = 0): Promise<string> {
  return page.evaluate(
    ([name, i]) => {
      const root = document.querySelectorAll('[data-udplab-playground]')[i as number] as Handle | undefined;
      return root?.udplab?.terminalText(name as string) ?? '';
    },
    [program, index] as const,
  );
}

/** Waits until `program`'s terminal text matches `pattern`. */
export async function waitForTerminal(
  page: Page,
  program: string,
  pattern: RegExp,
  index = 0,
  timeout = 60_000,
): Promise<void> {
  await page.waitForFunction(
    ([name, i, source, flags]) => {
      const root = document.querySelectorAll('[data-udplab-playground]')[i as number] as Handle | undefined;
      return new RegExp(source as string, flags as string).test(
        root?.udplab?.terminalText(name as string) ?? '',
      );
    },
    [program, index, pattern.source, pattern.flags] as const,
    { timeout },
  );
}

/** Clicks `program`'s Run button and waits until its terminal matches `pattern`. */
export async function run(
  page: Page,
  program: string,
  pattern: RegExp,
  index = 0,
  timeout = 60_000,
): Promise<void> {
  await clickRun(page, program, index);
  await waitForTerminal(page, program, pattern, index, timeout);
}

/** `program`'s state as its panel shows it (`data-state`: idle, running, blocked, exited…). */
export function programState(page: Page, program: string, index = 0): Promise<string> {
  return page.evaluate(
    ([name, i]) =>
      document
        .querySelectorAll('[data-udplab-playground]')
        .item(i as number)
        ?.querySelector<HTMLElement>(`.pg-program[data-file="${name as string}"]`)?.dataset['state'] ?? '',
    [program, index] as const,
  );
}

/** Waits until `program`'s panel shows one of `states`. */
export async function waitForState(
  page: Page,
  program: string,
  states: string | readonly string[],
  index = 0,
  timeout = 60_000,
): Promise<void> {
  await page.waitForFunction(
    ([name, i, want]) =>
      (want as readonly string[]).includes(
        document
          .querySelectorAll('[data-udplab-playground]')
          .item(i as number)
          ?.querySelector<HTMLElement>(`.pg-program[data-file="${name as string}"]`)?.dataset['state'] ?? '',
      ),
    [program, index, typeof states === 'string' ? [states] : states] as const,
    { timeout },
  );
}

/** The programs of the playground, by file name, in the order of their panels. */
export function programNames(page: Page, index = 0): Promise<string[]> {
  return page.evaluate((i) => {
    const root = document.querySelectorAll('[data-udplab-playground]').item(i);
    return [...root.querySelectorAll<HTMLElement>('.pg-program')].map((e) => e.dataset['file'] ?? '');
  }, index);
}
