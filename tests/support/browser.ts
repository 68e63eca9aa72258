// Shared helpers for browser tests: serve dist/ on 127.0.0.1 and drive Debian's Chromium via playwright-core.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStaticHandler } from '../../relay-server/src/server/index.ts';

export const DIST = new URL('../../dist/', import.meta.url).pathname;

/** Flags that keep headless Chromium off the (absent) network. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

/** Finds Debian's chromium (CHROMIUM_PATH overrides). */
export function chromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium not found: install it with "apt-get install -y chromium" or set CHROMIUM_PATH');
  }
}

/** Launches Chromium; `extraArgs` go after CHROMIUM_FLAGS (e.g. `--host-resolver-rules=…`). */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    headless: true,
  });
}

export interface Served {
  origin: string;
  close(): Promise<void>;
}

/** Serves `root` (default dist/) on 127.0.0.1 at an OS-chosen port, as `udp-lab serve` does (COOP/COEP). */
export async function serveDist(root = DIST): Promise<Served> {
  if (!existsSync(root)) throw new Error(`${root} does not exist: run "npm run build" first`);
  const handler = createStaticHandler(root);
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Waits (up to 10 s) until Expressive Code's script has given every code block that scrolls
 * sideways its `tabindex="0"`: it does so from a ResizeObserver, 250 ms debounced and then in an
 * idle callback, so on a loaded machine axe can otherwise run first and report
 * `scrollable-region-focusable` for a page a learner never sees that way. If the blocks never
 * get it, the wait ends and axe reports them. The condition must hold for `STABLE_MS` in a row:
 * a playground whose columns appear after the first check (four programs side by side) makes a
 * static block overflow later, and Expressive Code answers that only after its debounce.
 */
export async function codeBlocksSettled(page: Page): Promise<void> {
  const STABLE_MS = 600;
  await page
    .waitForFunction(
      (stableMs) => {
        const w = window as unknown as { __ecSettledSince?: number };
        const ok = [...document.querySelectorAll<HTMLElement>('.expressive-code pre')].every(
          (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
        );
        if (!ok) {
          delete w.__ecSettledSince;
          return false;
        }
        w.__ecSettledSince ??= performance.now();
        return performance.now() - w.__ecSettledSince >= stableMs;
      },
      STABLE_MS,
      { timeout: 10_000, polling: 100 },
    )
    .catch(() => undefined);
}
