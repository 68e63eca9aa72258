// Draws a QR code of the join link in the terminal (two modules per character, via the uqr package).
import { renderUnicodeCompact } from 'uqr';

/**
 * @param text What the code encodes (the join link).
 * @returns Lines of block characters, with a quiet zone, for a dark-on-light terminal reading.
 */
export function terminalQr(text: string): string {
  return renderUnicodeCompact(text, { ecc: 'M', border: 2 });
}
