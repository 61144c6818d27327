// Test helpers shared by every package's integration tests.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import './provided-context.js';

export {
  createTestDatabase,
  migrateDeploy,
  runPrismaCli,
  seedDatabase,
  dropStaleTestDatabases,
  testDatabaseAdminUrl,
  DEFAULT_TEST_DATABASE_ADMIN_URL,
  TEST_DATABASE_PREFIX,
  type TestDatabase,
  type CreateTestDatabaseOptions,
} from './database.js';

/**
 * URL of this test project's migrated and seeded database (created by the global setup). Use it in
 * tests and beforeAll hooks.
 */
export function testDatabaseUrl(): string {
  const url = inject('databaseUrl');
  if (!url) {
    throw new Error(
      'No test database: this vitest project has no globalSetup from @badge/testing. Add it to the ' +
        'project in the root vitest.config.ts (DATABASE_PROJECTS).',
    );
  }
  return url;
}

/**
 * A unique id for test data, `<prefix>_<time base36>_<random hex>`, so tests running in parallel
 * on the shared database never collide (no truncation between tests).
 */
export function uniqueId(prefix = 'test'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(5).toString('hex')}`;
}

export {
  identities,
  startTestSubgraph,
  type GraphQLResponse,
  type TestSubgraph,
} from './subgraph.js';
