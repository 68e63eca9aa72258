// Token buckets and violation windows at their boundaries, on a manual clock.
import { describe, expect, it } from 'vitest';
import { TokenBucket, WindowCounter } from './quotas.ts';
import { createLogger } from './logger.ts';
import type { Json } from '../../test/helpers.ts';

function manualClock(start = 0) {
  let t = start;
  const now = () => t;
  return Object.assign(now, { advance: (ms: number) => (t += ms) });
}

describe('TokenBucket', () => {
  it('allows the burst at once, then exactly the rate', () => {
    const clock = manualClock();
    const b = new TokenBucket(100, 10, clock);
    for (let i = 0; i < 10; i++) expect(b.take()).toBe(true);
    expect(b.take()).toBe(false);
    clock.advance(9.9); // 0.99 of a token
    expect(b.take()).toBe(false);
    clock.advance(0.1);
    expect(b.take()).toBe(true);
    expect(b.take()).toBe(false);
    clock.advance(1000); // refills to the burst, never above
    expect(b.available).toBe(10);
  });

  it('takes a cost whole or not at all (bytes)', () => {
    const clock = manualClock();
    const b = new TokenBucket(1000, 1500, clock);
    expect(b.take(1500)).toBe(true);
    clock.advance(500);
    expect(b.take(501)).toBe(false);
    expect(b.take(500)).toBe(true);
    expect(b.available).toBe(0);
  });

  it('refuses a zero or negative rate', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(/positive/);
    expect(() => new TokenBucket(1, -1)).toThrow(/positive/);
  });
});

describe('WindowCounter', () => {
  it('reports the limit on the limit-th event within the window only', () => {
    const clock = manualClock();
    const w = new WindowCounter(3, 1000, clock);
    expect(w.hit()).toBe(false);
    clock.advance(500);
    expect(w.hit()).toBe(false);
    clock.advance(500); // the first event leaves the window
    expect(w.hit()).toBe(false);
    clock.advance(1);
    expect(w.hit()).toBe(true);
  });
});

describe('logger', () => {
  it('writes JSON lines and logs a repeated event once per window, counting the rest', () => {
    const clock = manualClock();
    const lines: Json[] = [];
    const log = createLogger({
      write: (l) => lines.push(JSON.parse(l)),
      windowMs: 1000,
      now: clock,
      level: 'info',
    });
    log.debug('hidden');
    log.info('shown', { a: 1 });
    for (let i = 0; i < 5; i++) log.once('k', 'warn', 'denied', { peer: 'x' });
    clock.advance(1000);
    log.once('k', 'warn', 'denied', { peer: 'x' });
    expect(lines.map((l) => [l.event, l.suppressed])).toEqual([
      ['shown', undefined],
      ['denied', undefined],
      ['denied', 4],
    ]);
    expect(lines[0]).toMatchObject({ level: 'info', a: 1, time: expect.stringMatching(/^\d{4}-/) });
  });
});
