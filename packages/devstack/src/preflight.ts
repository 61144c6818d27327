import pg from 'pg';
import { Redis } from 'ioredis';

export class PreflightError extends Error {
  override readonly name = 'PreflightError';
}

/**
 * Makes sure the database of DATABASE_URL exists (creating it on first start) and answers.
 * Fails with what is missing and how to provide it.
 */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new PreflightError(
      `PostgreSQL is not reachable at ${url.host} (${(err as Error).message}).\n` +
        `  Start the local server (Debian: pg_ctlcluster 15 main start) or set DATABASE_URL to a reachable PostgreSQL 15+.`,
    );
  }
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (err) {
    throw new PreflightError(
      `Could not create database "${name}" (${(err as Error).message}).\n` +
        `  The role in DATABASE_URL needs CREATEDB, or create the database yourself.`,
    );
  } finally {
    await client.end();
  }
}

/** Redis is not critical: report whether it answers so the summary can say "degraded". */
export async function probeRedis(redisUrl: string): Promise<boolean> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_500,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
