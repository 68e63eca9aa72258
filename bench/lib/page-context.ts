// Browser contexts for the bench. Functions it hands to Chromium (page.evaluate, waitForFunction,
// addInitScript) travel as their source text. tsx compiles the bench with esbuild's `keepNames`, which
// wraps each named function or class inside them in a call to its `__name` helper — a helper that
// exists in this process, not in the page ("ReferenceError: __name is not defined"). Every context the
// bench opens therefore gets a stand-in first, before any page script: open them with `newContext`.
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

/** esbuild's `__name(target, name)`: names a function or class and returns it. Source text, for pages and workers. */
export const NAME_HELPER =
  'globalThis.__name ??= (target, value) => Object.defineProperty(target, "name", { value, configurable: true });';

/** `browser.newContext(options)` with `NAME_HELPER` installed before anything else runs in its pages. */
export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.addInitScript({ content: NAME_HELPER });
  return context;
}
