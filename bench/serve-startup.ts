// Study: `udp-lab serve` start-up, process start → listening (its `relay.listening` log line), on
// 127.0.0.1 with a free port. Alternates this tree with another one (`--before DIR`: a checkout of
// an earlier commit beside its own or a linked node_modules) in the same run, so both see the same
// machine load, with two anchors: Node doing nothing, and Node registering tsx's loader.
// Usage: npx tsx bench/serve-startup.ts [--runs 21] [--before DIR]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '21' }, before: { type: 'string' } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of 1 or more`);
const here = fileURLToPath(new URL('../', import.meta.url));
const trees: Array<{ label: string; dir: string }> = [
  ...(values.before ? [{ label: 'before', dir: path.resolve(values.before) }] : []),
  { label: values.before ? 'after' : 'this tree', dir: here },
];

// The same tiny course for both, so that neither compresses a real build in the background.
const root = mkdtempSync(path.join(os.tmpdir(), 'udp-lab-serve-startup-'));
writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>x</title>');

/** Milliseconds from spawn() to the `relay.listening` line; the process is then stopped. */
function startOnce(dir: string): Promise<number> {
  const bin = path.join(dir, 'relay-server/bin/udp-lab.js');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--root', root, '--no-qr'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, UDP_LAB_LOG_LEVEL: 'info' } },
  );
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

const times = new Map<string, number[]>(trees.map((t) => [t.label, []]));
const anchors = { 'node -e 0': [] as number[], 'node + tsx register()': [] as number[] };
for (const t of trees) await startOnce(t.dir); // warm the file cache (and tsx's) once each
for (let i = 0; i < runs; i++) {
  const order = i % 2 ? [...trees].reverse() : trees;
  for (const t of order) times.get(t.label)!.push(await startOnce(t.dir));
  anchors['node -e 0'].push(await nodeOnce());
  anchors['node + tsx register()'].push(await registerOnce());
}
rmSync(root, { recursive: true, force: true });
for (const [label, xs] of Object.entries(anchors))
  console.log(
    `${label}: median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}`,
  );
for (const t of trees) {
  const xs = times.get(t.label)!;
  console.log(
    `${t.label}: median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ` +
      `${Math.max(...xs).toFixed(0)} (${xs.length} starts, ${t.dir})`,
  );
}
