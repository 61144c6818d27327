import {
  Prisma,
  type BenefitGrant,
  type BenefitGrantSource,
  type BenefitGrantStatus,
  type FulfilmentStatus,
  type PrismaClient,
} from '@badge/db';
import { olderThan, type Tx } from '../../shared/db.repository.js';
import type { BenefitRow } from '../benefit/benefit.repository.js';
import type { TimeIdCursor } from '../../shared/pagination.js';

export type { BenefitGrantSource, BenefitGrantStatus, FulfilmentStatus };

/** A benefit grant row as stored (plain object). */
export type GrantRow = BenefitGrant;

/** Statuses that hold a unit of the benefit (stock and per-user limits count them). */
export const HOLDING_STATUSES = ['PENDING', 'GRANTED', 'EXPIRED'] as const;

export interface GrantInsert {
  id: string;
  userId: string;
  benefitId: string;
  status: BenefitGrantStatus;
  source: BenefitGrantSource;
  idempotencyKey: string;
  quantity: number;
  sourceBadgeId?: string | null;
  sourceBadgeGrantId?: string | null;
  redemptionId?: string | null;
  failureReason?: string | null;
  attempts?: number;
  fulfilmentStatus?: FulfilmentStatus | null;
  payload?: Record<string, unknown> | null;
  grantedAt?: Date | null;
  expiresAt?: Date | null;
}

export interface GrantUpdate {
  status?: BenefitGrantStatus;
  failureReason?: string | null;
  attempts?: number;
  fulfilmentStatus?: FulfilmentStatus | null;
  fulfilment?: Record<string, unknown> | null;
  externalRef?: string | null;
  payload?: Record<string, unknown> | null;
  grantedAt?: Date | null;
  expiresAt?: Date | null;
  revokedAt?: Date | null;
  revokeReason?: string | null;
}

export interface GrantPageQuery {
  userId?: string;
  benefitId?: string;
  statuses?: readonly BenefitGrantStatus[];
  source?: BenefitGrantSource;
  after?: TimeIdCursor;
  take: number;
}

const jsonOrNull = (v: Record<string, unknown> | null | undefined) =>
  v === undefined ? undefined : v === null ? Prisma.DbNull : (v as Prisma.InputJsonObject);

function toData(u: GrantUpdate) {
  return { ...u, payload: jsonOrNull(u.payload), fulfilment: jsonOrNull(u.fulfilment) };
}

function pageWhere(q: Omit<GrantPageQuery, 'take' | 'after'>): Prisma.BenefitGrantWhereInput {
  return {
    ...(q.userId ? { userId: q.userId } : {}),
    ...(q.benefitId ? { benefitId: q.benefitId } : {}),
    ...(q.statuses?.length ? { status: { in: [...q.statuses] } } : {}),
    ...(q.source ? { source: q.source } : {}),
  };
}

