// The relay end to end on 127.0.0.1: auth, origin, binding and port mapping, echo, delivery between sessions, filters, limits.
import { describe, expect, it } from 'vitest';
import dgram from 'node:dgram';
import WebSocket from 'ws';
import {
  ADMIN_TOKEN,
  connect,
  freePort,
  loopbackOnlySockets,
  sleep,
  startRelay,
  TOKEN,
  udpEcho,
  until,
  type Json,
} from './helpers.ts';
import { testScope } from './test-scope.ts';
import { SUBPROTOCOL, encodeDatagram } from '../src/protocol/codec.ts';
import { createLogger } from '../src/relay/logger.ts';
import { buildAdminScript } from '../../site/integrations/relay-admin-page.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { cleanup, relayFor } = testScope();
async function echoServer() {
  const echo = await udpEcho();
  cleanup.push(() => echo.close());
  return echo;
}

describe('handshake', () => {
  it('welcomes a client that sends the class token first', async () => {
    const relay = await relayFor();
    const c = await connect(relay, { token: null });
    c.sendJson({ type: 'auth', token: TOKEN });
    const w = await c.message('welcome');
    expect(w).toMatchObject({ type: 'welcome', v: 1, address: '127.0.0.1', maxDatagram: 65_507 });
    expect(c.ws.protocol).toBe(SUBPROTOCOL);
    await c.close();
  });

  it('closes with 4001 on a wrong token and on a datagram before auth', async () => {
    const relay = await relayFor();
    const a = await connect(relay, { token: 'wrong' });
    expect(await a.closed).toMatchObject({ code: 4001, reason: expect.stringContaining('RELAY_ERR_AUTH') });
    const b = await connect(relay, { token: null });
    b.sendto(1, '127.0.0.1', 9999, 'x');
    expect(await b.closed).toMatchObject({
      code: 4001,
      reason: expect.stringContaining('RELAY_ERR_NOT_AUTHENTICATED'),
    });
  });

  it('closes with 4002 when no auth arrives in time', async () => {
    const relay = await relayFor({ authTimeoutMs: 150 });
    const c = await connect(relay, { token: null });
    const started = Date.now();
    expect(await c.closed).toMatchObject({ code: 4002 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(relay.config.authTimeoutMs).toBe(150);
  });

  it('refuses a foreign Origin (403) and a missing subprotocol (400); accepts its own origin and --allow-origin', async () => {
    const relay = await relayFor({ allowOrigins: ['http://teacher.example:8080'] });
    const { port } = relay.address();
    await expect(connect(relay, { origin: 'http://evil.example' })).rejects.toMatchObject({ status: 403 });
    await expect(connect(relay, { protocols: [] })).rejects.toMatchObject({ status: 400 });
    await expect(connect(relay, { protocols: ['udp-lab.relay.v0'] })).rejects.toMatchObject({ status: 400 });
    const own = await connect(relay, { origin: `http://127.0.0.1:${port}` });
    const listed = await connect(relay, { origin: 'http://teacher.example:8080' });
    await own.close();
    await listed.close();
  });

  it('limits sessions per client address and per token', async () => {
    const relay = await relayFor({ maxSessionsPerAddress: 2, maxSessionsPerToken: 5 });
    const a = await connect(relay);
    const b = await connect(relay);
    const c = await connect(relay, { token: null });
    expect(await c.closed).toMatchObject({
      code: 4006,
      reason: expect.stringContaining('RELAY_ERR_TOO_MANY_SESSIONS'),
    });
    await a.close();
    await until(() => relay.sessions.size === 1);
    const d = await connect(relay);
    await Promise.all([b.close(), d.close()]);

    const relay2 = await relayFor({ maxSessionsPerAddress: 10, maxSessionsPerToken: 1 });
    const e = await connect(relay2);
    const f = await connect(relay2, { token: null });
    f.sendJson({ type: 'auth', token: TOKEN });
    expect(await f.closed).toMatchObject({ code: 4006 });
    await e.close();
  });
});

describe('sockets and datagrams', () => {
  it('binds the port asked for when free, reports where it is reachable, and echoes through a real UDP server', async () => {
    const relay = await relayFor();
    const echo = await echoServer();
    const c = await connect(relay);
    const want = await freePort();
    const bound = await c.bind(3, want);
    expect(bound).toEqual({
      type: 'bound',
      id: 1,
      socket: 3,
      port: want,
      relayPort: want,
      address: '127.0.0.1',
      implicit: false,
    });
    c.sendto(3, '127.0.0.1', echo.port, 'hello');
    const d = await c.datagram();
    expect(d).toMatchObject({ socket: 3, address: '127.0.0.1', port: echo.port });
    expect(new TextDecoder().decode(d.payload)).toBe('hello');
    expect(echo.received[0]?.port).toBe(want);
    await c.close();
  });

  it('maps to a port of the range when the asked-for port is taken', async () => {
    const relay = await relayFor({ portRange: [47_000, 47_099] });
    const taken = dgram.createSocket('udp4');
    await new Promise((r) => taken.bind(0, '127.0.0.1', () => r(undefined)));
    cleanup.push(() => new Promise((r) => taken.close(() => r(undefined))));
    const c = await connect(relay);
    const bound = await c.bind(1, taken.address().port);
    expect(bound.port).toBe(taken.address().port);
    expect(bound.relayPort).toBeGreaterThanOrEqual(47_000);
    expect(bound.relayPort).toBeLessThanOrEqual(47_099);
    const low = await c.bind(2, 80);
    expect(low.relayPort).toBeGreaterThanOrEqual(47_000);
    await c.close();
  });

  it('answers EADDRINUSE when the whole range is held', async () => {
    const p = await freePort();
    const relay = await relayFor({ portRange: [p, p] });
    const c = await connect(relay);
    expect((await c.bind(1, 0)).relayPort).toBe(p);
    expect(await c.bind(2, 0)).toMatchObject({
      type: 'error',
      id: 2,
      code: 'RELAY_ERR_ADDR_IN_USE',
      errno: 'EADDRINUSE',
    });
    await c.close();
  });

  it('binds implicitly on the first sendto, replies bound with id null, keeps order', async () => {
    const relay = await relayFor();
    const echo = await echoServer();
    const c = await connect(relay);
    for (let i = 0; i < 5; i++) c.sendto(7, '127.0.0.1', echo.port, `m${i}`);
    const bound = await c.message('bound');
    expect(bound).toMatchObject({ id: null, socket: 7, implicit: true, address: '127.0.0.1' });
    const got = [];
    for (let i = 0; i < 5; i++) got.push(new TextDecoder().decode((await c.datagram()).payload));
    expect(got).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    await c.close();
  });

  it('delivers between two sessions inside the relay, with the sender’s mapped port as source', async () => {
    const relay = await relayFor({
      allowLoopback: false,
      subnets: ['192.0.2.0/24'],
      selfAddresses: ['192.0.2.1'],
      publicAddress: '192.0.2.1',
    });
    const a = await connect(relay);
    const b = await connect(relay);
    const boundA = await a.bind(1, 0);
    const boundB = await b.bind(1, 0);
    b.sendto(1, '192.0.2.1', boundA.relayPort, 'from b');
    const d = await a.datagram();
    expect(d).toMatchObject({ socket: 1, address: '192.0.2.1', port: boundB.relayPort });
    a.sendto(1, '192.0.2.1', boundB.relayPort, 'reply');
    expect(new TextDecoder().decode((await b.datagram()).payload)).toBe('reply');
    expect(relay.guard.refused).toEqual([]);
    await Promise.all([a.close(), b.close()]);
  });

  it('an implicitly bound socket accepts only peers it sent to; a bound one accepts the allowed subnets', async () => {
    const relay = await relayFor();
    const echo = await echoServer();
    const stranger = dgram.createSocket('udp4');
    await new Promise((r) => stranger.bind(0, '127.0.0.1', () => r(undefined)));
    cleanup.push(() => new Promise((r) => stranger.close(() => r(undefined))));
    const c = await connect(relay);
    c.sendto(1, '127.0.0.1', echo.port, 'hi');
    const implicit = await c.message('bound');
    await c.datagram();
    stranger.send('intruder', implicit.relayPort, '127.0.0.1');
    const explicit = await c.bind(2, 0);
    stranger.send('welcome', explicit.relayPort, '127.0.0.1');
    const d = await c.datagram();
    expect(d.socket).toBe(2);
    expect(new TextDecoder().decode(d.payload)).toBe('welcome');
    await until(() => relay.snapshot().sessions[0]?.drops.inboundDenied === 1);
    const drops = await c.message('drops');
    expect(drops).toMatchObject({ inboundDenied: 1, total: 1 });
    await c.close();
  });

  it('denies loopback when not opted in: error EACCES and nothing arrives', async () => {
    const relay = await relayFor({ allowLoopback: false });
    const echo = await echoServer();
    const c = await connect(relay);
    c.sendto(1, '127.0.0.1', echo.port, 'x');
    const e = await c.message('error');
    expect(e).toMatchObject({
      code: 'RELAY_ERR_DENIED_PEER',
      errno: 'EACCES',
      socket: 1,
      reason: 'loopback',
      peer: `127.0.0.1:${echo.port}`,
    });
    await sleep(50);
    expect(echo.received).toEqual([]);
    expect(relay.mapper.held.size).toBe(0); // a denied send binds nothing
    await c.close();
  });

  it('answers EMSGSIZE above maxDatagram (boundary) and closes 1009 above maxPayload', async () => {
    const relay = await relayFor({ maxDatagram: 1000 });
    const echo = await echoServer();
    const c = await connect(relay);
    c.sendto(1, '127.0.0.1', echo.port, new Uint8Array(1000));
    expect((await c.datagram()).payload.length).toBe(1000);
    c.sendto(1, '127.0.0.1', echo.port, new Uint8Array(1001));
    expect(await c.message('error')).toMatchObject({
      code: 'RELAY_ERR_MSG_SIZE',
      errno: 'EMSGSIZE',
      socket: 1,
    });
    c.sendBytes(new Uint8Array(22 + 1000)); // exactly maxPayload: answered, not closed
    expect(await c.message('error')).toMatchObject({ code: 'RELAY_ERR_BAD_VERSION' });
    c.sendBytes(new Uint8Array(22 + 1001));
    expect((await c.closed).code).toBe(1009);
  });

  it('close replies closed and frees the port; unknown sockets give EBADF; double bind gives EINVAL', async () => {
    const relay = await relayFor();
    const c = await connect(relay);
    const b = await c.bind(4, 0);
    expect(relay.mapper.held.has(b.relayPort)).toBe(true);
    expect(await c.bind(4, 0)).toMatchObject({
      type: 'error',
      code: 'RELAY_ERR_SOCKET_IN_USE',
      errno: 'EINVAL',
      socket: 4,
    });
    c.sendJson({ type: 'close', id: 50, socket: 4 });
    expect(await c.message('closed')).toEqual({ type: 'closed', id: 50, socket: 4 });
    expect(relay.mapper.held.has(b.relayPort)).toBe(false);
    c.sendJson({ type: 'close', id: 51, socket: 4 });
    expect(await c.message('error')).toMatchObject({ id: 51, code: 'RELAY_ERR_NO_SOCKET', errno: 'EBADF' });
    await c.close();
  });

  it("keeps a closed socket's port held until its real socket is closed (its last sends flushing)", async () => {
    // Real sockets whose send callbacks wait for the test: the datagram leaves, the flush does not end.
    const flushes: Array<() => void> = [];
    const guard = loopbackOnlySockets();
    const createSocket = (type: 'udp4') => {
      const s = guard.createSocket(type);
      const send = s.send as (...args: unknown[]) => void;
      (s as { send: (...args: unknown[]) => void }).send = (...args: unknown[]) => {
        const cb = args.pop() as (err: Error | null) => void;
        send(...args, (err: Error | null) => flushes.push(() => cb(err)));
      };
      return s;
    };
    const relay = await relayFor({ createSocket });
    const sink = await udpEcho({ echo: false });
    cleanup.push(() => sink.close());
    const a = await connect(relay);
    const bound = await a.bind(1, 0);
    a.sendto(1, '127.0.0.1', sink.port, 'last words');
    a.sendJson({ type: 'close', id: 2, socket: 1 });
    expect(await a.message('closed')).toEqual({ type: 'closed', id: 2, socket: 1 });
    await until(() => sink.received.length === 1 && flushes.length === 1);
    // Still bound in the kernel: another session must not be handed this port meanwhile.
    expect(relay.mapper.held.has(bound.relayPort)).toBe(true);
    const b = await connect(relay);
    const other = await b.bind(1, bound.relayPort);
    expect(other.type).toBe('bound');
    expect(other.relayPort).not.toBe(bound.relayPort);
    // No bind was tried on the flushing socket's port: one real socket each.
    expect(guard.created.length).toBe(2);
    for (const flush of flushes.splice(0)) flush();
    await until(() => !relay.mapper.held.has(bound.relayPort));
    await a.close();
    await b.close();
  });

  it('enforces sockets per session (EMFILE) and distinct destinations (ENOBUFS)', async () => {
    const relay = await relayFor({ maxSocketsPerSession: 2, maxDestinations: 3 });
    const echo = await echoServer();
    const c = await connect(relay);
    await c.bind(1, 0);
    await c.bind(2, 0);
    expect(await c.bind(3, 0)).toMatchObject({ code: 'RELAY_ERR_TOO_MANY_SOCKETS', errno: 'EMFILE' });
    c.sendto(9, '127.0.0.1', echo.port, 'implicit');
    expect(await c.message('error')).toMatchObject({ code: 'RELAY_ERR_TOO_MANY_SOCKETS', socket: 9 });
    for (const p of [echo.port, echo.port + 1, echo.port + 2]) c.sendto(1, '127.0.0.1', p, 'd');
    c.sendto(1, '127.0.0.1', echo.port + 3, 'd');
    expect(await c.message('error')).toMatchObject({
      code: 'RELAY_ERR_TOO_MANY_DESTINATIONS',
      errno: 'ENOBUFS',
    });
    c.sendto(1, '127.0.0.1', echo.port, 'again'); // a known destination still works
    expect(new TextDecoder().decode((await c.datagram()).payload)).toBe('d');
    await c.close();
  });

  it('logs a flood of denials once per window, as JSON', async () => {
    const lines: Json[] = [];
    const logger = createLogger({ write: (l) => lines.push(JSON.parse(l)), windowMs: 60_000 });
    const relay = await relayFor({ allowLoopback: false, logger });
    const c = await connect(relay);
    for (let i = 0; i < 50; i++) c.sendto(1, '127.0.0.1', 5000, 'x');
    for (let i = 0; i < 50; i++) await c.message('error');
    const denied = lines.filter((l) => l.event === 'datagram.denied');
    expect(denied).toHaveLength(1);
    expect(denied[0]).toMatchObject({
      level: 'warn',
      reason: 'loopback',
      peer: '127.0.0.1:5000',
      session: expect.any(String),
    });
    expect(lines.some((l) => l.event === 'session.auth')).toBe(true); // session.open is debug: floods of unauthenticated ones say nothing at info
    await c.close();
  });

  it('closes the session after repeated violations, with a reason', async () => {
    const relay = await relayFor({ violationLimit: 5, allowLoopback: false });
    const c = await connect(relay);
    for (let i = 0; i < 5; i++) c.sendto(1, '127.0.0.1', 5000, 'x');
    expect(await c.closed).toMatchObject({
      code: 4003,
      reason: expect.stringContaining('RELAY_ERR_VIOLATIONS'),
    });
    expect(c.inbox.filter((r) => !r.binary && r.message.type === 'error')).toHaveLength(5);
  });
});

describe('lifetime', () => {
  it('closes idle sockets (closed with ETIMEDOUT) and idle sessions (4005)', async () => {
    const relay = await relayFor({ socketIdleMs: 200, sessionIdleMs: 600, tickMs: 50 });
    const c = await connect(relay);
    const b = await c.bind(1, 0);
    const closed = await c.message('closed', 2000);
    expect(closed).toMatchObject({ id: null, socket: 1, code: 'RELAY_ERR_SOCKET_IDLE', errno: 'ETIMEDOUT' });
    expect(relay.mapper.held.has(b.relayPort)).toBe(false);
    expect(await c.closed).toMatchObject({ code: 4005 });
  });

  it('drops a client that stops answering pings', async () => {
    const relay = await relayFor({ heartbeatMs: 100 });
    const c = await connect(relay, { autoPong: false });
    await c.bind(1, 0);
    const { code } = await c.closed;
    expect(code).toBe(1006);
    await until(() => relay.sessions.size === 0 && relay.mapper.held.size === 0);
  });

  it('drops and counts datagrams to the browser when its WebSocket backs up', async () => {
    const relay = await relayFor({ maxBufferedBytes: 16 * 1024 });
    const c = await connect(relay);
    const b = await c.bind(1, 0);
    const sender = dgram.createSocket('udp4');
    cleanup.push(() => new Promise((r) => sender.close(() => r(undefined))));
    (c.ws as unknown as { _socket: import('node:net').Socket })._socket.pause(); // the browser stops reading
    const payload = Buffer.alloc(8000);
    const dropped = () => (relay.snapshot().sessions[0]?.drops.backpressure ?? 0) > 0;
    // Loopback TCP buffers take megabytes before the WebSocket backs up; bounded at 40 MB.
    for (let i = 0; i < 5000 && !dropped(); i++) {
      sender.send(payload, b.relayPort, '127.0.0.1');
      if (i % 20 === 0) await sleep(1);
    }
    await until(dropped, 5000);
    expect(relay.sessions.values().next().value?.ws.bufferedAmount).toBeLessThan(16 * 1024 + 8100); // bounded, never queued without end
    (c.ws as unknown as { _socket: import('node:net').Socket })._socket.resume();
    const drops = await c.message('drops', 5000);
    expect(drops.backpressure).toBeGreaterThan(0);
    await c.close();
  });

  it('closes every real socket of a session however it ends, and on relay.close()', async () => {
    const relay = await startRelay();
    const a = await connect(relay);
    await a.bind(1, 0);
    await a.bind(2, 0);
    a.ws.terminate();
    await until(() => relay.mapper.held.size === 0);
    const b = await connect(relay);
    await b.bind(1, 0);
    await relay.close();
    expect(relay.mapper.held.size).toBe(0);
    expect((await b.closed).code).toBe(1001);
  });
});

describe('dashboard', () => {
  it('serves a bilingual page and a JSON API that needs the admin token in the Authorization header', async () => {
    // The page's script is compiled into the built course, as `astro build` does.
    const root = mkdtempSync(path.join(os.tmpdir(), 'udp-lab-admin-'));
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));
    await buildAdminScript(root);
    const relay = await relayFor({ staticRoot: root });
    const base = `http://127.0.0.1:${relay.address().port}`;
    const page = await fetch(`${base}/admin`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('lang="zh-CN"');
    expect(html).toContain('教师面板');
    const script = await (await fetch(`${base}/admin/admin.js`)).text();
    expect(script).toContain('Instructor dashboard');

    expect((await fetch(`${base}/admin/api/sessions`)).status).toBe(401);
    expect((await fetch(`${base}/admin/api/sessions?token=${ADMIN_TOKEN}`)).status).toBe(400);
    const headers = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const c = await connect(relay);
    const bound = await c.bind(5, 0);
    const snap = (await (await fetch(`${base}/admin/api/sessions`, { headers })).json()) as Json;
    expect(snap.relay).toMatchObject({ sessions: 1, sockets: 1, publicAddress: '127.0.0.1' });
    expect(snap.sessions[0]).toMatchObject({
      authed: true,
      client: '127.0.0.1',
      sockets: [{ id: 5, relayPort: bound.relayPort, implicit: false }],
    });
    const id = snap.sessions[0].id;
    const end = await fetch(`${base}/admin/api/sessions/${id}/end`, { method: 'POST', headers });
    expect(end.status).toBe(200);
    expect(await c.closed).toMatchObject({ code: 4004, reason: expect.stringContaining('RELAY_ERR_ENDED') });
    expect((await fetch(`${base}/admin/api/sessions/${id}/end`, { method: 'POST', headers })).status).toBe(
      404,
    );
  });

  it("says how to build the dashboard's script when no built course holds it", async () => {
    const relay = await relayFor();
    const res = await fetch(`http://127.0.0.1:${relay.address().port}/admin/admin.js`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as Json).message).toContain('npm run build');
  });

  it('answers plain HTTP on /relay with 426 and other paths with 404 when no course is served', async () => {
    const relay = await relayFor();
    const base = `http://127.0.0.1:${relay.address().port}`;
    expect((await fetch(`${base}/relay`)).status).toBe(426);
    const other = await fetch(`${base}/`);
    expect(other.status).toBe(404);
    expect(other.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    const ws = new WebSocket(`ws://127.0.0.1:${relay.address().port}/elsewhere`, [SUBPROTOCOL]);
    await new Promise((resolve) => ws.once('error', resolve));
    void encodeDatagram;
  });
});
