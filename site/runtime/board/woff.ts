// Unpacks the tables of a WOFF 1.0 file (or a bare TrueType sfnt) without any platform imports.

/** Inflates one zlib stream (WOFF 1.0 tables are zlib-compressed). Node: `zlib.inflateSync`. */
export type Inflate = (compressed: Uint8Array) => Uint8Array;

/** Raised when the font file is not what the reader expects; `code` is stable. */
export class FontFormatError extends Error {
  readonly code: 'FONT_ERR_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'FontFormatError';
    this.code = 'FONT_ERR_FORMAT';
  }
}

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const TRUETYPE_FLAVOURS = new Set([0x00010000, 0x74727565]); // 1.0, 'true'

function tagAt(view: DataView, offset: number): string {
  let tag = '';
  for (let i = 0; i < 4; i++) tag += String.fromCharCode(view.getUint8(offset + i));
  return tag;
}

/**
 * Returns the font's tables by tag ('cmap', 'glyf', …), decompressed.
 * Accepts WOFF 1.0 (not WOFF2: its glyf transform is not implemented) or a bare TrueType file.
 * @param inflate Needed for WOFF only.
 */
export function readFontTables(bytes: Uint8Array, inflate?: Inflate): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 12)
    throw new FontFormatError('Font file is shorter than a header: is the path right?');
  const signature = view.getUint32(0);
  const tables = new Map<string, Uint8Array>();
  if (signature === WOFF_SIGNATURE) {
    if (!TRUETYPE_FLAVOURS.has(view.getUint32(4))) {
      throw new FontFormatError('WOFF holds CFF outlines; only TrueType (glyf) outlines are supported.');
    }
    if (!inflate) throw new FontFormatError('A WOFF file needs an inflate function to unpack its tables.');
    const count = view.getUint16(12);
    for (let i = 0; i < count; i++) {
      const entry = 44 + i * 20;
      const tag = tagAt(view, entry);
      const offset = view.getUint32(entry + 4);
      const compLength = view.getUint32(entry + 8);
      const origLength = view.getUint32(entry + 12);
      const raw = bytes.subarray(offset, offset + compLength);
      const data = compLength < origLength ? inflate(raw) : raw;
      if (data.byteLength !== origLength) {
        throw new FontFormatError(
          `WOFF table ${tag} unpacked to ${data.byteLength} bytes, expected ${origLength}.`,
        );
      }
      tables.set(tag, data);
    }
    return tables;
  }
  if (TRUETYPE_FLAVOURS.has(signature)) {
    const count = view.getUint16(4);
    for (let i = 0; i < count; i++) {
      const entry = 12 + i * 16;
      const offset = view.getUint32(entry + 8);
      const length = view.getUint32(entry + 12);
      tables.set(tagAt(view, entry), bytes.subarray(offset, offset + length));
    }
    return tables;
  }
  throw new FontFormatError('Not a WOFF 1.0 or TrueType file (WOFF2 and OpenType/CFF are not supported).');
}
