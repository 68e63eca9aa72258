#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only NAME]`: runs every benchmark suite and rewrites bench/RESULTS.md.
// Timings on a shared 2-core machine are noisy, so each figure is reported next to an anchor
// measured in the same run, and budgets are judged on ratios where an anchor exists.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';
import { STUDIES_MARKER, renderResults } from './lib/results.js';

register(); // suites may import the TypeScript runtime

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    out: { type: 'string', default: new URL('./RESULTS.md', import.meta.url).pathname },
  },
});

const suiteDir = new URL('./suites/', import.meta.url);
const files = readdirSync(suiteDir)
  .filter((f) => f.endsWith('.js'))
  .sort();
/** A suite's name is its file's name; `--only` takes part of it (`--only page` runs page-*). */
const wanted = (/** @type {string} */ name) => !values.only || values.only.some((n) => name.includes(n));
if (values.only && !files.some((f) => wanted(f.replace(/\.js$/, '')))) {
  console.error(
    `bench: --only ${values.only.join(', ')} matches no suite; there are: ${files.map((f) => f.replace(/\.js$/, '')).join(', ')}`,
  );
  process.exit(2);
}

/** What a suite that never settles is given before it is recorded as failed, in minutes. */
const SUITE_LIMIT_MIN = values.quick ? 5 : 30;

// A suite's stray rejection (a callback after it gave up) must not end the run: it is logged.
process.on('unhandledRejection', (err) => console.error('bench: unhandled rejection', err));

/** @type {import('./lib/results.js').SuiteResult[]} */
const results = [];
for (const file of files) {
  const fileName = file.replace(/\.js$/, '');
  if (!wanted(fileName)) continue;
  const started = performance.now();
  process.stdout.write(`bench: ${fileName}${values.quick ? ' (quick)' : ''} … `);
  /** @type {{ name: string, title: string, run(o: { quick: boolean }): Promise<any[]> } | undefined} */
  let suite;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  try {
    suite = (await import(new URL(file, suiteDir).href)).default;
    if (!suite || typeof suite.run !== 'function')
      throw new Error(`${file} has no default export with run()`);
    const limit = new Promise((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`did not finish within ${SUITE_LIMIT_MIN} min (bench/run.js SUITE_LIMIT_MIN)`)),
        SUITE_LIMIT_MIN * 60_000,
      );
    });
    const figures = await Promise.race([suite.run({ quick: values.quick }), limit]);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${figures.length} figure(s) in ${seconds.toFixed(1)} s`);
    results.push({ name: suite.name, title: suite.title, figures, error: null, seconds });
  } catch (err) {
    const seconds = (performance.now() - started) / 1000;
    console.log(`FAILED after ${seconds.toFixed(1)} s`);
    console.error(err);
    results.push({
      name: suite?.name ?? fileName,
      title: suite?.title ?? fileName,
      figures: [],
      error: String(/** @type {Error} */ (err)?.stack ?? err),
      seconds,
    });
  } finally {
    clearTimeout(timer);
  }
}

const machine = {
  date: new Date().toISOString(),
  cores: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  chromium: chromiumVersion(),
  quick: values.quick,
};
// Hand-written A/B studies below the marker outlive the rewrite of the suites' figures above it.
const previous = existsSync(values.out) ? readFileSync(values.out, 'utf8') : '';
const at = previous.indexOf(STUDIES_MARKER);
const studies = at < 0 ? '' : `\n${previous.slice(at)}`;
writeFileSync(values.out, renderResults(machine, results) + studies);
console.log(`bench: wrote ${values.out}`);
const failed = results.filter((r) => r.error);
if (failed.length) {
  console.error(`bench: ${failed.length} suite(s) failed to run: ${failed.map((r) => r.name).join(', ')}`);
  process.exitCode = 1;
}
// A failed or timed-out suite may leave a socket or a child behind: do not wait for it.
process.exit(process.exitCode ?? 0);

function chromiumVersion() {
  try {
    return execFileSync('chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not installed';
  }
}
