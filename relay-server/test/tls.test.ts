// `udp-lab serve --lan` over https: the self-signed certificate (created, kept, reused), the course
// and the relay over TLS with that certificate as the only CA, plain http pointed to https.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import http from 'node:http';
import tls from 'node:tls';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { main } from '../src/cli/cli-serve.ts';
import { SUBPROTOCOL } from '../src/protocol/codec.ts';
import type { Relay } from '../src/server/server.ts';
import type { Json } from './helpers.ts';

/** A LAN that exists only in this test (TEST-NET-1): nothing is ever sent there. */
const INTERFACES = {
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
let tlsDir = '';
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'udp-lab-tls-root-'));
  tlsDir = path.join(mkdtempSync(path.join(tmpdir(), 'udp-lab-tls-')), 'tls');
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>course</title>');
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(path.dirname(tlsDir), { recursive: true, force: true });
});

async function serve(argv: string[], env: Record<string, string> = {}) {
  const out = [] as string[];
  const err = [] as string[];
  const stop = new AbortController();
  let listening: (relay: Relay) => void = (): void => {};
  const ready = new Promise((resolve) => (listening = resolve));
  const done = main(argv, {
    env: { UDP_LAB_LOG_LEVEL: 'silent', UDP_LAB_TOKEN: 'tok', ...env },
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    errIsTTY: true,
    log: () => {},
    signal: stop.signal,
    interfaces: INTERFACES as Json,
    tlsDir,
    onListening: listening,
  });
  const relay = (await Promise.race([
    ready,
    done.then((code) => {
      throw new Error(`exited ${code}: ${err.join('\n')}`);
    }),
  ])) as Relay;
  return { relay, out, err, stop: async () => (stop.abort(), done) };
}

