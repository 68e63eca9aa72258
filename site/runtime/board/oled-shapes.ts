// framebuf's shape algorithms (and the board's additions), pixel for pixel, over any clipped surface.

/** A 1-bit surface that clips out-of-range pixels silently. */
export interface Surface {
  /** Sets one pixel to 1 when `c` is non-zero, else 0; ignores pixels outside the surface. */
  setPixel(x: number, y: number, c: number): void;
  /** Fills a rectangle, clipped; nothing when `w < 1` or `h < 1` (framebuf's `fill_rect`). */
  fillRect(x: number, y: number, w: number, h: number, c: number): void;
}

/** Bresenham's line as framebuf draws it: both end points included. */
export function drawLine(s: Surface, x1: number, y1: number, x2: number, y2: number, c: number): void {
  let dx = x2 - x1;
  let sx = 1;
  if (dx <= 0) {
    dx = -dx;
    sx = -1;
  }
  let dy = y2 - y1;
  let sy = 1;
  if (dy <= 0) {
    dy = -dy;
    sy = -1;
  }
  const steep = dy > dx;
  const [du, dv, su, sv] = steep ? [dy, dx, sy, sx] : [dx, dy, sx, sy];
  let [u, v] = steep ? [y1, x1] : [x1, y1];
  let err = 2 * dv - du;
  for (let i = 0; i < du; i++) {
    if (steep) s.setPixel(v, u, c);
    else s.setPixel(u, v, c);
    while (err >= 0) {
      v += sv;
      err -= 2 * du;
    }
    u += su;
    err += 2 * dv;
  }
  s.setPixel(x2, y2, c);
}

/**
 * Midpoint circle outline around (x0, y0). The 8 octant points of each step; radius 0 is one pixel.
 */
export function drawCircle(s: Surface, x0: number, y0: number, r: number, c: number): void {
  let f = 1 - r;
  let ddx = 1;
  let ddy = -2 * r;
  let x = 0;
  let y = r;
  s.setPixel(x0, y0 + r, c);
  s.setPixel(x0, y0 - r, c);
  s.setPixel(x0 + r, y0, c);
  s.setPixel(x0 - r, y0, c);
  while (x < y) {
    if (f >= 0) {
      y--;
      ddy += 2;
      f += ddy;
    }
    x++;
    ddx += 2;
    f += ddx;
    for (const [px, py] of [
      [x, y],
      [-x, y],
      [x, -y],
      [-x, -y],
      [y, x],
      [-y, x],
      [y, -x],
      [-y, -x],
    ] as const) {
      s.setPixel(x0 + px, y0 + py, c);
    }
  }
}

/** Filled circle: the same midpoint walk, drawn as vertical spans. */
export function fillCircle(s: Surface, x0: number, y0: number, r: number, c: number): void {
  s.fillRect(x0, y0 - r, 1, 2 * r + 1, c);
  let f = 1 - r;
  let ddx = 1;
  let ddy = -2 * r;
  let x = 0;
  let y = r;
  while (x < y) {
    if (f >= 0) {
      y--;
      ddy += 2;
      f += ddy;
    }
    x++;
    ddx += 2;
    f += ddx;
    s.fillRect(x0 + x, y0 - y, 1, 2 * y + 1, c);
    s.fillRect(x0 + y, y0 - x, 1, 2 * x + 1, c);
    s.fillRect(x0 - x, y0 - y, 1, 2 * y + 1, c);
    s.fillRect(x0 - y, y0 - x, 1, 2 * x + 1, c);
  }
}

/**
 * One or more quarter-circle arcs (corner bits: 1 top-left, 2 top-right, 4 bottom-right,
 * 8 bottom-left), as used by RoundRect.
 */
export function drawCircleCorners(
  s: Surface,
  x0: number,
  y0: number,
  r: number,
  corners: number,
  c: number,
): void {
  let f = 1 - r;
  let ddx = 1;
  let ddy = -2 * r;
  let x = 0;
  let y = r;
  while (x < y) {
    if (f >= 0) {
      y--;
      ddy += 2;
      f += ddy;
    }
    ddx += 2;
    f += ddx;
    if (corners & 4) {
      s.setPixel(x0 + x, y0 + y, c);
      s.setPixel(x0 + y, y0 + x, c);
    }
    if (corners & 2) {
      s.setPixel(x0 + x, y0 - y, c);
      s.setPixel(x0 + y, y0 - x, c);
    }
    if (corners & 8) {
      s.setPixel(x0 - y, y0 + x, c);
      s.setPixel(x0 - x, y0 + y, c);
    }
    if (corners & 1) {
      s.setPixel(x0 - y, y0 - x, c);
      s.setPixel(x0 - x, y0 - y, c);
    }
    x++;
  }
}

/** Rectangle with rounded corners of radius r. */
export function drawRoundRect(
  s: Surface,
  x: number,
  y: number,
  w: number,
  h: number,
  r: number,
  c: number,
): void {
  s.fillRect(x + r, y, w - 2 * r, 1, c);
  s.fillRect(x + r, y + h - 1, w - 2 * r, 1, c);
  s.fillRect(x, y + r, 1, h - 2 * r, c);
  s.fillRect(x + w - 1, y + r, 1, h - 2 * r, c);
  drawCircleCorners(s, x + r, y + r, r, 1, c);
  drawCircleCorners(s, x + w - r - 1, y + r, r, 2, c);
  drawCircleCorners(s, x + w - r - 1, y + h - r - 1, r, 4, c);
  drawCircleCorners(s, x + r, y + h - r - 1, r, 8, c);
}

/** Filled triangle by horizontal spans (the firmware's integer algorithm, C division). */
export function fillTriangle(
  s: Surface,
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  c: number,
): void {
  // sort by y: (x0, y0) top … (x2, y2) bottom
  let pts = [
    [ax, ay],
    [bx, by],
    [cx, cy],
  ] as [number, number][];
  if (pts[0]![1] > pts[1]![1]) pts = [pts[1]!, pts[0]!, pts[2]!];
  if (pts[1]![1] > pts[2]![1]) pts = [pts[0]!, pts[2]!, pts[1]!];
  if (pts[0]![1] > pts[1]![1]) pts = [pts[1]!, pts[0]!, pts[2]!];
  const [[x0, y0], [x1, y1], [x2, y2]] = pts as [[number, number], [number, number], [number, number]];
  const span = (a: number, b: number, y: number): void => {
    if (a > b) [a, b] = [b, a];
    s.fillRect(a, y, b - a + 1, 1, c);
  };
  if (y0 === y2) {
    span(Math.min(x0, x1, x2), Math.max(x0, x1, x2), y0);
    return;
  }
  const dx01 = x1 - x0;
  const dy01 = y1 - y0 || 1;
  const dx02 = x2 - x0;
  const dy02 = y2 - y0 || 1;
  const dx12 = x2 - x1;
  const dy12 = y2 - y1 || 1;
  let sa = 0;
  let sb = 0;
  const last = y1 === y2 ? y1 : y0 === y1 ? y0 : y1 - 1;
  let y = y0;
  for (; y <= last; y++) {
    span(x0 + Math.trunc(sa / dy01), x0 + Math.trunc(sb / dy02), y);
    sa += dx01;
    sb += dx02;
  }
  sa = dx12 * (y - y1);
  sb = dx02 * (y - y0);
  for (; y <= y2; y++) {
    span(x1 + Math.trunc(sa / dy12), x0 + Math.trunc(sb / dy02), y);
    sa += dx12;
    sb += dx02;
  }
}
