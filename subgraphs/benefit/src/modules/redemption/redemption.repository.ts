import {
  Prisma,
  type OutboxRecordInput,
  type PrismaClient,
  type Redemption,
  type RedemptionItem,
  type RedemptionRule,
  type RedemptionRuleItem,
  type RedemptionRuleStatus,
  type RedemptionStatus,
} from '@badge/db';
import {
  guardWrite,
  inTransaction,
  olderThan,
  writeOutbox,
  type Tx,
} from '../../shared/db.repository.js';
import type { TimeIdCursor } from '../../shared/pagination.js';

export type { RedemptionRuleStatus, RedemptionStatus };
export type RuleRow = RedemptionRule & { items: RedemptionRuleItem[] };
export type RedemptionRow = Redemption & { items: RedemptionItem[] };

/**
 * Status as the API shows it. The stored enum has no COMPENSATING: a redemption whose badges are
 * being given back is stored PENDING with `failed_at` set (no schema change needed).
 */
export type RedemptionState = 'PENDING' | 'COMPLETED' | 'FAILED' | 'COMPENSATING' | 'COMPENSATED';

export interface RulePageQuery {
  statuses?: readonly RedemptionRuleStatus[];
  benefitId?: string;
  badgeId?: string;
  after?: TimeIdCursor;
  take: number;
}

export interface RedemptionPageQuery {
  userId?: string;
  ruleId?: string;
  benefitId?: string;
  state?: RedemptionState;
  after?: TimeIdCursor;
  take: number;
}

export interface RuleWrite {
  code?: string;
  name?: Record<string, string>;
  description?: Record<string, string> | null;
  benefitId?: string;
  benefitQuantity?: number;
  status?: RedemptionRuleStatus;
  perUserLimit?: number | null;
  activeFrom?: Date | null;
  activeUntil?: Date | null;
}

const withItems = { items: { orderBy: { badgeId: 'asc' } } } as const;

const json = (v: Record<string, string> | null | undefined) =>
  v === undefined ? undefined : v === null ? Prisma.DbNull : v;

function ruleWhere(q: Omit<RulePageQuery, 'take' | 'after'>): Prisma.RedemptionRuleWhereInput {
  return {
    ...(q.statuses?.length ? { status: { in: [...q.statuses] } } : {}),
    ...(q.benefitId ? { benefitId: q.benefitId } : {}),
    ...(q.badgeId ? { items: { some: { badgeId: q.badgeId } } } : {}),
  };
}

export function stateWhere(state: RedemptionState | undefined): Prisma.RedemptionWhereInput {
  switch (state) {
    case undefined:
      return {};
    case 'PENDING':
      return { status: 'PENDING', failedAt: null };
    case 'COMPENSATING':
      return { status: 'PENDING', failedAt: { not: null } };
    default:
      return { status: state };
  }
}

function redemptionWhere(
  q: Omit<RedemptionPageQuery, 'take' | 'after'>,
): Prisma.RedemptionWhereInput {
  return {
    ...(q.userId ? { userId: q.userId } : {}),
    ...(q.ruleId ? { redemptionRuleId: q.ruleId } : {}),
    ...(q.benefitId ? { benefitId: q.benefitId } : {}),
    ...stateWhere(q.state),
  };
}

