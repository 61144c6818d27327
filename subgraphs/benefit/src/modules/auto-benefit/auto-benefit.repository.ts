import type { BadgeBenefit, OutboxRecordInput, PrismaClient } from '@badge/db';
import { guardWrite, inTransaction, writeOutbox, type Tx } from '../../shared/db.repository.js';

/** An automatic benefit link: granting the badge grants `quantity` of the benefit. */
export type BadgeBenefitRow = BadgeBenefit;

export interface LinkWrite {
  quantity?: number;
  isEnabled?: boolean;
  clawbackOnRevoke?: boolean;
}

export function createAutoBenefitRepository(prisma: PrismaClient) {
  return {
    list: (filter: { badgeId?: string; benefitId?: string }): Promise<BadgeBenefitRow[]> =>
      prisma.badgeBenefit.findMany({
        where: {
          ...(filter.badgeId ? { badgeId: filter.badgeId } : {}),
          ...(filter.benefitId ? { benefitId: filter.benefitId } : {}),
        },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 500,
      }),
    findById: (id: string): Promise<BadgeBenefitRow | null> =>
      prisma.badgeBenefit.findUnique({ where: { id } }),
    byBadgeIds: (badgeIds: readonly string[]): Promise<BadgeBenefitRow[]> =>
      prisma.badgeBenefit.findMany({
        where: { badgeId: { in: [...badgeIds] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
    byBenefitIds: (benefitIds: readonly string[]): Promise<BadgeBenefitRow[]> =>
      prisma.badgeBenefit.findMany({
        where: { benefitId: { in: [...benefitIds] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
    /** Enabled links of a badge, read in the caller's transaction (auto-benefits). */
    enabledForBadge: (tx: Tx, badgeId: string): Promise<BadgeBenefitRow[]> =>
      tx.badgeBenefit.findMany({
        where: { badgeId, isEnabled: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }),
    /** Links of a badge in the caller's transaction, enabled or not (clawback settings). */
    allForBadge: (tx: Tx, badgeId: string): Promise<BadgeBenefitRow[]> =>
      tx.badgeBenefit.findMany({ where: { badgeId } }),

    create(
      data: {
        id: string;
        badgeId: string;
        benefitId: string;
        createdBy: string;
      } & Required<LinkWrite>,
      audit: (after: BadgeBenefitRow) => OutboxRecordInput[],
    ): Promise<BadgeBenefitRow> {
      return guardWrite('badge benefit link', () =>
        inTransaction(prisma, async (tx) => {
          const row = await tx.badgeBenefit.create({ data });
          await writeOutbox(tx, audit(row));
          return row;
        }),
      );
    },
    update(
      id: string,
      data: LinkWrite,
      audit: (before: BadgeBenefitRow, after: BadgeBenefitRow) => OutboxRecordInput[],
    ): Promise<BadgeBenefitRow | null> {
      return guardWrite('badge benefit link', () =>
        inTransaction(prisma, async (tx) => {
          const before = await tx.badgeBenefit.findUnique({ where: { id } });
          if (!before) return null;
          const row = await tx.badgeBenefit.update({ where: { id }, data });
          await writeOutbox(tx, audit(before, row));
          return row;
        }),
      );
    },
    delete(
      id: string,
      audit: (before: BadgeBenefitRow) => OutboxRecordInput[],
    ): Promise<BadgeBenefitRow | null> {
      return inTransaction(prisma, async (tx) => {
        const before = await tx.badgeBenefit.findUnique({ where: { id } });
        if (!before) return null;
        await tx.badgeBenefit.delete({ where: { id } });
        await writeOutbox(tx, audit(before));
        return before;
      });
    },
  };
}
export type AutoBenefitRepository = ReturnType<typeof createAutoBenefitRepository>;
