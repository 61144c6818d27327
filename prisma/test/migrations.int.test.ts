// Migrations build the whole database from zero, match the Prisma schema and the cross-package
// contracts, and the seed loads idempotently.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, migrateDeploy, runPrismaCli, type TestDatabase } from '@badge/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, seed, type PrismaClient } from '../src/index.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const DOMAIN_SCHEMAS = ['badge', 'rule', 'benefit', 'user'] as const;

// Seed 001 §6.5, written out here independently of src/seed so that a wrong expansion fails.
const EXPECTED_PERMISSIONS = [
  'system:user:read',
  'system:user:write',
  'system:role:read',
  'system:role:write',
  'system:apikey:read',
  'system:apikey:write',
  'system:pipeline:write',
  'badge:category:read',
  'badge:category:write',
  'badge:series:read',
  'badge:series:write',
  'badge:badge:read',
  'badge:badge:write',
  'badge:badge:publish',
  'badge:dependency:read',
  'badge:dependency:write',
  'rule:rule:read',
  'rule:rule:write',
  'rule:rule:publish',
  'rule:rule:test',
  'rule:template:read',
  'grant:grant:read',
  'grant:grant:write',
  'grant:revoke:read',
  'grant:revoke:write',
  'grant:task:read',
  'grant:task:write',
  'benefit:benefit:read',
  'benefit:benefit:write',
  'benefit:grant:read',
  'benefit:redemption:read',
  'benefit:redemption:write',
  'stats:overview:read',
  'user:view:read',
  'user:badge:read',
  'log:operation:read',
];

const EXPECTED_TEMPLATES = [
  'consecutive_days',
  'count_in_window',
  'distinct_days_in_period',
  'first_event',
  'single_event_threshold',
  'sum_in_window',
];

