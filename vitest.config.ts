import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = { '@': path.resolve(import.meta.dirname) };
const withPostgres = !!process.env.TEST_DATABASE_URL;

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node', sequence: { groupOrder: 0 } },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          environment: 'node',
          // Files in one worker share one in-memory PGlite (creating one costs ~3 s and ~800 MB).
          pool: 'forks',
          isolate: false,
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Suites sign up many users from one (unknown) address and page through lists with one key; the throttles have their own tests.
          env: { TEST_DB_DRIVER: 'pglite', DATA_DIR: '.data-test', SIGNUPS_PER_IP_PER_HOUR: '1000000', API_RATE_LIMIT_PER_MINUTE: '100000000', RENDER_PRIORITY: 'normal' },
        },
      },
      ...(withPostgres
        ? [
            {
              resolve: { alias },
              test: {
                name: 'integration-pg',
                sequence: { groupOrder: 2 },
                include: ['tests/integration/**/*.test.{ts,tsx}'],
                environment: 'node',
                pool: 'forks' as const,
                isolate: false,
                maxWorkers: 2,
                testTimeout: 60_000,
                hookTimeout: 120_000,
                globalSetup: ['tests/helpers/pg-global-setup.ts'],
                env: { TEST_DB_DRIVER: 'postgres', DATA_DIR: '.data-test', SIGNUPS_PER_IP_PER_HOUR: '1000000', API_RATE_LIMIT_PER_MINUTE: '100000000', RENDER_PRIORITY: 'normal' },
              },
            },
          ]
        : []),
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          sequence: { groupOrder: 3 },
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
