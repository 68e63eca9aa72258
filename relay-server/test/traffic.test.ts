// The dashboard's traffic view over a real relay on 127.0.0.1: two learners' datagrams to a real UDP
// echo, tagged by name or session id; the admin token alone reads it; the preview switch reaches the
// learners' pages; the ring stays bounded.
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, connect, TOKEN, udpEcho, until, type Json } from './helpers.ts';
import { testScope } from './test-scope.ts';
import type { startRelay } from './helpers.ts';

const { cleanup, relayFor } = testScope();

async function admin(
  relay: Awaited<ReturnType<typeof startRelay>>,
  path: string,
  { token = ADMIN_TOKEN, method = 'GET' }: { token?: string | null; method?: string } = {},
) {
  const { port } = relay.address();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, body: (await res.json()) as Json };
}

describe('traffic view', () => {
  it('lists two learners’ datagrams by name or session id, with from, to, size and no bytes until the preview is on', async () => {
    const relay = await relayFor();
    const echo = await udpEcho();
    cleanup.push(async () => echo.socket.close());
    const a = await connect(relay);
    a.sendJson({ type: 'name', id: 1, name: '张三' });
    await a.message('named');
    const b = await connect(relay);
    const bSession = [...relay.sessions].find((s) => s.displayName === null)?.id;

    a.sendto(1, '127.0.0.1', echo.port, 'secret-from-a');
    const bound = await a.message('bound');
    expect((await a.datagram()).port).toBe(echo.port);
    b.sendto(7, '127.0.0.1', echo.port, 'hi');
    await b.datagram();
    // A denied destination is listed too, with its rule.
    b.sendto(7, '127.0.0.1', 80, 'x');
    await b.message('error');

    const { status, body } = await admin(relay, '/admin/api/traffic');
    expect(status).toBe(200);
    expect(body.preview).toBe(false);
    const rows = body.records.map((r: Json) => [r.learner, r.dir, r.fate, r.from, r.to, r.size]);
    expect(rows).toEqual([
      ['张三', 'out', 'relayed', `127.0.0.1:${bound.relayPort}`, `127.0.0.1:${echo.port}`, 13],
      ['张三', 'in', 'relayed', `127.0.0.1:${echo.port}`, `127.0.0.1:${bound.relayPort}`, 13],
      [bSession, 'out', 'relayed', expect.stringMatching(/^127\.0\.0\.1:\d+$/), `127.0.0.1:${echo.port}`, 2],
      [bSession, 'in', 'relayed', `127.0.0.1:${echo.port}`, expect.stringMatching(/^127\.0\.0\.1:\d+$/), 2],
      [bSession, 'out', 'denied', expect.stringMatching(/^127\.0\.0\.1:\d+$/), '127.0.0.1:80', 1],
    ]);
    expect(body.records[4].reason).toBe('low-port');
    // Metadata only: no byte of any payload left the relay.
    const text = JSON.stringify(body);
    expect(text).not.toContain(Buffer.from('secret').toString('hex'));
    expect(text).not.toContain('secret');
    expect(body.counts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ learner: '张三', sent: 1, received: 1, sentBytes: 13 }),
        expect.objectContaining({ learner: bSession, sent: 1, received: 1, denied: 1 }),
      ]),
    );

    // The preview switch: every learner's page is told, and new datagrams carry their first bytes.
    expect((await admin(relay, '/admin/api/traffic/preview/on', { method: 'POST' })).body).toEqual({
      preview: true,
      previewBytes: 16,
    });
    expect(await a.message('observed')).toEqual({
      type: 'observed',
      traffic: true,
      preview: true,
      previewBytes: 16,
    });
    expect(await b.message('observed')).toMatchObject({ preview: true });
    a.sendto(1, '127.0.0.1', echo.port, 'a long message of more than sixteen bytes');
    await a.datagram();
    const on = await admin(relay, `/admin/api/traffic?after=${body.latest}`);
    expect(on.body.records.map((r: Json) => r.preview)).toEqual([
      Buffer.from('a long message o').toString('hex'),
      Buffer.from('a long message o').toString('hex'),
    ]);
    expect(on.body.skipped).toBe(0);
    // Switched off: the bytes kept are erased, and the pages are told.
    await admin(relay, '/admin/api/traffic/preview/off', { method: 'POST' });
    expect(await a.message('observed')).toMatchObject({ preview: false });
    const off = await admin(relay, '/admin/api/traffic');
    for (const r of off.body.records) expect(r).not.toHaveProperty('preview');

    // Clear: the view and the counts start again.
    expect((await admin(relay, '/admin/api/traffic/clear', { method: 'POST' })).body.cleared).toBe(7);
    const cleared = await admin(relay, '/admin/api/traffic');
    expect(cleared.body.records).toEqual([]);
    expect(cleared.body.counts).toEqual([]);
  });

  it('tells a learner at welcome what the teacher sees, and starts with the preview on only when asked', async () => {
    const relay = await relayFor();
    const c = await connect(relay, { token: null });
    c.sendJson({ type: 'auth', token: TOKEN });
    expect((await c.message('welcome')).observed).toEqual({
      traffic: true,
      preview: false,
      previewBytes: 16,
    });
    const withPreview = await relayFor({ trafficPreview: true, trafficPreviewBytes: 8 });
    const d = await connect(withPreview, { token: null });
    d.sendJson({ type: 'auth', token: TOKEN });
    expect((await d.message('welcome')).observed).toEqual({ traffic: true, preview: true, previewBytes: 8 });
  });

  it('is read only with the admin token: not without one, not with the class token, not from a learner’s session', async () => {
    const relay = await relayFor();
    const learner = await connect(relay);
    learner.sendto(1, '127.0.0.1', 9, 'x');
    await until(() => relay.traffic.size > 0);
    for (const token of [null, TOKEN, 'wrong']) {
      const r = await admin(relay, '/admin/api/traffic', { token });
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('RELAY_ERR_ADMIN_AUTH');
      expect(JSON.stringify(r.body)).not.toContain('127.0.0.1:9');
      expect((await admin(relay, '/admin/api/traffic/preview/on', { token, method: 'POST' })).status).toBe(
        401,
      );
    }
    expect(relay.traffic.preview).toBe(false);
    // The token in the URL is refused outright.
    expect((await admin(relay, `/admin/api/traffic?token=${ADMIN_TOKEN}`, { token: null })).status).toBe(400);
  });

  it('keeps at most trafficRingSize datagrams and lists a flood at most trafficRecordsBurst at once, counting all', async () => {
    const relay = await relayFor({
      trafficRingSize: 20,
      trafficRecordsPerSecond: 1,
      trafficRecordsBurst: 30,
    });
    const echo = await udpEcho({ echo: false });
    cleanup.push(async () => echo.socket.close());
    const c = await connect(relay);
    for (let i = 0; i < 60; i++) c.sendto(1, '127.0.0.1', echo.port, `n${i}`);
    await until(() => echo.received.length === 60);
    expect(relay.traffic.size).toBe(20);
    const { body } = await admin(relay, '/admin/api/traffic');
    expect(body.records).toHaveLength(20);
    expect(body.records.at(-1).seq).toBe(30); // the 31st and later were counted, not listed
    expect(body.counts[0]).toMatchObject({ sent: 60, unlisted: 30 });
    expect(body.unlisted).toBe(30);
  });
});
