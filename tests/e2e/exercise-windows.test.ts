// An exercise on a Windows PC in Chromium, in both languages: the starter's Check fails with the
// traceback of ConnectionResetError [WinError 10054], whose text is in the page's language, as a
// playground's Windows PC prints it (Chinese on the Chinese page, English on the English page).
import { describe, expect, it } from 'vitest';
import { DIST } from '../support/browser.ts';
import { sharedContext } from '../support/shared-context.ts';
import { requireBuilt } from '../support/require-built.ts';
import { builtPages } from '../support/site-pages.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const SEL = '#ex-windows-no-crash';
const CASES = [
  ['/basics/tcp-vs-udp/', 'ConnectionResetError: [WinError 10054] 远程主机强迫关闭了一个现有的连接。'],
  [
    '/en/basics/tcp-vs-udp/',
    'ConnectionResetError: [WinError 10054] An existing connection was forcibly closed by the remote host',
  ],
] as const;

// One context for every test: later pages take the interpreters from the first page's caches.
const shared = sharedContext(ROOT);

describe('exercise on a Windows PC', () => {
  requireBuilt(builtPages(ROOT).includes(CASES[0][0]), `the built page ${CASES[0][0]}`);

  it.each(CASES)(
    '%s: the starter fails with [WinError 10054] in the page language',
    async (pathname, line) => {
      const page = await shared.context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      await page.goto(shared.origin + pathname, { waitUntil: 'load' });
      await page.locator(SEL).scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (sel) => document.querySelector<HTMLElement>(sel)?.dataset['exState'] === 'idle',
        SEL,
        { timeout: 60_000 },
      );
      await page.locator(`${SEL} button[data-action=check]`).click();
      await page.waitForSelector(`${SEL} [data-ex-result][data-passed]`, { timeout: 120_000 });
      expect(await page.getAttribute(`${SEL} [data-ex-result]`, 'data-passed')).toBe('false');
      const traceback = (await page.textContent(`${SEL} .ex-traceback`)) ?? '';
      expect(traceback).toContain(line);
      expect(problems).toEqual([]);
      await page.close();
    },
  );
});
