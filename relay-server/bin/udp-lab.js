#!/usr/bin/env node
// @ts-check
// The `udp-lab` command's launcher, and relay-server/'s one hand-written JavaScript file: npm's
// `bin` must be a file Node runs as it is. It runs the command compiled by tools/compile-cli.ts
// (`npm ci`, `npm run build`) when that is current — every source it was made from still has the
// SHA-256 its manifest records — and otherwise src/cli/cli.ts itself under tsx's loader (TypeScript
// in Node 20), so an edited source is never run stale. UDP_LAB_CLI=compiled insists on the compiled
// form (and says why it cannot), UDP_LAB_CLI=tsx on the sources.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';

const ROOT = new URL('../../', import.meta.url);
const COMPILED = new URL('node_modules/.cache/udp-lab/cli/', ROOT);

/** The compiled command's URL, or why it cannot run: not compiled, or a source changed since. */
function compiled() {
  /** @type {{ bundle: string, inputs: Record<string, string> }} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('manifest.json', COMPILED), 'utf8'));
  } catch {
    return { why: 'it is not compiled (npm run build:cli)' };
  }
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    let data;
    try {
      data = readFileSync(new URL(file, ROOT));
    } catch {
      return { why: `${file}, one of its sources, is gone since it was compiled (npm run build:cli)` };
    }
    if (createHash('sha256').update(data).digest('hex') !== hash)
      return { why: `${file} changed since it was compiled (npm run build:cli)` };
  }
  const bundle = new URL(manifest.bundle, COMPILED);
  if (!existsSync(bundle)) return { why: `its ${manifest.bundle} is gone (npm run build:cli)` };
  return { url: bundle.href };
}

const mode = process.env.UDP_LAB_CLI ?? '';
const found = mode === 'tsx' ? { why: 'UDP_LAB_CLI=tsx' } : compiled();
if (found.url) {
  await import(found.url);
} else if (mode === 'compiled') {
  console.error(`udp-lab: UDP_LAB_CLI=compiled, but the compiled command cannot run: ${found.why}.`);
  process.exitCode = 2;
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/cli.ts');
}
