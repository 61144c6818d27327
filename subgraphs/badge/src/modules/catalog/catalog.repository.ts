import {
  insertOutboxRecords,
  Prisma,
  type BadgeStatus,
  type BadgeValidityKind,
  type OutboxRecordInput,
  type PrismaClient,
} from '@badge/db';
import { guardWrite } from '../../shared/db-errors.repository.js';

export type { BadgeStatus, BadgeValidityKind };

export interface CategoryRow {
  id: string;
  code: string;
  name: unknown;
  description: unknown;
  iconUrl: string | null;
  displayOrder: number;
  isEnabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface SeriesRow {
  id: string;
  categoryId: string;
  code: string;
  name: unknown;
  description: unknown;
  coverUrl: string | null;
  displayOrder: number;
  isEnabled: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BadgeRow {
  id: string;
  code: string;
  categoryId: string;
  seriesId: string | null;
  name: unknown;
  description: unknown;
  imageUrl: string | null;
  status: BadgeStatus;
  totalStock: number | null;
  remainingStock: number | null;
  perUserCap: number | null;
  isRepeatable: boolean;
  validityKind: BadgeValidityKind;
  validFrom: Date | null;
  validUntil: Date | null;
  validDays: number | null;
  isHiddenUntilEarned: boolean;
  isAutoCascade: boolean;
  displayOrder: number;
  metadata: unknown;
  version: number;
  publishedAt: Date | null;
  offlineAt: Date | null;
  archivedAt: Date | null;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type BadgeSort = 'DISPLAY_ORDER' | 'CREATED_AT_DESC' | 'UPDATED_AT_DESC';
/** Keyset cursor: [displayOrder, createdAt ISO, id] or [timestamp ISO, id]. */
export type BadgeCursor = [number, string, string] | [string, string];

export interface BadgeListQuery {
  statuses?: readonly BadgeStatus[];
  categoryId?: string;
  seriesId?: string;
  search?: string;
  isHiddenUntilEarned?: boolean;
  /** Public catalogue: only PUBLISHED badges, hidden ones only when `holderId` has earned them. */
  publicFor?: { holderId: string | null };
  sort: BadgeSort;
  after?: BadgeCursor;
  take: number;
}

export interface SeriesListQuery {
  categoryId?: string;
  search?: string;
  includeDisabled: boolean;
  after?: [number, string, string];
  take: number;
}

export interface CategoryWrite {
  code?: string;
  name?: Record<string, string>;
  description?: Record<string, string> | null;
  iconUrl?: string | null;
  displayOrder?: number;
  isEnabled?: boolean;
}

export interface SeriesWrite {
  categoryId?: string;
  code?: string;
  name?: Record<string, string>;
  description?: Record<string, string> | null;
  coverUrl?: string | null;
  displayOrder?: number;
  isEnabled?: boolean;
  startsAt?: Date | null;
  endsAt?: Date | null;
}

export interface BadgeWrite {
  code?: string;
  categoryId?: string;
  seriesId?: string | null;
  name?: Record<string, string>;
  description?: Record<string, string> | null;
  imageUrl?: string | null;
  perUserCap?: number | null;
  isRepeatable?: boolean;
  validityKind?: BadgeValidityKind;
  validFrom?: Date | null;
  validUntil?: Date | null;
  validDays?: number | null;
  isHiddenUntilEarned?: boolean;
  isAutoCascade?: boolean;
  displayOrder?: number;
  metadata?: Record<string, unknown> | null;
}

/** Outbox rows (audit records) to write with a change, built from the row before and after. */
export type AuditRecords<R> = (before: R | null, after: R) => OutboxRecordInput[];

const json = (v: Record<string, unknown> | null | undefined) =>
  v === undefined ? undefined : v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue);

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

function badgeWhere(q: BadgeListQuery): Prisma.BadgeWhereInput {
  const and: Prisma.BadgeWhereInput[] = [];
  if (q.statuses?.length) and.push({ status: { in: [...q.statuses] } });
  if (q.categoryId) and.push({ categoryId: q.categoryId });
  if (q.seriesId) and.push({ seriesId: q.seriesId });
  if (q.isHiddenUntilEarned !== undefined) and.push({ isHiddenUntilEarned: q.isHiddenUntilEarned });
  if (q.search) {
    and.push({
      OR: [
        { code: { contains: q.search, mode: 'insensitive' } },
        { name: { path: ['zh-CN'], string_contains: q.search, mode: 'insensitive' } },
        { name: { path: ['en-US'], string_contains: q.search, mode: 'insensitive' } },
      ],
    });
  }
  if (q.publicFor) {
    and.push({ status: 'PUBLISHED' });
    const holderId = q.publicFor.holderId;
    and.push(
      holderId
        ? {
            OR: [
              { isHiddenUntilEarned: false },
              { balances: { some: { userId: holderId, totalGranted: { gt: 0 } } } },
            ],
          }
        : { isHiddenUntilEarned: false },
    );
  }
  return and.length ? { AND: and } : {};
}

function badgeKeyset(sort: BadgeSort, after: BadgeCursor | undefined): Prisma.BadgeWhereInput {
  if (!after) return {};
  if (sort === 'DISPLAY_ORDER') {
    const [order, created, id] = after as [number, string, string];
    const createdAt = new Date(created);
    return {
      OR: [
        { displayOrder: { gt: order } },
        { displayOrder: order, createdAt: { gt: createdAt } },
        { displayOrder: order, createdAt, id: { gt: id } },
      ],
    };
  }
  const [time, id] = after as [string, string];
  const at = new Date(time);
  const field = sort === 'CREATED_AT_DESC' ? 'createdAt' : 'updatedAt';
  return { OR: [{ [field]: { lt: at } }, { [field]: at, id: { lt: id } }] };
}

function badgeOrder(sort: BadgeSort): Prisma.BadgeOrderByWithRelationInput[] {
  switch (sort) {
    case 'DISPLAY_ORDER':
      return [{ displayOrder: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }];
    case 'CREATED_AT_DESC':
      return [{ createdAt: 'desc' }, { id: 'desc' }];
    case 'UPDATED_AT_DESC':
      return [{ updatedAt: 'desc' }, { id: 'desc' }];
  }
}

export function createCatalogRepository(prisma: PrismaClient) {
  return {
    // ---- categories -----------------------------------------------------------------------
    listCategories(options: { includeDisabled: boolean }): Promise<CategoryRow[]> {
      return prisma.badgeCategory.findMany({
        where: options.includeDisabled ? {} : { isEnabled: true },
        orderBy: [{ displayOrder: 'asc' }, { createdAt: 'asc' }],
      });
    },
    findCategoriesByIds(ids: readonly string[]): Promise<CategoryRow[]> {
      return prisma.badgeCategory.findMany({ where: { id: { in: [...ids] } } });
    },
    findCategoryByCode(code: string): Promise<CategoryRow | null> {
      return prisma.badgeCategory.findUnique({ where: { code } });
    },
    createCategory(
      id: string,
      data: CategoryWrite & { code: string; name: Record<string, string> },
      audit: AuditRecords<CategoryRow>,
    ): Promise<CategoryRow> {
      return guardWrite('badge category', () =>
        prisma.$transaction(async (tx) => {
          const row = await tx.badgeCategory.create({
            data: { ...data, id, description: json(data.description) },
          });
          await insertOutboxRecords(tx, 'badge', audit(null, row));
          return row;
        }, TX),
      );
    },
    updateCategory(
      id: string,
      data: CategoryWrite,
      audit: AuditRecords<CategoryRow>,
    ): Promise<CategoryRow | null> {
      return guardWrite('badge category', () =>
        prisma.$transaction(async (tx) => {
          const before = await tx.badgeCategory.findUnique({ where: { id } });
          if (!before) return null;
          const row = await tx.badgeCategory.update({
            where: { id },
            data: { ...data, description: json(data.description) },
          });
          await insertOutboxRecords(tx, 'badge', audit(before, row));
          return row;
        }, TX),
      );
    },

    /**
     * Deletes a catalogue row that nothing uses yet (`inUse` counts what refers to it, under the
     * row lock); 'in-use' leaves it, null = it did not exist.
     */
    deleteCategory(
      id: string,
      audit: AuditRecords<CategoryRow>,
    ): Promise<CategoryRow | null | 'in-use'> {
      return prisma.$transaction(async (tx) => {
        const [locked] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM badge.badge_category WHERE id = ${id}::uuid FOR UPDATE`;
        if (!locked) return null;
        const [badges, series] = await Promise.all([
          tx.badge.count({ where: { categoryId: id } }),
          tx.badgeSeries.count({ where: { categoryId: id } }),
        ]);
        if (badges + series > 0) return 'in-use' as const;
        const row = await tx.badgeCategory.delete({ where: { id } });
        await insertOutboxRecords(tx, 'badge', audit(row, row));
        return row;
      }, TX);
    },
    deleteSeries(id: string, audit: AuditRecords<SeriesRow>): Promise<SeriesRow | null | 'in-use'> {
      return prisma.$transaction(async (tx) => {
        const [locked] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM badge.badge_series WHERE id = ${id}::uuid FOR UPDATE`;
        if (!locked) return null;
        if ((await tx.badge.count({ where: { seriesId: id } })) > 0) return 'in-use' as const;
        const row = await tx.badgeSeries.delete({ where: { id } });
        await insertOutboxRecords(tx, 'badge', audit(row, row));
        return row;
      }, TX);
    },
    /** Deletes a DRAFT badge never granted, tasked or required by another badge. */
    deleteBadge(
      id: string,
      audit: AuditRecords<BadgeRow>,
    ): Promise<BadgeRow | null | 'in-use' | 'state'> {
      return prisma.$transaction(async (tx) => {
        const [locked] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM badge.badge WHERE id = ${id}::uuid FOR UPDATE`;
        if (!locked) return null;
        const before = await tx.badge.findUniqueOrThrow({ where: { id } });
        if (before.status !== 'DRAFT') return 'state' as const;
        const [grants, tasks, dependents] = await Promise.all([
          tx.userBadge.count({ where: { badgeId: id } }),
          tx.batchTask.count({ where: { badgeId: id } }),
          tx.badgeDependency.count({ where: { requiredBadgeId: id } }),
        ]);
        if (grants + tasks + dependents > 0) return 'in-use' as const;
        await tx.badge.delete({ where: { id } });
        await insertOutboxRecords(tx, 'badge', audit(before, before));
        return before;
      }, TX);
    },

    // ---- series ---------------------------------------------------------------------------
    async listSeries(q: SeriesListQuery): Promise<SeriesRow[]> {
      return prisma.badgeSeries.findMany({
        where: { AND: [seriesWhere(q), seriesKeyset(q.after)] },
        orderBy: [{ displayOrder: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        take: q.take,
      });
    },
    countSeries(q: SeriesListQuery): Promise<number> {
      return prisma.badgeSeries.count({ where: seriesWhere(q) });
    },
    findSeriesByIds(ids: readonly string[]): Promise<SeriesRow[]> {
      return prisma.badgeSeries.findMany({ where: { id: { in: [...ids] } } });
    },
    findSeriesByCategory(categoryIds: readonly string[]): Promise<SeriesRow[]> {
      return prisma.badgeSeries.findMany({
        where: { categoryId: { in: [...categoryIds] } },
        orderBy: [{ displayOrder: 'asc' }, { createdAt: 'asc' }],
      });
    },
    createSeries(
      id: string,
      data: SeriesWrite & { categoryId: string; code: string; name: Record<string, string> },
      audit: AuditRecords<SeriesRow>,
    ): Promise<SeriesRow> {
      return guardWrite('badge series', () =>
        prisma.$transaction(async (tx) => {
          const row = await tx.badgeSeries.create({
            data: { ...data, id, description: json(data.description) },
          });
          await insertOutboxRecords(tx, 'badge', audit(null, row));
          return row;
        }, TX),
      );
    },
    updateSeries(
      id: string,
      data: SeriesWrite,
      audit: AuditRecords<SeriesRow>,
    ): Promise<SeriesRow | null> {
      return guardWrite('badge series', () =>
        prisma.$transaction(async (tx) => {
          const before = await tx.badgeSeries.findUnique({ where: { id } });
          if (!before) return null;
          const row = await tx.badgeSeries.update({
            where: { id },
            data: { ...data, description: json(data.description) },
          });
          await insertOutboxRecords(tx, 'badge', audit(before, row));
          return row;
        }, TX),
      );
    },

    // ---- badges ---------------------------------------------------------------------------
    listBadges(q: BadgeListQuery): Promise<BadgeRow[]> {
      return prisma.badge.findMany({
        where: { AND: [badgeWhere(q), badgeKeyset(q.sort, q.after)] },
        orderBy: badgeOrder(q.sort),
        take: q.take,
      });
    },
    countBadges(q: BadgeListQuery): Promise<number> {
      return prisma.badge.count({ where: badgeWhere(q) });
    },
    findBadgesByIds(ids: readonly string[]): Promise<BadgeRow[]> {
      return prisma.badge.findMany({ where: { id: { in: [...ids] } } });
    },
    findBadgeByCode(code: string): Promise<BadgeRow | null> {
      return prisma.badge.findUnique({ where: { code } });
    },
    /** True when `holderId` was ever granted the badge (hidden-until-earned visibility). */
    async hasEarned(holderId: string, badgeId: string): Promise<boolean> {
      const balance = await prisma.userBadgeBalance.findUnique({
        where: { userId_badgeId: { userId: holderId, badgeId } },
        select: { totalGranted: true },
      });
      return (balance?.totalGranted ?? 0) > 0;
    },
    createBadge(
      id: string,
      data: BadgeWrite & {
        code: string;
        categoryId: string;
        name: Record<string, string>;
        totalStock: number | null;
        createdBy: string;
      },
      audit: AuditRecords<BadgeRow>,
    ): Promise<BadgeRow> {
      return guardWrite('badge', () =>
        prisma.$transaction(async (tx) => {
          const row = await tx.badge.create({
            data: {
              ...data,
              id,
              remainingStock: data.totalStock,
              updatedBy: data.createdBy,
              description: json(data.description),
              metadata: json(data.metadata),
            },
          });
          await insertOutboxRecords(tx, 'badge', audit(null, row));
          return row;
        }, TX),
      );
    },
    /**
     * Optimistic update: applies `data` only when the badge is still at `expectedVersion`
     * (`version` + 1 afterwards). `check` sees the current row and may refuse (throw) before
     * anything is written. A stock change (`totalStockDelta`) moves remaining stock by the same
     * amount in the same statement, refused by the database CHECK if it would go below zero.
     * Returns null when the badge does not exist, 'version' when the version moved on.
     */
    updateBadge(
      id: string,
      expectedVersion: number,
      data: BadgeWrite & { updatedBy: string },
      stock: { total: number | null } | undefined,
      check: (current: BadgeRow) => void,
      audit: AuditRecords<BadgeRow>,
    ): Promise<BadgeRow | null | 'version' | 'stock'> {
      return guardWrite('badge', () =>
        prisma.$transaction(async (tx) => {
          const [current] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM badge.badge WHERE id = ${id}::uuid FOR UPDATE`;
          if (!current) return null;
          const before = await tx.badge.findUniqueOrThrow({ where: { id } });
          check(before);
          if (before.version !== expectedVersion) return 'version';
          let stockData: { totalStock: number | null; remainingStock: number | null } | undefined;
          if (stock) {
            if (stock.total === null) {
              stockData = { totalStock: null, remainingStock: null };
            } else {
              // Units handed out so far: total - remaining, or (unlimited until now) every grant.
              const granted =
                before.totalStock !== null
                  ? before.totalStock - (before.remainingStock ?? 0)
                  : ((
                      await tx.userBadgeBalance.aggregate({
                        where: { badgeId: id },
                        _sum: { totalGranted: true },
                      })
                    )._sum.totalGranted ?? 0);
              if (stock.total < granted) return 'stock';
              stockData = { totalStock: stock.total, remainingStock: stock.total - granted };
            }
          }
          const row = await tx.badge.update({
            where: { id },
            data: {
              ...data,
              ...stockData,
              description: json(data.description),
              metadata: json(data.metadata),
              version: { increment: 1 },
            },
          });
          await insertOutboxRecords(tx, 'badge', audit(before, row));
          return row;
        }, TX),
      );
    },
    /** Lifecycle change under the row lock; `check` refuses illegal transitions. */
    transitionBadge(
      id: string,
      expectedVersion: number | undefined,
      check: (current: BadgeRow) => {
        status: BadgeStatus;
        at: 'publishedAt' | 'offlineAt' | 'archivedAt';
      },
      updatedBy: string,
      audit: AuditRecords<BadgeRow>,
    ): Promise<BadgeRow | null | 'version'> {
      return guardWrite('badge', () =>
        prisma.$transaction(async (tx) => {
          const [current] = await tx.$queryRaw<{ id: string }[]>`
          SELECT id FROM badge.badge WHERE id = ${id}::uuid FOR UPDATE`;
          if (!current) return null;
          const before = await tx.badge.findUniqueOrThrow({ where: { id } });
          const next = check(before);
          if (expectedVersion !== undefined && before.version !== expectedVersion) return 'version';
          const row = await tx.badge.update({
            where: { id },
            data: {
              status: next.status,
              [next.at]: new Date(),
              updatedBy,
              version: { increment: 1 },
            },
          });
          await insertOutboxRecords(tx, 'badge', audit(before, row));
          return row;
        }, TX),
      );
    },
  };
}
export type CatalogRepository = ReturnType<typeof createCatalogRepository>;

function seriesWhere(q: SeriesListQuery): Prisma.BadgeSeriesWhereInput {
  const and: Prisma.BadgeSeriesWhereInput[] = [];
  if (!q.includeDisabled) and.push({ isEnabled: true });
  if (q.categoryId) and.push({ categoryId: q.categoryId });
  if (q.search) {
    and.push({
      OR: [
        { code: { contains: q.search, mode: 'insensitive' } },
        { name: { path: ['zh-CN'], string_contains: q.search, mode: 'insensitive' } },
        { name: { path: ['en-US'], string_contains: q.search, mode: 'insensitive' } },
      ],
    });
  }
  return and.length ? { AND: and } : {};
}

function seriesKeyset(after: [number, string, string] | undefined): Prisma.BadgeSeriesWhereInput {
  if (!after) return {};
  const [order, created, id] = after;
  const createdAt = new Date(created);
  return {
    OR: [
      { displayOrder: { gt: order } },
      { displayOrder: order, createdAt: { gt: createdAt } },
      { displayOrder: order, createdAt, id: { gt: id } },
    ],
  };
}
