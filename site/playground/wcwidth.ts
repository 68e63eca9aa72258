// Terminal column width of a character, as xterm.js draws it: the widths of its Unicode 11 add-on
// (`@xterm/addon-unicode11`, which terminal.ts makes the terminal's active version), so the line
// editor moves the cursor exactly as far as the terminal drew the character.

import { Unicode11Addon } from '@xterm/addon-unicode11';
import type { IUnicodeVersionProvider, Terminal } from '@xterm/xterm';

/**
 * The add-on's width table. An add-on's public `activate(terminal)` registers its provider through
 * `terminal.unicode.register`; given a stand-in that keeps what is registered, the table is usable
 * without a terminal (the line editor, Node tests).
 */
function unicode11(): IUnicodeVersionProvider {
  let provider: IUnicodeVersionProvider | null = null;
  const standIn = { unicode: { register: (p: IUnicodeVersionProvider) => (provider = p) } };
  new Unicode11Addon().activate(standIn as unknown as Terminal);
  if (!provider)
    throw Object.assign(new Error('UDPLAB_ERR_UNICODE11: the Unicode 11 add-on registered no widths'), {
      code: 'UDPLAB_ERR_UNICODE11',
    });
  return provider;
}

const widths = unicode11();

/** Columns one code point takes in the terminal: 0, 1 or 2. */
export function charWidth(cp: number): number {
  return widths.wcwidth(cp);
}

/** Columns a whole string takes. */
export function stringWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += charWidth(ch.codePointAt(0) ?? 0);
  return n;
}
