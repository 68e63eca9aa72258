// Node entry of the 掌控板 simulation: the board's font read from the npm package (fontkitten), for
// the runner, the checker in a terminal and the build. The page uses `index.ts` only.

export {
  BOARD_FONT_FILES,
  BOARD_FONT_PACKAGE,
  FontLoadError,
  buildGlyphBlocks,
  loadBoardFont,
  loadNodeGlyphs,
  renderGlyphBlock,
} from './fonts-node.ts';
