// A suite that needs the built course fails, saying what is missing and how to build it, instead
// of being skipped into green when dist/ (or a page or file it needs) is absent.
import { beforeAll, expect, it } from 'vitest';

/**
 * Call first inside a `describe`: adds a test that `what` is in the build, and makes every other
 * test of the suite fail with the same message when it is not.
 * @param present Whether the build has it (computed at collection time, as the suite's pages are).
 * @param what What the suite needs, e.g. "a page with a playground".
 */
export function requireBuilt(present: boolean, what: string): void {
  const message = `${what}: not in the build (dist/). Run \`npx astro build\` first; these tests fail rather than pass empty`;
  it(`has ${what} in the build`, () => {
    expect(present, message).toBe(true);
  });
  beforeAll(() => {
    if (!present) throw new Error(message);
  });
}
