// The line editor's character widths are the terminal's: xterm.js with its Unicode 11 add-on
// active, so that Backspace and the cursor move as far as the character was drawn.
import { describe, expect, it } from 'vitest';
import { Unicode11Addon } from '@xterm/addon-unicode11';
import type { IUnicodeVersionProvider, Terminal } from '@xterm/xterm';
import { charWidth, stringWidth } from './wcwidth.ts';
import { LineEditor } from './line-editor.ts';

/** The add-on's own table, taken independently of wcwidth.ts. */
function xtermWidths(): IUnicodeVersionProvider {
  const registered: IUnicodeVersionProvider[] = [];
  new Unicode11Addon().activate({
    unicode: { register: (p: IUnicodeVersionProvider) => registered.push(p) },
  } as unknown as Terminal);
  expect(registered.map((p) => p.version)).toEqual(['11']);
  return registered[0] as IUnicodeVersionProvider;
}

describe('terminal widths', () => {
  it('agree with xterm’s Unicode 11 widths for every code point of planes 0–3', () => {
    const xterm = xtermWidths();
    const differ: string[] = [];
    for (let cp = 0; cp < 0x40000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      if (charWidth(cp) !== xterm.wcwidth(cp)) differ.push(cp.toString(16));
    }
    expect(differ.slice(0, 20), `${differ.length} code points differ`).toEqual([]);
  });

  it('are 2 for CJK and emoji, 0 for combining marks, 1 for ASCII', () => {
    expect(stringWidth('中文')).toBe(4);
    expect(charWidth(0x1f680)).toBe(2); // 🚀, outside the old hand-made ranges
    expect(charWidth(0x0483)).toBe(0); // a combining Cyrillic mark
    expect(charWidth(0x0591)).toBe(0); // a Hebrew accent
    expect(stringWidth('abc')).toBe(3);
  });

  it('let Backspace erase an emoji’s two columns', () => {
    const echoed: string[] = [];
    const editor = new LineEditor({
      echo: (t) => echoed.push(t),
      submit: () => undefined,
      interrupt: () => undefined,
      endOfInput: () => undefined,
    });
    editor.feed('🚀');
    echoed.length = 0;
    editor.feed('\x7f');
    expect(echoed.join('')).toBe('\b \b\b \b');
  });
});
