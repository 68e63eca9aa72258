// Reads what rasterizing needs from TrueType tables: cmap (formats 4 and 12), hmtx, loca and glyf.

import { FontFormatError } from './woff.ts';

/** One outline point in font units; `on` is false for a quadratic control point. */
export interface OutlinePoint {
  x: number;
  y: number;
  on: boolean;
}

/** A glyph outline: closed contours of points, in font units (y up). */
export type Outline = OutlinePoint[][];

const MAX_COMPOSITE_DEPTH = 8;

function need(tables: Map<string, Uint8Array>, tag: string): DataView {
  const data = tables.get(tag);
  if (!data)
    throw new FontFormatError(
      `The font has no '${tag}' table; a TrueType font with glyf outlines is needed.`,
    );
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

/** A parsed TrueType font: code point → glyph id → advance and outline. */
export class TrueTypeFont {
  /** Font units per em (Unifont: 1024, so one 16-px pixel is 64 units). */
  readonly unitsPerEm: number;
  /** Typographic ascender in font units (Unifont: 896, i.e. 14 px above the baseline). */
  readonly ascender: number;
  #cmap = new Map<number, number>();
  #hmtx: DataView;
  #hMetricCount: number;
  #loca: DataView;
  #longLoca: boolean;
  #glyf: DataView;
  #glyphCount: number;

  constructor(tables: Map<string, Uint8Array>) {
    const head = need(tables, 'head');
    const hhea = need(tables, 'hhea');
    this.unitsPerEm = head.getUint16(18);
    this.#longLoca = head.getInt16(50) === 1;
    this.ascender = hhea.getInt16(4);
    this.#hMetricCount = hhea.getUint16(34);
    this.#glyphCount = need(tables, 'maxp').getUint16(4);
    this.#hmtx = need(tables, 'hmtx');
    this.#loca = need(tables, 'loca');
    this.#glyf = need(tables, 'glyf');
    this.#readCmap(need(tables, 'cmap'));
  }

  /** Glyph id for a code point, or 0 (.notdef) when the font does not map it. */
  glyphIndex(cp: number): number {
    return this.#cmap.get(cp) ?? 0;
  }

  /** Every code point the font maps. */
  codePoints(): IterableIterator<number> {
    return this.#cmap.keys();
  }

  /** Horizontal advance of a glyph, in font units. */
  advance(gid: number): number {
    const index = Math.min(gid, this.#hMetricCount - 1);
    return this.#hmtx.getUint16(index * 4);
  }

  /** The glyph's outline (composites flattened, offsets and scales applied); empty for blank glyphs. */
  outline(gid: number, depth = 0): Outline {
    if (gid < 0 || gid >= this.#glyphCount) return [];
    const start = this.#locaAt(gid);
    const end = this.#locaAt(gid + 1);
    if (end <= start) return [];
    const contourCount = this.#glyf.getInt16(start);
    if (contourCount >= 0) return this.#simpleOutline(start, contourCount);
    if (depth >= MAX_COMPOSITE_DEPTH) throw new FontFormatError(`Composite glyph ${gid} nests too deeply.`);
    return this.#compositeOutline(start, depth);
  }

  #locaAt(gid: number): number {
    return this.#longLoca ? this.#loca.getUint32(gid * 4) : this.#loca.getUint16(gid * 2) * 2;
  }

  #readCmap(cmap: DataView): void {
    const count = cmap.getUint16(2);
    let format4 = -1;
    let format12 = -1;
    for (let i = 0; i < count; i++) {
      const platform = cmap.getUint16(4 + i * 8);
      const encoding = cmap.getUint16(6 + i * 8);
      const offset = cmap.getUint32(8 + i * 8);
      const format = cmap.getUint16(offset);
      const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
      if (!unicode) continue;
      if (format === 12) format12 = offset;
      else if (format === 4) format4 = offset;
    }
    if (format12 >= 0) this.#readFormat12(cmap, format12);
    else if (format4 >= 0) this.#readFormat4(cmap, format4);
    else throw new FontFormatError('The font has no Unicode cmap subtable (format 4 or 12).');
  }

  #readFormat12(cmap: DataView, offset: number): void {
    const groups = cmap.getUint32(offset + 12);
    for (let i = 0; i < groups; i++) {
      const at = offset + 16 + i * 12;
      const first = cmap.getUint32(at);
      const last = cmap.getUint32(at + 4);
      const gid = cmap.getUint32(at + 8);
      for (let cp = first; cp <= last; cp++) this.#cmap.set(cp, gid + cp - first);
    }
  }

  #readFormat4(cmap: DataView, offset: number): void {
    const segments = cmap.getUint16(offset + 6) / 2;
    const ends = offset + 14;
    const starts = ends + segments * 2 + 2;
    const deltas = starts + segments * 2;
    const rangeOffsets = deltas + segments * 2;
    for (let s = 0; s < segments; s++) {
      const last = cmap.getUint16(ends + s * 2);
      const first = cmap.getUint16(starts + s * 2);
      const delta = cmap.getInt16(deltas + s * 2);
      const rangeAt = rangeOffsets + s * 2;
      const rangeOffset = cmap.getUint16(rangeAt);
      for (let cp = first; cp <= last && cp !== 0xffff; cp++) {
        let gid: number;
        if (rangeOffset === 0) gid = (cp + delta) & 0xffff;
        else {
          const raw = cmap.getUint16(rangeAt + rangeOffset + (cp - first) * 2);
          gid = raw === 0 ? 0 : (raw + delta) & 0xffff;
        }
        if (gid !== 0) this.#cmap.set(cp, gid);
      }
    }
  }

  #simpleOutline(start: number, contourCount: number): Outline {
    const glyf = this.#glyf;
    const ends: number[] = [];
    let at = start + 10;
    for (let i = 0; i < contourCount; i++, at += 2) ends.push(glyf.getUint16(at));
    const pointCount = contourCount === 0 ? 0 : (ends[contourCount - 1] ?? -1) + 1;
    at += 2 + glyf.getUint16(at); // skip instructions
    const flags = new Uint8Array(pointCount);
    for (let i = 0; i < pointCount;) {
      const flag = glyf.getUint8(at++);
      flags[i++] = flag;
      if (flag & 8) for (let repeat = glyf.getUint8(at++); repeat > 0; repeat--) flags[i++] = flag;
    }
    const xs = new Int32Array(pointCount);
    const ys = new Int32Array(pointCount);
    for (const [coords, short, same] of [
      [xs, 2, 16],
      [ys, 4, 32],
    ] as const) {
      let value = 0;
      for (let i = 0; i < pointCount; i++) {
        const flag = flags[i] ?? 0;
        if (flag & short) {
          const delta = glyf.getUint8(at++);
          value += flag & same ? delta : -delta;
        } else if (!(flag & same)) {
          value += glyf.getInt16(at);
          at += 2;
        }
        coords[i] = value;
      }
    }
    const outline: Outline = [];
    let first = 0;
    for (const end of ends) {
      const contour: OutlinePoint[] = [];
      for (let i = first; i <= end; i++)
        contour.push({ x: xs[i] ?? 0, y: ys[i] ?? 0, on: ((flags[i] ?? 0) & 1) === 1 });
      outline.push(contour);
      first = end + 1;
    }
    return outline;
  }

  #compositeOutline(start: number, depth: number): Outline {
    const glyf = this.#glyf;
    const outline: Outline = [];
    let at = start + 10;
    for (;;) {
      const flags = glyf.getUint16(at);
      const component = glyf.getUint16(at + 2);
      at += 4;
      let dx = 0;
      let dy = 0;
      if (flags & 1) {
        dx = glyf.getInt16(at);
        dy = glyf.getInt16(at + 2);
        at += 4;
      } else {
        dx = glyf.getInt8(at);
        dy = glyf.getInt8(at + 1);
        at += 2;
      }
      if (!(flags & 2)) dx = dy = 0; // point-matching placement: not used by Unifont, placed at origin
      let [a, b, c, d] = [1, 0, 0, 1];
      const f2dot14 = (offset: number): number => glyf.getInt16(offset) / 16384;
      if (flags & 8) {
        a = d = f2dot14(at);
        at += 2;
      } else if (flags & 0x40) {
        a = f2dot14(at);
        d = f2dot14(at + 2);
        at += 4;
      } else if (flags & 0x80) {
        [a, b, c, d] = [f2dot14(at), f2dot14(at + 2), f2dot14(at + 4), f2dot14(at + 6)];
        at += 8;
      }
      for (const contour of this.outline(component, depth + 1)) {
        outline.push(
          contour.map((p) => ({ x: a * p.x + c * p.y + dx, y: b * p.x + d * p.y + dy, on: p.on })),
        );
      }
      if (!(flags & 0x20)) return outline;
    }
  }
}
