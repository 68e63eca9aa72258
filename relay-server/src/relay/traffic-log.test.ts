// The traffic view's ring: bounded, a cursor that says what it skipped, the preview switch, counts per learner.
import { describe, expect, it } from 'vitest';
import { TrafficLog } from './traffic-log.ts';
import type { TrafficEntry } from './traffic-log.ts';

const always = { take: () => true };
const never = { take: () => false };

function log(o: Partial<ConstructorParameters<typeof TrafficLog>[0]> = {}) {
  return new TrafficLog({
    ringSize: 5,
    previewBytes: 4,
    preview: false,
    maxPerPoll: 100,
    maxLearners: 10,
    ...o,
  });
}

function entry(learner: string, text: string, extra: Partial<TrafficEntry> = {}) {
  const payload = new TextEncoder().encode(text);
  return {
    learner,
    session: `s-${learner}`,
    dir: 'out',
    fate: 'relayed',
    from: '127.0.0.1:50000',
    to: '127.0.0.1:9000',
    size: payload.length,
    payload,
    ...extra,
  } as TrafficEntry;
}

function rec(t: TrafficLog, e: TrafficEntry, bucket: { take(): boolean }) {
  const { learner, session, ...rest } = e;
  t.record(learner, session, rest, bucket);
}

describe('TrafficLog', () => {
  it('keeps only the last ringSize datagrams, and a cursor learns how many it missed', () => {
    const t = log({ ringSize: 5 });
    for (let i = 1; i <= 12; i++) rec(t, entry('a', `m${i}`), always);
    expect(t.size).toBe(5);
    const first = t.since(0);
    expect(first.latest).toBe(12);
    expect(first.records.map((r) => r.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(first.skipped).toBe(0); // a first look has missed nothing
    // A dashboard that last saw 3: 4…7 were overwritten.
    const later = t.since(3);
    expect(later.records.map((r) => r.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(later.skipped).toBe(4);
    expect(t.since(12).records).toEqual([]);
    // Counts are exact even though the ring forgot: 12 sent.
    expect(t.counts()).toEqual([expect.objectContaining({ learner: 'a', sent: 12, sentBytes: 12 * 2 + 3 })]);
  });

  it('gives at most maxPerPoll records a request, the newest, and counts the rest as skipped', () => {
    const t = log({ ringSize: 50, maxPerPoll: 3 });
    for (let i = 1; i <= 10; i++) rec(t, entry('a', `m${i}`), always);
    const page = t.since(2);
    expect(page.records.map((r) => r.seq)).toEqual([8, 9, 10]);
    expect(page.skipped).toBe(5);
    // A cursor from before a restart (above latest) starts afresh.
    expect(t.since(99).records.map((r) => r.seq)).toEqual([8, 9, 10]);
  });

  it('keeps no byte of a payload while the preview is off, the first previewBytes while it is on, and switching off erases them', () => {
    const t = log({ ringSize: 10, previewBytes: 4 });
    rec(t, entry('a', 'secret one'), always);
    expect(t.since(0).records[0]).not.toHaveProperty('preview');
    expect(JSON.stringify(t.since(0))).not.toContain(Buffer.from('secr').toString('hex'));
    expect(t.setPreview(true)).toBe(true);
    expect(t.setPreview(true)).toBe(false);
    rec(t, entry('a', 'hello world'), always);
    const on = t.since(0).records;
    expect(on[0]).not.toHaveProperty('preview'); // recorded while off: nothing to show
    expect(on[1]?.preview).toBe(Buffer.from('hell').toString('hex'));
    expect(t.setPreview(false)).toBe(true);
    for (const r of t.since(0).records) expect(r).not.toHaveProperty('preview');
  });

  it('counts a datagram over its session’s listing budget without listing it', () => {
    const t = log();
    rec(t, entry('a', 'x'), always);
    rec(t, entry('a', 'y'), never);
    rec(t, entry('b', 'z', { dir: 'in' }), never);
    expect(t.since(0).records).toHaveLength(1);
    expect(t.unlisted).toBe(2);
    const counts = Object.fromEntries(t.counts().map((c) => [c.learner, c]));
    expect(counts['a']).toMatchObject({ sent: 2, unlisted: 1 });
    expect(counts['b']).toMatchObject({ received: 1, unlisted: 1 });
  });

  it('counts denials, refusals and learner-to-learner datagrams on both learners', () => {
    const t = log();
    rec(t, entry('a', 'x', { fate: 'denied', reason: 'loopback' }), always);
    rec(t, entry('a', 'hey', { dir: 'internal', toLearner: 'b' }), always);
    rec(t, entry('b', 'no', { dir: 'in', fate: 'refused' }), always);
    const counts = Object.fromEntries(t.counts().map((c) => [c.learner, c]));
    expect(counts['a']).toMatchObject({ sent: 1, sentBytes: 3, denied: 1, received: 0 });
    expect(counts['b']).toMatchObject({ received: 1, receivedBytes: 3, refused: 1 });
    expect(t.since(0).records[0]).toMatchObject({ fate: 'denied', reason: 'loopback' });
  });

  it('counts at most maxLearners learners, forgetting the longest quiet one', () => {
    let now = 0;
    const t = log({ maxLearners: 3, clock: () => now });
    for (const l of ['a', 'b', 'c']) {
      now++;
      rec(t, entry(l, 'x'), always);
    }
    now++;
    rec(t, entry('a', 'x'), always); // a is busy again, b is now the quietest
    now++;
    rec(t, entry('d', 'x'), always);
    expect(
      t
        .counts()
        .map((c) => c.learner)
        .sort(),
    ).toEqual(['a', 'c', 'd']);
  });

  it('clear empties the ring and the counts, and sequence numbers go on', () => {
    const t = log();
    rec(t, entry('a', 'x'), always);
    rec(t, entry('a', 'y'), always);
    expect(t.clear()).toBe(2);
    expect(t.since(0).records).toEqual([]);
    expect(t.counts()).toEqual([]);
    rec(t, entry('a', 'z'), always);
    expect(t.since(2).records.map((r) => r.seq)).toEqual([3]);
  });
});
