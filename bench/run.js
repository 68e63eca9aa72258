#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --only NAME]`: runs every benchmark suite and rewrites bench/RESULTS.md.
// Timings on a shared 2-core machine are noisy, so each figure is reported next to an anchor
// measured in the same run, and budgets are judged on ratios where an anchor exists.
import { execFileSync } from 'node:child_process';
import { writeFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { register } from 'tsx/esm/api';
import { renderResults } from './lib/results.js';

register(); // suites may import the TypeScript runtime

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string', multiple: true },
    out: { type: 'string', default: new URL('./RESULTS.md', import.meta.url).pathname },
  },
});

const suiteDir = new URL('./suites/', import.meta.url);
const names = readdirSync(suiteDir)
  .filter((f) => f.endsWith('.js'))
  .sort();

/** @type {import('./lib/results.js').SuiteResult[]} */
const results = [];
for (const file of names) {
  const mod = await import(new URL(file, suiteDir).href);
  const suite = mod.default;
  if (values.only && !values.only.some((n) => suite.name.includes(n))) continue;
  const started = performance.now();
  process.stdout.write(`bench: ${suite.name}${values.quick ? ' (quick)' : ''} … `);
  try {
    const figures = await suite.run({ quick: values.quick });
    const seconds = (performance.now() - started) / 1000;
    console.log(`${figures.length} figure(s) in ${seconds.toFixed(1)} s`);
    results.push({ name: suite.name, title: suite.title, figures, error: null });
  } catch (err) {
    console.log('FAILED');
    console.error(err);
    results.push({ name: suite.name, title: suite.title, figures: [], error: String(err?.stack ?? err) });
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
writeFileSync(values.out, renderResults(machine, results));
console.log(`bench: wrote ${values.out}`);
const failed = results.filter((r) => r.error);
if (failed.length) {
  console.error(`bench: ${failed.length} suite(s) failed to run: ${failed.map((r) => r.name).join(', ')}`);
  process.exitCode = 1;
}

function chromiumVersion() {
  try {
    return execFileSync('chromium', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not installed';
  }
}
