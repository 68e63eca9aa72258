// @ts-check
// Draws a QR code of the join link in the terminal (two modules per character, via the uqr package).
import { renderUnicodeCompact } from 'uqr';

/**
 * @param {string} text What the code encodes (the join link).
 * @returns {string} Lines of block characters, with a quiet zone, for a dark-on-light terminal reading.
 */
export function terminalQr(text) {
  return renderUnicodeCompact(text, { ecc: 'M', border: 2 });
}
