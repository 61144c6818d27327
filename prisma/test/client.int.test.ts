// createPrismaClient: queries run through adapter-pg on a bounded pool with timeouts.
import { testDatabaseUrl } from '@badge/testing';
import { describe, expect, it } from 'vitest';
import {
  createPrismaClient,
  databaseErrorInfo,
  isCheckViolation,
  isUniqueViolation,
  poolStats,
  sqlDatabase,
} from '../src/index.js';

describe('createPrismaClient', () => {
  it('runs queries on the test database and reports pool occupancy', async () => {
    const prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 3 });
    try {
      const [row] = await prisma.$queryRaw<
        Array<{ db: string }>
      >`SELECT current_database()::text AS db`;
      expect(row?.db).toMatch(/^badge_test_/);
      expect(await prisma.permission.count()).toBe(36);
      expect(poolStats(prisma)).toMatchObject({ max: 3, waiting: 0 });
      expect(poolStats(prisma)?.total).toBeGreaterThanOrEqual(1);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('applies the statement timeout on the server', async () => {
    const prisma = createPrismaClient({
      url: testDatabaseUrl(),
      poolMax: 1,
      statementTimeoutMs: 200,
    });
    try {
      const started = Date.now();
      const error = await prisma.$executeRaw`SELECT pg_sleep(5)`.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(databaseErrorInfo(error)?.sqlState).toBe('57014'); // query_canceled
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('fails fast when the pool is exhausted instead of waiting forever', async () => {
    const prisma = createPrismaClient({
      url: testDatabaseUrl(),
      poolMax: 1,
      connectionTimeoutMillis: 300,
    });
    try {
      await prisma.$queryRaw`SELECT 1`; // connect
      // The only connection is busy for 1.5 s; a second query cannot get one within 300 ms.
      // (Prisma queries are lazy: .then() starts it)
      const busy = prisma.$executeRaw`SELECT pg_sleep(1.5)`.then(() => 'done');
      await expect.poll(() => poolStats(prisma)).toMatchObject({ total: 1, idle: 0 });
      const started = Date.now();
      await expect(prisma.$queryRaw`SELECT 1`).rejects.toThrow(/timeout/i);
      expect(Date.now() - started).toBeLessThan(1_200);
      expect(await busy).toBe('done');
    } finally {
      await prisma.$disconnect();
    }
  });

  it('survives the server ending an idle connection, also before Prisma itself connected', async () => {
    // plain SQL (sql.ts) may be the pool's first user; pg reports an idle connection's error on
    // the pool, and an 'error' event nobody listens to would crash the process
    const applicationName = `pool-error-${Date.now()}`;
    const errors: Error[] = [];
    const prisma = createPrismaClient({
      url: testDatabaseUrl(),
      poolMax: 1,
      applicationName,
      onPoolError: (error) => errors.push(error),
    });
    const admin = createPrismaClient({ url: testDatabaseUrl(), poolMax: 1 });
    try {
      await sqlDatabase(prisma).transaction((sql) => sql.query('SELECT 1'));
      expect(poolStats(prisma)).toMatchObject({ total: 1, idle: 1 });
      await admin.$queryRaw`SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
                             WHERE application_name = ${applicationName}`;
      await expect.poll(() => errors.length).toBe(1);
      expect(databaseErrorInfo(errors[0])?.sqlState).toBe('57P01'); // admin_shutdown
      // the broken connection left the pool; the next transaction gets a new one
      await expect.poll(() => poolStats(prisma)?.total).toBe(0);
      const { rows } = await sqlDatabase(prisma).transaction((sql) =>
        sql.query<{ one: number }>('SELECT 1 AS one'),
      );
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await prisma.$disconnect();
      await admin.$disconnect();
    }
  });

  it('rejects a nonsensical pool size', () => {
    expect(() => createPrismaClient({ url: testDatabaseUrl(), poolMax: 0 })).toThrow(RangeError);
  });
});

describe('error classification', () => {
  it('does not mistake ordinary errors for database errors', () => {
    for (const error of [new Error('boom'), undefined, null, 'text', { code: 'P2002' }]) {
      expect(isUniqueViolation(error)).toBe(false);
      expect(isCheckViolation(error)).toBe(false);
      expect(databaseErrorInfo(error)).toBeUndefined();
    }
  });
});
