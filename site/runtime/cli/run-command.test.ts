// `udp-lab run` end to end: usage mistakes (exit 2, clear message) without starting Python, then
// real runs through the Python runtime: --json shape, start order, timeout, board Wi-Fi and AP mode.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './run-command.ts';

const EXAMPLES = fileURLToPath(new URL('../../../content/examples/', import.meta.url));
const SCENARIOS = fileURLToPath(new URL('../../../content/scenarios/', import.meta.url));

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'udp-lab-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('usage mistakes exit with 2 and say what to do', () => {
  it('prints the help', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: udp-lab run [options]');
  });

  it('an unknown option', async () => {
    const r = await cli(['--bogus', 'a.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'udp-lab run: unknown option --bogus; the options are --json, --virtual-time, --no-datagrams, --help, --seed, --loss, --timeout, --lang, --host, --os, --runtime, --stdin\n' +
        'Run "udp-lab run --help" for the options.\n',
    );
  });

  it('a missing program file', async () => {
    const r = await cli(['/nonexistent/dir/a.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('udp-lab run: cannot read program /nonexistent/dir/a.py: no such file');
  });

  it('a scenario that is not JSON, or not valid', async () => {
    const dir = tempFiles({
      'bad.json': '{ nope',
      'wrong.json': JSON.stringify({ hosts: [], programs: [{ file: 'a.py', host: 'pc' }] }),
    });
    const bad = await cli([join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json is not valid JSON/);
    const wrong = await cli([join(dir, 'wrong.json')]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('programs[0].host: no host named "pc"; defined: none');
  });
});

// The runs below need the Python runtime (site/runtime/python) and take a few seconds each.
describe('runs', () => {
  it('--json: the one-PC flow example, its programs and its datagrams', async () => {
    const r = await cli([
      '--json',
      '--virtual-time',
      join(EXAMPLES, 'flow_server.py'),
      join(EXAMPLES, 'flow_client.py'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(
      doc.programs.map(
        (p: { file: string; host: string; runtime: string; exitCode: number; exception: null }) => [
          p.file.split('/').pop(),
          p.host,
          p.runtime,
          p.exitCode,
          p.exception,
        ],
      ),
    ).toEqual([
      ['flow_server.py', '127.0.0.1', 'cpython', 0, null],
      ['flow_client.py', '127.0.0.1', 'cpython', 0, null],
    ]);
    expect(doc.programs[0].stdout).toMatch(
      /^server waiting on port 10000\ngot '你好，UDP' from \('127\.0\.0\.1', \d+\)\nserver closed\n$/,
    );
    expect(
      doc.datagrams.map((d: { dst: string; size: number; fate: string }) => [
        d.dst.split(':')[1],
        d.size,
        d.fate,
      ]),
    ).toEqual([
      ['10000', 12, 'delivered'],
      [expect.any(String), expect.any(Number), 'delivered'],
    ]);
    expect(Object.keys(doc.datagrams[0])).toEqual(['t', 'src', 'dst', 'size', 'fate']);
  });

  it('the timeout interrupts `while True: sleep(2)` programs promptly, in real time', async () => {
    const dir = tempFiles({
      'loop.py':
        'import time\ntry:\n    while True:\n        time.sleep(2)\nexcept KeyboardInterrupt:\n    print("bye")\n    raise\n',
      'board.py': 'from mpython import *\nwhile True:\n    sleep(2)\n',
    });
    const t0 = performance.now();
    const r = await cli(['--json', '--timeout', '1', join(dir, 'loop.py'), join(dir, 'board.py')]);
    expect(performance.now() - t0).toBeLessThan(15_000);
    const doc = JSON.parse(r.stdout);
    expect(
      doc.programs.map((p: { exception: string; host: string; runtime: string }) => [
        p.host,
        p.runtime,
        p.exception,
      ]),
    ).toEqual([
      ['127.0.0.1', 'cpython', 'KeyboardInterrupt'],
      ['board', 'micropython', 'KeyboardInterrupt'],
    ]);
    expect(doc.programs[0].stdout).toBe('bye\n');
    expect(doc.timedOut).toBe(true);
    expect(r.code).toBe(0);
  });

  it('a board that has not joined Wi-Fi cannot send: OSError: 118', async () => {
    const dir = tempFiles({
      'b.py':
        'from mpython import *\nimport socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(b"hi", ("192.168.0.3", 6000))\n',
    });
    const r = await cli(['--json', '--virtual-time', join(dir, 'b.py')]);
    const doc = JSON.parse(r.stdout);
    expect(doc.programs[0].exception).toBe('OSError');
    expect(doc.programs[0].stdout).toMatch(/OSError: 118\n?$/);
    expect(r.code).toBe(1);
  });

  it('MicroPython on a PC has no board modules: import network fails as on the unix port', async () => {
    const dir = tempFiles({
      'net.py': 'import network\nprint(network.WLAN(network.STA_IF).ifconfig())\n',
      'board.py': 'from mpython import *\nimport network\nprint(network.STA_IF)\n',
    });
    const r = await cli([
      '--json',
      '--virtual-time',
      '--runtime',
      'micropython',
      join(dir, 'net.py'),
      join(dir, 'board.py'),
    ]);
    const doc = JSON.parse(r.stdout);
    expect(
      doc.programs.map((p: { host: string; exception: string | null }) => [p.host, p.exception]),
    ).toEqual([
      ['127.0.0.1', 'ImportError'],
      ['board', null],
    ]);
    expect(doc.programs[0].stdout).toMatch(/ImportError: no module named 'network'\n?$/);
  });

  it('AP mode: the board is 192.168.4.1 and a PC that joins its network gets 192.168.4.2', async () => {
    const dir = tempFiles({
      'ap.py':
        'from mpython import *\nimport socket\nw = wifi()\nw.enable_APWiFi("mpython-ap", "12345678")\nprint(w.ap.ifconfig())\n' +
        's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.bind(("0.0.0.0", 7000))\ndata, addr = s.recvfrom(100)\nprint(data, addr)\n',
      'pc.py':
        'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\ns.sendto(b"hello", ("192.168.4.1", 7000))\n',
      'ap.json': JSON.stringify({
        hosts: [
          { name: 'board', kind: 'board' },
          { name: 'laptop', kind: 'pc', wifi: { ssid: 'mpython-ap', password: '12345678' } },
        ],
        programs: [
          { file: 'ap.py', host: 'board' },
          { file: 'pc.py', host: 'laptop' },
        ],
      }),
    });
    const r = await cli(['--json', '--virtual-time', join(dir, 'ap.json')]);
    const doc = JSON.parse(r.stdout);
    expect(doc.programs[0].stdout).toMatch(
      /^\('192\.168\.4\.1', '255\.255\.255\.0', '192\.168\.4\.1', '0\.0\.0\.0'\)\nb'hello' \('192\.168\.4\.2', \d+\)\n$/,
    );
    expect(r.code).toBe(0);
  });

  it('a lesson scenario runs from its file', async () => {
    const r = await cli(['--virtual-time', '--no-datagrams', join(SCENARIOS, 'flow.json')]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('[flow_server.py] server waiting on port 10000');
  });
});
