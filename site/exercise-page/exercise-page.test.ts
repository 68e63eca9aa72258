// The exercise page's pure parts: the stored status (sticky pass, damaged entries, reset), the
// runner's datagrams in the packet list's shape, tracebacks, every UI string in both languages, and every
// exercise placed in its lesson.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import zh from '../content/i18n/zh-CN.json';
import en from '../content/i18n/en.json';
import { asRecord, oledPixels, tracebackOf } from './result-panel.ts';
import { clearAll, loadSaved, saveCode, saveResult, STORE_PREFIX } from './store.ts';
import type { ProgramResult } from '../runtime/runner/index.ts';

/** Node has no localStorage: a Map behind the Storage methods store.ts calls. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}

describe('store', () => {
  beforeEach(() => {
    (globalThis as { localStorage?: Storage }).localStorage = memoryStorage();
  });
  afterEach(() => {
    delete (globalThis as { localStorage?: Storage }).localStorage;
  });

  it('starts not tried, keeps code, and a pass stays a pass after a later failure', () => {
    expect(loadSaved('a')).toEqual({ files: {}, status: 'not-tried', at: 0 });
    saveCode('a', 'client.py', 'print(1)');
    expect(saveResult('a', false, 5)).toBe('failed');
    expect(saveResult('a', true, 6)).toBe('passed');
    expect(saveResult('a', false, 7)).toBe('passed');
    expect(loadSaved('a')).toEqual({ files: { 'client.py': 'print(1)' }, status: 'passed', at: 7 });
  });

  it('reads a damaged entry as not tried, and reset forgets only exercises', () => {
    localStorage.setItem(`${STORE_PREFIX}b`, '{not json');
    localStorage.setItem('udplab:code:/x#y/z.py', 'kept');
    expect(loadSaved('b').status).toBe('not-tried');
    saveResult('c', true, 1);
    clearAll();
    expect(loadSaved('c').status).toBe('not-tried');
    expect(localStorage.getItem('udplab:code:/x#y/z.py')).toBe('kept');
  });

  it('loses nothing in the page when storage is missing', () => {
    delete (globalThis as { localStorage?: Storage }).localStorage;
    expect(saveCode('a', 'client.py', 'x')).toBe(false);
    expect(loadSaved('a').status).toBe('not-tried');
  });
});

describe('result panel helpers', () => {
  it('turns a runner datagram into a packet-list record', () => {
    const rec = asRecord({
      id: 3,
      copy: 0,
      t: 12,
      lan: 'home',
      src: '192.168.0.5:9001',
      dst: '192.168.0.3:9000',
      size: 2,
      fate: 'lost',
      from: 'pc',
      payload: '6869',
    });
    expect(rec.src).toEqual(['192.168.0.5', 9001]);
    expect(rec.dst).toEqual(['192.168.0.3', 9000]);
    expect([...rec.payload]).toEqual([0x68, 0x69]);
    expect(rec.fate).toBe('lost');
  });

  it('takes the traceback from stderr (CPython) or stdout (MicroPython), not a KeyboardInterrupt', () => {
    const base = { stdout: '', stderr: '', exception: 'TypeError', runtime: 'cpython' } as ProgramResult;
    expect(tracebackOf({ ...base, stderr: 'x\nTraceback (most recent call last):\nTypeError: t\n' })).toBe(
      'Traceback (most recent call last):\nTypeError: t',
    );
    expect(
      tracebackOf({
        ...base,
        runtime: 'micropython',
        stdout: 'hi\r\nTraceback (most recent call last):\r\nOSError: 118\r\n',
      }),
    ).toBe('Traceback (most recent call last):\nOSError: 118');
    expect(
      tracebackOf({ ...base, exception: 'KeyboardInterrupt', stderr: 'Traceback\nKeyboardInterrupt' }),
    ).toBe('');
  });
});

describe('the OLED of a failing run', () => {
  it('lights exactly the pixels the runner drew as #', () => {
    const rows = Array.from({ length: 64 }, (_, y) =>
      Array.from({ length: 128 }, (_, x) => (y === 17 && (x === 0 || x === 127) ? '#' : '.')).join(''),
    );
    const pixels = oledPixels(rows.join('\n'));
    expect(pixels.reduce((a, b) => a + b, 0)).toBe(2);
    expect(pixels[17 * 128]).toBe(1);
    expect(pixels[17 * 128 + 127]).toBe(1);
  });
});

describe('strings', () => {
  it('every exercise and progress string exists in both languages', () => {
    const keys = (o: Record<string, string>) =>
      Object.keys(o)
        .filter((k) => /^(exercise|progress)\.|^playground\.mistake$/.test(k))
        .sort();
    expect(keys(zh).length).toBeGreaterThan(30);
    expect(keys(zh)).toEqual(keys(en));
  });
});

describe('lessons', () => {
  it('every exercise appears in its lesson, in both languages', () => {
    const root = new URL('../../', import.meta.url);
    const dir = new URL('content/exercises/', root);
    const missing: string[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const json = new URL(`${entry.name}/exercise.json`, dir);
      if (!entry.isDirectory() || !existsSync(json)) continue;
      const { id, lesson } = JSON.parse(readFileSync(json, 'utf8')) as { id: string; lesson: string };
      for (const page of [`content/docs/${lesson}.mdx`, `content/docs/en/${lesson}.mdx`]) {
        const url = new URL(page, root);
        if (!existsSync(url) || !readFileSync(url, 'utf8').includes(`<Exercise id="${id}" />`))
          missing.push(`${page}: <Exercise id="${id}" />`);
      }
    }
    expect(missing).toEqual([]);
  });
});
