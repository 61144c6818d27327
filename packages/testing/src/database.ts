// Throw-away PostgreSQL databases for integration tests: created on the server of
// TEST_DATABASE_ADMIN_URL, migrated with the @badge/db migrations through its Prisma CLI wrapper,
// optionally seeded, dropped WITH (FORCE) afterwards.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
export const TEST_DATABASE_PREFIX = 'badge_test_';

// The @badge/db package (prisma/) in this monorepo. Located by path rather than imported: @badge/db's
// own tests use this package, and a package dependency both ways would be a cycle.
const DB_PACKAGE_DIR = fileURLToPath(new URL('../../../prisma/', import.meta.url));
const PRISMA_CLI = `${DB_PACKAGE_DIR}scripts/prisma.sh`;
const TSX = `${DB_PACKAGE_DIR}node_modules/.bin/tsx`;

export interface TestDatabase {
  /** database name, `badge_test_<epoch ms>_<random hex>` */
  name: string;
  /** connection URL of the new database */
  url: string;
  /** DROP DATABASE … WITH (FORCE); safe to call twice */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Apply all migrations (`prisma migrate deploy`). Default false: an empty database. */
  migrate?: boolean;
  /** Load the seed (implies migrate). Default false. */
  seed?: boolean;
  /**
   * Copy this existing database (`CREATE DATABASE … TEMPLATE`) instead of starting empty; nobody may
   * be connected to it. Much faster than migrating again (~0.2 s instead of ~4 s).
   */
  template?: string;
}

/** Server (maintenance database) on which test databases are created. */
export function testDatabaseAdminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL || DEFAULT_TEST_DATABASE_ADMIN_URL;
}

function urlForDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient<T>(
  adminUrl: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'badge-testing' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function newDatabaseName(): string {
  return `${TEST_DATABASE_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Creates a new, empty database with a unique name (optionally migrated and seeded). The caller
 * owns it: call `drop()` when done (e.g. in afterAll).
 */
export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const adminUrl = testDatabaseAdminUrl();
  const name = newDatabaseName();
  await withAdminClient(adminUrl, async (c) => {
    // Two CREATE DATABASE at the same instant may collide on template1 (55006): retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(
          `CREATE DATABASE "${name}"${options.template ? ` TEMPLATE "${options.template}"` : ''}`,
        );
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 5) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  const url = urlForDatabase(adminUrl, name);
  const database: TestDatabase = { name, url, drop: () => dropDatabase(adminUrl, name) };
  try {
    if (options.migrate || options.seed) await migrateDeploy(url);
    if (options.seed) await seedDatabase(url);
  } catch (error) {
    await database.drop().catch(() => undefined);
    throw error;
  }
  return database;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

/**
 * Runs the Prisma CLI of @badge/db (through prisma/scripts/prisma.sh) against `databaseUrl` and
 * returns its exit code and output, e.g. `runPrismaCli(['migrate', 'status'], url)`.
 */
export function runPrismaCli(
  args: string[],
  databaseUrl: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [PRISMA_CLI, ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** `prisma migrate deploy` of the @badge/db migrations against `databaseUrl`. */
export async function migrateDeploy(databaseUrl: string): Promise<string> {
  const { code, output } = await runPrismaCli(['migrate', 'deploy'], databaseUrl);
  if (code !== 0) throw new Error(`prisma migrate deploy exited with ${code}:\n${output}`);
  return output;
}

/** Runs the @badge/db seed command (`pnpm --filter @badge/db seed`) against `databaseUrl`. */
export async function seedDatabase(databaseUrl: string): Promise<string> {
  return run(
    TSX,
    ['--conditions=@badge/source', 'src/seed/index.ts'],
    { ...process.env, DATABASE_URL: databaseUrl },
    DB_PACKAGE_DIR,
  );
}

/**
 * Drops test databases left behind by runs that were killed before their teardown (older than
 * `maxAgeMs`, judged by the timestamp in their name; default 6 h, so concurrent runs and
 * KEEP_TEST_DB databases of the day are left alone). Returns the names dropped.
 */
export async function dropStaleTestDatabases(maxAgeMs = 6 * 60 * 60 * 1000): Promise<string[]> {
  const adminUrl = testDatabaseAdminUrl();
  const { rows } = await withAdminClient(adminUrl, (c) =>
    c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `${TEST_DATABASE_PREFIX}%`,
    ]),
  );
  const cutoff = Date.now() - maxAgeMs;
  const stale = rows
    .map((r) => r.datname)
    .filter((name) => {
      const createdAt = Number(/^badge_test_(\d+)_[0-9a-f]+$/.exec(name)?.[1]);
      return Number.isFinite(createdAt) && createdAt < cutoff;
    });
  for (const name of stale) await dropDatabase(adminUrl, name);
  return stale;
}
