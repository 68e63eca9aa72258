import { describe, expect, test } from 'vitest';
import { ManualClock } from './clock.ts';
import { createNetwork } from './network.ts';
import { bound, bytes } from './testing/fixtures.ts';
import { TimerClock } from './timer-clock.ts';

/** Fake environment timers driven by a ManualClock, so the test stays deterministic. */
function fakeTimers(base: ManualClock) {
  return {
    now: () => base.now(),
    setTimeout: (cb: () => void, ms: number) => base.setTimer(base.now() + ms, cb),
    clearTimeout: (h: number) => base.clearTimer(h),
  };
}

/** Timers that fire up to 2 ms before they are due (never at once for a wait of 1 ms or more). */
function earlyTimers(base: ManualClock) {
  return {
    now: () => base.now(),
    setTimeout: (cb: () => void, ms: number) =>
      base.setTimer(base.now() + ms - Math.min(2, Math.floor(ms / 2)), cb),
    clearTimeout: (h: number) => base.clearTimer(h),
  };
}

describe('TimerClock', () => {
  test('schedules through the given timer functions, relative to now', () => {
    const base = new ManualClock(1000);
    const clock = new TimerClock(fakeTimers(base));
    const seen: number[] = [];
    clock.setTimer(1010, () => seen.push(clock.now()));
    const cancelled = clock.setTimer(1005, () => seen.push(-1));
    clock.setTimer(900, () => seen.push(clock.now()));
    expect(clock.pendingTimers()).toBe(3);
    clock.clearTimer(cancelled);
    clock.clearTimer(cancelled);
    base.advance(20);
    expect(seen).toEqual([1000, 1010]);
    expect(clock.pendingTimers()).toBe(0);
  });

  test('a timer the environment fires early sleeps again until its time', () => {
    const base = new ManualClock(0);
    // Node's timeouts can fire early by performance.now(): the event loop's cached time lags it.
    const early = earlyTimers(base);
    const clock = new TimerClock(early);
    const seen: number[] = [];
    clock.setTimer(200, () => seen.push(clock.now()));
    base.advance(198);
    expect(seen).toEqual([]);
    expect(clock.pendingTimers()).toBe(1);
    base.advance(2);
    expect(seen).toEqual([200]);
    expect(clock.pendingTimers()).toBe(0);
  });

  test('a timer cleared while re-armed never fires', () => {
    const base = new ManualClock(0);
    const early = earlyTimers(base);
    const clock = new TimerClock(early);
    const seen: number[] = [];
    const id = clock.setTimer(10, () => seen.push(1));
    base.advance(8);
    clock.clearTimer(id);
    base.advance(10);
    expect(seen).toEqual([]);
  });

  test('dispose cancels every pending timer in the environment too', () => {
    const base = new ManualClock(0);
    const clock = new TimerClock(fakeTimers(base));
    const seen: number[] = [];
    clock.setTimer(5, () => seen.push(5));
    clock.setTimer(9, () => seen.push(9));
    clock.dispose();
    expect(clock.pendingTimers()).toBe(0);
    base.advance(10);
    expect(seen).toEqual([]);
  });

  test('drives a network with delay', () => {
    const base = new ManualClock(0);
    const net = createNetwork({ clock: new TimerClock(fakeTimers(base)) });
    net.addLan('home', '192.168.0.0/24');
    const a = net.addHost({ name: 'a', profile: 'linux' });
    const b = net.addHost({ name: 'b', profile: 'linux' });
    a.attach('home');
    b.attach('home');
    net.setImpairment('home', { delayMs: 15 });
    const r = bound(b, '', 9000);
    a.sendto(a.socket('AF_INET', 'SOCK_DGRAM'), bytes('x'), '192.168.0.3', 9000);
    base.advance(14);
    expect(b.readable(r)).toBe(false);
    base.advance(1);
    expect(b.readable(r)).toBe(true);
  });
});
