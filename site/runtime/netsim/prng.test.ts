import { describe, expect, test } from 'vitest';
import { Prng, deriveSeed } from './prng.ts';

describe('Prng', () => {
  test('same seed, same sequence; different seed, different sequence', () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const c = new Prng(43);
    const sa = Array.from({ length: 8 }, () => a.nextU32());
    const sb = Array.from({ length: 8 }, () => b.nextU32());
    const sc = Array.from({ length: 8 }, () => c.nextU32());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  test('seed 0 still produces values', () => {
    const p = new Prng(0);
    expect(new Set(Array.from({ length: 4 }, () => p.nextU32())).size).toBe(4);
  });

  test('next() stays in [0, 1) and int() in its inclusive range, roughly uniform', () => {
    const p = new Prng(7);
    const counts = [0, 0, 0, 0];
    let outside = 0;
    for (let i = 0; i < 40_000; i++) {
      const f = p.next();
      if (!(f >= 0 && f < 1)) outside++;
      const k = p.int(0, 3);
      counts[k] = (counts[k] as number) + 1;
    }
    expect(outside).toBe(0);
    expect(counts.reduce((a, b) => a + b)).toBe(40_000);
    for (const n of counts) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  test('deriveSeed separates streams by label and by seed', () => {
    expect(deriveSeed(1, 'lan:home')).toBe(deriveSeed(1, 'lan:home'));
    expect(deriveSeed(1, 'lan:home')).not.toBe(deriveSeed(1, 'lan:lab'));
    expect(deriveSeed(1, 'lan:home')).not.toBe(deriveSeed(2, 'lan:home'));
  });
});
