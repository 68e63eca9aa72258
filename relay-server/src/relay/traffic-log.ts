// The dashboard's traffic view: a ring of the datagrams the relay carried, tagged by learner, and
// counts per learner. Metadata only (time, from, to, size, fate); the first bytes only while the
// instructor has the preview switched on. In memory, bounded; never written to disk.

import type { LearnerCounts, TrafficRecord } from '../protocol/index.ts';

/** What a session reports of one datagram: a record to be, with its payload. */
export type TrafficEntry = Omit<TrafficRecord, 'seq' | 'at' | 'preview'> & {
  /** Only its first `previewBytes` are kept, and only while the preview is on. */
  payload: Uint8Array;
};

export type { LearnerCounts, TrafficRecord };

export class TrafficLog {
  #ring: (TrafficRecord | undefined)[];
  #next = 0;
  /** Sequence number of the latest record (0: none yet). Never goes back, not even on clear. */
  #seq = 0;
  /** Counts per learner, in the order they were last counted (the quietest first). */
  #counts: Map<string, LearnerCounts> = new Map();
  #unlisted = 0;
  /** The counts touched last (the end of #counts). */
  #last: LearnerCounts | null = null;
  #preview;
  #options;

  constructor(options: {
    /** Records kept; the oldest is overwritten. */
    ringSize: number;
    /** Bytes of each payload kept while the preview is on. */
    previewBytes: number;
    /** Whether the preview starts on. */
    preview: boolean;
    /** Records one request gets at most (the newest). */
    maxPerPoll: number;
    /** Learners counted; beyond it the longest quiet one is forgotten. */
    maxLearners: number;
    /** Wall clock (ms since 1970). Default Date.now. */
    clock?: () => number;
  }) {
    this.#options = { clock: Date.now, ...options };
    this.#ring = new Array(options.ringSize);
    this.#preview = options.preview;
  }

  get preview() {
    return this.#preview;
  }

  get previewBytes() {
    return this.#options.previewBytes;
  }

  /** Records the ring holds at most. */
  get ringSize() {
    return this.#ring.length;
  }

  /**
   * Switches the preview. Off also erases every preview kept: what the instructor switched off is gone.
   * @returns whether it changed
   */
  setPreview(on: boolean): boolean {
    if (on === this.#preview) return false;
    this.#preview = on;
    if (!on) for (const r of this.#ring) if (r) delete r.preview;
    return true;
  }

  /**
   * Counts a datagram, and lists it unless its session's bucket is empty (a flood is counted, not
   * listed: then nothing is allocated for it).
   * @param learner The learner's tag: display name, else the session id.
   * @param bucket The session's listing budget.
   */
  record(
    learner: string,
    session: string,
    entry: Omit<TrafficEntry, 'learner' | 'session'>,
    bucket: { take(): boolean },
  ) {
    const counts = this.#countsOf(learner);
    if (entry.fate === 'denied') counts.denied++;
    else if (entry.fate === 'refused') counts.refused++;
    else if (entry.dir === 'in') {
      counts.received++;
      counts.receivedBytes += entry.size;
    } else {
      counts.sent++;
      counts.sentBytes += entry.size;
    }
    if (entry.dir === 'internal' && entry.toLearner !== undefined && entry.fate === 'relayed') {
      const to = this.#countsOf(entry.toLearner);
      to.received++;
      to.receivedBytes += entry.size;
    }
    if (!bucket.take()) {
      counts.unlisted++;
      this.#unlisted++;
      return;
    }
    const { payload, ...meta } = entry;
    const record: TrafficRecord = { learner, session, ...meta, seq: ++this.#seq, at: this.#options.clock() };
    if (this.#preview) record.preview = toHex(payload.subarray(0, this.#options.previewBytes));
    this.#ring[this.#next] = record;
    this.#next = (this.#next + 1) % this.#ring.length;
  }

  /**
   * The records after `after` (a sequence number the caller got before), oldest first: the newest
   * `maxPerPoll` of them; `skipped` says how many after `after` it does not give (overwritten in the
   * ring, or beyond `maxPerPoll`). A cursor from before a restart (above `latest`) starts afresh.
   */
  since(after: number) {
    const from = after > this.#seq || after < 0 ? 0 : after;
    const list: TrafficRecord[] = [];
    const n = this.#ring.length;
    for (let i = 1; i <= n && list.length < this.#options.maxPerPoll; i++) {
      const r = this.#ring[(this.#next - i + n) % n];
      if (!r || r.seq <= from) break;
      list.push(r);
    }
    list.reverse();
    return {
      latest: this.#seq,
      skipped: from === 0 ? 0 : this.#seq - from - list.length,
      records: list,
    };
  }

  /** Counts per learner since the last clear, the busiest first. */
  counts() {
    return [...this.#counts.values()]
      .map((c) => ({ ...c }))
      .sort((a, b) => b.sent + b.received - (a.sent + a.received) || a.learner.localeCompare(b.learner));
  }

  /** Datagrams counted but not listed (their session was over its listing budget) since the last clear. */
  get unlisted() {
    return this.#unlisted;
  }

  /** Records currently held (at most ringSize). */
  get size() {
    return this.#ring.reduce((a, r) => a + (r ? 1 : 0), 0);
  }

  /** Empties the ring and the counts; sequence numbers go on, so the dashboard's cursor stays valid. */
  clear() {
    const held = this.size;
    this.#ring.fill(undefined);
    this.#next = 0;
    this.#counts.clear();
    this.#last = null;
    this.#unlisted = 0;
    return held;
  }

  #countsOf(learner: string) {
    const counts = this.#counts;
    let c = counts.get(learner);
    if (c) {
      // Kept in the order last counted, cheaply: moved to the end only when not there already.
      if (this.#last !== c) {
        counts.delete(learner);
        counts.set(learner, c);
      }
    } else {
      if (counts.size >= this.#options.maxLearners) counts.delete(counts.keys().next().value as string);
      c = {
        learner,
        sent: 0,
        sentBytes: 0,
        received: 0,
        receivedBytes: 0,
        denied: 0,
        refused: 0,
        unlisted: 0,
      };
      counts.set(learner, c);
    }
    this.#last = c;
    return c;
  }
}

function toHex(bytes: Uint8Array) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}
