// Compiles the `udp-lab` command once (at `npm ci` / `npm run build`), so that `udp-lab serve` and
// `udp-lab run` start without compiling TypeScript: src/cli/cli.ts and everything it imports
// (relay-server/src/, site/runtime/ for `run` and `check`) bundled by esbuild into one ES module in
// node_modules/.cache/udp-lab/cli/, beside a manifest of its sources' SHA-256. bin/udp-lab.js runs
// that bundle only while every source still has its hash; else it runs the sources under tsx.
// Usage: node --import tsx relay-server/tools/compile-cli.ts [--if-possible]
//   --if-possible  a failure is a warning and exit status 0 (npm's `prepare`: `npm ci` never fails for it)
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the bundle and its manifest go; bin/udp-lab.js reads the same folder. */
export const COMPILED_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'udp-lab', 'cli');
const ENTRY = path.join(REPO_ROOT, 'relay-server/src/cli/cli.ts');
const SELF = fileURLToPath(import.meta.url);

/**
 * Dynamic imports whose specifier esbuild cannot see (a variable, so that Vite leaves the Node-only
 * side out of the page's bundle), written as literals for this bundle. The build fails when a text
 * is not found: the source moved on and this table must follow.
 */
const HIDDEN_IMPORTS: ReadonlyArray<{ file: string; text: string; literal: string }> = [
  {
    file: 'site/runtime/python/worker-spawn.ts',
    text: 'import(/* @vite-ignore */ specifier)',
    literal: "import('./worker-node.ts')",
  },
];

/** The manifest bin/udp-lab.js checks before it runs the bundle. */
export interface CompiledManifest {
  /** The bundle's file name in COMPILED_DIR (named by its hash, so a manifest always meets its own bundle). */
  bundle: string;
  esbuild: string;
  /** Every file the bundle was made from, relative to the repository (`/`-separated) → SHA-256 (hex). */
  inputs: Record<string, string>;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const posix = (file: string) => path.relative(REPO_ROOT, file).split(path.sep).join('/');

/**
 * Each module keeps the `import.meta.url` of its source file (a bundle has one for all): it reads
 * files beside it (the dashboard page, the shims, content/exercises/, dist/) and resolves packages
 * from there. The URL is written relative to the bundle, so a moved checkout keeps working.
 */
function sourceUrls(outDir: string): Plugin {
  return {
    name: 'udplab-source-urls',
    setup(b) {
      // A package's JSON (pyodide/package.json) goes into the bundle: Node 20 imports JSON only
      // with an import attribute, which tsx does without. Its hash joins the manifest like a source.
      b.onResolve({ filter: /^[^./].*\.json$/ }, (args) => ({
        path: createRequire(args.importer).resolve(args.path),
      }));
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        let contents = readFileSync(args.path, 'utf8');
        for (const hidden of HIDDEN_IMPORTS) {
          if (posix(args.path) !== hidden.file) continue;
          if (!contents.includes(hidden.text))
            throw new Error(
              `${hidden.file} no longer has \`${hidden.text}\`: update HIDDEN_IMPORTS in ${posix(SELF)}`,
            );
          contents = contents.replace(hidden.text, hidden.literal);
        }
        const relative = path.relative(outDir, args.path).split(path.sep).join('/');
        contents = contents.replace(
          /\bimport\.meta\.url\b/g,
          `new URL(${JSON.stringify(relative)}, import.meta.url).href`,
        );
        return { contents, loader: 'ts' };
      });
    },
  };
}

/** The tsconfig.json files between a source and the repository root (esbuild reads them too). */
function tsconfigsOf(files: string[]): string[] {
  const found = new Set<string>();
  for (const file of files) {
    for (let dir = path.dirname(file); dir.startsWith(REPO_ROOT); dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'tsconfig.json');
      if (existsSync(candidate)) found.add(candidate);
      if (dir === path.dirname(dir)) break;
    }
  }
  return [...found];
}

