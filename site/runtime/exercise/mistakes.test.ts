// Common mistakes, recognised in real tracebacks of real runs (both interpreters, virtual time),
// and never in a correct program's.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeKernel, runScenario } from '../runner/node.ts';
import type { RunResult } from '../runner/index.ts';
import type { Scenario } from '../scenario/index.ts';
import type { Exercise } from './exercise.ts';
import { lastErrorLine } from './mistakes.ts';
import { mistakesOf } from './verdict.ts';

const SOCK = 'import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n';
const PROGRAMS: Record<string, { code: string; host: string; runtime?: 'micropython' }> = {
  'str.py': { code: SOCK + 's.sendto("hi", ("192.168.0.9", 9000))\n', host: 'pc1' },
  'bind2.py': { code: SOCK + 's.bind("0.0.0.0", 9000)\n', host: 'pc1' },
  'bind2-mp.py': { code: SOCK + 's.bind("0.0.0.0", 9000)\n', host: 'pc1', runtime: 'micropython' },
  'inuse.py': {
    code:
      SOCK + 's.bind(("", 9001))\nt = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nt.bind(("", 9001))\n',
    host: 'pc2',
  },
  'inuse-mp.py': {
    code:
      SOCK + 's.bind(("", 9001))\nt = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\nt.bind(("", 9001))\n',
    host: 'pc3',
    runtime: 'micropython',
  },
  'bcast.py': { code: SOCK + 's.sendto(b"who", ("255.255.255.255", 9000))\n', host: 'pc4' },
  'nowifi.py': { code: SOCK + 's.sendto(b"x", ("192.168.0.3", 9000))\n', host: 'board' },
  'decode.py': { code: 'data = b"\\xff\\xfeok"\nprint(data.decode("utf-8"))\n', host: 'pc1' },
  'decode-mp.py': {
    code: 'data = b"\\xff\\xfeok"\nprint(data.decode("utf-8"))\n',
    host: 'pc1',
    runtime: 'micropython',
  },
  'printbytes.py': { code: SOCK + 'print("got", b"hello")\n', host: 'pc1' },
  'loopback.py': { code: SOCK + 's.sendto(b"hi", ("127.0.0.1", 9000))\n', host: 'pc5' },
  'good.py': {
    code:
      SOCK +
      's.bind(("", 9002))\ns.sendto("好".encode("utf-8"), ("192.168.0.3", 9002))\nprint(s.recvfrom(64)[0].decode("utf-8"))\n',
    host: 'pc1',
  },
  'hang.py': { code: SOCK + 's.bind(("", 9003))\nprint("waiting")\ns.recvfrom(64)\n', host: 'pc1' },
};

const scenario: Scenario = {
  lans: [{ name: 'home', cidr: '192.168.0.0/24' }],
  hosts: [
    { name: 'pc1', kind: 'pc', ip: '192.168.0.3' },
    ...[2, 3, 4, 5].map((n) => ({ name: `pc${n}`, kind: 'pc' as const, ip: `192.168.0.${n + 10}` })),
    { name: 'board', kind: 'board' },
  ],
  programs: Object.entries(PROGRAMS).map(([name, p]) => ({ name, ...p })),
};

const exercise = {
  learner: Object.keys(PROGRAMS),
  checks: [{ id: 'end', kind: 'ended', program: 'hang.py', title: { zh: '', en: '' } }],
} as unknown as Exercise;

let run: RunResult;
const kernel = await createNodeKernel();
// Thirteen programs, one after another: give the run as long as a test (the default hook limit is 10 s).
beforeAll(async () => {
  run = await runScenario(scenario, { kernel, time: 'virtual', timeout: 2 });
}, 60_000);
afterAll(() => kernel.dispose());

function ids(program: string): string[] {
  return mistakesOf(exercise, run)
    .filter((m) => m.program === program)
    .map((m) => m.id);
}

describe('mistakes in real tracebacks', () => {
  it.each([
    ['str.py', 'sendto-str', "TypeError: a bytes-like object is required, not 'str'"],
    ['bind2.py', 'bind-two-args', 'TypeError: _Socket.bind() takes 2 positional arguments but 3 were given'],
    ['bind2-mp.py', 'bind-two-args', 'TypeError: bind() takes 2 positional arguments but 3 were given'],
    ['inuse.py', 'address-in-use', 'OSError: [Errno 98] Address already in use'],
    ['inuse-mp.py', 'address-in-use', 'OSError: [Errno 98] EADDRINUSE'],
    ['bcast.py', 'broadcast-no-so-broadcast', 'PermissionError: [Errno 13] Permission denied'],
    ['nowifi.py', 'board-no-wifi', 'OSError: 118'],
    [
      'decode.py',
      'unicode-decode',
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte",
    ],
    ['decode-mp.py', 'unicode-decode', 'UnicodeError: '],
  ])('%s → %s', (program, id, line) => {
    const p = run.programs.find((q) => q.name === program)!;
    expect(lastErrorLine(p)).toBe(line);
    expect(ids(program)).toEqual([id]);
  });

  it('bytes printed without decode', () => {
    expect(run.programs.find((q) => q.name === 'printbytes.py')?.stdout).toBe("got b'hello'\n");
    expect(ids('printbytes.py')).toEqual(['bytes-printed']);
  });

  it('sending to 127.0.0.1 when the peer is another host', () => {
    expect(ids('loopback.py')).toEqual(['loopback-other-host']);
  });

  it('recvfrom without a timeout when the time ran out, for a program that should end', () => {
    const p = run.programs.find((q) => q.name === 'hang.py')!;
    expect([p.interrupted, p.stoppedIn, p.timedWaits]).toEqual([true, 'socket.recvfrom', 0]);
    expect(ids('hang.py')).toEqual(['recv-no-timeout']);
  });

  it('nothing for a correct program, and every explanation in both languages', () => {
    expect(ids('good.py')).toEqual([]);
    for (const m of mistakesOf(exercise, run)) {
      expect(m.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
