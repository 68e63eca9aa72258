// Lint rules for all JS/TS in the repo: typescript-eslint's recommended set, zero warnings allowed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// One entry per runtime folder (README "One entry per folder"): from outside site/runtime/<folder>/,
// import its index.ts (anywhere) or its node.ts (Node only), never another of its files. Tests may
// also use a folder's testing/ helpers. Page code never imports a node.ts.
const RUNTIME_FOLDERS = 'board|cli|exercise|netsim|python|runner|scenario';
const ENTRY_MESSAGE =
  'Import a runtime folder through its index.ts (or node.ts for Node-only code); if it lacks what you need, export it there.';
const bypass = (allowTesting) => ({
  regex: `^\\.\\.?/(.*/)?(${RUNTIME_FOLDERS})/(?!(index|node)\\.ts$)${allowTesting ? '(?!testing/)' : ''}`,
  message: ENTRY_MESSAGE,
});
const nodeEntry = {
  regex: `^\\.\\.?/(.*/)?(${RUNTIME_FOLDERS})/node\\.ts$`,
  message: 'Page code runs in the browser: import the folder’s index.ts, not its Node entry (node.ts).',
};
// The same for relay-server/src/'s parts (its README "Files"): from outside relay-server/, enter
// protocol/, relay/ and server/ through their index.ts (cli/ has none: only the launcher runs it);
// inside src/, one part enters another through its index.ts too. relay-server's tests (test/ and
// *.test.ts) may import any of its files, and its site/runtime/ imports follow the runtime rule.
const RELAY_FOLDERS = 'protocol|relay|server|cli';
const RELAY_MESSAGE =
  'Import a part of relay-server/src/ through its index.ts; if it lacks what you need, export it there.';
const relayBypass = {
  regex: `^\\.\\.?/(.*/)?relay-server/src/(${RELAY_FOLDERS})/(?!index\\.ts$)`,
  message: RELAY_MESSAGE,
};
const relayCrossing = { regex: `^\\.\\./(${RELAY_FOLDERS})/(?!index\\.ts$)`, message: RELAY_MESSAGE };
const runtimeFromRelay = {
  regex: `^\\.\\.?/(.*/)?site/runtime/(${RUNTIME_FOLDERS})/(?!(index|node)\\.ts$)`,
  message: ENTRY_MESSAGE,
};
// no-restricted-imports sees only static imports: the same patterns, for `import('…')` with a
// literal path (or a template without expressions), through no-restricted-syntax. A computed
// path cannot be checked. esquery's regex literals may not hold a '/': it is written \x2F.
const dynamicImports = (patterns) => [
  'error',
  ...patterns.flatMap(({ regex, message }) => {
    const re = `/${regex.replaceAll('/', '\\x2F')}/`;
    return [
      { selector: `ImportExpression[source.value=${re}]`, message },
      {
        selector: `ImportExpression > TemplateLiteral.source[expressions.length=0][quasis.0.value.cooked=${re}]`,
        message,
      },
    ];
  }),
];
/** Both rules for one set of patterns. */
const entryRules = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
  'no-restricted-syntax': dynamicImports(patterns),
});
const ENTRY_FILES = [
  'site/**/*.{ts,mjs,js}',
  'tests/**/*.ts',
  'bench/**/*.ts',
  'relay-server/**/*.ts',
  '*.{ts,mjs}',
];
const TEST_FILES = ['**/*.test.ts', '**/testing/**/*.ts', 'tests/**/*.ts'];
const PAGE_FILES = ['site/playground/**/*.ts', 'site/exercise-page/**/*.ts', 'site/offline/**/*.ts'];

export default tseslint.config(
  {
    ignores: ['dist/**', '.astro/**', 'node_modules/**', 'bench/out/**', '.scratch/**', '**/*.astro'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ENTRY_FILES,
    rules: entryRules([bypass(false), relayBypass]),
  },
  {
    files: TEST_FILES,
    rules: entryRules([bypass(true), relayBypass]),
  },
  {
    files: PAGE_FILES,
    ignores: TEST_FILES,
    rules: entryRules([bypass(false), nodeEntry, relayBypass]),
  },
  {
    files: ['relay-server/**/*.ts'],
    rules: entryRules([runtimeFromRelay]),
  },
  {
    files: ['relay-server/src/**/*.ts'],
    ignores: TEST_FILES,
    rules: entryRules([runtimeFromRelay, relayCrossing]),
  },
);