describe('a database built from zero', () => {
  let database: TestDatabase;
  let sql: pg.Client;
  let prisma: PrismaClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await sql?.end();
    await database?.drop();
  });

  it('starts empty and is fully built by migrate deploy', async () => {
    const before = await sql.query(
      `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = ANY($1)`,
      [DOMAIN_SCHEMAS],
    );
    expect(before.rows[0]).toEqual({ n: 0 });

    await migrateDeploy(database.url);

    const migrations = readdirSync(`${PACKAGE_DIR}migrations`, { withFileTypes: true }).filter(
      (d) => d.isDirectory(),
    );
    const applied = await sql.query(
      `SELECT count(*)::int AS n FROM public._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    expect(applied.rows[0]).toEqual({ n: migrations.length });

    const tables = await sql.query<{ table_schema: string; n: number }>(
      `SELECT table_schema, count(*)::int AS n FROM information_schema.tables
        WHERE table_schema = ANY($1) AND table_type = 'BASE TABLE' GROUP BY 1 ORDER BY 1`,
      [DOMAIN_SCHEMAS],
    );
    expect(Object.fromEntries(tables.rows.map((r) => [r.table_schema, r.n]))).toEqual({
      badge: 13,
      rule: 7,
      benefit: 10,
      user: 14,
    });
  });

  it('has the outbox and inbox tables of docs/CONTRACTS.md in every domain schema', async () => {
    const columns = await sql.query<{
      table_schema: string;
      table_name: string;
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
      datetime_precision: number | null;
    }>(
      `SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default, datetime_precision
         FROM information_schema.columns
        WHERE table_schema = ANY($1) AND table_name IN ('outbox_event', 'inbox_message')
        ORDER BY table_schema, table_name, ordinal_position`,
      [DOMAIN_SCHEMAS],
    );
    for (const schema of DOMAIN_SCHEMAS) {
      const of = (table: string) =>
        columns.rows
          .filter((c) => c.table_schema === schema && c.table_name === table)
          .map((c) => [
            c.column_name,
            c.data_type,
            c.is_nullable,
            c.column_default,
            c.datetime_precision,
          ]);
      expect(of('outbox_event')).toEqual([
        ['id', 'uuid', 'NO', 'gen_random_uuid()', null],
        ['topic', 'text', 'NO', null, null],
        ['key', 'text', 'NO', null, null],
        ['event_type', 'text', 'NO', null, null],
        ['payload', 'bytea', 'NO', null, null],
        ['headers', 'jsonb', 'NO', "'{}'::jsonb", null],
        ['created_at', 'timestamp with time zone', 'NO', 'CURRENT_TIMESTAMP', 3],
        ['published_at', 'timestamp with time zone', 'YES', null, 3],
        ['attempts', 'integer', 'NO', '0', null],
        ['last_error', 'text', 'YES', null, null],
      ]);
      expect(of('inbox_message')).toEqual([
        ['consumer', 'text', 'NO', null, null],
        ['message_id', 'text', 'NO', null, null],
        ['topic', 'text', 'NO', null, null],
        ['partition', 'integer', 'NO', null, null],
        ['kafka_offset', 'bigint', 'NO', null, null],
        ['processed_at', 'timestamp with time zone', 'NO', 'CURRENT_TIMESTAMP', 3],
      ]);
    }

    const keys = await sql.query<{ schema: string; def: string }>(
      `SELECT n.nspname AS schema, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE t.relname = 'inbox_message' AND c.contype = 'p' ORDER BY 1`,
    );
    expect(keys.rows).toEqual(
      [...DOMAIN_SCHEMAS]
        .sort()
        .map((schema) => ({ schema, def: 'PRIMARY KEY (consumer, message_id)' })),
    );

    const partial = await sql.query<{ schemaname: string; indexdef: string }>(
      `SELECT schemaname, indexdef FROM pg_indexes WHERE indexname = 'outbox_event_unpublished_idx' ORDER BY 1`,
    );
    expect(partial.rows.map((r) => r.schemaname)).toEqual([...DOMAIN_SCHEMAS].sort());
    for (const row of partial.rows)
      expect(row.indexdef).toMatch(/\(created_at\) WHERE \(published_at IS NULL\)$/);
  });

  it('loads the seed, and loading it again changes nothing', async () => {
    prisma = createPrismaClient({ url: database.url, poolMax: 2 });

    const first = await seed(prisma);
    const snapshot = async () => ({
      permissions: (
        await prisma.permission.findMany({ select: { code: true }, orderBy: { code: 'asc' } })
      ).map((p) => p.code),
      roles: Object.fromEntries(
        (
          await prisma.role.findMany({ include: { _count: { select: { permissions: true } } } })
        ).map((r) => [r.code, r._count.permissions]),
      ),
      rolePermissionRows: await prisma.rolePermission.count(),
      templates: (
        await prisma.ruleTemplate.findMany({ select: { code: true }, orderBy: { code: 'asc' } })
      ).map((t) => t.code),
      badges: await prisma.badge.findMany({
        select: { code: true, status: true, remainingStock: true },
        orderBy: { code: 'asc' },
      }),
      categories: await prisma.badgeCategory.count(),
      series: await prisma.badgeSeries.count(),
      dependencies: await prisma.badgeDependency.count(),
      benefits: await prisma.benefit.count(),
      badgeBenefits: await prisma.badgeBenefit.count(),
    });
    const afterFirst = await snapshot();

    expect(first).toEqual({ permissions: 36, roles: 4, ruleTemplates: 6, demoBadges: 4 });
    expect(afterFirst.permissions).toEqual([...EXPECTED_PERMISSIONS].sort());
    expect(afterFirst.roles).toEqual({ super_admin: 36, operator: 28, viewer: 15, auditor: 19 });
    expect(afterFirst.templates).toEqual(EXPECTED_TEMPLATES);
    expect(afterFirst.badges).toHaveLength(4);
    expect(afterFirst.badges.every((b) => b.status === 'PUBLISHED')).toBe(true);
    expect(afterFirst).toMatchObject({
      categories: 2,
      series: 1,
      dependencies: 2,
      benefits: 1,
      badgeBenefits: 1,
    });

    // Simulate use between seeds: a grant consumed stock; the re-seed must not reset it.
    await prisma.badge.update({
      where: { code: 'first_purchase' },
      data: { remainingStock: { decrement: 1 } },
    });
    const afterUse = await snapshot();

    await seed(prisma);
    expect(await snapshot()).toEqual(afterUse);
  });

  it('gives roles the permissions their names promise', async () => {
    const codesOf = async (role: string) =>
      (
        await prisma.rolePermission.findMany({
          where: { role: { code: role } },
          select: { permission: { select: { code: true } } },
        })
      ).map((rp) => rp.permission.code);

    const viewer = await codesOf('viewer');
    expect(viewer.every((c) => c.endsWith(':read'))).toBe(true);
    expect(viewer).toContain('badge:badge:read');
    expect(viewer).not.toContain('log:operation:read');

    const auditor = await codesOf('auditor');
    expect(auditor).toContain('log:operation:read');
    expect(auditor.every((c) => c.endsWith(':read'))).toBe(true);

    const operator = await codesOf('operator');
    expect(operator).toEqual(
      expect.arrayContaining(['badge:badge:publish', 'rule:rule:test', 'grant:task:write']),
    );
    expect(operator.some((c) => c.startsWith('system:'))).toBe(false);
    expect(await codesOf('super_admin')).toContain('system:pipeline:write');
    expect(auditor).not.toContain('system:pipeline:write');
  });

  it('describes template parameters with types', async () => {
    const template = await prisma.ruleTemplate.findUniqueOrThrow({
      where: { code: 'count_in_window' },
    });
    expect(template.parameterSchema).toMatchObject({
      version: 1,
      params: [
        { name: 'count', type: 'int', required: true, min: 1 },
        { name: 'window', type: 'duration', required: true },
      ],
    });
  });
});

describe('schema and migrations', () => {
  it('are in sync (migrate diff --exit-code reports no drift)', async () => {
    // The diff replays the migrations into a shadow database on the test server.
    const database = await createTestDatabase();
    try {
      const { code, output } = await runPrismaCli(
        [
          'migrate',
          'diff',
          '--from-migrations',
          'migrations',
          '--to-schema-datamodel',
          'schema',
          '--exit-code',
        ],
        database.url,
      );
      expect(output).toContain('No difference detected');
      expect(code).toBe(0);
    } finally {
      await database.drop();
    }
  });
});
