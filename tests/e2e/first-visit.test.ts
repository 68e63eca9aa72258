// What a learner's first visit downloads: a lesson opened in a fresh Chromium profile through our
// file server on 127.0.0.1 and its first PC program Run, every byte the server sent summed (the
// page's and its workers' fetches alike). The time from the click to the output is a benchmark
// figure (bench/suites/first-visit.ts), not checked here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST, launchBrowser } from '../support/browser.ts';
import { FIRST_PC_RUN, countingServer, firstPcRun } from '../../bench/lib/first-visit.ts';

const ROOT = process.env['UDPLAB_DIST'] ?? DIST;
const MB = 1_000_000;
/**
 * Most the first PC Run of a lesson may transfer (brotli, as Chromium asks for on 127.0.0.1).
 * Issue 24 asks for 6 MB; this build is at ≈9.7 MB (bench/RESULTS.md, "First visit"): the ceiling
 * keeps what was won (the build before was at 13.6 MB) until the snapshot itself is smaller.
 */
const FIRST_PC_RUN_CEILING_BYTES = 10.5 * MB;

let browser: Browser;
let served: Awaited<ReturnType<typeof countingServer>>;

beforeAll(async () => {
  served = await countingServer(ROOT);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('first visit', () => {
  it('a first PC Run transfers no more than its ceiling, the interpreter precompressed', async () => {
    const result = await firstPcRun(browser, served);
    const listing = result.files
      .slice(0, 8)
      .map((f) => `${f.path} ${f.bytes} ${f.encoding ?? 'identity'}`)
      .join('\n');
    expect(result.total, `${FIRST_PC_RUN.page} first PC Run:\n${listing}`).toBeLessThanOrEqual(
      FIRST_PC_RUN_CEILING_BYTES,
    );
    const byName = new Map(result.files.map((f) => [f.path.replace(/^.*\//, ''), f]));
    for (const file of ['udplab.snapshot', 'pyodide.asm.wasm', 'python_stdlib.zip']) {
      expect(byName.get(file)?.encoding, file).toBe('br');
    }
  }, 180_000);
});
