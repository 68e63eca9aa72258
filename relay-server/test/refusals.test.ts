// What the relay refuses, told to the learner's page with the rule and the flag that would allow it:
// a denied destination (`error` with `allow`) and a datagram refused on arrival (`refused`, bounded).
import dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { connect, udpEcho, until } from './helpers.ts';
import { testScope } from './test-scope.ts';
import { allowedBy } from '../src/protocol/denial-flags.ts';

const { cleanup, relayFor } = testScope();

describe('refusals the page is told of', () => {
  it('names the flag that would allow a denied destination, in the error and in its message', async () => {
    const relay = await relayFor();
    const c = await connect(relay);
    c.sendto(1, '127.0.0.1', 80, 'x');
    const e = await c.message('error');
    expect(e).toMatchObject({
      code: 'RELAY_ERR_DENIED_PEER',
      reason: 'low-port',
      peer: '127.0.0.1:80',
      allow: '--allow-low-ports',
    });
    expect(e.message).toContain('--allow-low-ports');
    const loopbackOff = await relayFor({ allowLoopback: false });
    const d = await connect(loopbackOff);
    d.sendto(1, '127.0.0.1', 9000, 'x');
    expect(await d.message('error')).toMatchObject({ reason: 'loopback', allow: '--allow-loopback' });
    d.sendto(1, '0.1.2.3', 9000, 'x');
    expect(await d.message('error')).toMatchObject({ reason: 'unspecified', allow: null });
  });

  it('tells the page of a datagram refused on arrival, with its source, size and rule, at most inboundRefusalsBurst at once', async () => {
    const relay = await relayFor({ inboundRefusalsPerSecond: 0.01, inboundRefusalsBurst: 3 });
    const echo = await udpEcho({ echo: false });
    cleanup.push(async () => echo.socket.close());
    const c = await connect(relay);
    // An implicitly bound socket (a first sendto) takes replies only.
    c.sendto(1, '127.0.0.1', echo.port, 'hello');
    const bound = await c.message('bound');
    await until(() => echo.received.length === 1);
    const stranger = dgram.createSocket('udp4');
    cleanup.push(async () => stranger.close());
    await new Promise((r) => stranger.bind(0, '127.0.0.1', () => r(undefined)));
    for (let i = 0; i < 10; i++) stranger.send('not a reply!', bound.relayPort, '127.0.0.1');
    const first = await c.message('refused');
    expect(first).toEqual({
      type: 'refused',
      socket: 1,
      peer: `127.0.0.1:${stranger.address().port}`,
      size: 12,
      reason: 'not-a-reply',
      allow: null,
    });
    const drops = await c.message('drops', 3000);
    await until(() => relay.sessions.values().next().value?.drops.inboundDenied === 10);
    const told = c.inbox.filter((r) => !r.binary && r.message.type === 'refused').length + 1;
    expect(told).toBe(3);
    expect(drops.inboundDenied).toBeGreaterThan(0);
  });

  it('knows a flag for every rule a flag lifts, and none for the others', () => {
    expect(allowedBy('loopback')).toBe('--allow-loopback');
    expect(allowedBy('relay-host')).toBe('--allow-self');
    expect(allowedBy('broadcast')).toBe('--allow-broadcast');
    expect(allowedBy('reserved')).toBeNull();
    expect(allowedBy('toString')).toBeNull();
  });
});

describe('a datagram sent just before its socket is closed', () => {
  it('still leaves, as on Linux: the real socket closes once its sends are out', async () => {
    const relay = await relayFor();
    const echo = await udpEcho({ echo: false });
    cleanup.push(async () => echo.socket.close());
    const c = await connect(relay);
    const rounds = 40;
    for (let i = 1; i <= rounds; i++) {
      expect((await c.bind(i, 0)).type).toBe('bound');
      // The datagram, then at once the close, as a program's sendto() then close() send them.
      c.sendto(i, '127.0.0.1', echo.port, `last words ${i}`);
      c.sendJson({ type: 'close', id: 1000 + i, socket: i });
      expect((await c.message('closed')).socket).toBe(i);
    }
    await until(() => echo.received.length === rounds, 3000).catch(() => undefined);
    expect(echo.received.map((r) => r.data.toString()).sort()).toEqual(
      Array.from({ length: rounds }, (_, i) => `last words ${i + 1}`).sort(),
    );
  });
});
