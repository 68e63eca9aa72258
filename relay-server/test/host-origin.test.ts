// DNS rebinding: a page on another name that resolves to the relay sends its own name as Host (and
// as Origin). The relay answers only to the names it is reachable as — its listen and public
// addresses, localhost, names given with allowHosts — and wants its own scheme in Origin.
import { expect, it } from 'vitest';
import http from 'node:http';
import { connect, startRelay, type Json } from './helpers.ts';
import { testScope } from './test-scope.ts';

const { relayFor } = testScope();

/** A GET with this Host header. */
function getWithHost(port: number, host: string) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/admin', headers: { Host: host } }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (t) => (body += t));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

it('refuses a WebSocket from a rebound name even when its Origin matches its Host (421)', async () => {
  const relay = await relayFor();
  const { port } = relay.address();
  const evil = `attacker.example:${port}`;
  await expect(connect(relay, { origin: `http://${evil}`, headers: { Host: evil } })).rejects.toMatchObject({
    status: 421,
  });
  // the same name with no Origin (not a browser): still not a name of the relay
  await expect(connect(relay, { headers: { Host: evil } })).rejects.toMatchObject({ status: 421 });
  // its own names are fine
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
    const c = await connect(relay, { origin: `http://${host}`, headers: { Host: host } });
    await c.close();
  }
});

it('wants the relay’s own scheme in Origin', async () => {
  const relay = await relayFor();
  const { port } = relay.address();
  await expect(connect(relay, { origin: `https://127.0.0.1:${port}` })).rejects.toMatchObject({
    status: 403,
  });
  await expect(connect(relay, { origin: `ws://127.0.0.1:${port}` })).rejects.toMatchObject({ status: 403 });
  const c = await connect(relay, { origin: `http://127.0.0.1:${port}` });
  await c.close();
});

it('answers HTTP requests for other names 421, in both languages, and names added with allowHosts', async () => {
  const relay = await relayFor({ allowHosts: ['Teacher-PC.local'], publicAddress: '192.0.2.10' });
  const { port } = relay.address();
  const refused = (await getWithHost(port, `attacker.example:${port}`)) as Json;
  expect(refused.status).toBe(421);
  expect(refused.body).toMatch(/中继不认这个地址[^]*--allow-host/);
  expect(refused.headers['cross-origin-opener-policy']).toBe('same-origin');
  for (const host of [`teacher-pc.local:${port}`, `192.0.2.10:${port}`, `127.0.0.1:${port}`, 'localhost']) {
    const ok = (await getWithHost(port, host)) as Json;
    expect(ok.status, host).toBe(200);
  }
  const named = await connect(relay, {
    origin: `http://teacher-pc.local:${port}`,
    headers: { Host: `teacher-pc.local:${port}` },
  });
  await named.close();
});

it('accepts an allowHosts entry written with a port (the port is ignored) and a bare IPv6 literal', async () => {
  const relay = await relayFor({ allowHosts: ['teacher-pc.local:8080', 'fe80::1', '[fe80::2]:80'] });
  const { port } = relay.address();
  for (const host of [`teacher-pc.local:${port}`, 'teacher-pc.local', `[fe80::1]:${port}`, '[fe80::2]']) {
    const ok = (await getWithHost(port, host)) as Json;
    expect(ok.status, host).toBe(200);
  }
});

it('refuses to start with an allowHosts or publicAddress entry that is not a host, saying how to write it', async () => {
  for (const [option, value] of [
    ['allowHosts', 'http://teacher-pc.local'],
    ['allowHosts', 'teacher-pc.local:http'],
    ['allowHosts', 'teacher pc'],
    ['allowHosts', ''],
    ['publicAddress', 'teacher-pc.local/'],
    ['publicAddress', '192.0.2.10:4321'],
  ] as const) {
    const o = option === 'allowHosts' ? { allowHosts: [value] } : { publicAddress: value };
    await expect(startRelay(o), `${option} ${value}`).rejects.toThrow(
      new RegExp(`option ${option}: "${value.replace(/[./]/g, '\\$&')}" is not a host[^]*e\\.g\\.`),
    );
  }
});