/** GET over https, trusting only `ca`. */
function httpsGet(url: string, ca: string, servername?: string) {
  return new Promise((resolve, reject) => {
    const host = new URL(url).host;
    const req = https.get(
      url,
      {
        ca,
        servername: servername ?? 'localhost',
        headers: { Host: servername ? `${servername}:${new URL(url).port}` : host },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
  });
}

it('with --lan serves the course and the relay over https with a self-signed certificate it keeps (mode 600)', async () => {
  const s = await serve(['--lan', '--host', '127.0.0.1', '--port', '0', '--root', root]);
  const port = s.relay.address().port;
  const text = s.out.join('\n');
  const certFile = path.join(tlsDir, 'cert.pem');
  const ca = readFileSync(certFile, 'utf8');
  const x = new X509Certificate(ca);
  expect(text).toContain(`https://192.0.2.10:${port}/#relay=tok`);
  expect(text).toContain(`https://127.0.0.1:${port}/`);
  expect(text).toContain(x.fingerprint256);
  expect(text).toContain('created');
  expect(s.err.join('\n')).toContain(`https://192.0.2.10:${port}/admin#token=`);
  expect(x.subjectAltName).toContain('IP Address:192.0.2.10');
  expect(x.subjectAltName).toContain('IP Address:127.0.0.1');
  expect(x.subjectAltName).toContain('DNS:localhost');
  expect(statSync(certFile).mode & 0o777).toBe(0o600);
  expect(statSync(path.join(tlsDir, 'key.pem')).mode & 0o777).toBe(0o600);
  expect(s.relay.url).toBe(`wss://127.0.0.1:${port}/relay`);

  // The course, with the isolation and security headers, verified against the kept certificate.
  const page = (await httpsGet(`https://127.0.0.1:${port}/`, ca)) as Json;
  expect(page.status).toBe(200);
  expect(page.body).toContain('course');
  expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(page.headers['cross-origin-embedder-policy']).toBe('require-corp');
  expect(page.headers['x-content-type-options']).toBe('nosniff');
  // A name the relay does not answer to is still refused (DNS rebinding), over TLS too.
  const rebound = await new Promise((resolve, reject) => {
    https
      .get(
        `https://127.0.0.1:${port}/`,
        { ca, servername: 'localhost', headers: { Host: `evil.example:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      )
      .on('error', reject);
  });
  expect(rebound).toBe(421);

  // The relay over wss:, from the page's own https origin.
  const ws = new WebSocket(`wss://127.0.0.1:${port}/relay`, [SUBPROTOCOL], {
    ca,
    origin: `https://127.0.0.1:${port}`,
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  ws.send(JSON.stringify({ type: 'auth', token: 'tok' }));
  const welcome = JSON.parse(String(await new Promise((r) => ws.once('message', r))));
  expect(welcome).toMatchObject({ type: 'welcome', address: '192.0.2.10' });
  ws.close();
  // An http:// origin is not the relay's own page any more.
  const wrongOrigin = new WebSocket(`wss://127.0.0.1:${port}/relay`, [SUBPROTOCOL], {
    ca,
    origin: `http://127.0.0.1:${port}`,
  });
  const status = await new Promise((resolve) =>
    wrongOrigin.once('unexpected-response', (_req, res) => resolve(res.statusCode)),
  );
  expect(status).toBe(403);

  // Plain http on the same port: pointed to https, in both languages.
  const plain = await new Promise((resolve, reject) => {
    http
      .get(`http://127.0.0.1:${port}/socket/steps/?x=1`, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location, body }));
      })
      .on('error', reject);
  });
  expect(plain).toMatchObject({ status: 308, location: `https://127.0.0.1:${port}/socket/steps/?x=1` });
  expect((plain as Json).body).toMatch(/https[\s\S]*\n.*https/);
  expect((plain as Json).body).toContain('只用 https');
  await s.stop();

  // Started again: the same certificate, reused.
  const again = await serve(['--lan', '--host', '127.0.0.1', '--port', '0', '--root', root]);
  await again.stop();
  expect(again.out.join('\n')).toContain('reused');
  expect(readFileSync(certFile, 'utf8')).toBe(ca);

  // A new --allow-host name the certificate does not cover: a new one that does.
  const named = await serve([
    '--lan',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--root',
    root,
    '--allow-host',
    'classroom.test',
  ]);
  const ca2 = readFileSync(certFile, 'utf8');
  expect(ca2).not.toBe(ca);
  expect(new X509Certificate(ca2).subjectAltName).toContain('DNS:classroom.test');
  const byName = (await httpsGet(
    `https://127.0.0.1:${named.relay.address().port}/`,
    ca2,
    'classroom.test',
  )) as Json;
  expect(byName.status).toBe(200); // the name verified by TLS, and answered to (--allow-host)
  await named.stop();
}, 30_000);

it('refuses a TLS connection past the per-address connection cap, with its 503 over TLS', async () => {
  const s = await serve([
    '--lan',
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--root',
    root,
    '--max-connections-per-address',
    '2',
  ]);
  const port = s.relay.address().port;
  const ca = readFileSync(path.join(tlsDir, 'cert.pem'), 'utf8');
  /** A TLS connection, verified against the kept certificate, and all it receives until closed. */
  const open = async () => {
    const c = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
    let text = '';
    c.setEncoding('utf8');
    c.on('data', (t) => (text += t));
    const closed = new Promise((resolve) => c.once('close', () => resolve(text)));
    await new Promise((resolve, reject) => (c.once('secureConnect', resolve), c.once('error', reject)));
    return { c, closed };
  };
  const held = [await open(), await open()];
  const third = await open();
  // The relay answers a refused connection at once, before any request.
  const reply = await third.closed;
  expect(reply).toMatch(/^HTTP\/1\.1 503/);
  expect(reply).toContain('连接太多');
  for (const h of held) h.c.destroy();
  await s.stop();
}, 30_000);

it('--tls-cert without --tls-key exits 2 and says both go together', async () => {
  const err = [] as string[];
  const code = await main(['--tls-cert', '/nonexistent.pem'], {
    env: {},
    err: (t) => err.push(t),
    interfaces: INTERFACES as Json,
    tlsDir,
  });
  expect(code).toBe(2);
  expect(err.join('')).toContain('--tls-cert and --tls-key go together');
});

it('a browser that refuses the certificate, a silent connection and garbage bytes leave nothing held', async () => {
  const s = await serve(['--lan', '--host', '127.0.0.1', '--port', '0', '--root', root]);
  const port = s.relay.address().port;
  // Refuses the certificate, as a browser does before the learner clicks through.
  const refused = await new Promise((resolve) => {
    const c = tls.connect({ host: '127.0.0.1', port, servername: 'localhost' });
    c.once('error', (e) => resolve((e as NodeJS.ErrnoException).code));
  });
  expect(refused).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  // Not TLS, not HTTP: an HTTP 400 in both languages.
  const garbage = await new Promise((resolve) => {
    let text = '';
    const c = net.connect(port, '127.0.0.1', () => c.write('\x01\x02\x03 nonsense\r\n\r\n'));
    c.setEncoding('utf8');
    c.on('data', (t) => (text += t));
    c.once('close', () => resolve(text));
  });
  expect(garbage).toMatch(/^HTTP\/1\.1 400/);
  expect(garbage).toContain('请求无法解析');
  // The server still serves, and every connection above is forgotten.
  const ca = readFileSync(path.join(tlsDir, 'cert.pem'), 'utf8');
  const page = (await httpsGet(`https://127.0.0.1:${port}/`, ca)) as Json;
  expect(page.status).toBe(200);
  await new Promise((r) => setTimeout(r, 100));
  expect(s.relay.usage('127.0.0.1').connections).toBeLessThanOrEqual(1); // the keep-alive one at most
  await s.stop();
}, 30_000);

it('cuts a connection that sends nothing after headersTimeoutMs, before knowing whether it is TLS', async () => {
  const { createRelay } = await import('../src/server/server.ts');
  const { silentLogger } = await import('../src/relay/logger.ts');
  const { ensureCertificate } = await import('../src/server/cert-store.ts');
  const c = await ensureCertificate({ dir: tlsDir, names: ['localhost', '127.0.0.1'] });
  const relay = await createRelay({
    host: '127.0.0.1',
    port: 0,
    tls: { cert: c.cert, key: c.key },
    headersTimeoutMs: 300,
    requestTimeoutMs: 300,
    logger: silentLogger,
  });
  const started = Date.now();
  const silent = net.connect(relay.address().port, '127.0.0.1');
  await new Promise((r) => silent.once('close', r));
  expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  expect(relay.usage('127.0.0.1').connections).toBe(0);
  await relay.close();
}, 30_000);

it('--tls-cert/--tls-key serve a given certificate, without creating one; a file that is not one exits 1', async () => {
  const { ensureCertificate } = await import('../src/server/cert-store.ts');
  const school = path.join(path.dirname(tlsDir), 'school');
  const given = await ensureCertificate({ dir: school, names: ['localhost', '127.0.0.1'] });
  const elsewhere = path.join(path.dirname(tlsDir), 'never');
  const out = [] as string[];
  const stop = new AbortController();
  let listening: (r: Relay) => void = (): void => {};
  const ready = new Promise((resolve) => (listening = resolve));
  const done = main(
    ['--port', '0', '--root', root, '--tls-cert', given.certFile, '--tls-key', given.keyFile],
    {
      env: { UDP_LAB_LOG_LEVEL: 'silent' },
      out: (t) => out.push(t),
      err: () => {},
      interfaces: INTERFACES as Json,
      tlsDir: elsewhere,
      signal: stop.signal,
      onListening: listening,
    },
  );
  const relay = (await ready) as Relay;
  const page = (await httpsGet(`https://127.0.0.1:${relay.address().port}/`, given.cert)) as Json;
  expect(page.status).toBe(200);
  expect(out.join('\n')).toContain(`HTTPS: certificate ${given.certFile}.`);
  expect(out.join('\n')).toContain(given.fingerprint256);
  stop.abort();
  expect(await done).toBe(0);
  expect(existsSync(elsewhere)).toBe(false);

  const err = [] as string[];
  const bad = await main(
    ['--port', '0', '--root', root, '--tls-cert', given.keyFile, '--tls-key', given.keyFile],
    {
      env: { UDP_LAB_LOG_LEVEL: 'silent' },
      err: (t) => err.push(t),
      interfaces: INTERFACES as Json,
    },
  );
  expect(bad).toBe(1);
  expect(err.join('')).toContain(`cannot set up https: ${given.keyFile} is not a PEM certificate`);
}, 30_000);
