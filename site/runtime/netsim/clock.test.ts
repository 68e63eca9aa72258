import { describe, expect, test } from 'vitest';
import { ManualClock } from './clock.ts';

describe('ManualClock', () => {
  test('starts at startMs (default 0) and advances', () => {
    expect(new ManualClock().now()).toBe(0);
    const c = new ManualClock(100);
    c.advance(2.5);
    expect(c.now()).toBe(102.5);
  });

  test('fires due timers in time order, ties in insertion order, with now() at the due time', () => {
    const c = new ManualClock();
    const seen: string[] = [];
    c.setTimer(30, () => seen.push(`c@${c.now()}`));
    c.setTimer(10, () => seen.push(`a@${c.now()}`));
    c.setTimer(10, () => seen.push(`b@${c.now()}`));
    c.advance(9);
    expect(seen).toEqual([]);
    c.advance(21);
    expect(seen).toEqual(['a@10', 'b@10', 'c@30']);
    expect(c.now()).toBe(30);
  });

  test('timers set by a callback fire in the same advance if due', () => {
    const c = new ManualClock();
    const seen: number[] = [];
    c.setTimer(5, () => c.setTimer(c.now() + 5, () => seen.push(c.now())));
    c.advance(10);
    expect(seen).toEqual([10]);
  });

  test('a timer in the past fires on the next advance, even advance(0)', () => {
    const c = new ManualClock(50);
    let fired = false;
    c.setTimer(10, () => (fired = true));
    c.advance(0);
    expect(fired).toBe(true);
    expect(c.now()).toBe(50);
  });

  test('clearTimer cancels; nextTimerAt and pendingTimers skip cancelled timers', () => {
    const c = new ManualClock();
    let fired = 0;
    const a = c.setTimer(5, () => fired++);
    c.setTimer(8, () => fired++);
    c.clearTimer(a);
    c.clearTimer(999);
    expect(c.pendingTimers()).toBe(1);
    expect(c.nextTimerAt()).toBe(8);
    c.advance(10);
    expect(fired).toBe(1);
    expect(c.nextTimerAt()).toBeNull();
  });

  test('rejects negative advance and nested advance', () => {
    const c = new ManualClock();
    expect(() => c.advance(-1)).toThrow(RangeError);
    c.setTimer(1, () => c.advance(1));
    expect(() => c.advance(1)).toThrow(/inside a timer callback/);
  });

  test('many timers come out sorted', () => {
    const c = new ManualClock();
    const out: number[] = [];
    const times = [9, 3, 7, 1, 8, 2, 6, 4, 5, 0, 3, 7];
    for (const t of times) c.setTimer(t, () => out.push(t));
    c.advance(10);
    expect(out).toEqual([...times].sort((a, b) => a - b));
  });
});
