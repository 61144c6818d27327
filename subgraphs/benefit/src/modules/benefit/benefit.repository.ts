import {
  Prisma,
  type Benefit,
  type BenefitStatus,
  type BenefitType,
  type BenefitValidityKind,
  type OutboxRecordInput,
  type PrismaClient,
} from '@badge/db';
import { guardWrite, inTransaction, olderThan, writeOutbox } from '../../shared/db.repository.js';
import type { TimeIdCursor } from '../../shared/pagination.js';

export type { BenefitStatus, BenefitType, BenefitValidityKind };

/** A benefit row as stored (plain object). */
export type BenefitRow = Benefit;

export interface BenefitPageQuery {
  statuses?: readonly BenefitStatus[];
  type?: BenefitType;
  /** Substring of the code or of a name (any locale). */
  search?: string;
  after?: TimeIdCursor;
  take: number;
}

export interface BenefitWrite {
  code?: string;
  type?: BenefitType;
  name?: Record<string, string>;
  description?: Record<string, string> | null;
  imageUrl?: string | null;
  status?: BenefitStatus;
  totalStock?: number | null;
  remainingStock?: number | null;
  perUserLimit?: number | null;
  validityKind?: BenefitValidityKind;
  validFrom?: Date | null;
  validUntil?: Date | null;
  validDays?: number | null;
  config?: Record<string, unknown>;
  updatedBy?: string;
}

export type AuditRecords = (before: BenefitRow | null, after: BenefitRow) => OutboxRecordInput[];

/** Units of a benefit held by users (PENDING, GRANTED or EXPIRED grants): stock already used. */
const HELD = ['PENDING', 'GRANTED', 'EXPIRED'] as const;

const json = (v: Record<string, string> | null | undefined) =>
  v === undefined ? undefined : v === null ? Prisma.DbNull : v;

function pageWhere(q: Omit<BenefitPageQuery, 'take' | 'after'>): Prisma.BenefitWhereInput {
  const search = q.search?.trim();
  return {
    ...(q.statuses?.length ? { status: { in: [...q.statuses] } } : {}),
    ...(q.type ? { type: q.type } : {}),
    ...(search
      ? {
          OR: [
            { code: { contains: search, mode: 'insensitive' } },
            { name: { path: ['zh-CN'], string_contains: search } },
            { name: { path: ['en-US'], string_contains: search } },
          ],
        }
      : {}),
  };
}

export function createBenefitRepository(prisma: PrismaClient) {
  return {
    list(filter: {
      statuses?: readonly BenefitStatus[];
      type?: BenefitType;
      take: number;
    }): Promise<BenefitRow[]> {
      return prisma.benefit.findMany({
        where: {
          ...(filter.statuses ? { status: { in: [...filter.statuses] } } : {}),
          ...(filter.type ? { type: filter.type } : {}),
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: filter.take,
      });
    },
    page(q: BenefitPageQuery): Promise<BenefitRow[]> {
      return prisma.benefit.findMany({
        where: { AND: [pageWhere(q), olderThan(q.after)] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      });
    },
    count(q: Omit<BenefitPageQuery, 'take' | 'after'>): Promise<number> {
      return prisma.benefit.count({ where: pageWhere(q) });
    },
    findByIds(ids: readonly string[]): Promise<BenefitRow[]> {
      return prisma.benefit.findMany({ where: { id: { in: [...ids] } } });
    },
    findById(id: string): Promise<BenefitRow | null> {
      return prisma.benefit.findUnique({ where: { id } });
    },
    findByCode(code: string): Promise<BenefitRow | null> {
      return prisma.benefit.findUnique({ where: { code } });
    },

    create(
      id: string,
      data: BenefitWrite & { code: string; type: BenefitType; name: Record<string, string> },
      audit: AuditRecords,
    ): Promise<BenefitRow> {
      return guardWrite('benefit', () =>
        inTransaction(prisma, async (tx) => {
          const row = await tx.benefit.create({
            data: {
              ...data,
              id,
              description: json(data.description),
              config: (data.config ?? {}) as Prisma.InputJsonObject,
            },
          });
          await writeOutbox(tx, audit(null, row));
          return row;
        }),
      );
    },

    /**
     * Changes a benefit under its row lock: `plan` sees the locked row (and, on demand, the units
     * users hold) and returns the write, or throws. The version goes up by one.
     */
    update(
      id: string,
      plan: (
        before: BenefitRow,
        held: () => Promise<number>,
      ) => BenefitWrite | Promise<BenefitWrite>,
      audit: AuditRecords,
    ): Promise<BenefitRow | null> {
      return guardWrite('benefit', () =>
        inTransaction(prisma, async (tx) => {
          const locked = await tx.$queryRaw<{ id: string }[]>`
            SELECT id::text FROM benefit.benefit WHERE id = ${id}::uuid FOR UPDATE`;
          if (locked.length === 0) return null;
          const before = await tx.benefit.findUniqueOrThrow({ where: { id } });
          const held = async () =>
            (
              await tx.benefitGrant.aggregate({
                where: { benefitId: id, status: { in: [...HELD] } },
                _sum: { quantity: true },
              })
            )._sum.quantity ?? 0;
          const { config, ...data } = await plan(before, held);
          const row = await tx.benefit.update({
            where: { id },
            data: {
              ...data,
              description: json(data.description),
              ...(config ? { config: config as Prisma.InputJsonObject } : {}),
              version: { increment: 1 },
            },
          });
          await writeOutbox(tx, audit(before, row));
          return row;
        }),
      );
    },

    /** Finite stock of PUBLISHED/OFFLINE benefits, lowest remaining first (for the gauges). */
    async stockLevels(limit: number) {
      const rows = await prisma.benefit.findMany({
        where: { status: { in: ['PUBLISHED', 'OFFLINE'] }, totalStock: { not: null } },
        select: { code: true, totalStock: true, remainingStock: true },
        orderBy: [{ remainingStock: 'asc' }, { code: 'asc' }],
        take: limit,
      });
      return rows.map((r) => ({
        code: r.code,
        totalStock: r.totalStock ?? 0,
        remainingStock: r.remainingStock ?? 0,
      }));
    },
  };
}
export type BenefitRepository = ReturnType<typeof createBenefitRepository>;
