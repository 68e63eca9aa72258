// The class report over real WebSockets on 127.0.0.1: a learner's name, their Check results, the
// refusals (before auth, unknown exercise, bad name, too fast, full) and the dashboard's grid and CSV.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RELAY_ERRORS } from '../src/protocol/errors.ts';
import { ADMIN_TOKEN, connect, startRelay, type Json } from './helpers.ts';
import { testScope } from './test-scope.ts';
import { MAX_NAME_LENGTH, checkDisplayName } from '../src/protocol/class-report.ts';
import { csvField } from '../src/relay/class-results.ts';
import { readExerciseCatalog } from '../src/server/exercise-catalog.ts';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RelayOptions } from '../src/relay/config.ts';

const { cleanup } = testScope();

const EXERCISES = [
  { id: 'fix-client', lesson: 'socket/client' },
  { id: 'upper-echo', lesson: 'socket/server' },
];

async function relayFor(o?: RelayOptions) {
  const relay = await startRelay({ exercises: EXERCISES, ...o });
  cleanup.push(() => relay.close());
  return relay;
}

async function request(c: Awaited<ReturnType<typeof connect>>, m: Record<string, unknown>) {
  c.sendJson(m);
  const r = await c.take((x) => !x.binary && x.message.id === m.id);
  return (r as Json).message;
}