export function createGrantRepository(prisma: PrismaClient) {
  return {
    // ---- reads (outside transactions) ----------------------------------------------------
    findBenefit: (id: string): Promise<BenefitRow | null> =>
      prisma.benefit.findUnique({ where: { id } }),
    findById: (id: string): Promise<GrantRow | null> =>
      prisma.benefitGrant.findUnique({ where: { id } }),
    findByIds: (ids: readonly string[]): Promise<GrantRow[]> =>
      prisma.benefitGrant.findMany({ where: { id: { in: [...ids] } } }),
    findByRedemptionIds: (ids: readonly string[]): Promise<GrantRow[]> =>
      prisma.benefitGrant.findMany({ where: { redemptionId: { in: [...ids] } } }),
    /** AUTO grants a badge grant brought (for clawback). */
    findBySourceBadgeGrant: (userBadgeId: string): Promise<GrantRow[]> =>
      prisma.benefitGrant.findMany({
        where: { sourceBadgeGrantId: userBadgeId, source: 'AUTO' },
        orderBy: { createdAt: 'asc' },
      }),
    page: (q: GrantPageQuery): Promise<GrantRow[]> =>
      prisma.benefitGrant.findMany({
        where: { AND: [pageWhere(q), olderThan(q.after)] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      }),
    count: (q: Omit<GrantPageQuery, 'take' | 'after'>): Promise<number> =>
      prisma.benefitGrant.count({ where: pageWhere(q) }),
    /** The coupon code issued (or reserved) for each grant. */
    async couponCodes(grantIds: readonly string[]): Promise<Map<string, string>> {
      const rows = await prisma.couponCode.findMany({
        where: { benefitGrantId: { in: [...grantIds] } },
        select: { benefitGrantId: true, code: true },
      });
      return new Map(rows.map((r) => [r.benefitGrantId!, r.code]));
    },

    // ---- inside a transaction -------------------------------------------------------------
    benefitById: (tx: Tx, id: string): Promise<BenefitRow | null> =>
      tx.benefit.findUnique({ where: { id } }),
    findByKey: (tx: Tx, idempotencyKey: string): Promise<GrantRow | null> =>
      tx.benefitGrant.findUnique({ where: { idempotencyKey } }),
    /** The grant, locked for the rest of the transaction. */
    async lockById(tx: Tx, id: string): Promise<GrantRow | null> {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM benefit.benefit_grant WHERE id = ${id}::uuid FOR UPDATE`;
      return rows.length ? tx.benefitGrant.findUnique({ where: { id } }) : null;
    },
    lockByRedemption: async (tx: Tx, redemptionId: string): Promise<GrantRow | null> => {
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM benefit.benefit_grant WHERE redemption_id = ${redemptionId}::uuid FOR UPDATE`;
      return rows[0] ? tx.benefitGrant.findUnique({ where: { id: rows[0].id } }) : null;
    },
    /** Grants of a user and benefit that hold a unit (per-user limit), optionally minus one. */
    holdingCount: (tx: Tx, userId: string, benefitId: string, exceptId?: string): Promise<number> =>
      tx.benefitGrant.count({
        where: {
          userId,
          benefitId,
          status: { in: [...HOLDING_STATUSES] },
          ...(exceptId ? { id: { not: exceptId } } : {}),
        },
      }),
    insert: (tx: Tx, g: GrantInsert): Promise<GrantRow> =>
      tx.benefitGrant.create({
        data: { ...g, payload: jsonOrNull(g.payload) },
      }),
    update: (tx: Tx, id: string, u: GrantUpdate): Promise<GrantRow> =>
      tx.benefitGrant.update({ where: { id }, data: toData(u) }),
    /** Updates only while the grant is in one of `statuses`; null when it no longer is. */
    async updateIf(
      tx: Tx,
      id: string,
      statuses: readonly BenefitGrantStatus[],
      u: GrantUpdate,
    ): Promise<GrantRow | null> {
      const { count } = await tx.benefitGrant.updateMany({
        where: { id, status: { in: [...statuses] } },
        data: toData(u),
      });
      return count === 1 ? tx.benefitGrant.findUnique({ where: { id } }) : null;
    },

    // ---- stock (lock order: user → benefit → coupon codes) --------------------------------
    /**
     * Takes `quantity` units of a benefit's stock atomically. True when taken or when the stock
     * is unlimited; false when not enough is left.
     */
    async reserveStock(tx: Tx, benefitId: string, quantity: number): Promise<boolean> {
      const taken = await tx.$executeRaw`
        UPDATE benefit.benefit SET remaining_stock = remaining_stock - ${quantity}
        WHERE id = ${benefitId}::uuid AND remaining_stock IS NOT NULL AND remaining_stock >= ${quantity}`;
      if (taken === 1) return true;
      const rows = await tx.$queryRaw<{ unlimited: boolean }[]>`
        SELECT remaining_stock IS NULL AS unlimited FROM benefit.benefit WHERE id = ${benefitId}::uuid`;
      return rows[0]?.unlimited === true;
    },
    /** Gives units back (never above the total). */
    async releaseStock(tx: Tx, benefitId: string, quantity: number): Promise<void> {
      await tx.$executeRaw`
        UPDATE benefit.benefit SET remaining_stock = LEAST(total_stock, remaining_stock + ${quantity})
        WHERE id = ${benefitId}::uuid AND remaining_stock IS NOT NULL`;
    },

    // ---- coupon codes -------------------------------------------------------------------
    /**
     * Binds the oldest AVAILABLE, unexpired code of the benefit to the grant (RESERVED while a
     * redemption is pending, else ISSUED). `SKIP LOCKED`: concurrent grants take different codes
     * and never wait for each other. Null when the pool is empty.
     */
    async takeCoupon(
      tx: Tx,
      benefitId: string,
      grantId: string,
      status: 'RESERVED' | 'ISSUED',
    ): Promise<string | null> {
      const rows = await tx.$queryRaw<{ code: string }[]>`
        UPDATE benefit.coupon_code
        SET status = ${status}::benefit.coupon_code_status,
            benefit_grant_id = ${grantId}::uuid,
            reserved_at = now(),
            issued_at = CASE WHEN ${status} = 'ISSUED' THEN now() ELSE NULL END,
            updated_at = now()
        WHERE id = (
          SELECT id FROM benefit.coupon_code
          WHERE benefit_id = ${benefitId}::uuid AND status = 'AVAILABLE'
            AND (expires_at IS NULL OR expires_at > now())
          ORDER BY created_at
          LIMIT 1
          FOR UPDATE SKIP LOCKED
        )
        RETURNING code`;
      return rows[0]?.code ?? null;
    },
    async issueCoupon(tx: Tx, grantId: string): Promise<string | null> {
      const rows = await tx.$queryRaw<{ code: string }[]>`
        UPDATE benefit.coupon_code SET status = 'ISSUED', issued_at = now(), updated_at = now()
        WHERE benefit_grant_id = ${grantId}::uuid AND status IN ('RESERVED', 'ISSUED')
        RETURNING code`;
      return rows[0]?.code ?? null;
    },
    /** A reserved code goes back to the pool (it was never shown to the user). */
    async releaseCoupon(tx: Tx, grantId: string): Promise<void> {
      await tx.$executeRaw`
        UPDATE benefit.coupon_code
        SET status = 'AVAILABLE', benefit_grant_id = NULL, reserved_at = NULL, updated_at = now()
        WHERE benefit_grant_id = ${grantId}::uuid AND status = 'RESERVED'`;
    },
    /** An issued code is voided (REVOKED, kept bound to its grant for history); never re-issued. */
    async voidCoupon(tx: Tx, grantId: string): Promise<boolean> {
      const n = await tx.$executeRaw`
        UPDATE benefit.coupon_code SET status = 'REVOKED', revoked_at = now(), updated_at = now()
        WHERE benefit_grant_id = ${grantId}::uuid AND status IN ('RESERVED', 'ISSUED')`;
      return n > 0;
    },

    // ---- background work ------------------------------------------------------------------
    /**
     * Claims grants the retry loop should try again: FAILED ones with a retryable reason whose
     * backoff (base × 2^(attempts-1), capped) has passed, and PENDING ones nobody touched for
     * `staleMs` (a worker died between reserving and delivering). Claiming bumps `updated_at`,
     * so other workers skip them until the next backoff; `SKIP LOCKED` keeps replicas apart.
     */
    async claimRetryable(options: {
      retryableCodes: readonly string[];
      maxAttempts: number;
      baseMs: number;
      maxMs: number;
      staleMs: number;
      limit: number;
    }): Promise<string[]> {
      const prefixes = options.retryableCodes.map((c) => `${c}:%`);
      const rows = await prisma.$queryRaw<{ id: string }[]>`
        UPDATE benefit.benefit_grant SET updated_at = now()
        WHERE id IN (
          SELECT id FROM benefit.benefit_grant
          WHERE source IN ('AUTO', 'MANUAL') AND (
            (status = 'FAILED' AND attempts < ${options.maxAttempts}
              AND failure_reason LIKE ANY (${prefixes}::text[])
              AND updated_at <= now() - make_interval(secs => LEAST(
                ${options.maxMs}::double precision,
                ${options.baseMs}::double precision * power(2, GREATEST(attempts - 1, 0))
              ) / 1000.0))
            OR (status = 'PENDING' AND updated_at <= now() - make_interval(secs => ${options.staleMs}::double precision / 1000.0))
          )
          ORDER BY updated_at
          LIMIT ${options.limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING id::text`;
      return rows.map((r) => r.id);
    },
    /** GRANTED grants whose expiry passed → EXPIRED (a bounded batch). */
    async expireDue(limit: number): Promise<{ id: string; benefitId: string }[]> {
      return prisma.$queryRaw<{ id: string; benefitId: string }[]>`
        UPDATE benefit.benefit_grant SET status = 'EXPIRED', updated_at = now()
        WHERE id IN (
          SELECT id FROM benefit.benefit_grant
          WHERE status = 'GRANTED' AND expires_at IS NOT NULL AND expires_at <= now()
          ORDER BY expires_at LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING id::text, benefit_id::text AS "benefitId"`;
    },
  };
}
export type GrantRepository = ReturnType<typeof createGrantRepository>;
