// Public entry of the 掌控板 simulation: the board device and its Wi-Fi, the OLED, the glyph sources
// the page and the checker draw with. Environment-neutral; the Node-only font loading is `node.ts`.

export { toAscii, type AsciiOptions } from './ascii-art.ts';
export { FontGlyphSource } from './font-glyphs.ts';
export { BLOCK_COUNT, decodeGlyphBlock } from './glyph-block.ts';
export { renderLine } from './glyph-line.ts';
export type { Glyph, GlyphSource } from './glyph-source.ts';
export { GLYPHS_ROUTE, loadBrowserGlyphs, type FetchGlyphSource } from './glyphs-browser.ts';
export { AP_DEFAULTS, Airwaves, type AccessPointSpec } from './kernel-airwaves.ts';
export { BoardDevice, type BoardDeviceOptions, type BoardOp } from './kernel-board.ts';
export { glyphAnswer } from './kernel-oled.ts';
export { OLED_HEIGHT, OLED_WIDTH, type OledSnapshot } from './oled.ts';
