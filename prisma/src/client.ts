import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.js';

export interface CreatePrismaClientOptions {
  /** postgresql://user:password@host:port/database[?sslmode=require] */
  url: string;
  /**
   * Max connections of this process's pool. Default 8: a subgraph server and its worker are two
   * processes per domain, so 4 domains x 2 x 8 = 64 stays well below PostgreSQL's default
   * max_connections (100) with room for migrations, backups and psql. Interactive transactions hold
   * a connection for their whole duration; size up only together with max_connections.
   */
  poolMax?: number;
  /**
   * How long to wait for a connection — a new one, or a free one when the pool is exhausted —
   * before failing (pg's own default is to wait forever). Default 5 000 ms.
   */
  connectionTimeoutMillis?: number;
  /** Server-side statement_timeout per connection. Default 15 000 ms; 0 disables it. */
  statementTimeoutMs?: number;
  /** Close connections idle for this long. Default 30 000 ms. */
  idleTimeoutMillis?: number;
  /** Shown in pg_stat_activity. Default "badge". */
  applicationName?: string;
  /**
   * Called for errors of idle pooled connections (e.g. the server restarted); without it they are
   * ignored (the pool replaces the connection, and the next query reports a lasting outage).
   */
  onPoolError?: (error: Error) => void;
}

export interface PoolStats {
  /** configured maximum */
  max: number;
  /** open connections (busy + idle) */
  total: number;
  idle: number;
  /** callers waiting for a connection */
  waiting: number;
}

const pools = new WeakMap<object, pg.Pool>();

export const DEFAULT_POOL_MAX = 8;
export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/**
 * The application's Prisma client: the generated client running queries through @prisma/adapter-pg
 * on a deliberately sized pg.Pool (no native query engine). `$disconnect()` closes the pool.
 * No CLI workaround applies here — those live in prisma.config.ts.
 */
export function createPrismaClient(options: CreatePrismaClientOptions): PrismaClient {
  const max = options.poolMax ?? DEFAULT_POOL_MAX;
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`poolMax must be a positive integer, got ${max}`);
  const statementTimeout = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString: options.url,
    max,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    idleTimeoutMillis: options.idleTimeoutMillis ?? DEFAULT_IDLE_TIMEOUT_MS,
    application_name: options.applicationName ?? 'badge',
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
  });
  // pg reports an idle connection's error (server restart, a terminated backend) on the pool, and
  // an 'error' event nobody listens to crashes the process. The adapter adds its listener only when
  // Prisma first connects, and plain SQL (sql.ts) may use the pool before that: listen from the
  // start. The pool drops the broken connection itself; the next checkout opens a new one.
  pool.on('error', (error) => options.onPoolError?.(error));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const prisma = new PrismaClient({ adapter });
  pools.set(prisma, pool);
  return prisma;
}

/** The pg.Pool under a client made by createPrismaClient (for plain SQL on hot paths: sql.ts). */
export function poolOf(prisma: PrismaClient): pg.Pool {
  const pool = pools.get(prisma);
  if (!pool)
    throw new Error('this Prisma client was not made by createPrismaClient: no pool to share');
  return pool;
}

/** Pool occupancy of a client made by createPrismaClient (for the "pool > 80%" alert). */
export function poolStats(prisma: PrismaClient): PoolStats | undefined {
  const pool = pools.get(prisma);
  if (!pool) return undefined;
  return {
    max: pool.options.max ?? 10,
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
  };
}