function admin(
  relay: Awaited<ReturnType<typeof startRelay>>,
  path: string,
  token: string | null = ADMIN_TOKEN,
) {
  const { port } = relay.address();
  return fetch(`http://127.0.0.1:${port}${path}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
}

describe('check-result', () => {
  it('records a named learner’s results and the dashboard API shows the latest, its time and the attempts', async () => {
    const relay = await relayFor();
    const c = await connect(relay);
    expect(await request(c, { type: 'name', id: 1, name: '  张三  ' })).toEqual({
      type: 'named',
      id: 1,
      name: '张三',
    });
    const at = Date.UTC(2026, 11, 7, 9, 30);
    expect(
      await request(c, { type: 'check-result', id: 2, exercise: 'fix-client', passed: false, at }),
    ).toEqual({ type: 'recorded', id: 2, exercise: 'fix-client', passed: false, attempts: 1 });
    expect(
      await request(c, {
        type: 'check-result',
        id: 3,
        exercise: 'fix-client',
        passed: true,
        at: at + 60_000,
      }),
    ).toMatchObject({ type: 'recorded', passed: true, attempts: 2 });

    const res = await admin(relay, '/admin/api/results');
    expect(res.status).toBe(200);
    const grid = (await res.json()) as Json;
    expect(grid.exercises.map((e: Json) => e.id)).toEqual(['fix-client', 'upper-echo']);
    expect(grid.learners).toHaveLength(1);
    expect(grid.learners[0]).toMatchObject({ name: '张三', online: true });
    expect(grid.learners[0].results['fix-client']).toMatchObject({
      passed: true,
      attempts: 2,
      passes: 1,
      at: new Date(at + 60_000).toISOString(),
    });
    expect(grid.learners[0].results['upper-echo']).toBeUndefined();
    // Nothing but the result is kept: no field could hold a program.
    expect(Object.keys(grid.learners[0].results['fix-client']).sort()).toEqual([
      'at',
      'attempts',
      'passed',
      'passes',
      'receivedAt',
    ]);

    await c.close();
    await new Promise((r) => setTimeout(r, 50));
    const after = (await (await admin(relay, '/admin/api/results')).json()) as Json;
    expect(after.learners[0]).toMatchObject({ name: '张三', online: false });
  });

  it('refuses an unknown exercise and a malformed id, with the reason, and records nothing', async () => {
    const relay = await relayFor();
    const c = await connect(relay);
    await request(c, { type: 'name', id: 1, name: 'Ann' });
    const unknown = await request(c, {
      type: 'check-result',
      id: 2,
      exercise: 'no-such',
      passed: true,
      at: 1,
    });
    expect(unknown).toMatchObject({ type: 'error', id: 2, code: 'RELAY_ERR_EXERCISE', errno: 'EINVAL' });
    expect(unknown.message).toContain('the course has no exercise "no-such"');
    const malformed = await request(c, {
      type: 'check-result',
      id: 3,
      exercise: 'Fix_Client',
      passed: true,
      at: 1,
    });
    expect(malformed).toMatchObject({ code: 'RELAY_ERR_EXERCISE' });
    expect(malformed.message).toContain('^[a-z0-9-]{1,48}$');
    const long = await request(c, {
      type: 'check-result',
      id: 4,
      exercise: 'a'.repeat(49),
      passed: true,
      at: 1,
    });
    expect(long).toMatchObject({ code: 'RELAY_ERR_EXERCISE' });
    // A time no Date can hold is refused, and the dashboard still answers.
    const farFuture = await request(c, {
      type: 'check-result',
      id: 7,
      exercise: 'fix-client',
      passed: true,
      at: Number.MAX_SAFE_INTEGER,
    });
    expect(farFuture).toMatchObject({ code: 'RELAY_ERR_BAD_FRAME' });
    expect((await admin(relay, '/admin/api/results')).status).toBe(200);
    const notBool = await request(c, {
      type: 'check-result',
      id: 5,
      exercise: 'fix-client',
      passed: 1,
      at: 1,
    });
    expect(notBool).toMatchObject({ code: 'RELAY_ERR_BAD_FRAME' });
    const grid = (await (await admin(relay, '/admin/api/results')).json()) as Json;
    expect(grid.learners[0].results).toEqual({});
    // Still open: these are mistakes, not attacks.
    expect(
      await request(c, { type: 'check-result', id: 6, exercise: 'upper-echo', passed: true, at: 1 }),
    ).toMatchObject({ type: 'recorded' });
    await c.close();
  });

  it('accepts any well-formed id when the relay does not know the course’s exercises', async () => {
    const relay = await relayFor({ exercises: null });
    const c = await connect(relay);
    await request(c, { type: 'name', id: 1, name: 'Ann' });
    expect(
      await request(c, { type: 'check-result', id: 2, exercise: 'anything-9', passed: true, at: 1 }),
    ).toMatchObject({ type: 'recorded' });
    await c.close();
  });

  it('refuses an oversized, empty or control-character name, and a result before any name', async () => {
    const relay = await relayFor();
    const c = await connect(relay);
    const before = await request(c, {
      type: 'check-result',
      id: 1,
      exercise: 'fix-client',
      passed: true,
      at: 1,
    });
    expect(before).toMatchObject({ type: 'error', id: 1, code: 'RELAY_ERR_NO_NAME' });
    const long = await request(c, { type: 'name', id: 2, name: '长'.repeat(MAX_NAME_LENGTH + 1) });
    expect(long).toMatchObject({ type: 'error', id: 2, code: 'RELAY_ERR_NAME', errno: 'EINVAL' });
    expect(long.message).toContain(
      `the name has ${MAX_NAME_LENGTH + 1} characters, at most ${MAX_NAME_LENGTH}`,
    );
    const huge = await request(c, { type: 'name', id: 3, name: 'x'.repeat(10_000) });
    expect(huge).toMatchObject({ code: 'RELAY_ERR_NAME' });
    expect(await request(c, { type: 'name', id: 4, name: '   ' })).toMatchObject({ code: 'RELAY_ERR_NAME' });
    const control = await request(c, { type: 'name', id: 5, name: 'Ann\u0007' });
    expect(control).toMatchObject({ code: 'RELAY_ERR_NAME' });
    expect(control.message).toContain('control character');
    expect(await request(c, { type: 'name', id: 6, name: 'evil\u202Eeman' })).toMatchObject({
      code: 'RELAY_ERR_NAME',
    });
    // Invisible marks would make two rows look alike on the dashboard: LRM/RLM and zero-width ones.
    let id = 100;
    for (const mark of ['\u200E', '\u200F', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF']) {
      const r = await request(c, { type: 'name', id: id++, name: `Ann${mark}a` });
      expect(r, `U+${mark.codePointAt(0)?.toString(16)}`).toMatchObject({ code: 'RELAY_ERR_NAME' });
      expect(r.message).toContain('invisible');
    }
    // Exactly the limit is fine.
    expect(await request(c, { type: 'name', id: 7, name: '长'.repeat(MAX_NAME_LENGTH) })).toMatchObject({
      type: 'named',
    });
    const grid = (await (await admin(relay, '/admin/api/results')).json()) as Json;
    expect(grid.learners.map((l: Json) => l.name)).toEqual(['长'.repeat(MAX_NAME_LENGTH)]);
    await c.close();
  });

  it('is refused before auth: the session is closed with 4001 and nothing is recorded', async () => {
    const relay = await relayFor();
    const c = await connect(relay, { token: null });
    c.sendJson({ type: 'name', id: 1, name: 'Mallory' });
    const closed = await c.closed;
    expect(closed.code).toBe(4001);
    expect(closed.reason).toMatch(/^RELAY_ERR_NOT_AUTHENTICATED/);
    const c2 = await connect(relay, { token: null });
    c2.sendJson({ type: 'check-result', id: 1, exercise: 'fix-client', passed: true, at: 1 });
    expect((await c2.closed).code).toBe(4001);
    const grid = (await (await admin(relay, '/admin/api/results')).json()) as Json;
    expect(grid.learners).toEqual([]);
  });

  it('limits check results (checkResultsBurst, then checkResultsPerMinute)', async () => {
    const relay = await relayFor({ checkResultsBurst: 3, checkResultsPerMinute: 6 });
    const c = await connect(relay);
    await request(c, { type: 'name', id: 1, name: 'Ann' });
    const replies: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await request(c, {
        type: 'check-result',
        id: 10 + i,
        exercise: 'fix-client',
        passed: false,
        at: 1,
      });
      replies.push(r.type === 'error' ? r.code : r.type);
    }
    expect(replies).toEqual([
      'recorded',
      'recorded',
      'recorded',
      'RELAY_ERR_REPORT_RATE',
      'RELAY_ERR_REPORT_RATE',
    ]);
    const grid = (await (await admin(relay, '/admin/api/results')).json()) as Json;
    expect(grid.learners[0].results['fix-client'].attempts).toBe(3);
    // The session stays open: the page waits and checks again.
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    await c.close();
  });

  it('shares the check-result budget between the sessions of one address (per learner, not per tab)', async () => {
    const relay = await relayFor({ checkResultsBurst: 3, checkResultsPerMinute: 1 });
    const a = await connect(relay);
    const b = await connect(relay);
    const other = await connect(relay, { localAddress: '127.0.0.2' });
    for (const c of [a, b, other]) await request(c, { type: 'name', id: 1, name: 'Ann' });
    const send = async (c: Awaited<ReturnType<typeof connect>>, id: number) => {
      const r = await request(c, { type: 'check-result', id, exercise: 'fix-client', passed: true, at: 1 });
      return r.type === 'error' ? r.code : r.type;
    };
    expect([await send(a, 10), await send(a, 11), await send(b, 12), await send(b, 13)]).toEqual([
      'recorded',
      'recorded',
      'recorded',
      'RELAY_ERR_REPORT_RATE',
    ]);
    // Another computer has its own budget.
    expect(await send(other, 14)).toBe('recorded');
    for (const c of [a, b, other]) await c.close();
  });

  it('lets one address create at most maxReportNamesPerAddress rows, so one learner cannot fill the report', async () => {
    // Cycling names over sessions from one address used to take every row of the report.
    const relay = await relayFor({ maxReportLearners: 6 });
    const replies: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await connect(relay);
      const r = await request(c, { type: 'name', id: 1, name: `bot-${i}` });
      replies.push(r.type === 'error' ? r.code : r.type);
      if (r.type === 'named')
        await request(c, { type: 'check-result', id: 2, exercise: 'fix-client', passed: true, at: 1 });
      else expect(r.message).toContain('maxReportNamesPerAddress');
      await c.close();
    }
    expect(replies).toEqual([
      'named',
      'named',
      'named',
      'named',
      'RELAY_ERR_CLASS_FULL',
      'RELAY_ERR_CLASS_FULL',
    ]);
    // A row that exists is joined, not created: the same learner's next tab is still welcome.
    const again = await connect(relay);
    expect(await request(again, { type: 'name', id: 1, name: 'bot-0' })).toMatchObject({ type: 'named' });
    await again.close();
    // Everyone else still gets a row.
    const other = await connect(relay, { localAddress: '127.0.0.2' });
    expect(await request(other, { type: 'name', id: 1, name: 'Ann' })).toMatchObject({ type: 'named' });
    await other.close();
  });

  it('rate-limits name changes per address (nameChangesBurst, then nameChangesPerMinute)', async () => {
    const relay = await relayFor({ nameChangesBurst: 4, nameChangesPerMinute: 1 });
    const a = await connect(relay);
    const b = await connect(relay);
    const replies: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = i % 2 ? b : a;
      const r = await request(c, { type: 'name', id: i + 1, name: `name-${i}` });
      replies.push(r.type === 'error' ? r.code : r.type);
    }
    expect(replies).toEqual([
      'named',
      'named',
      'named',
      'named',
      'RELAY_ERR_REPORT_RATE',
      'RELAY_ERR_REPORT_RATE',
    ]);
    // The same name again is no change: a reconnected tab re-sends it freely.
    expect(await request(a, { type: 'name', id: 20, name: 'name-2' })).toMatchObject({ type: 'named' });
    expect(a.ws.readyState).toBe(a.ws.OPEN);
    await a.close();
    await b.close();
  });

  it('keeps at most maxReportLearners learners', async () => {
    const relay = await relayFor({ maxReportLearners: 1 });
    const a = await connect(relay);
    const b = await connect(relay);
    expect(await request(a, { type: 'name', id: 1, name: 'Ann' })).toMatchObject({ type: 'named' });
    const full = await request(b, { type: 'name', id: 1, name: 'Bob' });
    expect(full).toMatchObject({ code: 'RELAY_ERR_CLASS_FULL' });
    expect(full.message).toContain('maxReportLearners');
    // The same name joins the same row (a second tab of the same learner).
    expect(await request(b, { type: 'name', id: 2, name: 'Ann' })).toMatchObject({ type: 'named' });
    // A row with results keeps its place: no other name fits.
    await b.close();
    await request(a, { type: 'check-result', id: 3, exercise: 'fix-client', passed: true, at: 1 });
    expect(await request(a, { type: 'name', id: 4, name: 'Ann B' })).toMatchObject({
      code: 'RELAY_ERR_CLASS_FULL',
    });
    // Refused, the session keeps its name: its results still go to Ann.
    expect(
      await request(a, { type: 'check-result', id: 5, exercise: 'upper-echo', passed: true, at: 1 }),
    ).toMatchObject({ type: 'recorded' });
    const c = await connect(relay);
    expect(await request(c, { type: 'name', id: 1, name: 'Carl' })).toMatchObject({
      code: 'RELAY_ERR_CLASS_FULL',
    });
    await c.close();
    await a.close();
  });

  it('drops a name left before any result, so typos do not fill the report', async () => {
    const relay = await relayFor({ maxReportLearners: 1 });
    const a = await connect(relay);
    expect(await request(a, { type: 'name', id: 1, name: 'Anm' })).toMatchObject({ type: 'named' });
    // Renamed before any result: the typo's row goes, and the one place is free for the right name.
    expect(await request(a, { type: 'name', id: 2, name: 'Ann' })).toMatchObject({ type: 'named' });
    const grid = (await (await admin(relay, '/admin/api/results')).json()) as Json;
    expect(grid.learners.map((l: Json) => l.name)).toEqual(['Ann']);
    await a.close();
  });
});

describe('dashboard API of the class report', () => {
  it('needs the admin token: 401 without or with a wrong one, 400 with it in the URL, for the grid and the CSV', async () => {
    const relay = await relayFor();
    for (const path of ['/admin/api/results', '/admin/api/results.csv']) {
      expect((await admin(relay, path, null)).status).toBe(401);
      expect((await admin(relay, path, 'wrong-token')).status).toBe(401);
      expect((await admin(relay, `${path}?token=${ADMIN_TOKEN}`, null)).status).toBe(400);
      const withClassToken = await admin(relay, path, relay.token);
      expect(withClassToken.status).toBe(401);
      expect(await withClassToken.text()).not.toContain('learners');
    }
  });

  it('downloads the grid as CSV: BOM, a name column then one per exercise, ✓ ✗ or empty', async () => {
    const relay = await relayFor();
    const a = await connect(relay);
    const b = await connect(relay);
    await request(a, { type: 'name', id: 1, name: '王小明' });
    await request(b, { type: 'name', id: 1, name: '=HYPERLINK("x")' });
    const c = await connect(relay);
    // Excel in a locale whose list separator is ';' splits an unquoted field there: a;=1+1 would
    // become a cell "=1+1" and run. Every field is quoted, so no separator splits one.
    await request(c, { type: 'name', id: 1, name: 'a;=1+1' });
    await request(a, { type: 'check-result', id: 2, exercise: 'upper-echo', passed: true, at: 1 });
    await request(b, { type: 'check-result', id: 2, exercise: 'fix-client', passed: false, at: 1 });
    await request(c, { type: 'check-result', id: 2, exercise: 'fix-client', passed: true, at: 1 });
    const res = await admin(relay, '/admin/api/results.csv');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text).toBe(
      '\uFEFF"姓名","fix-client","upper-echo"\r\n' +
        `"'=HYPERLINK(""x"")","✗",""\r\n` +
        '"a;=1+1","✓",""\r\n' +
        '"王小明","","✓"\r\n',
    );
    const en = await (await admin(relay, '/admin/api/results.csv?lang=en')).text();
    expect(en.split('\r\n')[0]).toBe('"name","fix-client","upper-echo"');
    await a.close();
    await b.close();
    await c.close();
  });
});

describe('rules shared with the page', () => {
  it('checkDisplayName trims, counts characters not UTF-16 units, and refuses controls', () => {
    expect(checkDisplayName(' Ann ')).toEqual({ ok: true, name: 'Ann' });
    expect(checkDisplayName('😀'.repeat(MAX_NAME_LENGTH))).toMatchObject({ ok: true });
    expect(checkDisplayName('😀'.repeat(MAX_NAME_LENGTH + 1))).toMatchObject({ ok: false });
    expect(checkDisplayName('a\nb')).toMatchObject({ ok: false });
    expect(checkDisplayName(42)).toMatchObject({ ok: false });
  });
  it('csvField quotes every field and neutralises formulas', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a;=1+1')).toBe('"a;=1+1"');
    expect(csvField('+1')).toBe(`"'+1"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('张三')).toBe('"张三"');
    expect(csvField('')).toBe('""');
  });
});

