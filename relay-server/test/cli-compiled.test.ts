// The `udp-lab` command compiled by tools/compile-cli.ts, as `npm ci` and `npm run build` leave it:
// `serve` (course, dashboard, exercises, a datagram relayed), `run` and `check` behave as from the
// TypeScript sources, and the launcher never runs a compiled form that a source has moved past.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED_DIR, REPO_ROOT, compileCli } from '../tools/compile-cli.ts';
import { ADMIN_TOKEN, TOKEN, connect, udpEcho, type Json } from './helpers.ts';

const BIN = fileURLToPath(new URL('../bin/udp-lab.js', import.meta.url));
const MANIFEST = path.join(COMPILED_DIR, 'manifest.json');

/** Runs the launcher to its end (at most 90 s) with UDP_LAB_CLI=`form`. */
function udpLab(form: 'compiled' | 'tsx' | 'auto', args: string[]) {
  const env = { ...process.env, UDP_LAB_CLI: form === 'auto' ? '' : form };
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: 90_000,
  });
}

let root = '';
beforeAll(async () => {
  await compileCli();
  root = mkdtempSync(path.join(tmpdir(), 'udp-lab-compiled-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>course</title>');
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('serve: the course, the dashboard page and its exercises, and a datagram relayed to a real UDP port', async () => {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--root', root, '--no-qr'],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        UDP_LAB_CLI: 'compiled',
        UDP_LAB_TOKEN: TOKEN,
        UDP_LAB_ADMIN_TOKEN: ADMIN_TOKEN,
        UDP_LAB_ALLOW_LOOPBACK: '1',
        UDP_LAB_UDP_HOST: '127.0.0.1',
        UDP_LAB_PUBLIC_ADDRESS: '127.0.0.1',
      },
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    let out = '';
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (err += t));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (t: string) => {
        out += t;
        const line = out.split('\n').find((l) => l.includes('"relay.listening"'));
        if (line) resolve((JSON.parse(line) as Json).port);
      });
      void exited.then((code) => reject(new Error(`udp-lab serve exited ${code}: ${err}`)));
    });
    const origin = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${origin}/`)).text()).toContain('<title>course</title>');
    // The dashboard's page is read beside src/server/admin.ts, the exercises from content/exercises/.
    const page = await fetch(`${origin}/admin`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('UDP Lab');
    const results = await fetch(`${origin}/admin/api/results`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const { exercises } = (await results.json()) as Json;
    expect(exercises.length).toBeGreaterThan(0);

    const echo = await udpEcho();
    try {
      const c = await connect({ url: `ws://127.0.0.1:${port}/relay` });
      expect((await c.bind(1, 0)).type).toBe('bound');
      c.sendto(1, '127.0.0.1', echo.port, 'compiled');
      const back = await c.datagram();
      expect(new TextDecoder().decode(back.payload)).toBe('compiled');
      await c.close();
    } finally {
      await echo.close();
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});

describe('run and check give what the sources give', () => {
  it.each([
    ['a PC pair (Pyodide in a worker thread)', 'content/scenarios/flow.json'],
    ['a 掌控板 program (MicroPython, the board shims and font)', 'content/scenarios/board-client.json'],
  ])(
    'run: %s',
    (_what, scenario) => {
      const runs = (['compiled', 'tsx'] as const).map((form) =>
        udpLab(form, ['run', '--json', '--virtual-time', '--timeout', '3', scenario]),
      );
      const [compiled, tsx] = runs.map((r) => {
        expect(r.stderr).not.toMatch(/Error|cannot/);
        return JSON.parse(r.stdout) as Json;
      });
      const programs = (r: Json) =>
        r.programs.map((p: Json) => ({ stdout: p.stdout, exitCode: p.exitCode, exception: p.exception }));
      expect(programs(compiled)).toEqual(programs(tsx));
      expect(compiled.programs.some((p: Json) => p.stdout.length > 0)).toBe(true);
      expect(runs[0]!.status).toBe(runs[1]!.status);
    },
    120_000,
  );

  it('check --list', () => {
    const compiled = udpLab('compiled', ['check', '--list', '--json']);
    const tsx = udpLab('tsx', ['check', '--list', '--json']);
    expect(compiled.status).toBe(0);
    expect(JSON.parse(compiled.stdout)).toEqual(JSON.parse(tsx.stdout));
  }, 60_000);
});

describe('a compiled form older than its sources is not run', () => {
  let original = '';
  beforeAll(() => (original = readFileSync(MANIFEST, 'utf8')));
  afterAll(() => writeFileSync(MANIFEST, original));

  it.each([
    ['a source changed', (file: string) => ({ [file]: '0'.repeat(64) }), /changed since it was compiled/],
    ['a source removed', () => ({ 'relay-server/src/cli/no-longer-here.ts': '0'.repeat(64) }), /is gone/],
  ])(
    '%s: UDP_LAB_CLI=compiled refuses, saying why; by default the sources run under tsx',
    (_what, edit, why) => {
      const manifest = JSON.parse(original) as Json;
      const file = 'relay-server/src/server/server.ts';
      expect(manifest.inputs[file]).toMatch(/^[0-9a-f]{64}$/);
      Object.assign(manifest.inputs, edit(file));
      writeFileSync(MANIFEST, JSON.stringify(manifest));
      const refused = udpLab('compiled', ['--help']);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toMatch(why);
      const fallback = udpLab('auto', ['--help']);
      expect(fallback.status).toBe(0);
      expect(fallback.stdout).toContain('Usage: udp-lab');
      writeFileSync(MANIFEST, original);
      expect(udpLab('compiled', ['--help']).status).toBe(0);
    },
    60_000,
  );

  it('every file the bundle is made of is in the manifest: the relay, the runtime and the compiler itself', () => {
    const { inputs } = JSON.parse(original) as Json;
    for (const file of [
      'relay-server/src/cli/cli.ts',
      'relay-server/src/server/server.ts',
      'site/runtime/cli/run-command.ts',
      'site/runtime/python/worker-node.ts',
      'relay-server/tools/compile-cli.ts',
    ])
      expect(Object.keys(inputs)).toContain(file);
  });
});
