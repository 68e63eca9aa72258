// The course site as a reader meets it: twins in both locales, no broken links, clean console, language picker, axe.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST, launchBrowser, serveDist, type Served, codeBlocksSettled } from '../support/browser.ts';
import { builtPages, isEnglish, twinOf } from '../support/site-pages.ts';
import { axeViolations } from '../support/axe.ts';

const pages = builtPages();
const zhPages = pages.filter((p) => !isEnglish(p));
const enPages = pages.filter(isEnglish);

let browser: Browser;
let served: Served;

beforeAll(async () => {
  served = await serveDist();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

/** Opens a page and collects console errors and failed requests while it loads. */
async function open(pathname: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(served.origin + pathname, { waitUntil: 'load' });
  return { page, problems };
}

describe('the build', () => {
  it('has the landing page and every lesson in both locales', () => {
    expect(zhPages).toContain('/');
    expect(enPages).toContain('/en/');
    expect(zhPages.length).toBeGreaterThanOrEqual(11);
  });

  it('gives every Chinese page an English twin and back', () => {
    const all = new Set(pages);
    const missing = pages.filter((p) => !all.has(twinOf(p)));
    expect(missing).toEqual([]);
  });

  it('has a 404 page per language', () => {
    const zh404 = readFileSync(path.join(DIST, '404.html'), 'utf8');
    const en404 = readFileSync(path.join(DIST, 'en/404/index.html'), 'utf8');
    expect(zh404).toMatch(/<html[^>]*lang="zh-CN"/);
    expect(en404).toMatch(/<html[^>]*lang="en"/);
  });

  it('has no broken internal link or asset reference', () => {
    const broken: string[] = [];
    for (const p of pages) {
      const html = readFileSync(path.join(DIST, p, 'index.html'), 'utf8');
      for (const m of html.matchAll(/\s(?:href|src)="([^"#?]*)(?:[#?][^"]*)?"/g)) {
        const target = m[1];
        if (!target || /^[a-z]+:/i.test(target) || target.startsWith('//')) continue;
        const abs = new URL(target, `http://x${p}`).pathname;
        const file = path.join(DIST, decodeURIComponent(abs));
        const candidates = abs.endsWith('/')
          ? [path.join(file, 'index.html')]
          : [file, path.join(file, 'index.html')];
        if (!candidates.some((c) => exists(c))) broken.push(`${p} → ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('every page in Chromium', () => {
  it.each(pages)('%s loads without console errors and axe finds nothing serious', async (pathname) => {
    const { page, problems } = await open(pathname);
    try {
      const lang = await page.getAttribute('html', 'lang');
      expect(lang).toBe(isEnglish(pathname) ? 'en' : 'zh-CN');
      await codeBlocksSettled(page);
      const violations = await axeViolations(page, undefined, { seriousOnly: true });
      expect(violations).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each(['/basics/network/', '/en/socket/api/'])(
    'the language picker on %s lands on the twin',
    async (pathname) => {
      const { page } = await open(pathname);
      try {
        const target = isEnglish(pathname) ? 'zh-CN' : 'en';
        const select = page.locator('starlight-lang-select select').first();
        await Promise.all([
          page.waitForURL((url) => url.pathname === twinOf(pathname)),
          select.selectOption({ label: target === 'en' ? 'English' : '简体中文' }),
        ]);
        expect(new URL(page.url()).pathname).toBe(twinOf(pathname));
        expect(await page.getAttribute('html', 'lang')).toBe(target);
      } finally {
        await page.close();
      }
    },
  );

  it('answers an unknown path with the 404 page of its language', async () => {
    for (const [pathname, lang] of [
      ['/no-such-lesson/', 'zh-CN'],
      ['/en/no-such-lesson/', 'en'],
    ] as const) {
      const page = await browser.newPage();
      const res = await page.goto(served.origin + pathname);
      expect(res?.status()).toBe(404);
      expect(await page.getAttribute('html', 'lang')).toBe(lang);
      await page.close();
    }
  });

  it('is cross-origin isolated, so SharedArrayBuffer exists', async () => {
    const { page } = await open('/');
    try {
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('searches in both languages', async () => {
    for (const [pathname, query, expected] of [
      ['/', '端口', '/basics/network/'],
      ['/en/', 'handshake', '/en/basics/tcp-vs-udp/'],
    ] as const) {
      const { page } = await open(pathname);
      await page.locator('button[data-open-modal]').first().click();
      await page.locator('#starlight__search input').fill(query);
      const hit = page.locator(`#starlight__search a[href*="${expected}"]`).first();
      await hit.waitFor({ timeout: 15_000 });
      await page.close();
    }
  });
});

function exists(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}
