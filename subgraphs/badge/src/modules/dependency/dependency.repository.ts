import {
  insertOutboxRecords,
  type BadgeStatus,
  type CascadeAction,
  type CascadeResult,
  type DependencyOperator,
  type DependencyRevokeBehavior,
  type OutboxRecordInput,
  type Prisma,
  type PrismaClient,
} from '@badge/db';
import { guardWrite } from '../../shared/db-errors.repository.js';

export type { CascadeAction, CascadeResult };

export interface DependencyItemRow {
  id: string;
  groupId: string;
  badgeId: string;
  requiredBadgeId: string;
  requiredQuantity: number;
  consumesPrerequisite: boolean;
  revokeBehavior: DependencyRevokeBehavior;
}

export interface DependencyGroupRow {
  id: string;
  badgeId: string;
  operator: DependencyOperator;
  name: string | null;
  displayOrder: number;
  items: DependencyItemRow[];
}

export interface DependencyGroupWrite {
  id: string;
  operator: DependencyOperator;
  name: string | null;
  displayOrder: number;
  items: Omit<DependencyItemRow, 'groupId' | 'badgeId'>[];
}

export interface BadgeRef {
  id: string;
  code: string;
  status: BadgeStatus;
  isHiddenUntilEarned: boolean;
}

export interface CascadeLogRow {
  id: string;
  userId: string;
  action: CascadeAction;
  triggerBadgeId: string;
  triggerUserBadgeId: string | null;
  targetBadgeId: string;
  resultUserBadgeId: string | null;
  result: CascadeResult;
  depth: number;
  consumed: unknown;
  reason: string | null;
  createdAt: Date;
}

export interface CascadeLogQuery {
  userId?: string;
  badgeId?: string;
  result?: CascadeResult;
  after?: [string, string];
  take: number;
}

const GRAPH_LOCK = 'badge:dependency-graph';

const groupInclude = {
  items: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
} satisfies Prisma.BadgeDependencyGroupInclude;

function cascadeWhere(q: CascadeLogQuery): Prisma.CascadeLogWhereInput {
  const and: Prisma.CascadeLogWhereInput[] = [];
  if (q.userId) and.push({ userId: q.userId });
  if (q.badgeId) and.push({ OR: [{ targetBadgeId: q.badgeId }, { triggerBadgeId: q.badgeId }] });
  if (q.result) and.push({ result: q.result });
  return and.length ? { AND: and } : {};
}

export function createDependencyRepository(prisma: PrismaClient) {
  return {
    async groupsOf(badgeIds: readonly string[]): Promise<DependencyGroupRow[]> {
      return prisma.badgeDependencyGroup.findMany({
        where: { badgeId: { in: [...badgeIds] } },
        include: groupInclude,
        orderBy: [{ displayOrder: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      });
    },
    /** Dependent badge ids per required badge id. */
    async dependentsOf(
      badgeIds: readonly string[],
    ): Promise<{ requiredBadgeId: string; badgeId: string }[]> {
      return prisma.badgeDependency.findMany({
        where: { requiredBadgeId: { in: [...badgeIds] } },
        select: { requiredBadgeId: true, badgeId: true },
        distinct: ['requiredBadgeId', 'badgeId'],
      });
    },
    findBadgeRefs(ids: readonly string[]): Promise<BadgeRef[]> {
      return prisma.badge.findMany({
        where: { id: { in: [...ids] } },
        select: { id: true, code: true, status: true, isHiddenUntilEarned: true },
      });
    },
    /**
     * Replaces every dependency group of `badgeId`. Saves are serialised by one advisory lock so
     * two concurrent saves cannot close a cycle together; `findCycle` sees the whole graph with the
     * new requirements and may veto the save (nothing is written then).
     */
    replaceDependencies(
      badgeId: string,
      groups: readonly DependencyGroupWrite[],
      findCycle: (graph: Map<string, Set<string>>) => string[] | null,
      audit: (
        before: { id: string; groups: DependencyGroupRow[] },
        after: { id: string; groups: DependencyGroupRow[] },
      ) => OutboxRecordInput[],
    ): Promise<{ cycle: string[] } | { groups: DependencyGroupRow[] }> {
      return guardWrite('badge dependency', () =>
        prisma.$transaction(
          async (tx) => {
            await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${GRAPH_LOCK}, 0))`;
            const edges = await tx.badgeDependency.findMany({
              where: { badgeId: { not: badgeId } },
              select: { badgeId: true, requiredBadgeId: true },
            });
            const graph = new Map<string, Set<string>>();
            const add = (from: string, to: string) => {
              const set = graph.get(from) ?? new Set<string>();
              set.add(to);
              graph.set(from, set);
            };
            for (const e of edges) add(e.badgeId, e.requiredBadgeId);
            for (const g of groups) for (const i of g.items) add(badgeId, i.requiredBadgeId);
            const cycle = findCycle(graph);
            if (cycle) return { cycle };

            const before = await tx.badgeDependencyGroup.findMany({
              where: { badgeId },
              include: groupInclude,
              orderBy: [{ displayOrder: 'asc' }, { createdAt: 'asc' }],
            });
            await tx.badgeDependencyGroup.deleteMany({ where: { badgeId } });
            for (const g of groups) {
              await tx.badgeDependencyGroup.create({
                data: {
                  id: g.id,
                  badgeId,
                  operator: g.operator,
                  name: g.name,
                  displayOrder: g.displayOrder,
                },
              });
              // Items keep the order they were given in (OR groups consume the first held
              // item): distinct created_at values, since rows of one transaction share now().
              const base = Date.now();
              await tx.badgeDependency.createMany({
                data: g.items.map((i, index) => ({
                  ...i,
                  groupId: g.id,
                  badgeId,
                  createdAt: new Date(base + index),
                })),
              });
            }
            const after = await tx.badgeDependencyGroup.findMany({
              where: { badgeId },
              include: groupInclude,
              orderBy: [{ displayOrder: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
            });
            await insertOutboxRecords(
              tx,
              'badge',
              audit({ id: badgeId, groups: before }, { id: badgeId, groups: after }),
            );
            return { groups: after };
          },
          { maxWait: 10_000, timeout: 20_000 },
        ),
      );
    },

    listCascadeLogs(q: CascadeLogQuery): Promise<CascadeLogRow[]> {
      const keyset: Prisma.CascadeLogWhereInput = q.after
        ? {
            OR: [
              { createdAt: { lt: new Date(q.after[0]) } },
              { createdAt: new Date(q.after[0]), id: { lt: q.after[1] } },
            ],
          }
        : {};
      return prisma.cascadeLog.findMany({
        where: { AND: [cascadeWhere(q), keyset] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      });
    },
    countCascadeLogs(q: CascadeLogQuery): Promise<number> {
      return prisma.cascadeLog.count({ where: cascadeWhere(q) });
    },
  };
}
export type DependencyRepository = ReturnType<typeof createDependencyRepository>;
