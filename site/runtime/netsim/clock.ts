// Time for the simulation: the Clock interface the network schedules on, and ManualClock, virtual time advanced by hand.

/** What the network needs from time. Inject a real-time implementation in the browser. */
export interface Clock {
  /** Current time in milliseconds (float allowed). */
  now(): number;
  /** Calls cb once, when the time reaches atMs (at the next opportunity if atMs is past). Returns an id. */
  setTimer(atMs: number, cb: () => void): number;
  /** Cancels a timer; unknown or fired ids are ignored. */
  clearTimer(id: number): void;
}

interface Timer {
  readonly at: number;
  readonly id: number;
  cb: (() => void) | null;
}

/**
 * Virtual time: nothing happens until advance() is called, so tests and replays are exact.
 * Timers due at the same time fire in the order they were set.
 */
export class ManualClock implements Clock {
  #now: number;
  #heap: Timer[] = [];
  #live = new Map<number, Timer>();
  #nextId = 1;
  #advancing = false;

  /** @param startMs Initial time. Default 0. */
  constructor(startMs = 0) {
    if (!Number.isFinite(startMs)) throw new RangeError('ManualClock: startMs must be a finite number');
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  setTimer(atMs: number, cb: () => void): number {
    if (Number.isNaN(atMs)) throw new RangeError('ManualClock.setTimer: atMs is NaN');
    const timer: Timer = { at: atMs, id: this.#nextId++, cb };
    this.#live.set(timer.id, timer);
    this.#push(timer);
    return timer.id;
  }

  clearTimer(id: number): void {
    const timer = this.#live.get(id);
    if (timer) {
      timer.cb = null;
      this.#live.delete(id);
    }
  }

  /**
   * Moves time forward by ms, firing every timer due on the way in time order; during a
   * callback now() is that timer's due time. Timers set by callbacks fire too if due.
   */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms))
      throw new RangeError('ManualClock.advance: ms must be a finite number ≥ 0');
    if (this.#advancing)
      throw new Error(
        'ManualClock.advance: called from inside a timer callback; advance from the outside only',
      );
    const target = this.#now + ms;
    this.#advancing = true;
    try {
      for (;;) {
        const top = this.#heap[0];
        if (top === undefined || top.at > target) break;
        this.#pop();
        const cb = top.cb;
        if (cb === null) continue;
        top.cb = null;
        this.#live.delete(top.id);
        if (top.at > this.#now) this.#now = top.at;
        cb();
      }
    } finally {
      this.#advancing = false;
    }
    this.#now = target;
  }

  /** Due time of the earliest pending timer, or null: lets a runner skip idle virtual time. */
  nextTimerAt(): number | null {
    let top = this.#heap[0];
    while (top !== undefined && top.cb === null) {
      this.#pop();
      top = this.#heap[0];
    }
    return top === undefined ? null : top.at;
  }

  /** Number of timers still pending. */
  pendingTimers(): number {
    return this.#live.size;
  }

  #push(timer: Timer): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(timer);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Timer;
      if (!before(timer, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = timer;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    const n = heap.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      if (r < n && before(heap[r] as Timer, heap[l] as Timer)) child = r;
      const c = heap[child] as Timer;
      if (!before(c, last)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}
