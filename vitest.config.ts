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
];

export default defineConfig({
  resolve: { conditions: ['@badge/source', 'module', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['@badge/source', 'node', 'import', 'default'] } },
  test: {
    env: { TZ: 'UTC' },
    projects: PROJECTS.map((dir) => ({
      extends: true,
      test: {
        name: dir,
        root: dir,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
        exclude: ['**/node_modules/**', '**/dist/**', '**/.next/**'],
      },
    })),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
