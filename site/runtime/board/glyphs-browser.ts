// Browser side of the font pipeline: fetches 64-code-point glyph blocks on demand (works in workers too).

import { blockFileName, blockOf, BLOCK_SIZE, decodeGlyphBlock } from './glyph-block.ts';
import { boardGlyphRule, type Glyph, type GlyphSource } from './glyph-source.ts';

/** Where the build puts the blocks, relative to the site's base. */
export const GLYPHS_ROUTE = '_udplab/glyphs/';

/** Printable ASCII: DispChar blocks 000–001, loaded up front so Latin DispChar never waits. */
export const ASCII_PRELOAD =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';

/** Fetches the bytes at a URL; rejects on any failure (HTTP errors included). */
export type FetchBytes = (url: string) => Promise<Uint8Array>;

/** Raised when a glyph block cannot be fetched; `ensure` can be called again to retry. */
export class GlyphFetchError extends Error {
  readonly code: 'GLYPHS_ERR_FETCH';
  readonly url: string;
  constructor(url: string, why: string) {
    super(
      `Could not load glyph block ${url} (${why}). The site build writes these files; check that ` +
        `astro.config.mjs lists the udplabGlyphs() integration and that baseUrl matches the site's base.`,
    );
    this.name = 'GlyphFetchError';
    this.code = 'GLYPHS_ERR_FETCH';
    this.url = url;
  }
}

interface FetchResponseLike {
  ok: boolean;
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

async function fetchWithGlobal(url: string): Promise<Uint8Array> {
  const fetchFn = (globalThis as unknown as { fetch?: (url: string) => Promise<FetchResponseLike> }).fetch;
  if (!fetchFn) throw new GlyphFetchError(url, 'this environment has no fetch()');
  let response: FetchResponseLike;
  try {
    response = await fetchFn(url);
  } catch (error) {
    throw new GlyphFetchError(url, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw new GlyphFetchError(url, `HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Options for {@link FetchGlyphSource}. */
export interface FetchGlyphOptions {
  /** URL of the block directory, ending in '/'. Default `'/' + GLYPHS_ROUTE` (pass `import.meta.env.BASE_URL + GLYPHS_ROUTE` under a base). */
  baseUrl?: string;
  /** How bytes are fetched. Default: the global `fetch`. */
  fetchBytes?: FetchBytes;
}

/**
 * Glyphs fetched block by block (≈0.1–1.5 KB each) as `ensure` asks for them; `glyph` answers from
 * what is loaded and returns null for the rest. Concurrent requests for a block share one fetch.
 */
export class FetchGlyphSource implements GlyphSource {
  #baseUrl: string;
  #fetchBytes: FetchBytes;
  #blocks = new Map<number, (Glyph | null)[]>();
  #pending = new Map<number, Promise<void>>();

  constructor(options: FetchGlyphOptions = {}) {
    this.#baseUrl = options.baseUrl ?? `/${GLYPHS_ROUTE}`;
    this.#fetchBytes = options.fetchBytes ?? fetchWithGlobal;
  }

  /** Number of blocks loaded so far. */
  get loadedBlocks(): number {
    return this.#blocks.size;
  }

  glyph(cp: number): Glyph | null {
    const rule = boardGlyphRule(cp);
    if (rule !== undefined) return rule;
    return this.#blocks.get(blockOf(cp))?.[cp % BLOCK_SIZE] ?? null;
  }

  /** Loads every block `text` needs. Rejects with GlyphFetchError if one cannot be fetched. */
  async ensure(text: string): Promise<void> {
    const needed = new Set<number>();
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (boardGlyphRule(cp) === undefined && !this.#blocks.has(blockOf(cp))) needed.add(blockOf(cp));
    }
    await Promise.all([...needed].map((block) => this.#load(block)));
  }

  #load(block: number): Promise<void> {
    let pending = this.#pending.get(block);
    if (!pending) {
      const url = this.#baseUrl + blockFileName(block);
      pending = this.#fetchBytes(url)
        .then((bytes) => {
          this.#blocks.set(block, decodeGlyphBlock(bytes, block));
        })
        .finally(() => this.#pending.delete(block));
      this.#pending.set(block, pending);
    }
    return pending;
  }
}

/** A FetchGlyphSource with printable ASCII already loaded (two small requests). */
export async function loadBrowserGlyphs(options: FetchGlyphOptions = {}): Promise<FetchGlyphSource> {
  const glyphs = new FetchGlyphSource(options);
  await glyphs.ensure(ASCII_PRELOAD);
  return glyphs;
}
