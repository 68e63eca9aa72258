// `udp-lab serve` in-process: flags, the banner with the join link and QR code, the course with COOP/COEP, and a clean stop.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { main } from '../src/cli/cli-serve.ts';
import { SUBPROTOCOL } from '../src/protocol/codec.ts';
import type { Relay } from '../src/server/server.ts';
import type { Json } from './helpers.ts';

/** A LAN that exists only in this test (TEST-NET-1): nothing is ever sent there. */
const INTERFACES = {
  lo: [
    {
      address: '127.0.0.1',
      netmask: '255.0.0.0',
      family: 'IPv4',
      mac: '00:00:00:00:00:00',
      internal: true,
      cidr: '127.0.0.1/8',
    },
  ],
  eth9: [
    {
      address: '192.0.2.10',
      netmask: '255.255.255.0',
      family: 'IPv4',
      mac: '02:00:00:00:00:01',
      internal: false,
      cidr: '192.0.2.10/24',
    },
  ],
};

let root = '';
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'udp-lab-serve-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>course</title>');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function serve(
  argv: string[],
  env: Record<string, string> = {},
  { errIsTTY = true }: { errIsTTY?: boolean } = {},
) {
  const out = [] as string[];
  const err = [] as string[];
  const log = [] as string[];
  const stop = new AbortController();
  let listening: (relay: Relay) => void = (): void => {};
  const ready = new Promise((resolve) => (listening = resolve));
  const done = main(argv, {
    env: { UDP_LAB_LOG_LEVEL: 'silent', ...env },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    errIsTTY,
    log: (l) => log.push(l),
    signal: stop.signal,
    interfaces: INTERFACES as Json,
    onListening: listening,
  });
  const relay = (await Promise.race([
    ready,
    done.then((code) => {
      throw new Error(`exited ${code}: ${err.join('\n')}`);
    }),
  ])) as Relay;
  return { relay, out, err, log, stop: async () => (stop.abort(), done) };
}

it('with --lan --no-tls prints a join link with the token in the fragment, its QR code and the dashboard link, and serves the course', async () => {
  const s = await serve(['--lan', '--no-tls', '--host', '127.0.0.1', '--port', '0', '--root', root], {
    UDP_LAB_TOKEN: 'tok-from-env',
  });
  const port = s.relay.address().port;
  const text = s.out.join('\n');
  expect(text).toContain(`http://192.0.2.10:${port}/#relay=tok-from-env`);
  expect(text).toContain('may reach 192.0.2.0/24');
  expect(text).toMatch(/[█▀▄]{20,}/); // the QR code
  expect(s.err.join('\n')).toMatch(new RegExp(`http://192\\.0\\.2\\.10:${port}/admin#token=[\\w-]{22}`));
  expect(s.relay.publicAddress).toBe('192.0.2.10');
  expect(s.relay.config.subnets).toEqual(['192.0.2.10/24']);

  const res = await fetch(`http://127.0.0.1:${port}/`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  expect(await res.text()).toContain('course');

  const ws = new WebSocket(`ws://127.0.0.1:${port}/relay`, [SUBPROTOCOL], {
    origin: `http://127.0.0.1:${port}`,
  });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'auth', token: 'tok-from-env' }));
  const welcome = JSON.parse(String(await new Promise((r) => ws.once('message', r))));
  expect(welcome).toMatchObject({ type: 'welcome', address: '192.0.2.10' });
  const closed = new Promise((r) => ws.once('close', (code) => r(code)));
  expect(await s.stop()).toBe(0);
  expect(await closed).toBe(1001);
});

it('prints the admin token only to a terminal on standard error, never with the logs, and warns about token flags', async () => {
  const env = {
    UDP_LAB_LOG_LEVEL: 'debug',
    UDP_LAB_ADMIN_TOKEN: 'admin-secret-1234',
    UDP_LAB_TOKEN: 'class-tok',
  };
  // Standard error redirected (not a terminal): the token is nowhere, the link tells how to set it.
  const piped = await serve(['--port', '0', '--root', root], env, { errIsTTY: false });
  const c = new WebSocket(`ws://127.0.0.1:${piped.relay.address().port}/relay`, [SUBPROTOCOL]);
  await new Promise((r) => c.once('open', r));
  c.send(JSON.stringify({ type: 'auth', token: 'class-tok' }));
  await new Promise((r) => c.once('message', r));
  c.close();
  await piped.stop();
  const everything = [...piped.out, ...piped.err, ...piped.log].join('\n');
  expect(everything).not.toContain('admin-secret-1234');
  expect(piped.log.length).toBeGreaterThan(2); // the logs did run, at debug
  expect(piped.err.join('\n')).toMatch(
    /\/admin \(its token is printed only to a terminal: set UDP_LAB_ADMIN_TOKEN/,
  );
  // A terminal: on standard error, apart from the logs and the banner on standard output.
  const tty = await serve(['--port', '0', '--root', root], env, { errIsTTY: true });
  await tty.stop();
  expect(tty.err.join('\n')).toContain('/admin#token=admin-secret-1234');
  expect([...tty.out, ...tty.log].join('\n')).not.toContain('admin-secret-1234');
  // Tokens given as flags are visible in the process list: said so, with the variable to use.
  const flagged = await serve(['--port', '0', '--root', root, '--token', 'x', '--admin-token=y'], {});
  await flagged.stop();
  expect(flagged.err.join('\n')).toContain('--token is visible to every user of this computer');
  expect(flagged.err.join('\n')).toContain('set UDP_LAB_ADMIN_TOKEN instead');
});

it('listens on localhost by default, with no QR code', async () => {
  const s = await serve(['--port', '0', '--root', root]);
  expect(s.relay.address().address).toBe('127.0.0.1');
  expect(s.out.join('\n')).not.toMatch(/[█▀▄]{20,}/);
  expect(s.out.join('\n')).toContain(`http://127.0.0.1:${s.relay.address().port}/#relay=`);
  await s.stop();
});

it('exits 2 with a helpful message on a bad flag, and 0 on --help', async () => {
  const err = [] as string[];
  expect(await main(['--port', 'x'], { env: {}, err: (t) => err.push(t) })).toBe(2);
  expect(err.join('')).toMatch(/--port must be a whole number/);
  expect(
    await main(['--interface', 'nope'], {
      env: {},
      err: (t) => err.push(t),
      interfaces: INTERFACES as Json,
    }),
  ).toBe(2);
  expect(err.join('')).toMatch(/eth9 \(192\.0\.2\.10\)/);
  expect(
    await main(['--lan'], {
      env: {},
      err: (t) => err.push(t),
      interfaces: { lo: INTERFACES.lo } as Json,
    }),
  ).toBe(2);
  const out = [] as string[];
  expect(await main(['--help'], { env: {}, out: (t) => out.push(t) })).toBe(0);
  expect(out.join('')).toContain('--allow-broadcast');
});

it('is reachable through the udp-lab command', () => {
  const bin = fileURLToPath(new URL('../bin/udp-lab.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, 'serve', '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('UDP_LAB_ALLOW_ORIGIN');
  const top = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  expect(top.stdout).toContain('relay');
});
