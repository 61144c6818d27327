/**
 * Backup then restore into an empty database reproduces the data, against the machine's real
 * PostgreSQL: ops/backup.sh dumps a migrated and seeded database, ops/restore.sh restores it into
 * a new empty one, and every table's rows, every sequence and the schema are compared.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@badge/testing';
import { REPO_ROOT } from '../src/helm.js';

const run = promisify(execFile);
const BACKUP = join(REPO_ROOT, 'ops/backup.sh');
const RESTORE = join(REPO_ROOT, 'ops/restore.sh');

const databases: TestDatabase[] = [];
let source: TestDatabase;
let backupDir: string;

async function script(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('bash', [file, ...args], {
      // a clean environment: only what the scripts are given (pg_dump & co. live in /usr/bin)
      env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const backup = (env: Record<string, string> = {}) =>
  script(BACKUP, [], {
    DATABASE_URL: source.url,
    BACKUP_DIR: backupDir,
    BACKUP_PREFIX: 'drill',
    BACKUP_RETENTION_COUNT: '2',
    ...env,
  });

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  databases.push(db);
  return db;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Every user table: row count and a digest of all rows (order-independent). */
async function contents(url: string): Promise<Record<string, string>> {
  const tables = await query<{ schemaname: string; tablename: string }>(
    url,
    `SELECT schemaname, tablename FROM pg_tables
     WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const out: Record<string, string> = {};
  for (const { schemaname, tablename } of tables) {
    const [row] = await query<{ n: string; digest: string }>(
      url,
      `SELECT count(*)::text AS n,
              md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest
       FROM "${schemaname}"."${tablename}" t`,
    );
    out[`${schemaname}.${tablename}`] = `${row!.n} rows, ${row!.digest}`;
  }
  return out;
}

const sequences = (url: string) =>
  query(url, 'SELECT schemaname, sequencename, last_value::text FROM pg_sequences ORDER BY 1, 2');

async function schemaDump(url: string): Promise<string> {
  const { stdout } = await run(
    'pg_dump',
    ['--schema-only', '--no-owner', '--no-privileges', `--dbname=${url}`],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout
    .split('\n')
    .filter((l) => !l.startsWith('--') && !/^\\(un)?restrict /.test(l))
    .join('\n');
}

const summary = (stdout: string) =>
  JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

beforeAll(async () => {
  source = await createTestDatabase({ seed: true });
  databases.push(source);
  backupDir = mkdtempSync(join(tmpdir(), 'badge-backups-'));
}, 120_000);

afterAll(async () => {
  for (const db of databases) await db.drop();
});

describe('backup and restore (ops/backup.sh, ops/restore.sh)', () => {
  it('restores a backup into an empty database with identical data and schema', async () => {
    const made = await backup();
    expect(made.code, made.stderr).toBe(0);
    const result = summary(made.stdout);
    expect(result.backup).toMatch(/^drill-\d{8}T\d{6}Z\.dump$/);
    expect(result.tableData).toBeGreaterThan(20);
    const dump = join(backupDir, result.backup as string);
    expect(readFileSync(join(backupDir, 'LATEST'), 'utf8').trim()).toBe(result.backup);
    expect(existsSync(`${dump}.sha256`)).toBe(true);

    const target = await emptyDatabase();
    const restored = await script(RESTORE, [dump, target.url], {});
    expect(restored.code, restored.stderr).toBe(0);
    expect(summary(restored.stdout)).toMatchObject({ restored: result.backup });
    expect(summary(restored.stdout).lastMigration).toMatch(/^\d{14}_/);

    const before = await contents(source.url);
    expect(Object.keys(before).length).toBeGreaterThan(20);
    expect(Object.values(before).some((v) => !v.startsWith('0 rows'))).toBe(true);
    expect(await contents(target.url)).toEqual(before);
    expect(await sequences(target.url)).toEqual(await sequences(source.url));
    expect(await schemaDump(target.url)).toBe(await schemaDump(source.url));
  }, 120_000);

  it('refuses to restore into a database that is not empty', async () => {
    const target = await emptyDatabase();
    await query(target.url, 'CREATE TABLE public.keep_me (id int)');
    const attempt = await script(RESTORE, ['latest', target.url], { BACKUP_DIR: backupDir });
    expect(attempt.code).not.toBe(0);
    expect(attempt.stderr).toMatch(/is not empty \(1 relations\)/);
    expect(await query(target.url, 'SELECT * FROM public.keep_me')).toEqual([]);
  }, 60_000);

  it('refuses a damaged backup (checksum)', async () => {
    const made = await backup();
    expect(made.code, made.stderr).toBe(0);
    const dump = join(backupDir, summary(made.stdout).backup as string);
    appendFileSync(dump, 'garbage');
    const target = await emptyDatabase();
    const attempt = await script(RESTORE, [dump, target.url], {});
    expect(attempt.code).not.toBe(0);
    expect(attempt.stderr).toMatch(/checksum mismatch/);
    expect(await contents(target.url)).toEqual({});
  }, 60_000);

  it('keeps the newest BACKUP_RETENTION_COUNT dumps and restores "latest"', async () => {
    for (let i = 0; i < 3; i++) {
      const made = await backup();
      expect(made.code, made.stderr).toBe(0);
      await new Promise((r) => setTimeout(r, 1100)); // names have a one-second resolution
    }
    const dumps = readdirSync(backupDir)
      .filter((f) => f.endsWith('.dump'))
      .sort();
    expect(dumps).toHaveLength(2);
    expect(readFileSync(join(backupDir, 'LATEST'), 'utf8').trim()).toBe(dumps[1]);
    const target = await emptyDatabase();
    const restored = await script(RESTORE, ['latest', target.url], { BACKUP_DIR: backupDir });
    expect(restored.code, restored.stderr).toBe(0);
    expect(await contents(target.url)).toEqual(await contents(source.url));
  }, 120_000);

  it('accepts the services’ DATABASE_URL (node-postgres parameters libpq does not know)', async () => {
    const url = `${source.url}?sslmode=disable&schema=public`;
    const made = await backup({ DATABASE_URL: url });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toContain("ignoring connection parameter 'schema'");
    const missing = await script(BACKUP, [], { BACKUP_DIR: backupDir });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('DATABASE_URL is required');
  }, 60_000);
});
