// The `oled.draw` syscall: runs a batch of drawing commands from mpython.py's OLED object on the
// board's OledFramebuffer, so that the page and Node draw the same pixels with the same font.

import type { SyscallHandler } from '../python/types.ts';
import { OledError, type OledFramebuffer } from './oled.ts';

/** The op mpython.py's OLED calls; its payload is `{ ops: [[name, ...args], ...] }`. */
export const OLED_DRAW_OP = 'oled.draw';

/** Most commands one batch may carry (mpython.py sends at most 512). */
export const MAX_OLED_BATCH = 4096;

/** Longest string DispChar / text() may draw in one command, in characters. */
export const MAX_OLED_TEXT = 4096;

type Command = readonly [string, ...(string | number | boolean)[]];

/** Thrown for a batch the shim would never send (a bug, not a learner's mistake). */
export class OledBatchError extends Error {
  readonly code = 'BOARD_ERR_OLED_BATCH';
  constructor(message: string) {
    super(`BOARD_ERR_OLED_BATCH: ${message}`);
    this.name = 'OledBatchError';
  }
}

function int(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new OledBatchError(`${what} must be an integer, got ${String(value)}`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length > MAX_OLED_TEXT) {
    throw new OledBatchError(`${what} must be a string of at most ${MAX_OLED_TEXT} characters`);
  }
  return value;
}

function hexBytes(value: unknown): Uint8Array {
  if (typeof value !== 'string' || value.length % 2 !== 0 || !/^[0-9a-f]*$/.test(value))
    throw new OledBatchError('bitmap data must be hex');
  const out = new Uint8Array(value.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(value.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Runs one command; returns what Python gets back (DispChar's tuple, a pixel) or undefined. */
function run(oled: OledFramebuffer, cmd: Command): unknown {
  const [name, ...a] = cmd;
  const n = (i: number): number => int(a[i], `${name} argument ${i + 1}`);
  switch (name) {
    case 'reset':
      return oled.reset();
    case 'fill':
      return oled.fill(n(0));
    case 'pixel':
      return oled.pixel(n(0), n(1), n(2));
    case 'get_pixel':
      return oled.pixel(n(0), n(1));
    case 'hline':
      return oled.hline(n(0), n(1), n(2), n(3));
    case 'vline':
      return oled.vline(n(0), n(1), n(2), n(3));
    case 'line':
      return oled.line(n(0), n(1), n(2), n(3), n(4));
    case 'rect':
      return oled.rect(n(0), n(1), n(2), n(3), n(4));
    case 'fill_rect':
      return oled.fill_rect(n(0), n(1), n(2), n(3), n(4));
    case 'text':
      return oled.text(text(a[0], 'text'), n(1), n(2), n(3));
    case 'scroll':
      return oled.scroll(n(0), n(1));
    case 'circle':
      return oled.circle(n(0), n(1), n(2), n(3));
    case 'fill_circle':
      return oled.fill_circle(n(0), n(1), n(2), n(3));
    case 'triangle':
      return oled.triangle(n(0), n(1), n(2), n(3), n(4), n(5), n(6));
    case 'fill_triangle':
      return oled.fill_triangle(n(0), n(1), n(2), n(3), n(4), n(5), n(6));
    case 'round_rect':
      return oled.RoundRect(n(0), n(1), n(2), n(3), n(4), n(5));
    case 'bitmap':
      return oled.bitmap(n(0), n(1), hexBytes(a[2]), n(3), n(4), n(5));
    case 'DispChar':
      return oled.DispChar(text(a[0], 'DispChar'), n(1), n(2), n(3), a[4] === true);
    case 'show':
      return oled.show();
    case 'poweron':
      return oled.poweron();
    case 'poweroff':
      return oled.poweroff();
    case 'contrast':
      return oled.contrast(n(0));
    case 'invert':
      return oled.invert(n(0));
    default:
      throw new OledBatchError(`unknown command "${String(name)}"`);
  }
}

/**
 * Draws a batch synchronously (glyphs must be loaded already). Returns the last command's result,
 * or `{raise: ['IndexError', message]}` where the board raises.
 */
export function runOledBatch(oled: OledFramebuffer, ops: readonly unknown[]): unknown {
  let result: unknown = null;
  for (const op of ops) {
    if (!Array.isArray(op)) throw new OledBatchError('each command must be a list');
    try {
      result = run(oled, op as unknown as Command) ?? null;
    } catch (err) {
      if (err instanceof OledError) return { raise: [err.pythonType, err.message] };
      throw err;
    }
  }
  return result;
}

/**
 * The `oled.draw` handler for one board's screen. It first waits for the glyphs of every string
 * in the batch (DispChar's font, and text()'s when the batch has a text command; the browser
 * fetches them on demand), then draws in order. Returns the last command's result; an IndexError of DispChar's xor mode comes back as `{raise: [...]}`.
 */
export function oledHandlers(oled: OledFramebuffer): Record<string, SyscallHandler> {
  return {
    [OLED_DRAW_OP]: async (_ctx, args: { ops?: unknown }) => {
      const ops = args.ops;
      if (!Array.isArray(ops) || ops.length > MAX_OLED_BATCH)
        throw new OledBatchError(`ops must be a list of at most ${MAX_OLED_BATCH} commands`);
      const strings = ops.filter((op: Command) => op[0] === 'DispChar').map((op: Command) => String(op[1]));
      if (strings.length > 0) await oled.glyphs.ensure(strings.join(''));
      if (ops.some((op: Command) => op[0] === 'text')) await oled.glyphs.ensureText();
      return runOledBatch(oled, ops);
    },
  };
}
