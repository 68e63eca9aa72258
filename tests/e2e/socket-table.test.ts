// The playground's socket tables (ss -tuan) in Chromium, in both languages: folded at first, they
// open by themselves once a socket holds a port — a UDP server's bound UNCONN row shows while it
// waits, before any client sends (the TCP server's LISTEN row: tcp-lesson.test.ts).
import { describe, expect, it } from 'vitest';
import { DIST } from '../support/browser.ts';
import { sharedContext } from '../support/shared-context.ts';
import { requireBuilt } from '../support/require-built.ts';
import { builtPages } from '../support/site-pages.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const PAGES = ['/socket/steps/', '/en/socket/steps/'];
const FLOW = '[data-udplab-playground="flow"]';

// One context for every test: later pages take the interpreters from the first page's caches.
const shared = sharedContext(ROOT);

describe('socket tables', () => {
  requireBuilt(builtPages(ROOT).includes(PAGES[0] as string), `the built page ${PAGES[0]}`);

  it.each(PAGES)(
    '%s: a UDP server bound and waiting opens the folded tables with its UNCONN row',
    async (pathname) => {
      const page = await shared.context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      await page.goto(shared.origin + pathname, { waitUntil: 'load' });
      await page.locator(FLOW).scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (sel) => document.querySelector<HTMLElement>(sel)?.dataset['pgState'] === 'ready',
        FLOW,
        { timeout: 120_000 },
      );
      const section = page.locator(`${FLOW} details.pg-sockets-section`);
      expect(await section.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);

      // Only the server runs: it binds port 10000 and waits in recvfrom; nothing is sent.
      await page.locator(`${FLOW} .pg-program[data-file="flow_server"] button[data-action=run]`).click();
      await page.waitForFunction(
        (sel) =>
          document.querySelector<HTMLDetailsElement>(`${sel} details.pg-sockets-section`)?.open === true,
        FLOW,
        { timeout: 90_000 },
      );
      const rows = await page.evaluate(
        (sel) =>
          [...document.querySelectorAll<HTMLTableRowElement>(`${sel} .pg-sockets tr[data-state]`)].map((r) =>
            [...r.cells].map((c) => c.textContent).join(' '),
          ),
        FLOW,
      );
      expect(rows).toEqual(['udp UNCONN 0 0 0.0.0.0:10000 0.0.0.0:*']);
      expect(await page.locator(`${FLOW} .pg-packets tr[data-fate]`).count()).toBe(0);

      // The learner folds it: it stays folded (the opening happens once).
      await section.locator('summary').click();
      await page.locator(`${FLOW} .pg-program[data-file="flow_server"] button[data-action=stop]`).click();
      await page.waitForTimeout(1500);
      expect(await section.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(problems).toEqual([]);
      await page.close();
    },
  );
});
