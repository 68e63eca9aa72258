// Connections without the class token cannot exhaust the relay: a flood from one address — WebSockets
// that never authenticate or send a wrong token and then ignore the close, plain HTTP connections that
// drip their headers — leaves the relay's open descriptors bounded, and a learner on another address
// is served meanwhile. The relay runs in its own process so that its descriptors can be counted.
import { afterEach, expect, it } from 'vitest';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { SUBPROTOCOL } from '../src/protocol/codec.ts';
import { DEFAULTS } from '../src/relay/config.ts';
import { connect, sleep, startRelayProcess, udpEcho } from './helpers.ts';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

/** A masked WebSocket text frame (clients must mask), payload under 126 bytes. */
function maskedText(text: string) {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const out = Buffer.alloc(6 + payload.length);
  out[0] = 0x81;
  out[1] = 0x80 | payload.length;
  mask.copy(out, 2);
  for (let i = 0; i < payload.length; i++) out[6 + i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return out;
}

/**
 * A raw TCP connection to the relay from 127.0.0.1 that reads and ignores everything, never answers
 * a close frame and never closes: the worst a client can do without the token.
 * @param first what it writes once connected
 */
function rudeClient(port: number, first: string) {
  const s = net.connect({ host: '127.0.0.1', port });
  s.on('error', () => undefined);
  s.on('data', () => undefined);
  s.once('connect', () => s.write(first));
  return s;
}

const upgradeRequest = (port: number) =>
  `GET /relay HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
  `Sec-WebSocket-Protocol: ${SUBPROTOCOL}\r\n\r\n`;

it.skipIf(process.platform !== 'linux')(
  'a token-less flood from one address keeps the relay’s descriptors bounded, and a learner elsewhere is served',
  async () => {
    const relay = await startRelayProcess();
    cleanup.push(() => relay.stop());
    const echo = await udpEcho();
    cleanup.push(() => echo.close());
    await sleep(200);
    const baseline = relay.fds();
    const flood: net.Socket[] = [];
    cleanup.push(() => flood.forEach((s) => s.destroy()));
    let maxFds = baseline;
    const sampler = setInterval(() => (maxFds = Math.max(maxFds, relay.fds())), 50);
    cleanup.push(() => clearInterval(sampler));
    // 600 connections in 2 s: silent WebSockets, wrong tokens, and slowloris HTTP requests.
    for (let i = 0; i < 600; i++) {
      const kind = i % 3;
      if (kind === 0) flood.push(rudeClient(relay.port, upgradeRequest(relay.port)));
      else if (kind === 1) {
        const s = rudeClient(relay.port, upgradeRequest(relay.port));
        s.once('data', () => s.write(maskedText(JSON.stringify({ type: 'auth', token: `guess-${i}` }))));
        flood.push(s);
      } else {
        const s = rudeClient(relay.port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\n`);
        const drip = setInterval(() => s.writable && s.write(`X-Drip-${i}: 1\r\n`), 500);
        s.once('close', () => clearInterval(drip));
        cleanup.push(() => clearInterval(drip));
        flood.push(s);
      }
      if (i % 30 === 29) await sleep(100);
    }
    // A learner on another computer of the class, while the flood holds on.
    const learner = await connect(relay, { localAddress: '127.0.0.2' });
    const bound = await learner.bind(1, 0);
    expect(bound).toMatchObject({ type: 'bound' });
    learner.sendto(1, '127.0.0.1', echo.port, 'still served');
    expect(new TextDecoder().decode((await learner.datagram()).payload)).toBe('still served');
    await sleep(3000); // past the auth timeout and the close timeout of the first ones
    maxFds = Math.max(maxFds, relay.fds());
    expect(relay.alive).toBe(true);
    // Each connection is a descriptor; one address may hold maxConnectionsPerAddress of them (plus
    // the learner's connection and its UDP socket, and refused ones in the moment of their refusal).
    expect(maxFds - baseline).toBeLessThanOrEqual(DEFAULTS.maxConnectionsPerAddress + 20);
    expect(flood.filter((s) => !s.destroyed && !s.readableEnded).length).toBeLessThanOrEqual(
      DEFAULTS.maxConnectionsPerAddress,
    );
    await learner.close();
  },
  30_000,
);

it('closes a connection that drips its headers after headersTimeoutMs, with a 408 carrying the relay’s headers', async () => {
  const relay = await startRelayProcess({ relay: { headersTimeoutMs: 1000, requestTimeoutMs: 2000 } });
  cleanup.push(() => relay.stop());
  const s = net.connect({ host: '127.0.0.1', port: relay.port });
  cleanup.push(() => s.destroy());
  let answer = '';
  s.setEncoding('utf8').on('data', (t) => (answer += t));
  await new Promise((r) => s.once('connect', r));
  s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${relay.port}\r\n`);
  const drip = setInterval(() => s.writable && s.write('X-Drip: 1\r\n'), 200);
  cleanup.push(() => clearInterval(drip));
  const started = Date.now();
  await new Promise((resolve, reject) => {
    s.once('close', resolve);
    setTimeout(() => reject(new Error('still open after 5 s')), 5000);
  });
  expect(Date.now() - started).toBeLessThan(3500);
  expect(answer).toMatch(/^HTTP\/1\.1 408/);
  expect(answer).toContain('Cross-Origin-Embedder-Policy: require-corp');
  expect(answer).toContain('X-Content-Type-Options: nosniff');
});
