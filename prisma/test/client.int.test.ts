// createPrismaClient: queries run through adapter-pg on a bounded pool with timeouts.
import net from 'node:net';
import { testDatabaseUrl } from '@badge/testing';
import { describe, expect, it } from 'vitest';
import {
  createPrismaClient,
  databaseErrorInfo,
  isCheckViolation,
  isDatabaseUnavailable,
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
      const exhausted = await prisma.$queryRaw`SELECT 1`.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(String(exhausted)).toMatch(/timeout/i);
      expect(isDatabaseUnavailable(exhausted)).toBe(true); // no connection: wait, not the DLQ
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

  it('fails a plain SQL transaction whose connection is lost, without crashing the process', async () => {
    const applicationName = `sql-lost-${Date.now()}`;
    const prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 2, applicationName });
    const admin = createPrismaClient({ url: testDatabaseUrl(), poolMax: 1 });
    const terminate = () =>
      admin.$queryRaw`SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity
                       WHERE application_name = ${applicationName}`;
    const sql = sqlDatabase(prisma);
    try {
      // during a statement
      // (settled at once: a rejection before the test looks at it must not count as unhandled)
      const during = sql
        .transaction((tx) => tx.query('SELECT pg_sleep(5)'))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      await expect.poll(() => poolStats(prisma)?.idle === 0 && poolStats(prisma)?.total).toBe(1);
      await new Promise((r) => setTimeout(r, 200)); // the sleep is running
      await terminate();
      const lost = await during;
      expect(lost).toMatchObject({ code: '57P01' });
      expect(isDatabaseUnavailable(lost)).toBe(true);
      // between two statements
      let release!: () => void;
      const paused = new Promise<void>((r) => (release = r));
      let started = false;
      const between = sql
        .transaction(async (tx) => {
          await tx.query('SELECT 1');
          started = true;
          await paused;
          return tx.query('SELECT 2');
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      await expect.poll(() => started).toBe(true);
      await terminate();
      await new Promise((r) => setTimeout(r, 200)); // the client has seen its connection end
      release();
      const gone = await between;
      expect(gone).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(gone)).toBe(true);
      // both broken connections were discarded; the pool serves new ones
      await expect.poll(() => poolStats(prisma)?.total).toBe(0);
      const { rows } = await sql.transaction((tx) => tx.query<{ one: number }>('SELECT 1 AS one'));
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
  const failure = (p: PromiseLike<unknown>) =>
    Promise.resolve(p).then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e,
    );

  it('tells an unreachable database from a failing statement', async () => {
    // nothing listens on port 1: refused, through every path a worker uses
    const refused = createPrismaClient({
      url: 'postgresql://postgres@127.0.0.1:1/badge',
      connectionTimeoutMillis: 500,
    });
    // a server that accepts and never answers: the connect timeout
    const silent = net.createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const port = (silent.address() as net.AddressInfo).port;
    const hanging = createPrismaClient({
      url: `postgresql://postgres@127.0.0.1:${port}/badge`,
      connectionTimeoutMillis: 300,
    });
    const up = createPrismaClient({ url: testDatabaseUrl(), poolMax: 1, statementTimeoutMs: 100 });
    try {
      const unavailable = [
        await failure(refused.permission.count()),
        await failure(refused.$queryRaw`SELECT 1`),
        await failure(refused.$transaction((tx) => tx.permission.count())),
        await failure(sqlDatabase(refused).transaction((sql) => sql.query('SELECT 1'))),
        await failure(hanging.$queryRaw`SELECT 1`),
        await failure(sqlDatabase(hanging).transaction((sql) => sql.query('SELECT 1'))),
      ];
      for (const error of unavailable)
        expect(isDatabaseUnavailable(error), String(error)).toBe(true);
      const statementFailures = [
        await failure(up.$queryRaw`SELECT 1 / 0`), // 22012
        await failure(up.$executeRawUnsafe('SELEC 1')), // 42601
        await failure(up.$executeRaw`SELECT pg_sleep(1)`), // 57014, the statement timeout
        await failure(sqlDatabase(up).transaction((sql) => sql.query('SELECT 1 / 0'))),
        new RangeError('Invalid time value'),
        new Error('boom'),
        undefined,
      ];
      for (const error of statementFailures)
        expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    } finally {
      await refused.$disconnect();
      await hanging.$disconnect();
      await up.$disconnect();
      silent.close();
    }
  });

  it('does not mistake ordinary errors for database errors', () => {
    for (const error of [new Error('boom'), undefined, null, 'text', { code: 'P2002' }]) {
      expect(isUniqueViolation(error)).toBe(false);
      expect(isCheckViolation(error)).toBe(false);
      expect(databaseErrorInfo(error)).toBeUndefined();
    }
  });
});
