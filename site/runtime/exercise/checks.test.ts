// The check vocabulary on synthetic run records: each kind passes and fails where it should, and
// says expected against actual in both languages.

import { describe, expect, it } from 'vitest';
import { loadNodeGlyphs } from '../board/node.ts';
import { drawOnBoard } from '../board/testing/board-harness.ts';
import type { DatagramResult, ProgramResult, RunResult } from '../runner/index.ts';
import type { Check } from './exercise.ts';
import { judgeCheck } from './judge.ts';

const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');

function program(name: string, over: Partial<ProgramResult> = {}): ProgramResult {
  return {
    name,
    file: null,
    host: 'pc',
    runtime: 'cpython',
    stdout: '',
    stderr: '',
    exception: null,
    exitCode: 0,
    started: true,
    interrupted: false,
    killed: false,
    stoppedIn: null,
    calls: {},
    timedWaits: 0,
    ...over,
  };
}

function dgram(src: string, dst: string, text: string, over: Partial<DatagramResult> = {}): DatagramResult {
  return {
    id: 1,
    copy: 0,
    t: 0,
    lan: 'home',
    src,
    dst,
    size: Buffer.byteLength(text),
    fate: 'delivered',
    from: 'pc',
    payload: hex(text),
    ...over,
  };
}

const glyphs = loadNodeGlyphs();
/** The screen a board program leaves after `code` (drawn by mpython.py in MicroPython, as in a run). */
async function screen(code: string): Promise<string> {
  return (await drawOnBoard(code, glyphs)).art();
}

const run: RunResult = {
  programs: [
    program('client.py', {
      stdout: 'reply: HI\r\nreply: 你好\nb\n\n',
      calls: { 'socket.sendto': 4, 'socket.recvfrom': 4 },
      timedWaits: 3,
    }),
    program('server.py', {
      host: 'srv',
      exception: 'KeyboardInterrupt',
      exitCode: 130,
      interrupted: true,
      stoppedIn: 'socket.recvfrom',
    }),
    program('crash.py', { exception: 'TypeError', exitCode: 1, stderr: 'Traceback…\nTypeError: x\n' }),
  ],
  datagrams: [
    dgram('192.168.0.5:9001', '192.168.0.3:9000', 'ping 1'),
    dgram('192.168.0.5:9001', '192.168.0.3:9000', 'ping 2', { fate: 'lost' }),
    dgram('192.168.0.3:9000', '192.168.0.5:9001', 'pong 1', { from: 'srv' }),
    dgram('192.168.0.5:40000', '127.0.0.1:9000', 'x', { from: 'pc', fate: 'refused' }),
  ],
  boards: [
    {
      host: 'board',
      addresses: ['192.168.0.2'],
      oledUsed: true,
      oled: await screen("oled.DispChar('UDP 6000', 0, 0)\noled.DispChar('hello', 7, 16)"),
    },
  ],
  hosts: [
    { name: 'pc', addresses: ['192.168.0.5'] },
    { name: 'srv', addresses: ['192.168.0.3'] },
    { name: 'board', addresses: ['192.168.0.2'] },
  ],
  timedOut: true,
  aborted: false,
  durationMs: 5000,
};

const T = { zh: '题', en: 'title' };
/** A check without its id and title (Omit distributed over the union of kinds). */
type Body = Check extends infer C ? (C extends unknown ? Omit<C, 'id' | 'title'> : never) : never;
async function judge(check: Body): Promise<boolean> {
  return (await judgeCheck({ id: 'c', title: T, ...check } as Check, run, glyphs)).passed;
}

