// The lint rule behind "One entry per folder" (README): from outside a runtime folder only its
// index.ts (or node.ts, never from page code) may be imported; tests may use its testing/ helpers.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

/** The no-restricted-imports messages ESLint gives `code` as if it were the file at `path`. */
async function entryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
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
});
