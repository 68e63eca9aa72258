// Two test projects: fast unit/integration tests in Node, and browser tests in Debian's Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'site/**/*.test.ts',
            'relay-server/**/*.test.{js,ts}',
            'tests/unit/**/*.test.ts',
            'tests/examples/**/*.test.ts',
            'tests/differential/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One browser at a time: each e2e file starts its own Chromium and server.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
