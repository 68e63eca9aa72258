// `udp-lab run` arguments: per-file options, defaults, and clear messages for every mistake.

import { describe, expect, it } from 'vitest';
import { parseRunArgs, RUN_USAGE, UsageError } from './run-args.ts';
import { scenarioFromArgs, stdinLines, usesMpython } from './run-files.ts';
import { validateScenario } from '../scenario/index.ts';

function usage(argv: string[]): string {
  try {
    parseRunArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) return err.message;
    throw err;
  }
  return 'no error';
}

describe('parseRunArgs', () => {
  it('applies --host, --runtime and --stdin to the files after them', () => {
    const args = parseRunArgs([
      '--json',
      'a.py',
      '--host',
      '192.168.0.3',
      'b.py',
      '--runtime=micropython',
      '--stdin',
      'in.txt',
      'c.py',
      '--seed',
      '7',
    ]);
    expect(args).toMatchObject({ json: true, seed: 7, virtualTime: false, datagrams: true });
    expect(args.files).toEqual([
      { path: 'a.py', host: '127.0.0.1', hostGiven: false, hostFresh: false },
      { path: 'b.py', host: '192.168.0.3', hostGiven: true, hostFresh: true },
      {
        path: 'c.py',
        host: '192.168.0.3',
        hostGiven: true,
        hostFresh: false,
        runtime: 'micropython',
        stdin: 'in.txt',
      },
    ]);
  });

  it('applies --os to the files after it, like --host; --lang is global', () => {
    const args = parseRunArgs([
      'a.py',
      '--os',
      'windows',
      'b.py',
      '--host',
      '192.168.0.9',
      'c.py',
      '--os=linux',
      'd.py',
      '--lang',
      'en',
    ]);
    expect(args.lang).toBe('en');
    expect(args.files.map((f) => [f.path, f.os])).toEqual([
      ['a.py', undefined],
      ['b.py', 'windows'],
      ['c.py', 'windows'],
      ['d.py', 'linux'],
    ]);
    expect(() => parseRunArgs(['--os', 'macos', 'a.py'])).toThrow('--os is linux or windows, got "macos"');
    expect(() => parseRunArgs(['--lang', 'fr', 'a.py'])).toThrow(/--lang is zh or en/);
    expect(() => parseRunArgs(['a.py', '--os', 'windows'])).toThrow(/--os applies to the files after it/);
    expect(() => parseRunArgs(['--os', 'windows', 's.json'])).toThrow(/"pc-windows" for Windows/);
    expect(parseRunArgs(['--lang', 'zh', 's.json']).lang).toBe('zh');
    expect(RUN_USAGE).toMatch(/--os OS +linux \(default\) or windows/);
    expect(RUN_USAGE).toMatch(/--lang L +zh or en/);
  });

  it('takes one scenario file with global options', () => {
    expect(parseRunArgs(['--timeout', '2.5', '--loss', '0.1', 'content/scenarios/flow.json'])).toMatchObject({
      scenario: 'content/scenarios/flow.json',
      timeout: 2.5,
      loss: 0.1,
    });
  });

  it.each([
    [[], 'name at least one FILE.py (or a SCENARIO.json) to run'],
    [
      ['--bogus', 'a.py'],
      'unknown option --bogus; the options are --json, --virtual-time, --no-datagrams, --help, --seed, --loss, --timeout, --lang, --host, --os, --runtime, --stdin',
    ],
    [['--loss', '1.5', 'a.py'], '--loss needs a number from 0 to 1, got "1.5"'],
    [['--seed', 'x', 'a.py'], '--seed needs a whole number from 0 to 4294967295, got "x"'],
    [['--timeout', '-1', 'a.py'], '--timeout needs a number from 0 to 86400, got "-1"'],
    [['--host', 'my-pc', 'a.py'], '--host needs an IPv4 address such as 192.168.0.3, got "my-pc"'],
    [['--runtime', 'pypy', 'a.py'], '--runtime is cpython or micropython, got "pypy"'],
    [['a.py', '--host'], '--host needs a value, e.g. --host 192.168.0.3'],
    [
      ['a.py', '--host', '192.168.0.9'],
      '--host applies to the files after it, but no file follows; put it before a FILE.py',
    ],
    [['notes.txt'], '"notes.txt" is neither a .py program nor a .json scenario'],
    [
      ['a.py', 's.json'],
      'a scenario file (s.json) runs on its own; give either one .json scenario or .py files',
    ],
    [
      ['--stdin', 'x.txt', 's.json'],
      '--host, --os, --runtime and --stdin are for .py files; a scenario sets hosts (kind "pc-windows" for Windows), runtimes and stdin itself',
    ],
    [['--json=1', 'a.py'], '--json takes no value'],
    [['-h=1'], '-h takes no value'],
    [['--', 'a.py'], '"--" is not supported; name files that start with "-" as ./-file.py'],
    [
      ['-x', 'a.py'],
      'unknown option -x; the options are --json, --virtual-time, --no-datagrams, --help, --seed, --loss, --timeout, --lang, --host, --os, --runtime, --stdin',
    ],
    [
      ['-jv', 'a.py'],
      'unknown option -jv; the options are --json, --virtual-time, --no-datagrams, --help, --seed, --loss, --timeout, --lang, --host, --os, --runtime, --stdin',
    ],
    [
      ['--bogus=3', 'a.py'],
      'unknown option --bogus; the options are --json, --virtual-time, --no-datagrams, --help, --seed, --loss, --timeout, --lang, --host, --os, --runtime, --stdin',
    ],
    [['--seed', '--json', 'a.py'], '--seed needs a value, e.g. --seed 42'],
    [['--seed=--json', 'a.py'], '--seed needs a whole number from 0 to 4294967295, got "--json"'],
    [['--loss', '-0.5', 'a.py'], '--loss needs a number from 0 to 1, got "-0.5"'],
    [['--timeout='], '--timeout needs a number from 0 to 86400, got ""'],
    [['--seed', '1.5', 'a.py'], '--seed needs a whole number from 0 to 4294967295, got "1.5"'],
    [['-', 'a.py'], '"-" is neither a .py program nor a .json scenario'],
    [
      ['a.py', '--runtime', 'micropython'],
      '--runtime applies to the files after it, but no file follows; put it before a FILE.py',
    ],
  ])('%j → %s', (argv, message) => {
    expect(usage(argv)).toBe(message);
  });

  it('--help needs no files', () => {
    expect(parseRunArgs(['--help']).help).toBe(true);
    expect(parseRunArgs(['-h']).help).toBe(true);
  });

  it('reads values given with = and after the option alike, and a value that starts with one dash', () => {
    expect(
      parseRunArgs(['--seed=3', '--timeout', '0', '--virtual-time', '--no-datagrams', 'a.py']),
    ).toMatchObject({
      seed: 3,
      timeout: 0,
      virtualTime: true,
      datagrams: false,
    });
    expect(parseRunArgs(['--stdin', '-in.txt', 'a.py', '--host=localhost', './-b.py']).files).toEqual([
      { path: 'a.py', host: '127.0.0.1', hostGiven: false, hostFresh: false, stdin: '-in.txt' },
      { path: './-b.py', host: '127.0.0.1', hostGiven: true, hostFresh: true, stdin: '-in.txt' },
    ]);
  });
});

