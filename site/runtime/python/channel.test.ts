// The syscall channel without interpreters: requests rung through the shared buffer, and answers.
import { describe, expect, it } from 'vitest';
import { encodeResult, withData } from './answers.ts';
import { MessageChannel } from 'node:worker_threads';
import {
  OwnerEnd,
  WorkerEnd,
  canWaitAsync,
  createChannelBuffer,
  shareSnapshot,
  type SyscallRequest,
  type TakingView,
} from './channel.ts';

function pair(maxDatagramBytes = 64) {
  const buffer = createChannelBuffer(maxDatagramBytes);
  return { owner: new OwnerEnd(buffer), worker: new WorkerEnd(buffer) };
}

/** The next request the owner sees. */
function nextRequest(owner: OwnerEnd): Promise<SyscallRequest> {
  return new Promise((resolve) => {
    const stop = owner.watchRequests((request) => {
      stop();
      resolve(request);
    });
  });
}

describe('doorbell requests', () => {
  it('runs where the runtime runs (Node 20 has Atomics.waitAsync)', () => {
    expect(canWaitAsync()).toBe(true);
  });

  it('carries the op, the arguments (any Unicode, short or long) and the bytes', async () => {
    const { owner, worker } = pair();
    for (const payload of [
      '{"fd":3,"ip":"192.168.0.3","port":9000}',
      `{"s":"${'你好 ✓ '.repeat(40)}"}`,
      '',
    ]) {
      const got = nextRequest(owner);
      worker.arm();
      expect(worker.ring('socket.sendto', payload, '00ff7f80')).toBe(true);
      expect(await got).toEqual({
        type: 'syscall',
        op: 'socket.sendto',
        payload,
        data: new Uint8Array([0, 255, 127, 128]),
      });
    }
    const got = nextRequest(owner);
    expect(worker.ring('net.gethostname', '{}', null)).toBe(true);
    expect((await got).data).toBeNull();
    const empty = nextRequest(owner);
    expect(worker.ring('socket.sendto', '{}', '')).toBe(true);
    expect((await empty).data).toEqual(new Uint8Array(0));
  });

  it('refuses what it cannot carry (the worker posts it instead), ringing nothing', async () => {
    const { owner, worker } = pair(8);
    const seen: string[] = [];
    const stop = owner.watchRequests((r) => seen.push(r.op));
    expect(worker.ring('a', '{}', '0'.repeat(2 * 9))).toBe(false); // 9 bytes > 8
    expect(worker.ring('b', '{}', 'abc')).toBe(false); // odd length
    expect(worker.ring('c', '{}', 'zz')).toBe(false); // not hex
    expect(worker.ring('d', 'x'.repeat(262_144), null)).toBe(false); // over the JSON room
    expect(worker.ring('e', '{}', '0'.repeat(2 * 8))).toBe(true); // exactly 8 bytes
    await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(seen).toEqual(['e']);
  });

  it('stops watching when told, and answers still reach the worker', async () => {
    const { owner, worker } = pair();
    const seen: string[] = [];
    const stop = owner.watchRequests((r) => seen.push(r.op));
    worker.ring('one', '{}', null);
    await new Promise((r) => setTimeout(r, 10));
    stop();
    worker.ring('two', '{}', null);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['one']);
    worker.arm();
    owner.answer('{"result":["10.0.0.1",5]}', new Uint8Array([1, 2]));
    expect(worker.awaitAnswer()).toEqual({ json: '{"result":["10.0.0.1",5]}', data: new Uint8Array([1, 2]) });
  });

  it('keeps going when a request handler throws', async () => {
    const { owner, worker } = pair();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const onError = (err: unknown) => errors.push(err);
    process.on('uncaughtException', onError);
    const stop = owner.watchRequests((r) => {
      seen.push(r.op);
      if (r.op === 'bad') throw new Error('handler bug');
    });
    worker.ring('bad', '{}', null);
    await new Promise((r) => setTimeout(r, 10));
    worker.ring('good', '{}', null);
    await new Promise((r) => setTimeout(r, 10));
    stop();
    process.off('uncaughtException', onError);
    expect(seen).toEqual(['bad', 'good']);
    expect(errors).toHaveLength(1);
  });
});

describe('answers', () => {
  it('writes the hot results by hand exactly as JSON.stringify would', () => {
    const values: unknown[] = [
      0,
      32,
      -7,
      65_507,
      2 ** 53,
      1.5,
      NaN,
      null,
      undefined,
      'pc1',
      ['192.168.0.3', 9000],
      ['a"b', 1],
      ['\\n', 1],
      ['我', 1],
      ['10.0.0.1', NaN],
      ['x', 'y'],
      [1, 2],
      { a: 1 },
    ];
    for (const value of values) {
      expect(encodeResult(value)).toEqual({ json: JSON.stringify({ result: value ?? null }), data: null });
    }
    const data = new Uint8Array([1]);
    expect(encodeResult(withData(['10.0.0.2', 40000], data))).toEqual({
      json: '{"result":["10.0.0.2",40000]}',
      data,
    });
  });
});

describe('shareSnapshot', () => {
  it('copies a snapshot into shared memory once, so posting it to a worker copies nothing', async () => {
    const bytes = new Uint8Array(1024).map((_, i) => i % 251);
    const shared = shareSnapshot(bytes);
    expect(shared.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared).toEqual(bytes);
    expect(shareSnapshot(shared)).toBe(shared);
    // Posted, the receiver sees the same memory, not a copy.
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<Uint8Array>((resolve) => port2.once('message', resolve));
    port1.postMessage(shared);
    const other = await received;
    shared[0] = 200;
    expect(other[0]).toBe(200);
    port1.close();
    // What the worker hands Pyodide: a private copy, which TextDecoder accepts.
    const own = other.slice();
    expect(own.buffer).toBeInstanceOf(ArrayBuffer);
    expect(() => new TextDecoder().decode(own.subarray(0, 4))).not.toThrow();
  });
});

describe("Pyodide's interrupt buffer", () => {
  /** What Pyodide's _Py_CheckEmscriptenSignals_Helper does, with the owner's Stop landing between. */
  function checkWithStopBetween(buffer: TakingView | Int32Array, stop: () => void): number {
    const seen = buffer[0] ?? 0;
    stop();
    buffer[0] = 0;
    return seen;
  }

  it('keeps a Stop that lands between the check and its clear (a plain view erases it)', () => {
    const { owner, worker } = pair();
    expect(checkWithStopBetween(worker.interruptView, () => owner.raiseInterrupt())).toBe(0);
    expect(owner.interruptPending()).toBe(true);
    expect(checkWithStopBetween(worker.interruptView, () => {})).toBe(2);
    expect(owner.interruptPending()).toBe(false);
    // The same sequence on the slot itself, as Pyodide had it: the Stop is gone.
    const plain = new Int32Array(1);
    checkWithStopBetween(plain, () => Atomics.store(plain, 0, 2));
    expect(plain[0]).toBe(0);
  });
});
