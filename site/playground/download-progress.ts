// Byte progress for the interpreter downloads: the main thread fetches the big files first (into the HTTP
// cache the worker then reads from), counting bytes as they stream in.
import { COURSE_STDLIB, INTERPRETER_DIRS, SHIPPED_SNAPSHOT } from '../runtime/python/index.ts';

/**
 * The large files of each interpreter, relative to the asset base ('/_udplab/'), in the hashed
 * directories the build named (interpreter-dirs.ts). CPython's worker
 * restores the build's snapshot with the course's part of the standard library (the whole one
 * comes on demand, or when the worker boots from files without a snapshot).
 */
export const INTERPRETER_FILES: Readonly<Record<'cpython' | 'micropython', readonly string[]>> = {
  cpython: [`${INTERPRETER_DIRS.pyodide}pyodide.asm.wasm`, `${INTERPRETER_DIRS.pyodide}${COURSE_STDLIB}`],
  micropython: [`${INTERPRETER_DIRS.micropython}micropython.wasm`],
};

/**
 * CPython's memory snapshot, when the build ships one (it saves ≈ 5 s of booting on a first visit);
 * the page stores it after use, so later visits skip it. A 404 is not an error.
 */
export const CPYTHON_SNAPSHOT_FILE = `${INTERPRETER_DIRS.pyodide}${SHIPPED_SNAPSHOT}`;

/**
 * Fetches `urls` and reports the fraction received (0..1; null while no size is known).
 * Resolves when all are in; rejects on an HTTP error or a dropped connection, so the caller can
 * say why and offer a retry. A URL in `optional` that answers 404 counts as an empty file. The
 * bodies of the URLs in `keep` are returned (one copy; the others only go to the HTTP cache).
 * `onResponse` sees each good response before its body is read (to `clone()` it).
 */
export async function prefetchWithProgress(
  urls: readonly string[],
  onProgress: (fraction: number | null) => void,
  optional: ReadonlySet<string> = new Set(),
  keep: ReadonlySet<string> = new Set(),
  onResponse: (url: string, response: Response) => void = () => {},
): Promise<Map<string, Uint8Array>> {
  const kept = new Map<string, Uint8Array>();
  const sizes = new Map<string, number>();
  const received = new Map<string, number>();
  const report = () => {
    const total = [...sizes.values()].reduce((a, b) => a + b, 0);
    if (sizes.size < urls.length || total === 0) return onProgress(null);
    const got = [...received.values()].reduce((a, b) => a + b, 0);
    // A compressed Content-Length is smaller than what the stream yields: never claim 100 % early.
    onProgress(Math.min(0.99, got / total));
  };
  await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url);
      if (response.status === 404 && optional.has(url)) {
        sizes.set(url, 0);
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} for ${url}`);
      onResponse(url, response);
      // Our file server names the decoded size; elsewhere Content-Length is all there is.
      const decoded = Number(response.headers.get('X-Udplab-Decoded-Length') ?? 0);
      const length = decoded > 0 ? decoded : Number(response.headers.get('Content-Length') ?? 0);
      if (length > 0) sizes.set(url, length);
      const reader = response.body.getReader();
      const chunks: Uint8Array[] | null = keep.has(url) ? [] : null;
      let got = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks?.push(value);
        got += value.byteLength;
        received.set(url, got);
        report();
      }
      if (length <= 0) sizes.set(url, got);
      if (chunks) kept.set(url, joinChunks(chunks, got));
    }),
  );
  onProgress(1);
  return kept;
}

function joinChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const whole = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return whole;
}
