// Property-based fuzzing of binary and JSON frames: the relay never crashes and answers every bad frame with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { connect, startRelay, type Json } from './helpers.ts';
import { RELAY_ERRORS } from '../src/protocol/errors.ts';
import type { Client } from './helpers.ts';

let relay: Awaited<ReturnType<typeof startRelay>>;
let client: Client;

beforeAll(async () => {
  // No subnet and no loopback: every well-formed datagram is denied too, so every frame gets an
  // error and nothing is ever sent; violations never close the session here.
  relay = await startRelay({ allowLoopback: false, subnets: [], violationLimit: 1e9, maxDatagram: 512 });
  client = await connect(relay);
});
afterAll(() => relay.close());

/** Sends one frame and returns the one control message that answers it. */
async function answer(frame: string | Uint8Array) {
  if (typeof frame === 'string') client.ws.send(frame);
  else client.sendBytes(frame);
  const r = await client.take((x) => !x.binary, 2000);
  return (r as Json).message;
}

function expectReasonedError(m: Json) {
  expect(m.type).toBe('error');
  expect(Object.keys(RELAY_ERRORS)).toContain(m.code);
  expect(typeof m.errno).toBe('string');
  expect(m.message.length).toBeGreaterThan(0);
}

const frameHeader = fc.record({
  version: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 255 })),
  family: fc.oneof(fc.constantFrom(4, 6), fc.integer({ min: 0, max: 255 })),
  rest: fc.uint8Array({ maxLength: 40 }),
  payload: fc.integer({ min: 0, max: 490 }), // up to 532 bytes in all: past maxDatagram (512), within maxPayload (534)
});

describe('binary frames', () => {
  it('answers random bytes with an error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 80 }), async (bytes) =>
        expectReasonedError(await answer(bytes)),
      ),
      { numRuns: 300 },
    );
  });

  it('answers near-valid frames (any version, family, length, payload size) with an error', async () => {
    await fc.assert(
      fc.asyncProperty(frameHeader, async ({ version, family, rest, payload }) => {
        const frame = new Uint8Array(2 + rest.length + payload);
        frame[0] = version;
        frame[1] = family;
        frame.set(rest, 2);
        expectReasonedError(await answer(frame));
      }),
      { numRuns: 300 },
    );
    expect(relay.guard.created).toEqual([]);
  });
});

const jsonValue = fc
  .oneof(
    fc.json(),
    fc
      .record(
        {
          type: fc.oneof(
            fc.constantFrom('auth', 'bind', 'close', 'welcome', 'bound', ''),
            fc.string(),
            fc.integer(),
          ),
          id: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
          socket: fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.string(), fc.boolean()),
          port: fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.double(), fc.constant(null)),
          implicit: fc.oneof(fc.boolean(), fc.string()),
          token: fc.oneof(fc.string(), fc.integer()),
        },
        { requiredKeys: [] },
      )
      .map((v) => JSON.stringify(v)),
    fc.string().map((s) => s.slice(0, 200)),
  )
  .filter((text) => Buffer.byteLength(text) <= 22 + 512); // within maxPayload; above it ws closes with 1009 (tested below)

describe('JSON frames', () => {
  it('answers every text frame once: bad ones with an error and a reason, valid ones with their reply', async () => {
    await fc.assert(
      fc.asyncProperty(jsonValue, async (text) => {
        const m = await answer(text);
        if (m.type === 'bound') {
          client.sendJson({ type: 'close', id: 1, socket: m.socket }); // keep the socket count down
          expect((await client.message('closed')).socket).toBe(m.socket);
          return;
        }
        expectReasonedError(m);
      }),
      { numRuns: 400 },
    );
    expect(client.ws.readyState).toBe(client.ws.OPEN);
  });

  it('answers a frame above maxPayload by closing with 1009', async () => {
    const c = await connect(relay);
    c.sendBytes(new Uint8Array(22 + 512 + 1));
    expect((await c.closed).code).toBe(1009);
  });

  it('answers a text frame that is not UTF-8 by closing with 1007', async () => {
    const c = await connect(relay);
    c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await c.closed).code).toBe(1007);
  });

  it('closes a session whose first frame is anything but auth, with 4001 and a reason', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonValue, fc.uint8Array({ minLength: 1, maxLength: 30 })), async (first) => {
        fc.pre(!(typeof first === 'string' && /"type":"auth"/.test(first)));
        const c = await connect(relay, { token: null });
        c.ws.send(first);
        const { code, reason } = await c.closed;
        expect(code).toBe(4001);
        expect(reason).toMatch(/^RELAY_ERR_NOT_AUTHENTICATED: /);
      }),
      { numRuns: 40 },
    );
  });
});

it('is still alive and serving after the fuzzing', async () => {
  const c = await connect(relay);
  expect((await c.bind(1, 0)).type).toBe('bound');
  await c.close();
});
