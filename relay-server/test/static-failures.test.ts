// A course file that cannot be read — no permission, removed or replaced while it is served, or no
// descriptor left — costs one answer, never the relay: each case runs a relay in its own process
// and checks that it is still alive and serving the others afterwards.
import { afterEach, beforeEach, expect, it } from 'vitest';
import http from 'node:http';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, sleep, startRelayProcess } from './helpers.ts';

let cleanup: Array<() => unknown> = [];
let root = '';
beforeEach(() => {
  const parent = mkdtempSync(path.join(tmpdir(), 'udplab-static-fail-'));
  chmodSync(parent, 0o755); // the unprivileged relay must reach it
  root = path.join(parent, 'dist');
  mkdirSync(root);
  writeFileSync(path.join(root, 'index.html'), '<p>course</p>');
  writeFileSync(path.join(root, 'ok.bin'), Buffer.alloc(100_000, 1));
  cleanup.push(() => rmSync(parent, { recursive: true, force: true }));
});
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

/**
 * GET with a given agent; resolves with status, headers and the whole body, or `cut` when the
 * response was cut midway.
 */
function get(
  port: number,
  path: string,
  agent: http.Agent | false = false,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer; cut: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          cut: false,
        }),
      );
      res.on('error', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          cut: true,
        }),
      );
    });
    req.on('error', reject);
    // A response that announced more bytes than it sends would leave the client waiting for ever.
    req.setTimeout(2000, () => req.destroy(Object.assign(new Error('hung'), { code: 'HUNG' })));
  });
}

async function relayServing(root?: string, more: Parameters<typeof startRelayProcess>[0] = {}) {
  const relay = await startRelayProcess({ ...more, relay: { staticRoot: root, ...more.relay } });
  cleanup.push(() => relay.stop());
  return relay;
}

it('answers 500 for a file it may not read (mode 000), in both languages, and keeps serving', async () => {
  // Root reads any file whatever its mode, so the relay runs as `nobody` here, as a relay started
  // from a teacher's account would: the open() really fails with EACCES.
  writeFileSync(path.join(root, 'secret.bin'), Buffer.alloc(10, 2));
  writeFileSync(path.join(root, 'secret.js'), 'x'.repeat(5000)); // compressible: the cached path too
  chmodSync(path.join(root, 'secret.bin'), 0);
  chmodSync(path.join(root, 'secret.js'), 0);
  const relay = await relayServing(root, { unprivileged: true });
  for (const file of ['/secret.bin', '/secret.js']) {
    const res = await get(relay.port, file);
    expect(res.status, file).toBe(500);
    expect(res.body.toString()).toMatch(/读不了.*\n.*could not read/);
    expect(res.headers['cross-origin-embedder-policy']).toBe('require-corp');
  }
  expect(relay.alive).toBe(true);
  const ok = await get(relay.port, '/ok.bin');
  expect(ok.status).toBe(200);
  expect(ok.body.length).toBe(100_000);
  const logged = relay.stderr.split('\n').filter((l) => l.includes('static.read-failed'));
  expect(logged).toHaveLength(1); // once per window, not once per request
  expect(logged[0]).toContain('EACCES');
});

it('survives files removed, replaced and cut short during a burst of requests', async () => {
  const relay = await relayServing(root);
  const file = path.join(root, 'swap.bin');
  const versions = [Buffer.alloc(300_000, 'a'), Buffer.alloc(120_000, 'b')];
  writeFileSync(file, versions[0] as Buffer);
  let running = true;
  // The build being redone under the relay: unlink, write anew, replace by rename, truncate in place.
  const churn = (async () => {
    for (let i = 0; running; i++) {
      const v = versions[i % 2] as Buffer;
      if (i % 3 === 0) {
        writeFileSync(file + '.tmp', v);
        renameSync(file + '.tmp', file);
      } else if (i % 3 === 1) {
        try {
          unlinkSync(file);
        } catch {
          // already gone
        }
        await sleep(3);
        writeFileSync(file, v);
      } else {
        truncateSync(file, 1000);
        await sleep(3);
        writeFileSync(file, v);
      }
      await sleep(3);
    }
  })();
  const outcomes = { complete: 0, notFound: 0, cut: 0, hung: 0, other: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  cleanup.push(() => agent.destroy());
  const started = Date.now();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (Date.now() - started < 3000 && relay.alive) {
        const res = await get(relay.port, '/swap.bin', agent).catch((e) =>
          e.code === 'HUNG' ? 'hung' : null,
        );
        if (res === 'hung') outcomes.hung++;
        else if (!res || res.cut) outcomes.cut++;
        else if (res.status === 404) outcomes.notFound++;
        else if (res.status === 200 && versions.some((v) => v.equals(res.body))) outcomes.complete++;
        else if (res.status === 200 && Number(res.headers['content-length']) === res.body.length)
          outcomes.complete++; // a version read while it was being written: still what the file held
        else outcomes.other++;
      }
    }),
  );
  running = false;
  await churn;
  expect(relay.alive, relay.stderr.slice(-2000)).toBe(true);
  expect(outcomes.complete, JSON.stringify(outcomes)).toBeGreaterThan(30);
  expect(outcomes.notFound, JSON.stringify(outcomes)).toBeGreaterThan(0); // the burst did catch the file gone
  // never a body shorter than its Content-Length left hanging, nor a wrong body
  expect(outcomes, JSON.stringify(outcomes)).toMatchObject({ hung: 0, other: 0 });
  expect((await get(relay.port, '/ok.bin')).status).toBe(200);
});

it('answers 500 when no descriptor is left, and serves again once one is', async () => {
  const relay = await relayServing(root, {
    fdLimit: 128,
    relay: { maxSocketsPerSession: 1000, maxPortsPerAddress: 1000, portRange: [43_000, 43_999] },
  });
  // A keep-alive connection opened beforehand: the request must reach the relay when it is full.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  cleanup.push(() => agent.destroy());
  expect((await get(relay.port, '/ok.bin', agent)).status).toBe(200);
  const learner = await connect(relay);
  // Each real UDP socket takes a descriptor: bind until the relay has none left.
  let bound = 0;
  for (;;) {
    const r = await learner.bind(bound + 1, 0);
    if (r.type !== 'bound') {
      expect(r.code).toBe('RELAY_ERR_ADDR_IN_USE');
      break;
    }
    bound++;
  }
  expect(bound).toBeGreaterThan(10);
  expect(bound).toBeLessThan(128);
  const full = await get(relay.port, '/ok.bin', agent);
  expect(full.status).toBe(500);
  expect(relay.alive).toBe(true);
  expect(relay.stderr).toContain('EMFILE');
  learner.sendJson({ type: 'close', id: 999, socket: 1 }); // one descriptor back
  expect(await learner.message('closed')).toMatchObject({ id: 999 });
  const again = await get(relay.port, '/ok.bin', agent);
  expect(again.status).toBe(200);
  expect(again.body.length).toBe(100_000);
  await learner.close();
});
