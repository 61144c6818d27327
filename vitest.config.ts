import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One test run for the whole workspace: every package is a project. Packages resolve each other
// through the "@badge/source" export condition, so tests run against TypeScript sources with no
// build step. Integration tests get a freshly migrated database from packages/testing.
process.env.TZ = 'UTC';

const PROJECTS = [
  'packages/service-kit',
  'packages/kafka',
  'packages/devstack',
  'packages/testing',
  'packages/dev-oidc',
  'prisma',
  'proto',
  'subgraphs/badge',
  'subgraphs/rule',
  'subgraphs/benefit',
  'subgraphs/user',
  'gateway',
  'admin-web',
  'packages/ops-tests',
];

// Projects whose tests need PostgreSQL: each gets its own freshly migrated and seeded database
// from packages/testing's global setup (URL via `testDatabaseUrl()` from @badge/testing).
const DATABASE_PROJECTS = new Set([
  'prisma',
  'packages/testing',
  'packages/devstack',
  'subgraphs/badge',
  'subgraphs/rule',
  'subgraphs/benefit',
  'subgraphs/user',
]);
const DATABASE_GLOBAL_SETUP = fileURLToPath(
  new URL('./packages/testing/src/global-setup.ts', import.meta.url),
);

export default defineConfig({
  resolve: { conditions: ['@badge/source', 'module', 'node', 'import', 'default'] },
  // Vitest passes ssr conditions to Node as --conditions for the test workers; 'import' there makes
  // require() of dual packages (pg -> pg-pool) load their ESM build and crash. Vite applies
  // import/require/default by itself.
  ssr: { resolve: { conditions: ['@badge/source', 'node'] } },
  test: {
    env: { TZ: 'UTC' },
    projects: PROJECTS.map((dir) => ({
      extends: true,
      test: {
        name: dir,
        root: dir,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/dist/**', '**/.next/**', 'test/e2e/**'],
        ...(DATABASE_PROJECTS.has(dir) ? { globalSetup: [DATABASE_GLOBAL_SETUP] } : {}),
      },
    })).concat({
      // The console's browser tests: one platform, one `next build`, files one after another.
      extends: true,
      test: {
        name: 'admin-web/e2e',
        root: 'admin-web',
        include: ['test/e2e/**/*.e2e.test.ts'],
        exclude: ['**/node_modules/**'],
        fileParallelism: false,
        // Browser effects go through the gateway and Kafka: poll for them for up to 15 s.
        expect: { poll: { timeout: 15_000, interval: 100 } },
        testTimeout: 120_000,
        hookTimeout: 300_000,
      },
    }),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
