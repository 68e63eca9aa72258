// Every response the relay writes carries the cross-origin isolation and security headers: pages,
// validators, the dashboard, and every error answer or refused handshake, down to Node's own 400.
import { afterAll, beforeAll, expect, it } from 'vitest';
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SUBPROTOCOL } from '../src/protocol/codec.ts';
import { startRelay } from './helpers.ts';

const REQUIRED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'cross-origin-resource-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

let root = '';
let relay: Awaited<ReturnType<typeof startRelay>>;
let port = 0;
beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'udplab-headers-'));
  writeFileSync(path.join(root, 'index.html'), '<p>course</p>');
  relay = await startRelay({ staticRoot: root, maxConnectionsPerAddress: 8 });
  port = relay.address().port;
});
afterAll(async () => {
  await relay.close();
  rmSync(root, { recursive: true, force: true });
});

/** Sends raw bytes and reads the response head (status line and headers, names in lower case). */
function raw(request: string): Promise<{ status: number; headers: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => s.write(request));
    let text = '';
    s.setEncoding('utf8');
    s.on('data', (t) => {
      text += t;
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...lines] = text.slice(0, end).split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      s.destroy();
      resolve({ status: Number(statusLine.split(' ')[1]), headers });
    });
    s.on('error', reject);
  });
}

const request = (path: string, headers: Record<string, string> = {}, method: string = 'GET') =>
  raw(
    `${method} ${path} HTTP/1.1\r\n` +
      Object.entries({ Host: `127.0.0.1:${port}`, Connection: 'close', ...headers })
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('') +
      '\r\n',
  );

const upgrade = (path = '/relay', extra: Record<string, string> = {}) =>
  request(path, {
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Protocol': SUBPROTOCOL,
    ...extra,
  });

it('sends them on pages, validators, the dashboard and every error answer', async () => {
  const page = await request('/');
  const etag = page.headers.etag ?? '';
  const cases = {
    200: page,
    304: await request('/', { 'If-None-Match': etag }),
    404: await request('/no/such/page/'),
    405: await request('/', {}, 'POST'),
    'bad path 400': await request('/%E0%A4%A'),
    426: await request('/relay'),
    'dashboard 200': await request('/admin'),
    401: await request('/admin/api/sessions'),
    421: await request('/', { Host: 'attacker.example' }),
    'origin 403': await upgrade('/relay', { Origin: 'http://evil.example' }),
    'subprotocol 400': await upgrade('/relay', { 'Sec-WebSocket-Protocol': 'other' }),
    'upgrade elsewhere 404': await upgrade('/elsewhere'),
    'upgrade to another name 421': await upgrade('/relay', { Host: 'attacker.example' }),
    "Node's own 400": await raw('NOT HTTP AT ALL\r\n\r\n'),
  };
  for (const [name, res] of Object.entries(cases)) expect(res.headers, name).toMatchObject(REQUIRED);
  const statuses = Object.fromEntries(Object.entries(cases).map(([k, v]) => [k, v.status]));
  expect(statuses).toEqual({
    200: 200,
    304: 304,
    404: 404,
    405: 405,
    'bad path 400': 400,
    426: 426,
    'dashboard 200': 200,
    401: 401,
    421: 421,
    'origin 403': 403,
    'subprotocol 400': 400,
    'upgrade elsewhere 404': 404,
    'upgrade to another name 421': 421,
    "Node's own 400": 400,
  });
});

it('sends them on the 503 of a connection over the per-address limit', async () => {
  const held: net.Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('error', () => undefined);
    await new Promise((r) => s.once('connect', r));
    held.push(s);
  }
  const refused = await request('/');
  held.forEach((s) => s.destroy());
  expect(refused.status).toBe(503);
  expect(refused.headers).toMatchObject(REQUIRED);
  expect(refused.headers['retry-after']).toBe('5');
});
