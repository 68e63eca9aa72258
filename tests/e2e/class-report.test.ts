// The teacher's view end to end: two learners in two Chromium contexts join a class through a real
// relay on 127.0.0.1 with different display names, their pages report Check results, and the
// instructor dashboard (admin token) fills its grid live and downloads the CSV.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIST, launchBrowser } from '../support/browser.ts';
import {
  dashboardPath,
  joinPath,
  relayOrigin,
  startRelay,
  tokensFor,
  type TestRelay,
} from '../support/relay-fixture.ts';
import { axeViolations } from '../support/axe.ts';

const { token: TOKEN, adminToken: ADMIN_TOKEN } = tokensFor('report');
/** Lessons with a playground, in each language (the class report loads with the playgrounds). */
const LESSON_ZH = '/projects/vvboard-pc/';
const LESSON_EN = '/en/projects/vvboard-pc/';
const EXERCISES = [
  { id: 'fix-client', lesson: 'socket/client', title: { zh: '修好客户端', en: 'Fix the client' } },
  { id: 'upper-echo', lesson: 'socket/server', title: { zh: '大写回声', en: 'Upper-case echo' } },
];

let relay: TestRelay;
let browser: Browser;
let origin = '';
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  relay = await startRelay({ token: TOKEN, adminToken: ADMIN_TOKEN, staticRoot: DIST, exercises: EXERCISES });
  origin = relayOrigin(relay);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await relay?.close();
});

async function newPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true });
  contexts.push(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  return { page, problems };
}

/** What the `<Exercise>` component dispatches after a Check (built elsewhere; dispatched here). */
function check(page: Page, exercise: string, passed: boolean): Promise<void> {
  return page.evaluate(
    (detail) => void window.dispatchEvent(new CustomEvent('udplab:check-result', { detail })),
    { exercise, lesson: 'socket/client', passed, at: Date.now() },
  );
}

/** Sessions of the relay that took this display name. */
function sessionsNamed(name: string): number {
  return [...relay.sessions].filter((s) => s.displayName === name).length;
}

/**
 * Joins the class through the join link and gives a display name. The name alone opens no session:
 * the first Check result does (a learner who only reads uses none of the per-address limits).
 */
async function join(page: Page, lesson: string, name: string): Promise<void> {
  const before = relay.sessions.size;
  await page.goto(`${origin}${joinPath(lesson, TOKEN)}`, { waitUntil: 'load' });
  const panel = page.locator('[data-class-report]');
  await panel.waitFor({ timeout: 30_000 });
  await panel.locator('[data-class-field="name"]').fill(name);
  await panel.locator('button[type="submit"]').click();
  await page.locator(`[data-class-report][data-class-name="${name}"]`).waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
  expect(await panel.getAttribute('data-class-state')).toBeNull();
  expect(relay.sessions.size).toBe(before);
}

/** The dashboard's cell for a learner and an exercise. */
function cell(dashboard: Page, name: string, exercise: string) {
  return dashboard.locator(`#grid tr[data-learner="${name}"] td[data-exercise="${exercise}"]`);
}

