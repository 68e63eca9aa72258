// Node entry of the Python runtime: what the build does with the interpreters' files (stored
// standard library, brotli/gzip twins). Programs run through `index.ts` in Node and in the page.

export {
  COMPRESSED_TWINS,
  TWIN_ENCODINGS,
  ZipRepackError,
  compressedOf,
  storedStdlib,
  storedZip,
  type TwinEncoding,
} from './precompress.ts';
export { courseStdlib } from './stdlib-course.ts';
export { SNAPSHOT_LEFT_OUT, SNAPSHOT_TRIM } from './snapshot-trim.ts';
