import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  dropStaleTestDatabases,
  testDatabaseAdminUrl,
  testDatabaseUrl,
  uniqueId,
} from '../src/index.js';

async function query<T extends pg.QueryResultRow>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const databaseExists = async (name: string) =>
  (await query(testDatabaseAdminUrl(), 'SELECT 1 FROM pg_database WHERE datname = $1', [name]))
    .length === 1;

describe('global setup', () => {
  it('provides a fresh, migrated and seeded database to the project', async () => {
    const url = testDatabaseUrl();
    const [row] = await query<{ db: string; permissions: number; migrations: number }>(
      url,
      `SELECT current_database() AS db,
              (SELECT count(*)::int FROM "user".permission) AS permissions,
              (SELECT count(*)::int FROM public._prisma_migrations WHERE finished_at IS NOT NULL) AS migrations`,
    );
    expect(row?.db).toMatch(/^badge_test_\d+_[0-9a-f]{8}$/);
    expect(row?.permissions).toBe(36);
    expect(row?.migrations).toBeGreaterThanOrEqual(1);
  });
});

describe('uniqueId', () => {
  it('is prefixed and never repeats', () => {
    const ids = Array.from({ length: 1000 }, () => uniqueId('grant'));
    expect(new Set(ids).size).toBe(1000);
    expect(ids[0]).toMatch(/^grant_[0-9a-z]+_[0-9a-f]{10}$/);
  });
});

describe('createTestDatabase', () => {
  it('creates an empty database of its own and drops it', async () => {
    const database = await createTestDatabase();
    try {
      expect(database.name).not.toBe(new URL(testDatabaseUrl()).pathname.slice(1));
      expect(await databaseExists(database.name)).toBe(true);
      const schemas = await query(
        database.url,
        `SELECT 1 FROM pg_namespace WHERE nspname IN ('badge', 'rule', 'benefit', 'user')`,
      );
      expect(schemas).toEqual([]);
    } finally {
      await database.drop();
    }
    expect(await databaseExists(database.name)).toBe(false);
    await database.drop(); // idempotent
  });

  it('can migrate the new database', async () => {
    const database = await createTestDatabase({ migrate: true });
    try {
      const [row] = await query<{ tables: number; permissions: number }>(
        database.url,
        `SELECT (SELECT count(*)::int FROM information_schema.tables WHERE table_schema = 'badge') AS tables,
                (SELECT count(*)::int FROM "user".permission) AS permissions`,
      );
      expect(row?.tables).toBeGreaterThan(0);
      expect(row?.permissions).toBe(0); // migrated, not seeded
    } finally {
      await database.drop();
    }
  });
});

describe('dropStaleTestDatabases', () => {
  it('drops test databases left behind long ago and keeps recent ones', async () => {
    const stale = `badge_test_1000_${randomBytes(4).toString('hex')}`;
    await query(testDatabaseAdminUrl(), `CREATE DATABASE "${stale}"`);
    const recent = await createTestDatabase();
    try {
      const dropped = await dropStaleTestDatabases();
      expect(dropped).toContain(stale);
      expect(await databaseExists(stale)).toBe(false);
      expect(await databaseExists(recent.name)).toBe(true);
    } finally {
      await recent.drop();
      await query(testDatabaseAdminUrl(), `DROP DATABASE IF EXISTS "${stale}" WITH (FORCE)`);
    }
  });
});
