// The playground's interpreter prefetch, against a real HTTP server on loopback: byte progress,
// optional files, HTTP errors, and the bodies it keeps for the page (the shipped Pyodide snapshot).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefetchWithProgress } from './download-progress.ts';

const BIG = Buffer.alloc(300_000, 0).map((_, i) => (i * 7) % 251);
let server: http.Server;
let origin = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/big.bin') {
      res.writeHead(200, { 'Content-Length': BIG.length, 'Content-Type': 'application/octet-stream' });
      // In pieces, so the reader sees several chunks.
      const pieces = [BIG.subarray(0, 100_000), BIG.subarray(100_000, 200_000), BIG.subarray(200_000)];
      const next = (): void => {
        const piece = pieces.shift();
        if (!piece) return void res.end();
        res.write(piece);
        setTimeout(next, 5);
      };
      next();
    } else if (req.url === '/small.txt') {
      res.writeHead(200, { 'Content-Length': 5 });
      res.end('hello');
    } else if (req.url === '/broken') {
      res.writeHead(500);
      res.end('no');
    } else {
      res.writeHead(404);
      res.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('prefetchWithProgress', () => {
  it('reports rising fractions that end at 1, and returns only the bodies it was asked to keep', async () => {
    const fractions: Array<number | null> = [];
    const kept = await prefetchWithProgress(
      [`${origin}/big.bin`, `${origin}/small.txt`],
      (f) => fractions.push(f),
      new Set(),
      new Set([`${origin}/big.bin`]),
    );
    expect([...kept.keys()]).toEqual([`${origin}/big.bin`]);
    expect(Buffer.from(kept.get(`${origin}/big.bin`) as Uint8Array).equals(BIG)).toBe(true);
    expect(fractions.at(-1)).toBe(1);
    const known = fractions.filter((f): f is number => f !== null);
    expect(known.length).toBeGreaterThan(1);
    expect(known.slice(0, -1).every((f) => f < 1)).toBe(true);
    expect(known).toEqual([...known].sort((a, b) => a - b));
  });

  it('counts an optional file that answers 404 as empty, and keeps nothing for it', async () => {
    const url = `${origin}/udplab.snapshot`;
    const kept = await prefetchWithProgress(
      [`${origin}/small.txt`, url],
      () => {},
      new Set([url]),
      new Set([url]),
    );
    expect(kept.size).toBe(0);
  });

  it('rejects on a missing file that is not optional, and on an HTTP error', async () => {
    await expect(prefetchWithProgress([`${origin}/gone`], () => {})).rejects.toThrow(/HTTP 404/);
    await expect(prefetchWithProgress([`${origin}/broken`], () => {})).rejects.toThrow(/HTTP 500/);
  });
});
