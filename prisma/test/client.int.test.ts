// createPrismaClient: queries run through adapter-pg on a bounded pool with timeouts.
import { testDatabaseUrl } from '@badge/testing';
import { describe, expect, it } from 'vitest';
import {
  createPrismaClient,
  databaseErrorInfo,
  isCheckViolation,
  isUniqueViolation,
  poolStats,
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
