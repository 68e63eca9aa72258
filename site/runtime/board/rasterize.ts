// Turns a TrueType outline into a 16×16 bitmap by testing each pixel centre (nonzero winding).

import { GLYPH_ROWS } from './glyph-source.ts';
import type { Outline, OutlinePoint } from './truetype.ts';

/** Line segments per quadratic curve. Unifont's outlines are pixel squares, so curves are degenerate. */
const CURVE_STEPS = 8;

/** Where the pixel grid sits in font units. */
export interface PixelGrid {
  /** Font units per pixel (Unifont: 1024 units per em / 16 px = 64). */
  unitsPerPixel: number;
  /** Font-unit y of the top edge of pixel row 0 (Unifont: the ascender, 896 = 14 px above the baseline). */
  top: number;
}

/** Flattens an outline to edges [x0, y0, x1, y1, …] in font units. */
export function outlineEdges(outline: Outline): number[] {
  const edges: number[] = [];
  for (const contour of outline) {
    const n = contour.length;
    if (n < 2) continue;
    // Start on an on-curve point; a contour of only control points starts at an implied midpoint.
    let startIndex = contour.findIndex((p) => p.on);
    let start: OutlinePoint;
    if (startIndex >= 0) start = contour[startIndex]!;
    else {
      const a = contour[0]!;
      const b = contour[1]!;
      start = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, on: true };
      startIndex = 0;
    }
    let px = start.x;
    let py = start.y;
    let control: OutlinePoint | null = null;
    const lineTo = (x: number, y: number): void => {
      edges.push(px, py, x, y);
      px = x;
      py = y;
    };
    const curveTo = (cx: number, cy: number, x: number, y: number): void => {
      const x0 = px;
      const y0 = py;
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS;
        const u = 1 - t;
        lineTo(u * u * x0 + 2 * u * t * cx + t * t * x, u * u * y0 + 2 * u * t * cy + t * t * y);
      }
    };
    for (let k = 1; k <= n; k++) {
      const p = contour[(startIndex + k) % n]!;
      const isClose = k === n;
      const target = isClose ? start : p;
      if (!isClose && !p.on) {
        if (control) curveTo(control.x, control.y, (control.x + p.x) / 2, (control.y + p.y) / 2);
        control = p;
        continue;
      }
      if (control) curveTo(control.x, control.y, target.x, target.y);
      else lineTo(target.x, target.y);
      control = null;
    }
  }
  return edges;
}

/**
 * Rasterizes an outline into 16 rows of 16 pixels (bit 15 = leftmost). A pixel is set when its
 * centre lies inside the outline (nonzero rule). Exact for outlines made of whole pixel squares.
 */
export function rasterizeOutline(outline: Outline, grid: PixelGrid): Uint16Array {
  const rows = new Uint16Array(GLYPH_ROWS);
  const edges = outlineEdges(outline);
  if (edges.length === 0) return rows;
  const { unitsPerPixel: upp, top } = grid;
  const crossings: { x: number; dir: number }[] = [];
  for (let r = 0; r < GLYPH_ROWS; r++) {
    const yc = top - (r + 0.5) * upp;
    crossings.length = 0;
    for (let e = 0; e < edges.length; e += 4) {
      const x0 = edges[e]!;
      const y0 = edges[e + 1]!;
      const x1 = edges[e + 2]!;
      const y1 = edges[e + 3]!;
      if (y0 === y1) continue;
      const up = y1 > y0;
      const lo = up ? y0 : y1;
      const hi = up ? y1 : y0;
      if (yc < lo || yc >= hi) continue;
      crossings.push({ x: x0 + ((yc - y0) * (x1 - x0)) / (y1 - y0), dir: up ? 1 : -1 });
    }
    if (crossings.length === 0) continue;
    crossings.sort((a, b) => a.x - b.x);
    let bits = 0;
    let winding = 0;
    let next = 0;
    for (let c = 0; c < 16; c++) {
      const xc = (c + 0.5) * upp;
      while (next < crossings.length && crossings[next]!.x < xc) winding += crossings[next++]!.dir;
      if (winding !== 0) bits |= 0x8000 >>> c;
    }
    rows[r] = bits;
  }
  return rows;
}