describe('scenarioFromArgs', () => {
  const BOARD = 'from mpython import *\nimport socket\n';

  it('builds the seeds’ world: Wi-Fi "ssid", a PC at 192.168.0.3, one board per mpython program', () => {
    const args = parseRunArgs([
      'client.py',
      '--host',
      '192.168.0.3',
      'recv.py',
      '--host',
      '192.168.10.108',
      'server.py',
      'board2.py',
    ]);
    const sources = new Map([
      ['client.py', BOARD],
      ['recv.py', 'import socket\n'],
      ['server.py', 'import socket\n'],
      ['board2.py', 'import mpython\n'],
    ]);
    const { scenario, hostLabels } = scenarioFromArgs(args.files, sources, new Map());
    expect(() => validateScenario(scenario)).not.toThrow();
    expect(scenario.accessPoints).toEqual([{ ssid: 'ssid', password: 'password', lan: 'home' }]);
    expect(scenario.hosts).toEqual([
      { name: 'pc', kind: 'pc', ip: '192.168.0.3' },
      { name: 'board', kind: 'board' },
      { name: 'pc-192-168-10-108', kind: 'pc', ip: '192.168.10.108', lan: 'lan-192-168-10' },
      { name: 'board2', kind: 'board' },
    ]);
    expect(scenario.programs.map((p) => [p.name, p.host])).toEqual([
      ['client.py', 'board'],
      ['recv.py', 'pc'],
      ['server.py', 'pc-192-168-10-108'],
      ['board2.py', 'board2'],
    ]);
    expect(hostLabels).toEqual(['board', '192.168.0.3', '192.168.10.108', 'board2']);
  });

  it('a --host before a board program pins its Wi-Fi address, inside the home LAN only', () => {
    const sources = new Map([['b.py', BOARD]]);
    const { scenario } = scenarioFromArgs(
      parseRunArgs(['--host', '192.168.0.50', 'b.py']).files,
      sources,
      new Map(),
    );
    expect(scenario.hosts[1]).toEqual({ name: 'board', kind: 'board', ip: '192.168.0.50' });
    expect(() =>
      scenarioFromArgs(parseRunArgs(['--host', '10.0.0.5', 'b.py']).files, sources, new Map()),
    ).toThrow(/a board gets its address from the Wi-Fi "ssid"/);
  });

  it('--os windows makes the PC a pc-windows host; one PC runs one system', () => {
    const sources = new Map([
      ['a.py', 'import socket\n'],
      ['b.py', 'import socket\n'],
      ['c.py', 'import socket\n'],
    ]);
    const { scenario } = scenarioFromArgs(
      parseRunArgs(['--os', 'windows', 'a.py', '--os', 'linux', '--host', '192.168.0.4', 'b.py']).files,
      sources,
      new Map(),
    );
    expect(() => validateScenario(scenario)).not.toThrow();
    expect(scenario.hosts).toEqual([
      { name: 'pc', kind: 'pc-windows', ip: '192.168.0.3' },
      { name: 'pc-192-168-0-4', kind: 'pc', ip: '192.168.0.4', lan: 'home' },
    ]);
    expect(() =>
      scenarioFromArgs(
        parseRunArgs(['--os', 'windows', 'a.py', '--os', 'linux', 'c.py']).files,
        sources,
        new Map(),
      ),
    ).toThrow(
      /the PC at 127\.0\.0\.1 already runs Windows for an earlier program; give this one another --host/,
    );
  });

  it('reads --stdin files as lines and names repeated files apart', () => {
    const args = parseRunArgs(['--stdin', 'in.txt', 'a.py', 'a.py']);
    const { scenario } = scenarioFromArgs(
      args.files,
      new Map([['a.py', '']]),
      new Map([['in.txt', '你好\r\nbye\n']]),
    );
    expect(scenario.programs.map((p) => [p.name, p.stdin])).toEqual([
      ['a.py', ['你好', 'bye']],
      ['a.py#2', ['你好', 'bye']],
    ]);
  });

  it('spots programs that import mpython', () => {
    expect(usesMpython('from mpython import *')).toBe(true);
    expect(usesMpython('import time, mpython')).toBe(true);
    expect(usesMpython('# from mpython import *\nimport socket')).toBe(false);
    expect(usesMpython('import mpython_extra')).toBe(false);
    expect(stdinLines('a\n\nb')).toEqual(['a', '', 'b']);
  });
});
