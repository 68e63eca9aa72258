// A tab's session resumed across its page loads (a lesson left for another): same session id, only
// for the same client address with the key `welcome` gave, within the grace period, never after a kick.
import { describe, expect, it } from 'vitest';
import { connect, TOKEN, until, type Json } from './helpers.ts';
import { testScope } from './test-scope.ts';

const { cleanup, relayFor } = testScope();

/** Opens a session, resuming `resume` when given; resolves with the client and its welcome. */
async function open(
  relay: Json,
  resume: { session: string; key: string } | undefined,
  localAddress?: string,
) {
  const c = await connect(relay, { token: null, ...(localAddress ? { localAddress } : {}) });
  cleanup.push(() => c.close());
  c.sendJson({ type: 'auth', token: TOKEN, ...(resume ? { resume } : {}) });
  const welcome = await c.message('welcome');
  return { c, welcome };
}

describe('resuming a session', () => {
  it('gives the welcome a resume key and a new session resumed: false', async () => {
    const relay = await relayFor();
    const { welcome } = await open(relay, undefined);
    expect(welcome.resume).toMatch(/^[0-9a-f]{32}$/);
    expect(welcome.resumed).toBe(false);
  });

  it('keeps the session id when the page that held it has closed (a lesson left for another)', async () => {
    const relay = await relayFor();
    const first = await open(relay, undefined);
    await first.c.close();
    await until(() => relay.sessions.size === 0);
    const second = await open(relay, { session: first.welcome.session, key: first.welcome.resume });
    expect(second.welcome.session).toBe(first.welcome.session);
    expect(second.welcome.resumed).toBe(true);
    // A new key each time: the old one cannot resume it a second time.
    expect(second.welcome.resume).not.toBe(first.welcome.resume);
    expect(relay.snapshot().sessions.map((s: Json) => s.id)).toEqual([first.welcome.session]);
  });

  it('takes over the still-open session of the page just left, which is closed normally', async () => {
    const relay = await relayFor();
    const first = await open(relay, undefined);
    const second = await open(relay, { session: first.welcome.session, key: first.welcome.resume });
    expect(second.welcome.resumed).toBe(true);
    expect((await first.c.closed).code).toBe(1000);
    await until(() => relay.sessions.size === 1);
    expect([...relay.sessions][0]?.id).toBe(first.welcome.session);
  });

  it('resumes a held session when the class is at its cap (maxSessionsPerToken): not a new session', async () => {
    const relay = await relayFor({ maxSessionsPerToken: 2 });
    const first = await open(relay, undefined);
    await open(relay, undefined);
    // The page just left still holds its session: the tab's next page takes it over.
    const second = await open(relay, { session: first.welcome.session, key: first.welcome.resume });
    expect(second.welcome).toMatchObject({ session: first.welcome.session, resumed: true });
    expect((await first.c.closed).code).toBe(1000);
    await until(() => relay.sessions.size === 2);
    // Its page closed, within the grace: the session is held for the tab, whoever came meanwhile.
    await second.c.close();
    await until(() => relay.sessions.size === 1);
    await open(relay, undefined);
    const third = await open(relay, { session: first.welcome.session, key: second.welcome.resume });
    expect(third.welcome).toMatchObject({ session: first.welcome.session, resumed: true });
    // A new session is still refused at the cap, and so is a resume with a wrong key.
    for (const resume of [undefined, { session: first.welcome.session, key: '0'.repeat(32) }]) {
      const c = await connect(relay, { token: null });
      cleanup.push(() => c.close());
      c.sendJson({ type: 'auth', token: TOKEN, ...(resume ? { resume } : {}) });
      expect(await c.closed).toMatchObject({
        reason: expect.stringContaining('RELAY_ERR_TOO_MANY_SESSIONS'),
      });
    }
  });

  it('starts a new session for a wrong key, another client address, after the grace, or after a kick', async () => {
    let t = 1_000;
    const relay = await relayFor({ resumeGraceMs: 300, now: () => t });
    const a = await open(relay, undefined);
    await a.c.close();
    await until(() => relay.sessions.size === 0);
    const wrong = await open(relay, { session: a.welcome.session, key: '0'.repeat(32) });
    expect(wrong.welcome.resumed).toBe(false);
    expect(wrong.welcome.session).not.toBe(a.welcome.session);
    const elsewhere = await open(relay, { session: a.welcome.session, key: a.welcome.resume }, '127.0.0.2');
    expect(elsewhere.welcome.resumed).toBe(false);

    const b = await open(relay, undefined);
    await b.c.close();
    await until(() => relay.sessions.size === 2); // b's close handled (wrong, elsewhere still open)
    t += 301; // the relay's clock: past resumeGraceMs
    const late = await open(relay, { session: b.welcome.session, key: b.welcome.resume });
    expect(late.welcome.resumed).toBe(false);

    const kicked = await open(relay, undefined);
    expect(relay.endSession(kicked.welcome.session)).toBe(true);
    await kicked.c.closed;
    const back = await open(relay, { session: kicked.welcome.session, key: kicked.welcome.resume });
    expect(back.welcome.resumed).toBe(false);
  });

  it('refuses a malformed resume request as a bad auth message', async () => {
    const relay = await relayFor();
    const c = await connect(relay, { token: null });
    cleanup.push(() => c.close());
    c.sendJson({ type: 'auth', token: TOKEN, resume: { session: 'x', key: 'y' } });
    expect((await c.closed).code).toBe(4001);
  });
});
