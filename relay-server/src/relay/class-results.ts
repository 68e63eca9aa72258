// The class report: each learner's latest Check result per exercise, in memory only and bounded.
// Rows are keyed by display name, so a learner's tabs, reloads and reconnections share one row.
// Never holds a program: only the exercise id, pass or fail, the times and the count of attempts.

export interface ExerciseInfo {
  id: string;
  lesson?: string;
  title?: { zh?: string; en?: string };
}

export interface ResultCell {
  /** The latest result. */
  passed: boolean;
  /** When the learner's page checked it (its clock, ms since 1970). */
  at: number;
  /** When the relay received it (the relay's clock, ms since 1970). */
  receivedAt: number;
  /** Check results received for this exercise. */
  attempts: number;
  /** Of which passed. */
  passes: number;
}

export type Learner = {
  name: string;
  creator: string;
  firstSeen: number;
  lastSeen: number;
  sessions: number;
  results: Map<string, ResultCell>;
};

export class ClassResults {
  #learners: Map<string, Learner> = new Map();
  /** Exercise ids seen in results, in order of first result. */
  #seen: Set<string> = new Set();
  /** Rows each client address created and that are still kept. */
  #createdBy: Map<string, number> = new Map();
  now: () => number;
  catalog: Map<string, ExerciseInfo> | null;
  maxExercises: number;
  maxPerAddress: number;
  maxLearners: number;

  /**
   * @param options
   *   `exercises`: the course's exercises, when the relay knows them (then only those are accepted).
   *   `maxPerAddress`: rows one client address may create (joining an existing row is always free).
   */
  constructor({
    maxLearners,
    maxExercises,
    maxPerAddress = Infinity,
    exercises,
    now = Date.now,
  }: {
    maxLearners: number;
    maxExercises: number;
    maxPerAddress?: number;
    exercises: ExerciseInfo[] | null;
    now?: () => number;
  }) {
    this.maxLearners = maxLearners;
    this.maxPerAddress = maxPerAddress;
    this.maxExercises = maxExercises;
    this.catalog = exercises ? new Map(exercises.map((e) => [e.id, e])) : null;
    this.now = now;
  }

  knows(id: string) {
    return this.catalog === null || this.catalog.has(id);
  }

  /**
   * A session took this name (or gave it up, with `delta` -1). Creates the row if it can.
   * @param [address] The session's client address: it may create `maxPerAddress` rows.
   * @returns why no row could be created, else null
   */
  join(name: string, delta: 1 | -1, address: string = ''): { code: string; detail: string } | null {
    let l = this.#learners.get(name);
    if (!l) {
      if (delta < 0) return null;
      if (this.#learners.size >= this.maxLearners)
        return {
          code: 'RELAY_ERR_CLASS_FULL',
          detail: `limit ${this.maxLearners} learners (maxReportLearners)`,
        };
      const made = this.#createdBy.get(address) ?? 0;
      if (made >= this.maxPerAddress)
        return {
          code: 'RELAY_ERR_CLASS_FULL',
          detail: `limit ${this.maxPerAddress} new names from one computer (maxReportNamesPerAddress): use a name you already used, or ask the teacher`,
        };
      this.#createdBy.set(address, made + 1);
      const t = this.now();
      l = { name, creator: address, firstSeen: t, lastSeen: t, sessions: 0, results: new Map() };
      this.#learners.set(name, l);
    }
    l.sessions = Math.max(0, l.sessions + delta);
    if (delta > 0) l.lastSeen = this.now();
    // A name left with no result (a typo, renamed at once) does not keep a row, nor a place of maxLearners.
    else if (l.sessions === 0 && l.results.size === 0) {
      this.#learners.delete(name);
      const made = (this.#createdBy.get(l.creator) ?? 1) - 1;
      if (made > 0) this.#createdBy.set(l.creator, made);
      else this.#createdBy.delete(l.creator);
    }
    return null;
  }

  /** Records one result. The caller has checked the id's form and that the learner joined. */
  record(
    name: string,
    exercise: string,
    passed: boolean,
    at: number,
  ): { ok: true; cell: ResultCell } | { ok: false; code: string; detail: string } {
    if (!this.knows(exercise))
      return { ok: false, code: 'RELAY_ERR_EXERCISE', detail: `the course has no exercise "${exercise}"` };
    const l = this.#learners.get(name);
    if (!l) return { ok: false, code: 'RELAY_ERR_NO_NAME', detail: 'no name for this session' };
    if (!this.#seen.has(exercise) && this.#seen.size >= this.maxExercises)
      return {
        ok: false,
        code: 'RELAY_ERR_CLASS_FULL',
        detail: `limit ${this.maxExercises} exercises (maxReportExercises)`,
      };
    this.#seen.add(exercise);
    const receivedAt = this.now();
    const old = l.results.get(exercise);
    const cell = {
      passed,
      at,
      receivedAt,
      attempts: (old?.attempts ?? 0) + 1,
      passes: (old?.passes ?? 0) + (passed ? 1 : 0),
    };
    l.results.set(exercise, cell);
    l.lastSeen = receivedAt;
    return { ok: true, cell };
  }

  /** The exercises as columns: the course's, in its order, else those seen, sorted. */
  columns() {
    if (this.catalog) return [...this.catalog.values()];
    return [...this.#seen].sort().map((id) => ({ id }));
  }

  /** What the dashboard shows: every learner (by name) × every exercise. */
  snapshot() {
    const learners = [...this.#learners.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((l) => ({
        name: l.name,
        online: l.sessions > 0,
        firstSeen: new Date(l.firstSeen).toISOString(),
        lastSeen: new Date(l.lastSeen).toISOString(),
        results: Object.fromEntries(
          [...l.results].map(([id, c]) => [
            id,
            {
              passed: c.passed,
              at: new Date(c.at).toISOString(),
              receivedAt: new Date(c.receivedAt).toISOString(),
              attempts: c.attempts,
              passes: c.passes,
            },
          ]),
        ),
      }));
    return {
      exercises: this.columns(),
      learners,
      limits: { maxLearners: this.maxLearners, maxExercises: this.maxExercises },
    };
  }

  /**
   * The grid as CSV for a spreadsheet: UTF-8 with a byte-order mark (so Excel reads Chinese names),
   * CRLF line ends, a header row `name, <exercise ids…>`, then one row per learner with ✓, ✗ or
   * nothing (not tried) per exercise.
   */
  csv(nameHeader: string = 'name') {
    const columns = this.columns().map((c) => c.id);
    const rows = [[nameHeader, ...columns]];
    for (const l of this.snapshot().learners)
      rows.push([
        l.name,
        ...columns.map((id) => {
          const cell = l.results[id];
          return cell === undefined ? '' : cell.passed ? '✓' : '✗';
        }),
      ]);
    return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
  }
}

/**
 * One CSV field, always quoted: a spreadsheet whose locale separates lists with ';' (or a tab) would
 * split an unquoted `a;=1+1` and run its second half. A leading =, +, -, tab, CR or @ (which a
 * spreadsheet would run as a formula) is neutralised with an apostrophe.
 */
export function csvField(value: string) {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}
