// Guessing the class token: a few wrong tokens from one address are free, then that address waits
// (its tokens are not even compared meanwhile), longer after each further wrong one; the failures
// are logged once per window, not three lines per guess. Other addresses are not affected.
import { expect, it } from 'vitest';
import { createLogger } from '../src/relay/logger.ts';
import { AuthBackoff } from '../src/relay/auth-backoff.ts';
import http from 'node:http';
import { ADMIN_TOKEN, connect, startRelay, TOKEN, type Json } from './helpers.ts';
import { testScope } from './test-scope.ts';
import type { IncomingHttpHeaders } from 'node:http';

const { cleanup } = testScope();

it('backs off an address that guesses, logs it once per window, and serves other addresses', async () => {
  const lines: Json[] = [];
  const logger = createLogger({ write: (l) => lines.push(JSON.parse(l)), windowMs: 60_000 });
  // The relay's clock, moved by the test: the waits are exact, with no real sleep.
  let t = 1_000;
  const relay = await startRelay({
    logger,
    authFailuresAllowed: 3,
    authBackoffMs: 400,
    authBackoffMaxMs: 5000,
    now: () => t,
  });
  cleanup.push(() => relay.close());
  /** Close codes of `n` wrong guesses from 127.0.0.1, one after the other. */
  const guess = async (n: number) => {
    const codes: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = await connect(relay, { token: `guess-${t}-${i}` });
      codes.push((await c.closed).code);
    }
    return codes;
  };
  // Tokens compared (4001): 3 free, a 4th that starts a 400 ms wait; meanwhile not compared (4007).
  expect(await guess(10)).toEqual([4001, 4001, 4001, 4001, 4007, 4007, 4007, 4007, 4007, 4007]);
  // The right token during the wait is not even compared.
  const waiting = await connect(relay, { token: null });
  waiting.sendJson({ type: 'auth', token: TOKEN });
  expect(await waiting.closed).toMatchObject({
    code: 4007,
    reason: expect.stringContaining('RELAY_ERR_AUTH_BACKOFF'),
  });
  t += 399;
  expect(await guess(1)).toEqual([4007]);
  // After the wait, one more wrong token is compared and doubles it (800 ms).
  t += 1;
  expect(await guess(2)).toEqual([4001, 4007]);
  t += 799;
  expect(await guess(1)).toEqual([4007]);
  // Another computer of the class is served at once.
  const other = await connect(relay, { localAddress: '127.0.0.2' });
  await other.close();
  const failed = lines.filter((l) => l.event === 'auth.failed');
  expect(failed).toHaveLength(1);
  expect(failed[0]).toMatchObject({ level: 'warn', client: '127.0.0.1' });
  // A few lines in all, not three per guess.
  expect(lines.filter((l) => l.client === '127.0.0.1').length).toBeLessThanOrEqual(4);
  // Once the wait is over, the right token works, and the address starts afresh.
  t += 1;
  const back = await connect(relay);
  expect(back.ws.readyState).toBe(back.ws.OPEN);
  await back.close();
  expect(await guess(4)).toEqual([4001, 4001, 4001, 4001]);
});

it('doubles the wait with each further wrong token, up to the longest, and forgets after it', () => {
  let t = 0;
  const b = new AuthBackoff({ allowed: 2, baseMs: 100, maxMs: 1000, now: () => t });
  expect(b.fail('a')).toEqual({ failures: 1, waitMs: 0 });
  expect(b.fail('a')).toEqual({ failures: 2, waitMs: 0 });
  expect(b.waitMs('a')).toBe(0);
  expect(b.fail('a').waitMs).toBe(100);
  expect(b.waitMs('a')).toBe(100);
  expect(b.waitMs('b')).toBe(0);
  t += 100;
  expect(b.fail('a').waitMs).toBe(200);
  expect(b.fail('a').waitMs).toBe(400);
  expect(b.fail('a').waitMs).toBe(800);
  expect(b.fail('a').waitMs).toBe(1000);
  t += 1000 + 1000; // the wait, then the longest wait without a failure
  expect(b.waitMs('a')).toBe(0);
  expect(b.fail('a')).toEqual({ failures: 1, waitMs: 0 });
  b.succeed('a');
  expect(b.fail('a').failures).toBe(1);
});

/** A dashboard API request from `localAddress` with this admin token. */
function adminGet(
  port: number,
  token: string | null,
  localAddress: string = '127.0.0.1',
): Promise<{ status: number | undefined; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          host: '127.0.0.1',
          port,
          localAddress,
          path: '/admin/api/sessions',
          headers: token === null ? {} : { Authorization: `Bearer ${token}` },
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (t) => (body += t));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
        },
      )
      .on('error', reject);
  });
}

it('backs off an address that guesses the admin token too: even the right one waits, other addresses do not', async () => {
  const relay = await startRelay({ authFailuresAllowed: 2, authBackoffMs: 5000, authBackoffMaxMs: 10_000 });
  cleanup.push(() => relay.close());
  const { port } = relay.address();
  // No token at all is not a guess.
  for (let i = 0; i < 4; i++) expect((await adminGet(port, null)).status).toBe(401);
  expect((await adminGet(port, ADMIN_TOKEN)).status).toBe(200);
  for (let i = 0; i < 3; i++) expect((await adminGet(port, `guess-${i}`)).status).toBe(401);
  const waiting = await adminGet(port, ADMIN_TOKEN);
  expect(waiting.status).toBe(429);
  expect(Number(waiting.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(JSON.parse(waiting.body)).toMatchObject({ code: 'RELAY_ERR_AUTH_BACKOFF' });
  expect((await adminGet(port, ADMIN_TOKEN, '127.0.0.2')).status).toBe(200);
  // Wrong admin tokens do not lock learners of that address out of the relay, nor the reverse.
  const learner = await connect(relay);
  await learner.close();
});

it('lets an address make authFailuresAllowed wrong class tokens before it waits (a room behind one NAT)', async () => {
  // A teacher restarted the relay with a new token; 8 learners behind one address reload old links.
  const relay = await startRelay({ authFailuresAllowed: 10, authBackoffMs: 5000 });
  cleanup.push(() => relay.close());
  for (let i = 0; i < 8; i++) {
    const old = await connect(relay, { token: 'the-old-token' });
    expect((await old.closed).code).toBe(4001);
  }
  const fresh = await connect(relay);
  expect(fresh.ws.readyState).toBe(fresh.ws.OPEN);
  await fresh.close();
});
