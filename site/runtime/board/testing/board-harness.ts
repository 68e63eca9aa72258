// Test support: runs the board's Python modules (mpython, network, machine) in an in-process
// MicroPython against real board kernels, on virtual time, with no workers. Fast and exact, so
// the shims and kernels can be tested without the full runtime; `time.sleep` advances the clock.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../netsim/index.ts';
import { createNetwork } from '../../netsim/index.ts';
import type { SyscallContext, SyscallHandler } from '../../python/index.ts';
import { toAscii } from '../ascii-art.ts';
import type { GlyphSource } from '../glyph-source.ts';
import { Airwaves } from '../kernel-airwaves.ts';
import { BoardDevice } from '../kernel-board.ts';
import { glyphAnswer, OLED_OPS } from '../kernel-oled.ts';
import { WIFI_WAIT_OP } from '../kernel-wifi.ts';
import { readBoardModules } from '../../runner/node.ts';

// A stand-in for the runtime's time module: virtual milliseconds from the harness clock.
const HARNESS_TIME = `
import json
import _udplab
def ticks_ms():
    return int(json.loads(_udplab.call("harness.now", "{}", None))["result"])
def ticks_us():
    return ticks_ms() * 1000
def ticks_diff(a, b):
    return a - b
def ticks_add(a, b):
    return a + b
def sleep_ms(ms):
    if not isinstance(ms, int):
        raise TypeError("can't convert float to int")
    _udplab.call("harness.sleep", '{"ms": %d}' % ms, None)
def sleep_us(us):
    sleep_ms(us // 1000)
def sleep(s):
    _udplab.call("harness.sleep", '{"ms": %s}' % (s * 1000), None)
def time():
    return ticks_ms() // 1000
`;

/** What a harness run produced. */
export interface HarnessResult {
  stdout: string;
  /** Class name of the uncaught exception, or null. */
  exception: string | null;
  /** Its message line, e.g. 'OSError: 118'. */
  error: string | null;
}

interface MicroPython {
  FS: { mkdirTree(path: string): void; writeFile(path: string, data: string): void };
  registerJsModule(name: string, module: object): void;
  runPython(code: string): unknown;
}

/**
 * Runs `code` as a program on `board`, synchronously on virtual time: every sleep and Wi-Fi wait
 * advances `clock`. Glyphs are answered from `board.glyphs` at once (Node's source is synchronous);
 * other handlers that would wait for real are not supported.
 */
export async function runOnHarness(
  code: string,
  board: BoardDevice,
  clock: ManualClock,
): Promise<HarnessResult> {
  let stdout = '';
  const decoder = new TextDecoder();
  const { loadMicroPython } = (await import(
    '@micropython/micropython-webassembly-pyscript/micropython.mjs' as string
  )) as {
    loadMicroPython(options: object): Promise<MicroPython>;
  };
  const mp = await loadMicroPython({
    linebuffer: false,
    stdout: (bytes: Uint8Array) => (stdout += decoder.decode(bytes, { stream: true })),
    stderr: (bytes: Uint8Array) => (stdout += decoder.decode(bytes, { stream: true })),
  });
  mp.FS.mkdirTree('/lib');
  for (const [name, source] of Object.entries(readBoardModules())) mp.FS.writeFile(`/lib/${name}.py`, source);
  for (const name of ['_udplab_sys', '_udplab_ops']) {
    const shim = new URL(`../../python/shims/${name}.py`, import.meta.url);
    mp.FS.writeFile(`/lib/${name}.py`, readFileSync(fileURLToPath(shim), 'utf8'));
  }
  mp.FS.writeFile('/lib/time.py', HARNESS_TIME);

  const handlers: Record<string, SyscallHandler> = board.handlers();
  const ctx = { clock, state: new Map() } as unknown as SyscallContext;
  const answer = (op: string, args: Record<string, unknown>): unknown => {
    if (op === OLED_OPS.glyphs) return glyphAnswer(board.glyphs, args.cps as number[]);
    if (op === 'harness.now' || op === 'board.ticks_ms') return Math.floor(clock.now());
    if (op === 'harness.sleep' || op === WIFI_WAIT_OP) {
      clock.advance(Number(args.ms));
      return null;
    }
    const handler = handlers[op];
    if (handler === undefined) throw Object.assign(new Error(op), { code: 'ENOSYS', errno: 38 });
    const result = handler(ctx, args);
    if (result instanceof Promise) throw new Error(`harness: ${op} returned a Promise; not supported here`);
    return result ?? null;
  };
  // The runtime's door as _udplab_sys uses it on MicroPython: call(op, json, data_hex) -> answer
  // JSON (the board's handlers send no bytes back).
  const call = (op: string, json: string, dataHex?: string | null): string => {
    try {
      const args = JSON.parse(json) as Record<string, unknown>;
      if (typeof dataHex === 'string') args['data'] = Uint8Array.from(Buffer.from(dataHex, 'hex'));
      return JSON.stringify({ result: answer(op, args) });
    } catch (err) {
      const e = err as { code?: string; errno?: number; message: string };
      if (e.code === undefined) throw err;
      return JSON.stringify({ error: { code: e.code, errno: e.errno ?? 0, message: e.message } });
    }
  };
  mp.registerJsModule('_udplab', { call });
  try {
    mp.runPython('import sys\nsys.path.insert(0, "/lib")\n');
    mp.runPython(code);
    return { stdout, exception: null, error: null };
  } catch (err) {
    const e = err as { type?: string; message?: string };
    if (typeof e.type !== 'string') throw err;
    const lines = (e.message ?? '').trim().split('\n');
    return { stdout, exception: e.type, error: lines[lines.length - 1] ?? null };
  }
}

/** What {@link drawOnBoard} returns: the run's result and the board's panel afterwards. */
export interface DrawResult extends HarnessResult {
  board: BoardDevice;
  /** The panel as `toAscii` renders it (a region, or the whole screen). */
  art(region?: { x?: number; y?: number; width?: number; height?: number }): string;
}

/**
 * Runs `from mpython import *` + `code` on a fresh board with no network, then `oled.show()` (when
 * the code did not raise), and returns the panel. For tests of the OLED as learners' programs draw on it.
 */
export async function drawOnBoard(code: string, glyphs?: GlyphSource): Promise<DrawResult> {
  const clock = new ManualClock(0);
  const network = createNetwork({ seed: 1, clock });
  const host = network.addHost({ name: 'board', profile: 'lwip' });
  const board = new BoardDevice({ host, air: new Airwaves(network), clock, ...(glyphs ? { glyphs } : {}) });
  const result = await runOnHarness(`from mpython import *\n${code}\noled.show()\n`, board, clock);
  return {
    ...result,
    board,
    art: (region = {}) => toAscii(board.oled.snapshot(), region),
  };
}
