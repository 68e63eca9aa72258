// Share links: a scenario's code and network settings, deflate-raw compressed and base64url, in the URL fragment.

import type { NetSettings } from './types.ts';

/** What a link carries. */
export interface SharedState {
  /** Playground (scenario) id. */
  id: string;
  /** File → code, for every program. */
  code: Record<string, string>;
  net: NetSettings;
}

const FRAGMENT_KEY = 'pg=';

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The URL (current page, new fragment) that reopens `state`. */
export async function encodeShareUrl(state: SharedState, base: string = location.href): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  const packed = await pipe(json, new CompressionStream('deflate-raw'));
  const url = new URL(base);
  url.hash = FRAGMENT_KEY + toBase64Url(packed);
  return url.href;
}

/** Reads a share fragment (`#pg=…`); null when there is none or it is damaged. */
export async function decodeShareHash(hash: string = location.hash): Promise<SharedState | null> {
  const at = hash.indexOf(FRAGMENT_KEY);
  if (at < 0) return null;
  try {
    const bytes = await pipe(
      fromBase64Url(hash.slice(at + FRAGMENT_KEY.length)),
      new DecompressionStream('deflate-raw'),
    );
    const state = JSON.parse(new TextDecoder().decode(bytes)) as SharedState;
    if (typeof state.id !== 'string' || typeof state.code !== 'object' || typeof state.net !== 'object')
      return null;
    return state;
  } catch {
    return null;
  }
}
