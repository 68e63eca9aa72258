// `udp-lab serve --lan` as a learner on another computer sees it: the course opened by a name that
// is not localhost (classroom.test, mapped to 127.0.0.1 in Chromium only). Over https — the
// self-signed certificate clicked through, as `ignoreHTTPSErrors` stands for — the page is cross-
// origin isolated, Python runs and the relay answers on wss:. Over plain http it is not a secure
// context, and the page says so and how to get the https link, in both languages.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DIST, launchBrowser } from '../support/browser.ts';
import {
  joinPath,
  relayModule,
  relayOrigin,
  startRelay,
  tokensFor,
  type TestRelay,
} from '../support/relay-fixture.ts';

type EnsureCertificate = (o: { dir: string; names: string[] }) => Promise<{ cert: string; key: string }>;

const NAME = 'classroom.test';
const { token: TOKEN } = tokensFor('tls');
const PROGRAM = 'flow_client';
const strings = (lang: string) =>
  JSON.parse(
    readFileSync(new URL(`../../site/content/i18n/${lang}.json`, import.meta.url), 'utf8'),
  ) as Record<string, string>;

let secure: TestRelay;
let plain: TestRelay;
let browser: Browser;
let tlsDir = '';

beforeAll(async () => {
  const { ensureCertificate } = await relayModule<{ ensureCertificate: EnsureCertificate }>(
    'server/index.ts',
  );
  tlsDir = mkdtempSync(path.join(tmpdir(), 'udp-lab-e2e-tls-'));
  const certificate = await ensureCertificate({ dir: tlsDir, names: [NAME, 'localhost', '127.0.0.1'] });
  const common = { token: TOKEN, staticRoot: DIST, allowHosts: [NAME] };
  secure = await startRelay({ ...common, tls: { cert: certificate.cert, key: certificate.key } });
  plain = await startRelay(common);
  browser = await launchBrowser([`--host-resolver-rules=MAP ${NAME} 127.0.0.1`]);
});

afterAll(async () => {
  await browser?.close();
  await secure?.close();
  await plain?.close();
  if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
});

function terminal(page: Page): Promise<string> {
  return page.evaluate(
    (name) =>
      (
        document.querySelector('[data-udplab-playground]') as HTMLElement & {
          udplab?: { terminalText(n: string): string };
        }
      ).udplab?.terminalText(name) ?? '',
    PROGRAM,
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

async function run(page: Page, code: string | null): Promise<void> {
  if (code !== null)
    await page.evaluate(
      ([name, source]) =>
        (
          document.querySelector('[data-udplab-playground]') as HTMLElement & {
            udplab?: { editor(n: string): { setValue(v: string): void } | undefined };
          }
        ).udplab
          ?.editor(name as string)
          ?.setValue(source as string),
      [PROGRAM, code] as const,
    );
  await page
    .locator(`[data-udplab-playground] .pg-program[data-file="${PROGRAM}"] button[data-action=run]`)
    .click();
}

describe('the course from another computer (a name that is not localhost)', () => {
  it('over https with the self-signed certificate: cross-origin isolated, Run prints, the relay answers on wss:', async () => {
    const port = secure.address().port;
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(
      `${relayOrigin(secure, { scheme: 'https', host: NAME })}${joinPath('/socket/steps/', TOKEN)}`,
      {
        waitUntil: 'load',
      },
    );
    expect(
      await page.evaluate(() => ({
        secure: isSecureContext,
        isolated: crossOriginIsolated,
        sab: typeof SharedArrayBuffer,
      })),
    ).toEqual({ secure: true, isolated: true, sab: 'function' });
    await ready(page);
    await run(page, 'print("hello over https", 6 * 7)');
    await page.waitForFunction(
      (name) =>
        /hello over https 42|Error/.test(
          (
            document.querySelector('[data-udplab-playground]') as HTMLElement & {
              udplab?: { terminalText(n: string): string };
            }
          ).udplab?.terminalText(name) ?? '',
        ),
      PROGRAM,
      { timeout: 120_000 },
    );
    expect(await terminal(page)).toContain('hello over https 42');

    // The relay panel derives wss: from the https page, and the relay accepts the page's origin.
    const panel = page.locator('[data-udplab-playground]').first().locator('[data-pg-relay]');
    expect(await panel.locator('[data-relay-field="url"]').inputValue()).toBe(`wss://${NAME}:${port}/relay`);
    if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open)))
      await panel.locator('summary').click();
    await panel.locator('button[data-relay-action="connect"]').click();
    await panel.locator('[data-relay-status="open"]').waitFor({ timeout: 10_000 });
    expect(secure.sessions.size).toBe(1);
    await context.close();
  }, 180_000);

  it.each([
    ['zh-CN', '/socket/steps/'],
    ['en', '/en/socket/steps/'],
  ])(
    'over plain http (%s): not a secure context, and the page says to ask for the https link',
    async (lang, pathname) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${relayOrigin(plain, { host: NAME })}${pathname}`, { waitUntil: 'load' });
      expect(await page.evaluate(() => ({ secure: isSecureContext, isolated: crossOriginIsolated }))).toEqual(
        {
          secure: false,
          isolated: false,
        },
      );
      await ready(page);
      await run(page, null);
      const wanted = strings(lang)['playground.insecureContext'] ?? '';
      expect(wanted).toContain('https');
      await page.waitForFunction(
        ([name, text]) =>
          (
            (
              document.querySelector('[data-udplab-playground]') as HTMLElement & {
                udplab?: { terminalText(n: string): string };
              }
            ).udplab?.terminalText(name as string) ?? ''
          ).includes((text as string).slice(0, 20)),
        [PROGRAM, wanted] as const,
        { timeout: 30_000 },
      );
      // The terminal wraps long lines: compare without white space.
      const squeeze = (text: string) => text.replace(/\s+/g, '');
      const out = squeeze(await terminal(page));
      expect(out).toContain(squeeze(wanted));
      expect(out).not.toContain(squeeze(strings(lang)['playground.noIsolation'] ?? '').slice(0, 20));
      // The exercise on the same page says the same when Check is pressed.
      const exercise = page.locator('#ex-fix-client');
      await exercise.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        () => document.querySelector<HTMLElement>('#ex-fix-client')?.dataset['exState'] === 'idle',
        null,
        { timeout: 60_000 },
      );
      await exercise.locator('button[data-action=check]').click();
      await exercise.locator('[data-ex-result] [role=alert]').waitFor({ timeout: 30_000 });
      expect(await exercise.locator('[data-ex-result] [role=alert]').textContent()).toBe(wanted);
      await context.close();
    },
    120_000,
  );
});
