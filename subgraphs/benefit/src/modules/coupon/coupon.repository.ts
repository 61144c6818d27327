import type { CouponCode, CouponCodeStatus, OutboxRecordInput, PrismaClient } from '@badge/db';
import { inTransaction, olderThan, writeOutbox } from '../../shared/db.repository.js';
import type { TimeIdCursor } from '../../shared/pagination.js';

export type { CouponCodeStatus };
export type CouponCodeRow = CouponCode;

export interface PoolCounts {
  AVAILABLE: number;
  RESERVED: number;
  ISSUED: number;
  REVOKED: number;
}

export function createCouponRepository(prisma: PrismaClient) {
  return {
    /**
     * Adds codes to a benefit's pool (one statement, UNNEST); codes already in the pool are left
     * alone. Returns how many were new. The audit record commits with them.
     */
    insertCodes(
      benefitId: string,
      codes: readonly string[],
      meta: { importBatch: string; expiresAt: Date | null },
      audit: (inserted: number) => OutboxRecordInput[],
    ): Promise<number> {
      return inTransaction(prisma, async (tx) => {
        const inserted = await tx.$executeRaw`
          INSERT INTO benefit.coupon_code (id, benefit_id, code, status, import_batch, expires_at)
          SELECT gen_random_uuid(), ${benefitId}::uuid, c, 'AVAILABLE', ${meta.importBatch}, ${meta.expiresAt}
          FROM UNNEST(${[...codes]}::text[]) AS c
          ON CONFLICT (benefit_id, code) DO NOTHING`;
        await writeOutbox(tx, audit(inserted));
        return inserted;
      });
    },
    async poolCounts(benefitIds: readonly string[]): Promise<Map<string, PoolCounts>> {
      const rows = await prisma.couponCode.groupBy({
        by: ['benefitId', 'status'],
        where: { benefitId: { in: [...benefitIds] } },
        _count: { _all: true },
      });
      const out = new Map<string, PoolCounts>();
      for (const id of benefitIds)
        out.set(id, { AVAILABLE: 0, RESERVED: 0, ISSUED: 0, REVOKED: 0 });
      for (const r of rows) out.get(r.benefitId)![r.status] = r._count._all;
      return out;
    },
    page(q: {
      benefitId: string;
      status?: CouponCodeStatus;
      after?: TimeIdCursor;
      take: number;
    }): Promise<CouponCodeRow[]> {
      return prisma.couponCode.findMany({
        where: {
          AND: [
            { benefitId: q.benefitId, ...(q.status ? { status: q.status } : {}) },
            olderThan(q.after),
          ],
        },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      });
    },
    count: (q: { benefitId: string; status?: CouponCodeStatus }): Promise<number> =>
      prisma.couponCode.count({
        where: { benefitId: q.benefitId, ...(q.status ? { status: q.status } : {}) },
      }),
  };
}
export type CouponRepository = ReturnType<typeof createCouponRepository>;
