// `npm run bench [-- --quick] [-- --only NAME]`: runs every benchmark suite and rewrites bench/RESULTS.md.
// Timings on a shared 2-core machine are noisy, so each figure is reported next to an anchor
// measured in the same run, and budgets are judged on ratios where an anchor exists.
// Runs under tsx's loader (`node --import tsx bench/run.ts`, package.json): the suites and the
// runtime they measure are TypeScript.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { STUDIES_MARKER, renderResults, type Suite, type SuiteResult } from './lib/results.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    out: { type: 'string', default: new URL('./RESULTS.md', import.meta.url).pathname },
  },
});

const suiteDir = new URL('./suites/', import.meta.url);
const listed = readdirSync(suiteDir).sort();
// A suite is a TypeScript file; a JavaScript one (written before the move to TypeScript) would be
// skipped without a word, so it stops the run instead.
const foreign = listed.filter((f) => /\.[cm]?js$/.test(f));
if (foreign.length) {
  console.error(
    `bench: ${foreign.map((f) => `suites/${f}`).join(', ')}: suites are TypeScript now; rename to .ts and type it (bench/README.md, "Writing a suite")`,
  );
  process.exit(2);
}
const files = listed.filter((f) => f.endsWith('.ts'));
/** A suite's name is its file's name; `--only` takes part of it (`--only page` runs page-*). */
const wanted = (name: string) => !values.only || values.only.some((n) => name.includes(n));
if (values.only && !files.some((f) => wanted(f.replace(/\.ts$/, '')))) {
  console.error(
    `bench: --only ${values.only.join(', ')} matches no suite; there are: ${files.map((f) => f.replace(/\.ts$/, '')).join(', ')}`,
  );
  process.exit(2);
}

/** What a suite that never settles is given before it is recorded as failed, in minutes. */
const SUITE_LIMIT_MIN = values.quick ? 5 : 30;

// A suite's stray rejection (a callback after it gave up) must not end the run: it is logged.
process.on('unhandledRejection', (err) => console.error('bench: unhandled rejection', err));

const results: SuiteResult[] = [];
for (const file of files) {
  const fileName = file.replace(/\.ts$/, '');
  if (!wanted(fileName)) continue;
  const started = performance.now();
  process.stdout.write(`bench: ${fileName}${values.quick ? ' (quick)' : ''} … `);
  let suite: Suite | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    suite = ((await import(new URL(file, suiteDir).href)) as { default?: Suite }).default;
    if (!suite || typeof suite.run !== 'function')
      throw new Error(`${file} has no default export with run()`);
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`did not finish within ${SUITE_LIMIT_MIN} min (bench/run.ts SUITE_LIMIT_MIN)`)),
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
      error: String(err instanceof Error ? (err.stack ?? err) : err),
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

function chromiumVersion(): string {
  try {
    return execFileSync('chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not installed';
  }
}
