// Fixtures shared by the badge subgraph's integration tests: the real services over the project's
// test database, the real subgraph server, and builders for catalogue rows with unique codes.
import { randomUUID } from 'node:crypto';
import { createPrismaClient, type Prisma, type PrismaClient } from '@badge/db';
import { createLogger, Registry, type Logger } from '@badge/service-kit';
import { startTestSubgraph, testDatabaseUrl, uniqueId, type TestSubgraph } from '@badge/testing';
import { createContextFactory } from '../src/context.js';
import { createRepositories } from '../src/db.js';
import { modules } from '../src/modules/index.js';
import { createServices, type Services } from '../src/services.js';
import { AfterCommit } from '../src/shared/after-commit.js';
import type { GrantRequest } from '../src/modules/user-badge/grant.service.js';

export interface Fixture {
  prisma: PrismaClient;
  services: Services;
  registry: Registry;
  subgraph: TestSubgraph;
  stop(): Promise<void>;
}

export const testLogger = (): Logger => createLogger({ name: 'badge-test', level: 'silent' });

/** Services + a subgraph server on the project's database (pool sized for concurrency tests). */
export async function startFixture(
  options: { poolMax?: number; url?: string } = {},
): Promise<Fixture> {
  const prisma = createPrismaClient({
    url: options.url ?? testDatabaseUrl(),
    poolMax: options.poolMax ?? 8,
  });
  const registry = new Registry();
  const services = createServices(createRepositories(prisma), {
    logger: testLogger(),
    registry,
    service: 'badge-test',
  });
  const subgraph = await startTestSubgraph({
    modules,
    createContext: createContextFactory(services),
  });
  return {
    prisma,
    services,
    registry,
    subgraph,
    async stop() {
      await subgraph.stop();
      await prisma.$disconnect();
    },
  };
}

export async function createCategory(prisma: PrismaClient): Promise<string> {
  const row = await prisma.badgeCategory.create({
    data: { code: uniqueId('cat'), name: { 'zh-CN': '测试', 'en-US': 'Test' } },
  });
  return row.id;
}

/** A badge row (PUBLISHED unless told otherwise) with a unique code. */
export async function createBadge(
  prisma: PrismaClient,
  data: Partial<Prisma.BadgeUncheckedCreateInput> = {},
): Promise<{ id: string; code: string }> {
  const categoryId = data.categoryId ?? (await createCategory(prisma));
  const row = await prisma.badge.create({
    data: {
      code: uniqueId('b'),
      name: { 'zh-CN': '徽章', 'en-US': 'Badge' },
      status: 'PUBLISHED',
      ...data,
      categoryId,
      ...(data.totalStock !== undefined && data.remainingStock === undefined
        ? { remainingStock: data.totalStock }
        : {}),
    },
  });
  return { id: row.id, code: row.code };
}

/** One AND group (or the given groups) of prerequisites for `badgeId`. */
export async function requireBadges(
  prisma: PrismaClient,
  badgeId: string,
  groups: {
    operator?: 'AND' | 'OR';
    items: {
      requiredBadgeId: string;
      requiredQuantity?: number;
      consumesPrerequisite?: boolean;
      revokeBehavior?: 'KEEP' | 'CASCADE';
    }[];
  }[],
): Promise<void> {
  for (const [index, g] of groups.entries()) {
    const group = await prisma.badgeDependencyGroup.create({
      data: { badgeId, operator: g.operator ?? 'AND', displayOrder: index },
    });
    const base = Date.now();
    await prisma.badgeDependency.createMany({
      data: g.items.map((i, n) => ({
        ...i,
        groupId: group.id,
        badgeId,
        createdAt: new Date(base + n),
      })),
    });
  }
}

/** A grant through the one grant service, in its own transaction. */
export function grant(
  services: Services,
  request: Partial<GrantRequest> & { userId: string; badgeId: string },
) {
  return services.grants.grantNow(
    {
      quantity: 1,
      source: 'MANUAL',
      sourceRef: null,
      idempotencyKey: `test:${randomUUID()}`,
      actor: { type: 'ADMIN', id: 'test-admin' },
      ...request,
    },
    new AfterCommit(),
  );
}

/** Active quantity of a badge held by a user. */
export async function activeQuantity(prisma: PrismaClient, userId: string, badgeId: string) {
  const balance = await prisma.userBadgeBalance.findUnique({
    where: { userId_badgeId: { userId, badgeId } },
  });
  return balance?.activeQuantity ?? 0;
}

/** Outbox rows of one event type whose payload mentions `needle` (ids are in the bytes). */
export async function outboxRows(prisma: PrismaClient, eventType: string, needle: string) {
  const rows = await prisma.badgeOutboxEvent.findMany({ where: { eventType } });
  return rows.filter((r) => Buffer.from(r.payload).includes(Buffer.from(needle)));
}

export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; details?: Record<string, unknown>; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; details?: Record<string, unknown>; message: string };
  }
  throw new Error('expected the promise to reject');
}

/** The sum of a metric's series in `registry` whose labels include `labels` (0 when none). */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const m = registry.getSingleMetric(name);
  if (!m) return 0;
  const { values } = await m.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val))
    .reduce((sum, v) => sum + v.value, 0);
}