describe('the teacher’s view', () => {
  it('without a join link, loads no class reporter, opens no session and sends nothing', async () => {
    const { page, problems } = await newPage();
    const chunks: string[] = [];
    page.on('request', (r) => chunks.push(r.url()));
    await page.goto(`${origin}${LESSON_ZH}`, { waitUntil: 'load' });
    await check(page, 'fix-client', true);
    await page.waitForTimeout(500);
    expect(await page.locator('[data-class-report]').count()).toBe(0);
    expect(chunks.filter((u) => /class-reporter/.test(u))).toEqual([]);
    expect(relay.sessions.size).toBe(0);
    expect(problems).toEqual([]);
  });

  it('two learners with different names fill the dashboard’s grid live, and the CSV holds both', async () => {
    // The dashboard is open first: the grid must fill in without a reload.
    const { page: dashboard, problems: dashboardProblems } = await newPage();
    await dashboard.goto(`${origin}${dashboardPath(ADMIN_TOKEN)}`, { waitUntil: 'load' });
    await dashboard.locator('#report:not([hidden])').waitFor({ timeout: 10_000 });
    expect(await dashboard.locator('#grid thead th').allTextContents()).toEqual([
      '学生',
      'fix-client',
      'upper-echo',
    ]);

    const a = await newPage();
    await join(a.page, LESSON_ZH, '张三');
    // The learner's page says what the teacher sees, in its language.
    expect(await a.page.locator('[data-class-report]').textContent()).toContain('不会看到你的代码');
    const b = await newPage();
    await join(b.page, LESSON_EN, 'Alice Smith');
    expect(await b.page.locator('[data-class-report]').textContent()).toContain('Never your code');
    // Styled by its own chunk: a panel fixed in a corner, not a paragraph at the end of the page.
    expect(await b.page.locator('[data-class-report]').evaluate((el) => getComputedStyle(el).position)).toBe(
      'fixed',
    );

    await check(a.page, 'fix-client', false);
    await check(a.page, 'fix-client', true);
    await check(a.page, 'upper-echo', false);
    await check(b.page, 'upper-echo', true);

    await cell(dashboard, '张三', 'fix-client').and(dashboard.locator('[data-attempts="2"]')).waitFor({
      timeout: 10_000,
    });
    await cell(dashboard, 'Alice Smith', 'upper-echo')
      .and(dashboard.locator('[data-result="pass"]'))
      .waitFor({
        timeout: 10_000,
      });
    await cell(dashboard, '张三', 'upper-echo').and(dashboard.locator('[data-result="fail"]')).waitFor({
      timeout: 10_000,
    });
    expect(await cell(dashboard, '张三', 'fix-client').getAttribute('data-result')).toBe('pass');
    expect(await cell(dashboard, '张三', 'fix-client').textContent()).toBe('✓');
    expect(await cell(dashboard, '张三', 'upper-echo').textContent()).toBe('✗');
    expect(await cell(dashboard, 'Alice Smith', 'fix-client').getAttribute('data-result')).toBe('none');
    expect(await cell(dashboard, 'Alice Smith', 'fix-client').textContent()).toBe('–');
    expect(await cell(dashboard, '张三', 'fix-client').getAttribute('title')).toMatch(/通过.*1\/2/);

    // The CSV download: UTF-8 with a BOM, a name column, one column per exercise.
    const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.click('#csv')]);
    expect(download.suggestedFilename()).toBe('udp-lab-class-report.csv');
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      '"姓名","fix-client","upper-echo"\r\n"Alice Smith","","✓"\r\n"张三","✓","✗"\r\n',
    );

    // The dashboard with its grid passes axe (evaluated through the debugger: its CSP forbids inline scripts).
    const violations = await axeViolations(dashboard, '#report', { seriousOnly: true });
    expect(violations).toEqual([]);

    // The display name is remembered for this class: a reload does not ask again, and opens no
    // session until the next Check (the page's old session closes with it).
    await a.page.reload({ waitUntil: 'load' });
    await a.page.locator('[data-class-report][data-class-name="张三"]').waitFor({ timeout: 15_000 });
    expect(await a.page.locator('[data-class-field="name"]').isVisible()).toBe(false);
    await a.page.waitForTimeout(1000);
    expect(await a.page.locator('[data-class-report]').getAttribute('data-class-state')).toBeNull();
    expect(sessionsNamed('张三')).toBe(0);
    await check(a.page, 'upper-echo', true);
    await a.page.locator('[data-class-report][data-class-state="open"]').waitFor({ timeout: 15_000 });
    await cell(dashboard, '张三', 'upper-echo').and(dashboard.locator('[data-result="pass"]')).waitFor({
      timeout: 10_000,
    });
    expect(sessionsNamed('张三')).toBe(1);

    // A learner's page cannot read the dashboard's data: not without the admin token, not with the class one.
    const statuses = await a.page.evaluate(async (classToken) => {
      const plain = await fetch('/admin/api/results');
      const withClass = await fetch('/admin/api/results', {
        headers: { Authorization: `Bearer ${classToken}` },
      });
      const csv = await fetch('/admin/api/results.csv');
      return [plain.status, withClass.status, csv.status, (await plain.text()).includes('张三')];
    }, TOKEN);
    expect(statuses).toEqual([401, 401, 401, false]);

    expect([...a.problems, ...b.problems, ...dashboardProblems]).toEqual([]);
  });

  it('refuses a bad name in the page, in its language, before anything is sent', async () => {
    const { page } = await newPage();
    await page.goto(`${origin}${joinPath(LESSON_ZH, TOKEN)}`, { waitUntil: 'load' });
    const panel = page.locator('[data-class-report]');
    await panel.waitFor({ timeout: 30_000 });
    await panel.locator('[data-class-field="name"]').fill('名'.repeat(33));
    await panel.locator('button[type="submit"]').click();
    expect(await panel.locator('[role="alert"]').textContent()).toContain('最多 32 个字');
    expect(await panel.getAttribute('data-class-state')).toBeNull();
    // The panel itself, with its prompt and its error, passes axe.
    const violations = await axeViolations(page, '[data-class-report]', { seriousOnly: true });
    expect(violations).toEqual([]);
  });

  it('holds results while the relay refuses the name, says so, and sends them once a name is taken', async () => {
    // Every page here is on 127.0.0.1: fill the 4 rows one address may create (maxReportNamesPerAddress).
    const { page, problems } = await newPage();
    const dashboard = (await newPage()).page;
    await dashboard.goto(`${origin}${dashboardPath(ADMIN_TOKEN)}`, { waitUntil: 'load' });
    await dashboard.locator('#report:not([hidden])').waitFor({ timeout: 10_000 });
    await join(page, LESSON_EN, 'C3');
    const panel = page.locator('[data-class-report]');
    const rename = async (name: string): Promise<void> => {
      await panel.locator('summary').click(); // the panel folds after a name is given
      await panel.locator('[data-class-joined] button').click();
      await panel.locator('[data-class-field="name"]').fill(name);
      await panel.locator('button[type="submit"]').click();
    };
    await check(page, 'fix-client', true);
    await cell(dashboard, 'C3', 'fix-client').waitFor({ timeout: 10_000 });
    let n = 3;
    while (relay.results.snapshot().learners.length < 4) {
      await rename(`C${++n}`);
      await check(page, 'fix-client', true);
      await cell(dashboard, `C${n}`, 'fix-client').waitFor({ timeout: 10_000 });
    }
    // A fifth name from this computer is refused: the result waits, and the page says so.
    await rename(`C${n + 1}`);
    await panel.locator('[role="alert"]', { hasText: 'too many names from this computer' }).waitFor({
      timeout: 10_000,
    });
    await check(page, 'upper-echo', true);
    await panel.locator('[data-class-status]', { hasText: '1 Check result(s) waiting' }).waitFor({
      timeout: 5_000,
    });
    await page.waitForTimeout(500);
    expect(await cell(dashboard, `C${n}`, 'upper-echo').getAttribute('data-result')).toBe('none');
    // A name the relay takes: the held result goes to it.
    await panel.locator('[data-class-field="name"]').fill('C3');
    await panel.locator('button[type="submit"]').click();
    await cell(dashboard, 'C3', 'upper-echo').and(dashboard.locator('[data-result="pass"]')).waitFor({
      timeout: 10_000,
    });
    expect(await panel.locator('[data-class-status]').textContent()).not.toContain('waiting');
    expect(problems).toEqual([]);
  });
});
