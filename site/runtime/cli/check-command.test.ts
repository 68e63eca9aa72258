// `udp-lab check`: bad input exits with 2 and says what to write instead (no Python started);
// --list; one real check of a model solution and of a known-wrong one.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXERCISES_DIR, loadExercises } from '../exercise/node.ts';
import { main } from './check-command.ts';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const HELP = 'Run "udp-lab check --help" for the options.\n';

describe('udp-lab check: bad input exits with 2', () => {
  it('an unknown exercise, with the near ones', async () => {
    const r = await cli(['upper', 'a.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'udp-lab check: unknown exercise "upper"; did you mean upper-echo? (udp-lab check --list shows them all)\n' +
        HELP,
    );
  });

  it('a missing file', async () => {
    const r = await cli(['upper-echo', '/nonexistent/server.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('udp-lab check: cannot read program /nonexistent/server.py: no such file\n' + HELP);
  });

  it('the wrong number of files names the programs in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'udp-lab-check-'));
    writeFileSync(join(dir, 'a.py'), 'print(1)\n');
    const r = await cli(['upper-echo', join(dir, 'a.py'), join(dir, 'a.py')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'udp-lab check: exercise "upper-echo" needs 1 file(s), one for each of server.py in that order; got 2\n' +
        HELP,
    );
  });

  it('files before the exercise, no exercise, bad options', async () => {
    expect((await cli(['a.py'])).stderr).toContain(
      'the exercise comes first, then the files: udp-lab check EXERCISE a.py',
    );
    expect((await cli([])).stderr).toContain('name an exercise and your file(s)');
    expect((await cli(['--seed', 'x', 'upper-echo', 'a.py'])).stderr).toContain(
      '--seed needs a whole number from 0 to 4294967295, got "x"',
    );
    expect((await cli(['--lang', 'fr'])).stderr).toContain('--lang is zh or en, got "fr"');
    const r = await cli(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'unknown option --bogus; the options are --list, --json, --seed, --lang, --help',
    );
  });
});

describe('udp-lab check --list', () => {
  it('lists every exercise with its lesson, plain and --json', async () => {
    const all = loadExercises();
    const plain = await cli(['--list', '--lang', 'en']);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split('\n')).toHaveLength(all.length);
    expect(plain.stdout).toMatch(
      /^upper-echo +projects\/vvboard-pc +An upper-case echo server {2}\(server\.py\)$/m,
    );
    const json = JSON.parse((await cli(['--list', '--json'])).stdout) as {
      id: string;
      lesson: string;
      title: { zh: string };
    }[];
    expect(json.map((e) => e.id)).toEqual(all.map((e) => e.exercise.id));
    expect(json.find((e) => e.id === 'upper-echo')).toMatchObject({
      lesson: 'projects/vvboard-pc',
      title: { zh: '大写回声服务器' },
    });
  });
});

describe('udp-lab check: real checks', () => {
  const dir = join(EXERCISES_DIR, 'upper-echo');
  it('passes the model solution (exit 0) and fails a wrong one with its hint (exit 1)', async () => {
    const ok = await cli(['--lang', 'en', 'upper-echo', join(dir, 'solution.py')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/✓ The client gets three upper-case replies\n[\s\S]*\nPASS\n$/);
    const bad = await cli(['--json', 'upper-echo', join(dir, 'wrong-str.py')]);
    expect(bad.code).toBe(1);
    const verdict = JSON.parse(bad.stdout) as {
      passed: boolean;
      hint: { id: string };
      mistakes: { id: string }[];
    };
    expect(verdict.passed).toBe(false);
    expect(verdict.hint.id).toBe('encode');
    expect(verdict.mistakes.map((m) => m.id)).toContain('sendto-str');
  });
});

describe('the udp-lab command dispatches check', () => {
  const bin = fileURLToPath(new URL('../../../relay-server/bin/udp-lab.js', import.meta.url));
  it('--list --json exits 0, an unknown exercise exits 2', () => {
    const list = spawnSync(process.execPath, [bin, 'check', '--list', '--json'], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((e) => e.id)).toContain('lossy-pinger');
    const bad = spawnSync(process.execPath, [bin, 'check', 'nope', 'a.py'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('udp-lab check: unknown exercise "nope"');
  });
});