describe('output', () => {
  it('exact, in order, regex with counts, contains', async () => {
    expect(
      await judge({ kind: 'output', program: 'client.py', exact: ['reply: HI', 'reply: 你好', 'b'] }),
    ).toBe(true);
    expect(await judge({ kind: 'output', program: 'client.py', exact: ['reply: HI', 'reply: 你好'] })).toBe(
      false,
    );
    expect(await judge({ kind: 'output', program: 'client.py', inOrder: ['^reply: HI$', '你好'] })).toBe(
      true,
    );
    expect(await judge({ kind: 'output', program: 'client.py', inOrder: ['你好', '^reply: HI$'] })).toBe(
      false,
    );
    expect(await judge({ kind: 'output', program: 'client.py', regex: '^reply: ', min: 2, max: 2 })).toBe(
      true,
    );
    expect(await judge({ kind: 'output', program: 'client.py', regex: '^reply: ', max: 1 })).toBe(false);
    expect(await judge({ kind: 'output', program: 'client.py', contains: '你好' })).toBe(true);
    expect(await judge({ kind: 'output', program: 'client.py', contains: 'HI', max: 0 })).toBe(false);
    expect(await judge({ kind: 'output', program: 'crash.py', stream: 'stderr', regex: '^TypeError' })).toBe(
      true,
    );
  });

  it('says expected against actual in both languages', async () => {
    const o = await judgeCheck(
      { id: 'c', title: T, kind: 'output', program: 'server.py', exact: ['x'] },
      run,
    );
    expect(o).toEqual({
      passed: false,
      expected: { zh: '输出正好是：\nx', en: 'the output is exactly:\nx' },
      actual: { zh: '（没有输出）', en: '(no output)' },
    });
  });
});

describe('datagrams', () => {
  it('filters by host, address, port, fate, size and counts', async () => {
    expect(await judge({ kind: 'datagrams', from: 'pc', to: 'srv', min: 2, max: 2 })).toBe(true);
    expect(
      await judge({ kind: 'datagrams', from: 'pc', to: 'srv', fates: ['delivered'], min: 1, max: 1 }),
    ).toBe(true);
    expect(await judge({ kind: 'datagrams', to: '192.168.0.3:9000', srcPort: 9001, min: 2 })).toBe(true);
    expect(await judge({ kind: 'datagrams', from: '192.168.0.3', to: 'pc', max: 0 })).toBe(false);
    expect(await judge({ kind: 'datagrams', from: 'srv', minSize: 7 })).toBe(false);
    // 127.x counts as sent to the sending host
    expect(await judge({ kind: 'datagrams', to: 'pc', fates: ['refused'], min: 1, max: 1 })).toBe(true);
  });

  it('payloads in send order, and a regex for every payload', async () => {
    expect(await judge({ kind: 'datagrams', from: 'pc', to: 'srv', payloads: ['ping 1', 'ping 2'] })).toBe(
      true,
    );
    expect(await judge({ kind: 'datagrams', from: 'pc', to: 'srv', payloads: ['ping 2', 'ping 1'] })).toBe(
      false,
    );
    expect(await judge({ kind: 'datagrams', from: 'pc', to: 'srv', payloadRegex: '^ping \\d$' })).toBe(true);
    expect(await judge({ kind: 'datagrams', from: 'pc', payloadRegex: '^ping \\d$' })).toBe(false);
  });
});

describe('oled, exception, ended, calls', () => {
  it('a line against DispChar rendering the text, at any x', async () => {
    expect(await judge({ kind: 'oled', host: 'board', line: 1, text: 'UDP 6000' })).toBe(true);
    expect(await judge({ kind: 'oled', host: 'board', line: 2, text: 'hello' })).toBe(true);
    expect(await judge({ kind: 'oled', host: 'board', line: 2, text: 'hell' })).toBe(false);
    expect(await judge({ kind: 'oled', host: 'board', line: 3, text: 'hello' })).toBe(false);
  });

  it('a stop by the budget is no exception; a crash is', async () => {
    expect(await judge({ kind: 'exception', program: 'server.py', is: null })).toBe(true);
    expect(await judge({ kind: 'exception', program: 'crash.py', is: null })).toBe(false);
    expect(await judge({ kind: 'exception', program: 'crash.py', is: 'TypeError' })).toBe(true);
  });

  it('ended by itself, or still running', async () => {
    expect(await judge({ kind: 'ended', program: 'client.py' })).toBe(true);
    expect(await judge({ kind: 'ended', program: 'server.py' })).toBe(false);
    expect(await judge({ kind: 'ended', program: 'server.py', value: false })).toBe(true);
  });

  it('calls and timed waits', async () => {
    expect(await judge({ kind: 'calls', program: 'client.py', call: 'sendto', min: 4, max: 4 })).toBe(true);
    expect(await judge({ kind: 'calls', program: 'client.py', call: 'sendto', max: 3 })).toBe(false);
    expect(await judge({ kind: 'calls', program: 'client.py', call: 'timeout', min: 1 })).toBe(true);
    expect(await judge({ kind: 'calls', program: 'server.py', call: 'timeout' })).toBe(false);
  });
});
