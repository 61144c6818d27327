// Plain SQL on the Prisma client's own pg.Pool, for the few hot paths where the ORM's per-query
// cost dominates (the rule and badge workers' batch transactions; README, Performance).
// Same pool, so the same size, statement timeout and application name; repositories stay the only
// code that talks to the database, and everything else keeps using Prisma.
//
// Write hot-path statements with ONE json parameter per batch (`json_to_recordset($1::json)`)
// rather than one array per column: JSON.stringify is native, while pg serialises arrays element by
// element in JavaScript — measured 2-3x less client CPU for a 500-row UPDATE.
import type pg from 'pg';
import { poolOf } from './client.js';
import type { Prisma, PrismaClient } from './generated/client.js';

/** One statement: `name` makes it a prepared statement, parsed once per connection. */
export interface SqlStatement {
  name?: string;
  text: string;
}

export interface SqlResult<R> {
  rows: R[];
  /** rows inserted, updated, deleted or returned */
  rowCount: number;
}

/** Runs statements on one connection (inside {@link SqlDatabase.transaction}). */
export interface SqlExecutor {
  query<R extends object = Record<string, unknown>>(
    statement: string | SqlStatement,
    values?: readonly unknown[],
  ): Promise<SqlResult<R>>;
}

export interface SqlDatabase {
  /**
   * BEGIN; fn; COMMIT on one pooled connection, ROLLBACK when fn or COMMIT throws (the error is
   * rethrown unchanged, so {@link databaseErrorInfo} classifies it). A connection that broke (or
   * whose BEGIN or ROLLBACK failed) is discarded instead of going back to the pool.
   */
  transaction<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T>;
}

function executor(client: pg.PoolClient): SqlExecutor {
  return {
    async query<R extends object>(statement: string | SqlStatement, values?: readonly unknown[]) {
      const config =
        typeof statement === 'string'
          ? { text: statement, values: values as unknown[] | undefined }
          : { ...statement, values: values as unknown[] | undefined };
      const result = await client.query<R>(config);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    },
  };
}

/** Plain SQL transactions on the pool of a client made by createPrismaClient / createDatabase. */
export function sqlDatabase(prisma: PrismaClient): SqlDatabase {
  const pool = poolOf(prisma);
  return {
    async transaction<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // A checked-out connection that breaks (server restart, failover, a terminated backend)
      // also emits 'error' on its client, and the pool listens only to idle ones: without this
      // listener that event would crash the process. The pending or next query rejects anyway.
      let broken: Error | undefined;
      const onError = (err: Error) => {
        broken ??= err;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN').catch((err: unknown) => {
          broken ??= err as Error;
          throw err;
        });
        try {
          const result = await fn(executor(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch((rollbackError: unknown) => {
            broken ??= rollbackError as Error;
          });
          throw err;
        }
      } finally {
        client.removeListener('error', onError);
        client.release(broken); // a broken connection is discarded, not pooled
      }
    },
  };
}

/**
 * A Prisma transaction as a {@link SqlExecutor}, so one repository function serves a batch both in
 * a plain SQL transaction and inside a Prisma one (e.g. the badge worker's batch when some of its
 * commands need the ORM-based grant service). Statement names are ignored (Prisma prepares its
 * own). `rowCount` is the number of rows RETURNED — Prisma's raw query does not report affected
 * rows — so a statement shared this way must return what its caller counts.
 */
export function prismaSql(tx: Prisma.TransactionClient): SqlExecutor {
  return {
    async query<R extends object>(statement: string | SqlStatement, values?: readonly unknown[]) {
      const text = typeof statement === 'string' ? statement : statement.text;
      const rows = await tx.$queryRawUnsafe<R[]>(text, ...(values ?? []));
      return { rows, rowCount: rows.length };
    },
  };
}
