// Study: `udp-lab serve` start-up, process start → listening (its `relay.listening` log line), on
// 127.0.0.1 with a free port, in this tree's two forms — compiled (relay-server/tools/compile-cli.ts,
// compiled afresh first) and its TypeScript under tsx (UDP_LAB_CLI picks the form) — and, with
// `--before DIR`, another tree (a checkout of an earlier commit beside its own or a linked
// node_modules); and `udp-lab run` of a one-line program to its exit, in both forms. All alternate
// in the same run (order rotated every round), so they see the same machine load, with two anchors:
// Node doing nothing, and Node registering tsx's loader. Prints the load average at start and end.
// Usage: npx tsx bench/serve-startup.ts [--runs 21] [--before DIR] [--no-run]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compileCli } from '../relay-server/tools/compile-cli.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '21' },
    before: { type: 'string' },
    'no-run': { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of 1 or more`);
const here = fileURLToPath(new URL('../', import.meta.url));

/** One way of starting: a tree, its form (UDP_LAB_CLI), and what is timed. */
interface Form {
  label: string;
  dir: string;
  cli?: 'compiled' | 'tsx';
  what: 'serve' | 'run';
}
const forms: Form[] = [
  ...(values.before
    ? [{ label: 'before: serve', dir: path.resolve(values.before), what: 'serve' as const }]
    : []),
  { label: 'serve, compiled', dir: here, cli: 'compiled', what: 'serve' },
  { label: 'serve, TypeScript under tsx', dir: here, cli: 'tsx', what: 'serve' },
  ...(values['no-run']
    ? []
    : ([
        { label: 'run print(1), compiled', dir: here, cli: 'compiled', what: 'run' },
        { label: 'run print(1), TypeScript under tsx', dir: here, cli: 'tsx', what: 'run' },
      ] satisfies Form[])),
];

// The same tiny course for all, so that none compresses a real build in the background.
const root = mkdtempSync(path.join(os.tmpdir(), 'udp-lab-serve-startup-'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');
writeFileSync(path.join(root, 'one.py'), 'print(1)\n');

/**
 * serve: milliseconds from spawn() to the `relay.listening` line; the process is then stopped.
 * run: milliseconds from spawn() to the exit of `udp-lab run one.py` (Pyodide from its snapshot).
 */
function startOnce(form: Form): Promise<number> {
  const bin = path.join(form.dir, 'relay-server/bin/udp-lab.js');
  const args =
    form.what === 'serve'
      ? ['serve', '--host', '127.0.0.1', '--port', '0', '--root', root, '--no-qr']
      : ['run', path.join(root, 'one.py')];
  const env = { ...process.env, UDP_LAB_LOG_LEVEL: 'info', UDP_LAB_CLI: form.cli ?? '' };
  const started = performance.now();
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: form.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  if (form.what === 'run')
    return new Promise((resolve, reject) => {
      let err = '';
      child.stdout.resume();
      child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
      child.once('exit', (code) =>
        code === 0
          ? resolve(performance.now() - started)
          : reject(new Error(`${bin} run exited ${code}: ${err}`)),
      );
    });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    child.stdout.setEncoding('utf8').on('data', (t: string) => {
      out += t;
      if (!out.includes('"relay.listening"')) return;
      const ms = performance.now() - started;
      child.once('exit', () => resolve(ms));
      child.kill('SIGTERM');
    });
    child.once('exit', (code) => {
      if (!out.includes('"relay.listening"')) reject(new Error(`${bin} exited ${code}: ${err}`));
    });
  });
}

/** The loader's own share: milliseconds for Node to start, register tsx's loader and exit. */
function registerOnce(): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', "import { register } from 'tsx/esm/api'; register();"],
    { cwd: here, stdio: 'ignore' },
  );
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`)),
    ),
  );
}

/** Milliseconds for Node to start and exit, doing nothing: the floor of every figure. */
function nodeOnce(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  return new Promise((resolve) => child.once('exit', () => resolve(performance.now() - started)));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const loadAtStart = load();
await compileCli(); // what `npm ci` leaves, from these sources
const times = new Map<string, number[]>(forms.map((f) => [f.label, []]));
const anchors = { 'node -e 0': [] as number[], 'node + tsx register()': [] as number[] };
for (const f of forms) await startOnce(f); // warm the file cache (tsx's, Pyodide's snapshot) once each
for (let i = 0; i < runs; i++) {
  const order = forms.map((_, k) => forms[(i + k) % forms.length]!);
  for (const f of order) times.get(f.label)!.push(await startOnce(f));
  anchors['node -e 0'].push(await nodeOnce());
  anchors['node + tsx register()'].push(await registerOnce());
}
rmSync(root, { recursive: true, force: true });
console.log(`load average (1, 5, 15 min): ${loadAtStart} at the start, ${load()} at the end`);
const line = (label: string, xs: number[], extra = '') =>
  console.log(
    `${label}: median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ` +
      `${Math.max(...xs).toFixed(0)} (${xs.length} starts${extra})`,
  );
for (const [label, xs] of Object.entries(anchors)) line(label, xs);
for (const f of forms) line(f.label, times.get(f.label)!, f.dir === here ? '' : `, ${f.dir}`);
