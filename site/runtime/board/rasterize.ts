// Turns a glyph outline (path commands in font units) into a 16-row bitmap: each pixel's coverage
// is measured on a grid of sample points (nonzero winding) and the pixel is set when the covered
// share reaches a threshold — an anti-aliased rendering cut to one bit, as a 1-bpp font is made.

import { GLYPH_ROWS } from './glyph-source.ts';

/** One outline command, as font libraries (fontkit, fontkitten, opentype.js) give them; font units, y up. */
export interface PathCommand {
  command: string;
  args: number[];
}

/** Where the pixel grid sits on the outline, and when a pixel counts as ink. */
export interface RasterGrid {
  /** Pixels per font unit (e.g. 11 px per em / 1000 units per em). */
  scale: number;
  /** Pixel row whose top edge is the baseline (rows above it hold what sits on the baseline). */
  baselineRow: number;
  /** Share of a pixel's sample points (0–1] that must be inside the outline to set it. */
  threshold: number;
  /** Sample points per pixel along each axis (so samples² per pixel). */
  samples: number;
}

/** Columns a bitmap row holds (bit 15 is the leftmost pixel). */
const ROW_BITS = 16;

/** Line segments per curve. At ≤ 16 px a segment is far below a sample's size. */
const CURVE_STEPS = 6;

/** Flattens path commands into edges [x0, y0, x1, y1, …] in pixel space (y down, row 0 at the top). */
export function commandEdges(commands: readonly PathCommand[], grid: RasterGrid): number[] {
  const { scale, baselineRow } = grid;
  const edges: number[] = [];
  let startX = 0;
  let startY = 0;
  let x = 0;
  let y = 0;
  let open = false;
  const px = (u: number): number => u * scale;
  const py = (v: number): number => baselineRow - v * scale;
  const lineTo = (nx: number, ny: number): void => {
    if (nx !== x || ny !== y) edges.push(x, y, nx, ny);
    x = nx;
    y = ny;
  };
  const close = (): void => {
    if (open) lineTo(startX, startY);
    open = false;
  };
  for (const { command, args } of commands) {
    const a = args;
    switch (command) {
      case 'moveTo':
        close();
        x = startX = px(a[0]!);
        y = startY = py(a[1]!);
        open = true;
        break;
      case 'lineTo':
        lineTo(px(a[0]!), py(a[1]!));
        break;
      case 'quadraticCurveTo': {
        const x0 = x;
        const y0 = y;
        const cx = px(a[0]!);
        const cy = py(a[1]!);
        const ex = px(a[2]!);
        const ey = py(a[3]!);
        for (let i = 1; i <= CURVE_STEPS; i++) {
          const t = i / CURVE_STEPS;
          const u = 1 - t;
          lineTo(u * u * x0 + 2 * u * t * cx + t * t * ex, u * u * y0 + 2 * u * t * cy + t * t * ey);
        }
        break;
      }
      case 'bezierCurveTo': {
        const x0 = x;
        const y0 = y;
        const c1x = px(a[0]!);
        const c1y = py(a[1]!);
        const c2x = px(a[2]!);
        const c2y = py(a[3]!);
        const ex = px(a[4]!);
        const ey = py(a[5]!);
        for (let i = 1; i <= CURVE_STEPS; i++) {
          const t = i / CURVE_STEPS;
          const u = 1 - t;
          lineTo(
            u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * ex,
            u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ey,
          );
        }
        break;
      }
      case 'closePath':
        close();
        break;
      default:
        break;
    }
  }
  close();
  return edges;
}

/**
 * Rasterizes an outline into 16 rows of 16 pixels (bit 15 = leftmost): a pixel is set when at
 * least `threshold` of its `samples`² sample points lie inside the outline (nonzero rule).
 */
export function rasterizeCommands(commands: readonly PathCommand[], grid: RasterGrid): Uint16Array {
  const rows = new Uint16Array(GLYPH_ROWS);
  const edges = commandEdges(commands, grid);
  if (edges.length === 0) return rows;
  let top = Infinity;
  let bottom = -Infinity;
  for (let e = 1; e < edges.length; e += 2) {
    top = Math.min(top, edges[e]!);
    bottom = Math.max(bottom, edges[e]!);
  }
  const n = grid.samples;
  const need = Math.max(1, Math.ceil(grid.threshold * n * n - 1e-9));
  const counts = new Uint16Array(ROW_BITS);
  const xs: number[] = [];
  const dirs: number[] = [];
  const order: number[] = [];
  const firstRow = Math.max(0, Math.floor(top));
  const lastRow = Math.min(GLYPH_ROWS - 1, Math.ceil(bottom));
  for (let r = firstRow; r <= lastRow; r++) {
    counts.fill(0);
    let any = false;
    for (let s = 0; s < n; s++) {
      const yc = r + (s + 0.5) / n;
      xs.length = 0;
      dirs.length = 0;
      for (let e = 0; e < edges.length; e += 4) {
        const y0 = edges[e + 1]!;
        const y1 = edges[e + 3]!;
        const down = y1 > y0;
        if (down ? yc < y0 || yc >= y1 : yc < y1 || yc >= y0) continue;
        const x0 = edges[e]!;
        xs.push(x0 + ((yc - y0) * (edges[e + 2]! - x0)) / (y1 - y0));
        dirs.push(down ? 1 : -1);
      }
      if (xs.length === 0) continue;
      order.length = 0;
      for (let i = 0; i < xs.length; i++) order.push(i);
      order.sort((i, j) => xs[i]! - xs[j]!);
      // walk the sample columns between the first and the last crossing only
      let winding = 0;
      for (let k = 0; k < order.length - 1; k++) {
        winding += dirs[order[k]!]!;
        if (winding === 0) continue;
        // sample c (centre (c + 0.5) / n) is inside when x_k < centre ≤ x_k+1
        const from = Math.max(0, Math.floor(xs[order[k]!]! * n - 0.5) + 1);
        const to = Math.min(ROW_BITS * n - 1, Math.floor(xs[order[k + 1]!]! * n - 0.5));
        for (let c = from; c <= to; c++) counts[(c / n) | 0]!++;
        if (to >= from) any = true;
      }
    }
    if (!any) continue;
    let bits = 0;
    for (let c = 0; c < ROW_BITS; c++) if (counts[c]! >= need) bits |= 0x8000 >>> c;
    rows[r] = bits;
  }
  return rows;
}
