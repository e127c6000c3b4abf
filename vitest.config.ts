import { defineConfig } from 'vitest/config';

const AUDIT = 'tests/integration/dependency-audit.test.ts';

// Two projects: fast unit tests, and integration tests that start real servers and containers.
// Integration files run one at a time: they share the machine's two cores and the Docker engine.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // A few unit tests write and read real Parquet: seconds on a loaded 2-core machine, not 5.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: [AUDIT],
          fileParallelism: false,
          // Testcontainers' reaper (Ryuk) is an image it would pull, and build machines reach no container
          // registry: the cluster tests stop their own containers instead. A value set by the caller wins.
          env: { TESTCONTAINERS_RYUK_DISABLED: process.env.TESTCONTAINERS_RYUK_DISABLED ?? 'true' },
          testTimeout: 10 * 60_000,
          hookTimeout: 10 * 60_000,
        },
      },
      // `npm run test:audit`: needs the npm registry's advisory service, which this project's build and CI
      // machines cannot reach (it refuses the audit POST), so it is not part of `npm test`.
      {
        test: {
          name: 'audit',
          include: [AUDIT],
          testTimeout: 3 * 60_000,
        },
      },
    ],
  },
});