export function createRedemptionRepository(prisma: PrismaClient) {
  return {
    // ---- rules ----------------------------------------------------------------------------
    rulePage: (q: RulePageQuery): Promise<RuleRow[]> =>
      prisma.redemptionRule.findMany({
        where: { AND: [ruleWhere(q), olderThan(q.after)] },
        include: withItems,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      }),
    ruleCount: (q: Omit<RulePageQuery, 'take' | 'after'>): Promise<number> =>
      prisma.redemptionRule.count({ where: ruleWhere(q) }),
    rulesByIds: (ids: readonly string[]): Promise<RuleRow[]> =>
      prisma.redemptionRule.findMany({ where: { id: { in: [...ids] } }, include: withItems }),
    ruleById: (id: string): Promise<RuleRow | null> =>
      prisma.redemptionRule.findUnique({ where: { id }, include: withItems }),
    ruleInTx: (tx: Tx, id: string): Promise<RuleRow | null> =>
      tx.redemptionRule.findUnique({ where: { id }, include: withItems }),

    createRule(
      data: RuleWrite & {
        id: string;
        code: string;
        name: Record<string, string>;
        benefitId: string;
        createdBy: string;
      },
      items: readonly { badgeId: string; quantity: number }[],
      audit: (after: RuleRow) => OutboxRecordInput[],
    ): Promise<RuleRow> {
      return guardWrite('redemption rule', () =>
        inTransaction(prisma, async (tx) => {
          const row = await tx.redemptionRule.create({
            data: {
              ...data,
              description: json(data.description),
              items: { create: items.map((i) => ({ badgeId: i.badgeId, quantity: i.quantity })) },
            },
            include: withItems,
          });
          await writeOutbox(tx, audit(row));
          return row;
        }),
      );
    },

    /** Changes a rule under its row lock; `items` (when given) replace the current ones. */
    updateRule(
      id: string,
      plan: (before: RuleRow) => {
        data: RuleWrite;
        items?: readonly { badgeId: string; quantity: number }[];
      },
      audit: (before: RuleRow, after: RuleRow) => OutboxRecordInput[],
    ): Promise<RuleRow | null> {
      return guardWrite('redemption rule', () =>
        inTransaction(prisma, async (tx) => {
          const locked = await tx.$queryRaw<{ id: string }[]>`
            SELECT id::text FROM benefit.redemption_rule WHERE id = ${id}::uuid FOR UPDATE`;
          if (locked.length === 0) return null;
          const before = await tx.redemptionRule.findUniqueOrThrow({
            where: { id },
            include: withItems,
          });
          const { data, items } = plan(before);
          if (items) {
            await tx.redemptionRuleItem.deleteMany({ where: { redemptionRuleId: id } });
            await tx.redemptionRuleItem.createMany({
              data: items.map((i) => ({
                redemptionRuleId: id,
                badgeId: i.badgeId,
                quantity: i.quantity,
              })),
            });
          }
          const row = await tx.redemptionRule.update({
            where: { id },
            data: { ...data, description: json(data.description) },
            include: withItems,
          });
          await writeOutbox(tx, audit(before, row));
          return row;
        }),
      );
    },

    // ---- redemptions (reads) ----------------------------------------------------------------
    findById: (id: string): Promise<RedemptionRow | null> =>
      prisma.redemption.findUnique({ where: { id }, include: withItems }),
    findByIds: (ids: readonly string[]): Promise<RedemptionRow[]> =>
      prisma.redemption.findMany({ where: { id: { in: [...ids] } }, include: withItems }),
    page: (q: RedemptionPageQuery): Promise<RedemptionRow[]> =>
      prisma.redemption.findMany({
        where: { AND: [redemptionWhere(q), olderThan(q.after)] },
        include: withItems,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      }),
    count: (q: Omit<RedemptionPageQuery, 'take' | 'after'>): Promise<number> =>
      prisma.redemption.count({ where: redemptionWhere(q) }),

    // ---- redemptions (inside a transaction) ---------------------------------------------
    findByKey: (tx: Tx, idempotencyKey: string): Promise<RedemptionRow | null> =>
      tx.redemption.findUnique({ where: { idempotencyKey }, include: withItems }),
    /** Redemptions of a rule by a user that count against its per-user limit (not failed or compensated). */
    countCounting: (tx: Tx, ruleId: string, userId: string): Promise<number> =>
      tx.redemption.count({
        where: {
          redemptionRuleId: ruleId,
          userId,
          OR: [{ status: 'COMPLETED' }, { status: 'PENDING', failedAt: null }],
        },
      }),
    insert: (
      tx: Tx,
      data: {
        id: string;
        userId: string;
        redemptionRuleId: string;
        benefitId: string;
        idempotencyKey: string;
        requestedBy: string;
      },
      items: readonly { badgeId: string; quantity: number }[],
    ): Promise<RedemptionRow> =>
      tx.redemption.create({
        data: { ...data, status: 'PENDING', items: { create: [...items] } },
        include: withItems,
      }),
    async lockById(tx: Tx, id: string): Promise<RedemptionRow | null> {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM benefit.redemption WHERE id = ${id}::uuid FOR UPDATE`;
      return rows.length ? tx.redemption.findUnique({ where: { id }, include: withItems }) : null;
    },
    update: (
      tx: Tx,
      id: string,
      data: {
        status?: RedemptionStatus;
        failureReason?: string | null;
        completedAt?: Date;
        failedAt?: Date;
        compensatedAt?: Date;
      },
    ): Promise<RedemptionRow> => tx.redemption.update({ where: { id }, data, include: withItems }),
    /** The user badge grants the badge domain consumed (reported for the whole redemption). */
    setConsumed: async (tx: Tx, redemptionId: string, userBadgeIds: readonly string[]) => {
      await tx.redemptionItem.updateMany({
        where: { redemptionId },
        data: { consumedUserBadgeIds: [...userBadgeIds] },
      });
    },
  };
}
export type RedemptionRepository = ReturnType<typeof createRedemptionRepository>;
