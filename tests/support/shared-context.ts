// A test file's browser set-up in one call: the build served on 127.0.0.1, Chromium, and one
// context every test opens its pages in (so later pages take the interpreters from the first's
// caches), closed after the file. Files that need a context per test call launchBrowser themselves.
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { DIST, launchBrowser, serveDist, type Served } from './browser.ts';

export interface SharedContext {
  /** `http://127.0.0.1:<port>` of the served build. */
  readonly origin: string;
  readonly context: BrowserContext;
}

/** Registers beforeAll/afterAll for `root` (the build; default `UDPLAB_DIST` or dist/). */
export function sharedContext(root: string = process.env['UDPLAB_DIST'] ?? DIST): SharedContext {
  let served: Served | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    served = await serveDist(root);
    browser = await launchBrowser();
    context = await browser.newContext();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await served?.close();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('sharedContext: used outside a test (before beforeAll ran)');
    return value;
  };
  return {
    get origin() {
      return ready(served).origin;
    },
    get context() {
      return ready(context);
    },
  };
}