describe('the course’s exercises', () => {
  it('are read from content/exercises/*/exercise.json; a bad id or file is skipped and said', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'udp-lab-exercises-'));
    try {
      const put = (folder: string, text: string) => {
        mkdirSync(path.join(dir, folder));
        writeFileSync(path.join(dir, folder, 'exercise.json'), text);
      };
      put(
        'upper-echo',
        JSON.stringify({ id: 'upper-echo', lesson: 'socket/server', title: { zh: '大写', en: 'Upper' } }),
      );
      put('fix-client', JSON.stringify({ lesson: 'socket/client' }));
      put('Bad_Id', JSON.stringify({ id: 'Bad_Id' }));
      put('broken', '{');
      const catalog = readExerciseCatalog(dir);
      expect(catalog?.exercises).toEqual([
        { id: 'fix-client', lesson: 'socket/client' },
        { id: 'upper-echo', lesson: 'socket/server', title: { zh: '大写', en: 'Upper' } },
      ]);
      expect(catalog?.skipped).toHaveLength(2);
      expect(readExerciseCatalog(path.join(dir, 'none'))).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fuzzing the class report', () => {
  it('answers every name and check-result once, with its reply or a reasoned error, and the dashboard keeps answering', async () => {
    const relay = await relayFor({ checkResultsBurst: 1_000, checkResultsPerMinute: 60_000 });
    const c = await connect(relay);
    let id = 0;
    const message = fc.record(
      {
        type: fc.constantFrom('name', 'check-result'),
        name: fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.integer(),
        ),
        exercise: fc.oneof(
          fc.constantFrom('fix-client', 'upper-echo', 'nope', ''),
          fc.string({ maxLength: 50 }),
        ),
        passed: fc.oneof(fc.boolean(), fc.integer()),
        at: fc.oneof(
          fc.integer(),
          fc.double(),
          fc.constantFrom(Number.MAX_SAFE_INTEGER, 8.64e15, 8.64e15 + 1, -1, 0),
          fc.string(),
        ),
      },
      { requiredKeys: ['type'] },
    );
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const r = await request(c, { ...m, id: ++id });
        if (r.type === 'named' || r.type === 'recorded') return;
        expect(r.type).toBe('error');
        expect(Object.keys(RELAY_ERRORS)).toContain(r.code);
        expect(r.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 300 },
    );
    const res = await admin(relay, '/admin/api/results');
    expect(res.status).toBe(200);
    expect((await admin(relay, '/admin/api/results.csv')).status).toBe(200);
    expect(c.ws.readyState).toBe(c.ws.OPEN);
    await c.close();
  });
});
