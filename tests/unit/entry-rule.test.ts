// The lint rule behind "One entry per folder" (README): from outside a runtime folder only its
// index.ts (or node.ts, never from page code) may be imported; tests may use its testing/ helpers.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The entry rule's messages (static imports, and dynamic ones) ESLint gives `code` as if it were the file at `path`. */
async function entryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('one entry per runtime folder', () => {
  it('refuses an import of another folder’s internal file, and says what to do', async () => {
    const errors = await entryErrors(
      'site/runtime/board/new-file.ts',
      "import { ManualClock } from '../netsim/clock.ts';\nexport const c = new ManualClock();\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/through its index\.ts/);
    expect(
      await entryErrors(
        'site/playground/new-file.ts',
        "export type { Scenario } from '../runtime/scenario/format.ts';\n",
      ),
    ).toHaveLength(1);
    expect(
      await entryErrors(
        'tests/unit/new.test.ts',
        "export { runScenario } from '../../site/runtime/runner/run-node.ts';\n",
      ),
    ).toHaveLength(1);
  });

  it('lets index.ts, node.ts, a folder’s own files and (in tests) testing/ through', async () => {
    expect(
      await entryErrors(
        'site/runtime/board/new-file.ts',
        "export { ManualClock } from '../netsim/index.ts';\n",
      ),
    ).toEqual([]);
    expect(
      await entryErrors(
        'site/runtime/exercise/new-file.ts',
        "export { runScenario } from '../runner/node.ts';\n",
      ),
    ).toEqual([]);
    expect(
      await entryErrors('site/runtime/netsim/new-file.ts', "export { ManualClock } from './clock.ts';\n"),
    ).toEqual([]);
    expect(
      await entryErrors(
        'site/runtime/exercise/new.test.ts',
        "export { drawOnBoard } from '../board/testing/board-harness.ts';\n",
      ),
    ).toEqual([]);
    expect(
      await entryErrors(
        'site/runtime/exercise/new-file.ts',
        "export { drawOnBoard } from '../board/testing/board-harness.ts';\n",
      ),
    ).toHaveLength(1);
  });

  it('keeps page code off the Node entries', async () => {
    const errors = await entryErrors(
      'site/playground/new-file.ts',
      "export { loadNodeGlyphs } from '../runtime/board/node.ts';\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/browser/);
  });

  it('enters relay-server/src/’s parts through their index.ts, except from relay-server’s own tests', async () => {
    const outside = await entryErrors(
      'site/playground/new-file.ts',
      "export { SUBPROTOCOL } from '../../relay-server/src/protocol/codec.ts';\n",
    );
    expect(outside).toHaveLength(1);
    expect(outside[0]).toMatch(/relay-server\/src\/ through its index\.ts/);
    expect(
      await entryErrors(
        'bench/lib/new-file.ts',
        "export { createRelay } from '../../relay-server/src/server/server.ts';\n",
      ),
    ).toHaveLength(1);
    expect(
      await entryErrors(
        'relay-server/src/server/new-file.ts',
        "export { Session } from '../relay/session.ts';\n",
      ),
    ).toHaveLength(1);
    expect(
      await entryErrors(
        'site/playground/new-file.ts',
        "export { SUBPROTOCOL } from '../../relay-server/src/protocol/index.ts';\n",
      ),
    ).toEqual([]);
    expect(
      await entryErrors(
        'relay-server/src/server/new-file.ts',
        "export { Session } from '../relay/index.ts';\n",
      ),
    ).toEqual([]);
    expect(
      await entryErrors('relay-server/test/new.test.ts', "export { main } from '../src/cli/cli-serve.ts';\n"),
    ).toEqual([]);
    expect(
      await entryErrors(
        'relay-server/src/cli/new-file.ts',
        "export { runScenario } from '../../../site/runtime/runner/run-node.ts';\n",
      ),
    ).toHaveLength(1);
  });

  it('checks dynamic import() with a literal path (or a template without expressions) the same way', async () => {
    const inside = await entryErrors(
      'site/runtime/board/new-file.ts',
      "export const a = await import('../netsim/clock.ts');\nexport const b = await import(`../netsim/clock.ts`);\n",
    );
    expect(inside).toHaveLength(2);
    expect(inside[0]).toMatch(/through its index\.ts/);
    const page = await entryErrors(
      'site/playground/new-file.ts',
      "export const g = () => import('../runtime/board/node.ts');\n",
    );
    expect(page).toHaveLength(1);
    expect(page[0]).toMatch(/browser/);
    expect(
      await entryErrors(
        'bench/lib/new-file.ts',
        "export const r = () => import('../../relay-server/src/server/server.ts');\n",
      ),
    ).toHaveLength(1);
    expect(
      await entryErrors(
        'site/runtime/board/new-file.ts',
        "export const a = await import('../netsim/index.ts');\nexport const b = await import('./oled.ts');\n",
      ),
    ).toEqual([]);
    expect(
      await entryErrors(
        'site/runtime/exercise/new.test.ts',
        "export const h = await import('../board/testing/board-harness.ts');\n",
      ),
    ).toEqual([]);
  });
});
