// Database side of the pipeline benchmark: a scratch database (created, migrated, seeded, dropped),
// the badges its rules grant, and the queries the benchmark watches.
import { spawn } from 'node:child_process';
import { createPrismaClient, prismaCliScript, seed, type PrismaClient } from '@badge/db';
import pg from 'pg';

export interface ScratchDatabase {
  url: string;
  name: string;
  prisma: PrismaClient;
  pool: pg.Pool;
  drop(): Promise<void>;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}:\n${output}`)),
    );
  });
}

/** CREATE DATABASE bench_rule_<time>, migrate (prisma migrate deploy) and seed the reference data. */
export async function createScratchDatabase(
  adminUrl: string,
  env: NodeJS.ProcessEnv,
  keep: boolean,
): Promise<ScratchDatabase> {
  const name = `bench_rule_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = async () => {
    if (keep) return;
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
  try {
    await run('bash', [prismaCliScript, 'migrate', 'deploy'], {
      ...env,
      DATABASE_URL: url.toString(),
    });
    const prisma = createPrismaClient({ url: url.toString(), poolMax: 4 });
    await seed(prisma, { demo: false });
    const pool = new pg.Pool({ connectionString: url.toString(), max: 3 });
    return {
      url: url.toString(),
      name,
      prisma,
      pool,
      async drop() {
        await pool.end();
        await prisma.$disconnect();
        await drop();
      },
    };
  } catch (err) {
    await drop();
    throw err;
  }
}

/** Events the worker has processed (inbox rows of its consumer group). */
export async function processedEvents(pool: pg.Pool, consumer: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    'SELECT count(*) AS n FROM rule.inbox_message WHERE consumer = $1',
    [consumer],
  );
  return Number(rows[0]?.n ?? 0);
}

/** New grant command rows since `since` (for the outbox probe): id, payload, created_at. */
export async function outboxGrantsSince(
  pool: pg.Pool,
  since: Date,
): Promise<{ id: string; payload: Buffer; createdAt: Date }[]> {
  const { rows } = await pool.query<{ id: string; payload: Buffer; created_at: Date }>(
    `SELECT id::text, payload, created_at FROM rule.outbox_event
     WHERE event_type = 'badge.grant.command.v1' AND created_at >= $1 ORDER BY created_at`,
    [since],
  );
  return rows.map((r) => ({ id: r.id, payload: r.payload, createdAt: r.created_at }));
}

/**
 * `count` real badges in the badge schema for the rules to grant: PUBLISHED, unlimited stock,
 * repeatable, no per-user cap, never expire, no prerequisites — so the badge worker refuses none
 * of the rules' grant commands. Returns their ids.
 */
export async function createBenchBadges(prisma: PrismaClient, count: number): Promise<string[]> {
  const tag = Date.now().toString(36);
  const category = await prisma.badgeCategory.create({
    data: { code: `bench_${tag}`, name: { 'zh-CN': '基准', 'en-US': 'Bench' } },
    select: { id: true },
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const badge = await prisma.badge.create({
      data: {
        code: `bench_${tag}_${i}`,
        categoryId: category.id,
        name: { 'zh-CN': `基准徽章 ${i}`, 'en-US': `Bench badge ${i}` },
        status: 'PUBLISHED',
        publishedAt: new Date(),
        totalStock: null,
        remainingStock: null,
        perUserCap: null,
        isRepeatable: true,
        validityKind: 'NONE',
        createdBy: 'bench',
      },
      select: { id: true },
    });
    ids.push(badge.id);
  }
  return ids;
}

/** Badge grants committed by the badge worker for rule commands (user_badge rows, source RULE). */
export async function ruleUserBadgeCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM badge.user_badge WHERE source = 'RULE'`,
  );
  return Number(rows[0]?.n ?? 0);
}

export interface UserBadgeRow {
  /** = the GrantBadgeCommand's command id */
  idempotencyKey: string;
  userId: string;
  badgeId: string;
  quantity: number;
  sourceRef: string | null;
}

/** Every RULE grant in badge.user_badge (final accounting). */
export async function allRuleUserBadges(pool: pg.Pool): Promise<UserBadgeRow[]> {
  const { rows } = await pool.query<{
    idempotency_key: string;
    user_id: string;
    badge_id: string;
    quantity: number;
    source_ref: string | null;
  }>(
    `SELECT idempotency_key, user_id, badge_id::text, quantity, source_ref
     FROM badge.user_badge WHERE source = 'RULE'`,
  );
  return rows.map((r) => ({
    idempotencyKey: r.idempotency_key,
    userId: r.user_id,
    badgeId: r.badge_id,
    quantity: r.quantity,
    sourceRef: r.source_ref,
  }));
}

/** Every grant command payload in the outbox (final accounting). */
export async function allOutboxGrants(pool: pg.Pool): Promise<Buffer[]> {
  const { rows } = await pool.query<{ payload: Buffer }>(
    `SELECT payload FROM rule.outbox_event WHERE event_type = 'badge.grant.command.v1'`,
  );
  return rows.map((r) => r.payload);
}
