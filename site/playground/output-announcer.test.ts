// What a screen reader is given of a program's output: plain lines, no escapes, bounded length.
import { describe, expect, it } from 'vitest';
import { spokenLines } from './output-announcer.ts';

describe('spokenLines', () => {
  it('keeps each printed line, drops blank ones, and counts a trailing prompt as a line', () => {
    expect(spokenLines('server waiting on port 10000\n\ngot b"hi"\n发给服务器：', 200)).toEqual([
      'server waiting on port 10000',
      'got b"hi"',
      '发给服务器：',
    ]);
  });

  it('removes colours and other escapes, and controls but tabs (said as spaces)', () => {
    expect(spokenLines('\x1b[31mTraceback\x1b[0m\n\x1b]0;title\x07a\tb\x07\x00c\n', 200)).toEqual([
      'Traceback',
      'a bc',
    ]);
  });

  it('reads a carriage-return progress line as its last state', () => {
    expect(spokenLines('10%\r50%\r100%\n', 200)).toEqual(['100%']);
    expect(spokenLines('done\r\n', 200)).toEqual(['done']);
  });

  it('cuts a long line with an ellipsis', () => {
    const [line] = spokenLines(`${'x'.repeat(500)}\n`, 20);
    expect(line).toBe(`${'x'.repeat(19)}…`);
  });
});
