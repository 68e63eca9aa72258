// Fuzzing with binary and JSON frames (test/fuzz-frames.ts, the generator bench/suites/relay-fuzz.ts
// runs at scale): the relay never crashes, answers every bad frame with the reason the shared codec
// and policy predict, and still serves afterwards.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { connect, startRelay, TOKEN, type Client, type Json } from './helpers.ts';
import { RELAY_ERRORS } from '../src/protocol/errors.ts';
import { createPolicy } from '../src/relay/policy.ts';
import { generateFrames, type Frame } from './fuzz-frames.ts';

const SEED = 20_260_102;
const FRAMES = 1_500;
// No subnet and no loopback: every well-formed datagram is denied too (the generator draws again any
// the policy would allow), so every in-session frame gets an error and nothing is ever sent.
// Violations never close a session here, and wrong tokens never earn a wait: neither is fuzzed.
const OPTIONS = {
  allowLoopback: false,
  subnets: [],
  violationLimit: 1e9,
  maxDatagram: 512,
  authFailuresAllowed: 1e9,
  maxConnectionsPerAddress: 256,
  maxSessionsPerAddress: 64,
};
const frames = generateFrames(FRAMES, SEED, createPolicy(OPTIONS), OPTIONS.maxDatagram);

let relay: Awaited<ReturnType<typeof startRelay>>;
let client: Client;

beforeAll(async () => {
  relay = await startRelay(OPTIONS);
  client = await connect(relay);
});
afterAll(() => relay.close());

function expectReasonedError(m: Json, code: string) {
  expect(m.type).toBe('error');
  expect(Object.keys(RELAY_ERRORS)).toContain(m.code);
  expect(typeof m.errno).toBe('string');
  expect(m.message.length).toBeGreaterThan(0);
  expect(m.code).toBe(code);
}

it('has frames of every kind', () => {
  const kinds = new Set(frames.map((f) => f.kind));
  expect([...kinds].sort()).toEqual(['badutf8', 'bin', 'bind', 'oversize', 'preauth', 'text', 'wire']);
});

it('answers every frame within a session once: a bad one with the predicted error, a valid bind with bound', async () => {
  const inSession = frames.filter((f) => f.kind === 'bin' || f.kind === 'text' || f.kind === 'bind');
  for (const f of inSession) {
    client.ws.send(f.data);
    const m = ((await client.take((x) => !x.binary, 2000)) as Json).message;
    if (f.kind === 'bind') {
      if (m.type === 'bound') {
        client.sendJson({ type: 'close', id: 1, socket: m.socket }); // keep the socket count down
        expect((await client.message('closed')).socket).toBe(m.socket);
      } else expect(m.type).toBe('error');
      continue;
    }
    expectReasonedError(m, f.expect);
  }
  expect(client.inbox).toEqual([]);
  expect(client.ws.readyState).toBe(client.ws.OPEN);
  expect(relay.guard.refused).toEqual([]);
});

it('answers each frame that ends a session by closing with the predicted code', async () => {
  const enders = frames.filter(
    (f): f is Exclude<Frame, { kind: 'bin' | 'text' | 'bind' }> =>
      f.kind !== 'bin' && f.kind !== 'text' && f.kind !== 'bind',
  );
  for (const f of enders) {
    const c = await connect(relay, { token: f.kind === 'preauth' ? null : TOKEN });
    if (f.kind === 'wire') (c.ws as unknown as { _socket: Socket })._socket.write(f.data);
    else if (f.kind === 'badutf8') c.ws.send(f.data, { binary: false });
    else c.ws.send(f.data);
    const { code, reason } = await c.closed;
    expect({ kind: f.kind, code }).toEqual({ kind: f.kind, code: f.expect });
    if (f.kind === 'preauth') expect(reason).toMatch(/^RELAY_ERR_(NOT_AUTHENTICATED|AUTH): /);
  }
});

it('is still alive and serving after the fuzzing', async () => {
  const c = await connect(relay);
  expect((await c.bind(1, 0)).type).toBe('bound');
  await c.close();
});
