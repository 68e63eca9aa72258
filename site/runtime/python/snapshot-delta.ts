// The shipped snapshot as a delta against Pyodide's own wasm: the first MiBs of a memory snapshot
// are the wasm's data segments (≈3.8 MB: static strings, type objects, tables), most of them
// unchanged by the boot, so the build XORs them with the memory a fresh instance of the same
// module starts with. The unchanged bytes become zeros, and brotli sends that part in ≈55 KB
// instead of ≈1.3 MB. A worker undoes it with the module it compiles anyway (no extra download).
// Pyodide's own snapshots (made by a page or a Node run) stay as they are: no magic, no delta.

/** "UDPLABD1": a delta snapshot; Pyodide's own start with its magic and never with this. */
const MAGIC = [0x55, 0x44, 0x50, 0x4c, 0x41, 0x42, 0x44, 0x31] as const;
/** Magic, then the XORed length (u32 LE), then 4 bytes reserved; Pyodide's snapshot follows. */
export const DELTA_HEADER_BYTES = 16;

export function isDeltaSnapshot(bytes: Uint8Array): boolean {
  return bytes.byteLength > DELTA_HEADER_BYTES && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * The memory a fresh instance of `module` starts with: its data segments in place. Every import is
 * a stub (nothing runs: Emscripten's module has no start function, its constructors are called
 * from JavaScript), so this costs one instantiation and the module's initial memory, briefly.
 */
export function pristineMemory(module: WebAssembly.Module): Uint8Array {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  const stub = (): never => {
    throw new Error('UDPLAB_ERR_SNAPSHOT_DELTA: a stub import was called');
  };
  for (const { module: from, name, kind } of WebAssembly.Module.imports(module)) {
    const table = (imports[from] ??= {});
    if (kind === 'function') table[name] = stub;
    // Emscripten's imported globals are GOT entries: mutable i32.
    else if (kind === 'global') table[name] = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
    else throw new Error(`UDPLAB_ERR_SNAPSHOT_DELTA: cannot stub an imported ${kind} (${from}.${name})`);
  }
  const memory = new WebAssembly.Instance(module, imports).exports['memory'];
  if (!(memory instanceof WebAssembly.Memory))
    throw new Error('UDPLAB_ERR_SNAPSHOT_DELTA: the module exports no memory');
  return new Uint8Array(memory.buffer);
}

/** Offset of the memory in a Pyodide snapshot (its header's second u32). */
function memoryOffset(snapshot: Uint8Array): number {
  return new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength).getUint32(4, true);
}

/** Length of the part of `pristine` that is not zero (past it, XOR changes nothing). */
function dataEnd(pristine: Uint8Array): number {
  let end = pristine.length;
  while (end > 0 && pristine[end - 1] === 0) end--;
  return end;
}

/** Build side: Pyodide's snapshot → the delta form (a new array). */
export function encodeDelta(snapshot: Uint8Array, pristine: Uint8Array): Uint8Array {
  const end = dataEnd(pristine);
  const out = new Uint8Array(DELTA_HEADER_BYTES + snapshot.byteLength);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(8, end, true);
  out.set(snapshot, DELTA_HEADER_BYTES);
  xorInto(out.subarray(DELTA_HEADER_BYTES + memoryOffset(snapshot)), pristine, end);
  return out;
}

/** Worker side: the delta form → Pyodide's snapshot (a new array; `delta` may be shared memory). */
export function decodeDelta(delta: Uint8Array, pristine: Uint8Array): Uint8Array {
  const end = new DataView(delta.buffer, delta.byteOffset, delta.byteLength).getUint32(8, true);
  const snapshot = delta.slice(DELTA_HEADER_BYTES);
  const memory = snapshot.subarray(memoryOffset(snapshot));
  if (end > pristine.length || end > memory.length)
    throw new Error('UDPLAB_ERR_SNAPSHOT_DELTA: the snapshot was made against another Pyodide build');
  xorInto(memory, pristine, end);
  return snapshot;
}

function xorInto(target: Uint8Array, source: Uint8Array, length: number): void {
  // Four bytes at a time where both are aligned (they are: Pyodide's header is 4-aligned).
  const words = target.byteOffset % 4 === 0 && source.byteOffset % 4 === 0 ? length >>> 2 : 0;
  if (words) {
    const t = new Uint32Array(target.buffer, target.byteOffset, words);
    const s = new Uint32Array(source.buffer, source.byteOffset, words);
    for (let i = 0; i < words; i++) t[i]! ^= s[i]!;
  }
  for (let i = words * 4; i < length; i++) target[i]! ^= source[i]!;
}