/** Bundles the command into `dir` (default COMPILED_DIR); resolves with the manifest written there. */
export async function compileCli(dir = COMPILED_DIR): Promise<CompiledManifest> {
  // Imported here, so that a missing esbuild is one more failure `--if-possible` turns into a warning.
  const { build, version: esbuildVersion } = await import('esbuild');
  // Split at the dynamic imports, as the sources are, so that `serve` loads none of `run`'s modules
  // and `run` none of the relay's. Built for a folder at the depth it will have (`<dir>/<hash>/`).
  const staging = path.join(dir, 'staging');
  const result = await build({
    entryPoints: { cli: ENTRY },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
    plugins: [sourceUrls(staging)],
  });
  // An import esbuild left to run time with a relative path would look for a .ts file beside the bundle.
  const unbundled = result.outputFiles
    .flatMap((f) => [...f.text.matchAll(/\bimport\(\s*([^)]*)\)/g)].map((m) => m[1]!.trim()))
    .filter((arg) => !/^["'](?:[^./"'][^"']*|\.\/[\w.-]+\.mjs)["']$/.test(arg));
  if (unbundled.length > 0)
    throw new Error(
      `the bundle would import at run time: ${unbundled.join(', ')} — make it a literal (HIDDEN_IMPORTS)`,
    );

  const sources = Object.keys(result.metafile.inputs).map((input) => path.resolve(REPO_ROOT, input));
  const inputs: Record<string, string> = {};
  for (const file of [...sources, ...tsconfigsOf(sources), SELF].sort())
    inputs[posix(file)] = sha256(readFileSync(file));
  const hash = sha256(result.outputFiles.map((f) => `${path.basename(f.path)}\0${f.text}`).join('\0')).slice(
    0,
    16,
  );
  const manifest: CompiledManifest = { bundle: `${hash}/cli.mjs`, esbuild: esbuildVersion, inputs };

  // The folder first, then the manifest naming it, each appearing whole (rename): a launcher
  // starting meanwhile runs the previous build or this one, never half of one.
  const target = path.join(dir, hash);
  if (!existsSync(target)) {
    const temp = path.join(dir, `${hash}.${process.pid}.tmp`);
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp, { recursive: true });
    for (const f of result.outputFiles) writeFileSync(path.join(temp, path.basename(f.path)), f.contents);
    renameSync(temp, target);
  }
  const manifestTemp = path.join(dir, `manifest.json.${process.pid}.tmp`);
  writeFileSync(manifestTemp, JSON.stringify(manifest, null, 1) + '\n');
  renameSync(manifestTemp, path.join(dir, 'manifest.json'));
  // Earlier builds: a process started from one still has its modules loaded (Node reads each chunk
  // at its first import, though — so keep the builds of the last hour).
  for (const name of readdirSync(dir)) {
    const old = path.join(dir, name);
    if (name === hash || name === 'manifest.json') continue;
    try {
      if (Date.now() - statSync(old).mtimeMs > 3_600_000) rmSync(old, { recursive: true, force: true });
    } catch {
      // removed meanwhile by another build
    }
  }
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const ifPossible = process.argv.includes('--if-possible');
  try {
    const started = performance.now();
    const manifest = await compileCli();
    console.log(
      `udp-lab: compiled the command (${Object.keys(manifest.inputs).length} sources) into ` +
        `${posix(path.join(COMPILED_DIR, path.dirname(manifest.bundle)))}/ in ${(performance.now() - started).toFixed(0)} ms`,
    );
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    if (!ifPossible) {
      console.error(`udp-lab: could not compile the command: ${why}`);
      process.exitCode = 1;
    } else {
      console.warn(
        `udp-lab: could not compile the command (${why}); \`udp-lab\` will run its TypeScript ` +
          `through tsx instead, which starts about a second slower. \`npm run build:cli\` tries again.`,
      );
    }
  }
}
