import { randomUUID } from 'node:crypto';
import { AppError, type Logger } from '@badge/service-kit';
import type { Tx, UnitOfWork } from '../../shared/db.repository.js';
import { Effects } from '../../shared/effects.js';
import {
  benefitGrantedRecord,
  benefitGrantFailedRecord,
  type Causation,
} from '../../shared/events.js';
import type { BenefitMetrics } from '../../metrics.js';
import { isPointsProviderError, type PointsProvider } from '../../points/index.js';
import type { BenefitRow } from '../benefit/benefit.repository.js';
import { grantExpiry, pointsOf, unavailableReason } from '../benefit/benefit.rules.js';
import type { GrantRepository, GrantRow } from './grant.repository.js';
import { formatFailure, isRetryableCode, parseFailure, type FailureCode } from './grant.rules.js';

export interface PlaceRequest {
  userId: string;
  benefitId: string;
  quantity: number;
  source: 'AUTO' | 'REDEMPTION' | 'MANUAL';
  idempotencyKey: string;
  sourceBadgeId?: string | null;
  sourceBadgeGrantId?: string | null;
  redemptionId?: string | null;
  /** Who caused it (admin id, service name), for the BenefitGranted event. */
  actor: string;
  /**
   * Redemption: reserve (stock, coupon code RESERVED) and keep the grant PENDING until the badges
   * are consumed; failures throw typed errors (nothing is written).
   */
  hold?: boolean;
}

export interface PlaceResult {
  grant: GrantRow;
  benefit: BenefitRow;
  isDuplicate: boolean;
}

/** Typed errors of a refused redemption/hold, by failure code. */
const HOLD_ERRORS: Record<FailureCode, AppError['code']> = {
  OUT_OF_STOCK: 'OUT_OF_STOCK',
  COUPON_POOL_EXHAUSTED: 'OUT_OF_STOCK',
  USER_LIMIT_REACHED: 'LIMIT_EXCEEDED',
  BENEFIT_UNAVAILABLE: 'INVALID_STATE',
  INSUFFICIENT_BADGES: 'INVALID_STATE',
  EXTERNAL_ERROR: 'DEPENDENCY_UNAVAILABLE',
  EXTERNAL_REJECTED: 'INVALID_STATE',
  INTERNAL_ERROR: 'INTERNAL',
};

export interface GrantEngineDeps {
  uow: UnitOfWork;
  grants: GrantRepository;
  points: PointsProvider;
  metrics: BenefitMetrics;
  logger: Logger;
  /** `benefit-worker` or `benefit-subgraph`: the producer named in events. */
  producer: string;
  maxAttempts: number;
  /** Wakes the outbox relay after a commit that wrote outbox rows (worker). */
  notifyOutbox?: () => void;
}

/**
 * Grants benefits: checks availability, per-user limit and stock, binds coupon codes, credits
 * points through the provider, and records every outcome on the grant row (GRANTED, or FAILED
 * with a reason) together with its event in the outbox. Used by auto-benefits (worker), the
 * redemption saga, manual grants and retries.
 *
 * Transaction-level steps take a `Tx` and an {@link Effects}; external calls (points) happen
 * only after the commit, in {@link GrantEngine.settle}.
 */
export function createGrantEngine(deps: GrantEngineDeps) {
  const { grants, uow } = deps;
  const log = deps.logger.child({ component: 'grant-engine' });
  const causation = (grant: GrantRow, causationId?: string): Causation => ({
    producer: deps.producer,
    correlationId: grant.redemptionId ?? grant.sourceBadgeGrantId ?? grant.id,
    ...(causationId ? { causationId } : {}),
  });

  const countStatus = (fx: Effects, benefit: BenefitRow, status: string) =>
    fx.onCommit(() => deps.metrics.grants.inc({ type: benefit.type, status }));

  /** GRANTED: expiry, fulfilment, coupon issued, event. */
  async function markGranted(
    tx: Tx,
    grant: GrantRow,
    benefit: BenefitRow,
    fx: Effects,
    extra: { externalRef?: string; couponCode?: string | null; causationId?: string } = {},
  ): Promise<GrantRow> {
    const now = new Date();
    const couponCode =
      benefit.type === 'COUPON'
        ? (extra.couponCode ?? (await grants.issueCoupon(tx, grant.id)))
        : null;
    const points = benefit.type === 'POINTS' ? pointsOf(benefit, grant.quantity) : 0;
    const updated = await grants.update(tx, grant.id, {
      status: 'GRANTED',
      failureReason: null,
      grantedAt: now,
      expiresAt: grantExpiry(benefit, now),
      ...(benefit.type === 'PHYSICAL' ? { fulfilmentStatus: 'PENDING' } : {}),
      ...(extra.externalRef ? { externalRef: extra.externalRef } : {}),
      payload: { ...payloadOf(grant), ...(points ? { points } : {}) },
    });
    await uow.writeOutbox(tx, [
      benefitGrantedRecord(
        updated,
        benefit,
        { points, couponCode, actor: deps.producer },
        causation(updated, extra.causationId),
      ),
    ]);
    fx.wroteOutbox();
    countStatus(fx, benefit, 'GRANTED');
    return updated;
  }

  /**
   * FAILED with a reason: a reserved coupon code goes back to the pool and held stock is given
   * back; the BenefitGrantFailed event says whether a retry may help.
   */
  async function markFailed(
    tx: Tx,
    grant: GrantRow,
    benefit: BenefitRow,
    fx: Effects,
    failure: { code: FailureCode; message: string; heldStock: boolean; causationId?: string },
  ): Promise<GrantRow> {
    if (failure.heldStock) {
      await grants.releaseCoupon(tx, grant.id);
      await grants.releaseStock(tx, benefit.id, grant.quantity);
    }
    const updated = await grants.update(tx, grant.id, {
      status: 'FAILED',
      failureReason: formatFailure(failure.code, failure.message),
      attempts: grant.attempts + 1,
    });
    const retryable =
      updated.source !== 'REDEMPTION' &&
      isRetryableCode(failure.code) &&
      updated.attempts < deps.maxAttempts;
    await uow.writeOutbox(tx, [
      benefitGrantFailedRecord(
        updated,
        benefit,
        { code: failure.code, message: failure.message, retryable },
        causation(updated, failure.causationId),
      ),
    ]);
    fx.wroteOutbox();
    countStatus(fx, benefit, 'FAILED');
    return updated;
  }

  /** Availability, per-user limit, stock: the first reason it cannot be granted (stock taken when none). */
  async function reserve(
    tx: Tx,
    benefit: BenefitRow,
    req: { userId: string; quantity: number },
    exceptGrantId?: string,
  ): Promise<{ code: FailureCode; message: string } | null> {
    const unavailable = unavailableReason(benefit, new Date());
    if (unavailable) return { code: 'BENEFIT_UNAVAILABLE', message: unavailable.message };
    if (benefit.type === 'COUPON' && req.quantity !== 1)
      return { code: 'BENEFIT_UNAVAILABLE', message: 'coupons are granted one code per grant' };
    if (benefit.perUserLimit !== null) {
      const held = await grants.holdingCount(tx, req.userId, benefit.id, exceptGrantId);
      if (held >= benefit.perUserLimit)
        return {
          code: 'USER_LIMIT_REACHED',
          message: `the user already holds ${held} of at most ${benefit.perUserLimit}`,
        };
    }
    if (!(await grants.reserveStock(tx, benefit.id, req.quantity)))
      return { code: 'OUT_OF_STOCK', message: 'no stock left' };
    return null;
  }

  /** After stock is held: bind a coupon code, then GRANTED / PENDING (points, holds) / FAILED. */
  async function fulfil(
    tx: Tx,
    grant: GrantRow,
    benefit: BenefitRow,
    fx: Effects,
    hold: boolean,
  ): Promise<GrantRow> {
    let couponCode: string | null = null;
    if (benefit.type === 'COUPON') {
      couponCode = await grants.takeCoupon(tx, benefit.id, grant.id, hold ? 'RESERVED' : 'ISSUED');
      if (!couponCode) {
        if (hold)
          throw new AppError('OUT_OF_STOCK', 'no coupon code left', {
            reason: 'COUPON_POOL_EXHAUSTED',
          });
        return markFailed(tx, grant, benefit, fx, {
          code: 'COUPON_POOL_EXHAUSTED',
          message: 'no coupon code left in the pool',
          heldStock: true,
        });
      }
    }
    if (hold) return grant;
    if (benefit.type === 'POINTS') {
      fx.deliveries.push(grant.id);
      return grant;
    }
    return markGranted(tx, grant, benefit, fx, { couponCode });
  }

  return {
    markGranted,
    markFailed,

    /**
     * Places one grant in the caller's transaction (the caller holds the user lock). Idempotent
     * on `idempotencyKey`: a second call returns the first grant. Refusals are recorded as a
     * FAILED grant with its reason — or, for holds, thrown as typed errors.
     */
    async place(tx: Tx, req: PlaceRequest, fx: Effects): Promise<PlaceResult> {
      const existing = await grants.findByKey(tx, req.idempotencyKey);
      const benefit = await grants.benefitById(tx, req.benefitId);
      if (!benefit) throw new AppError('NOT_FOUND', 'benefit not found', { id: req.benefitId });
      if (existing) return { grant: existing, benefit, isDuplicate: true };

      const refusal = await reserve(tx, benefit, req);
      if (refusal && req.hold) {
        throw new AppError(HOLD_ERRORS[refusal.code], refusal.message, {
          reason:
            refusal.code === 'BENEFIT_UNAVAILABLE'
              ? (unavailableReason(benefit, new Date())?.reason ?? refusal.code)
              : refusal.code,
        });
      }
      const grant = await grants.insert(tx, {
        id: randomUUID(),
        userId: req.userId,
        benefitId: benefit.id,
        status: 'PENDING',
        source: req.source,
        idempotencyKey: req.idempotencyKey,
        quantity: req.quantity,
        sourceBadgeId: req.sourceBadgeId ?? null,
        sourceBadgeGrantId: req.sourceBadgeGrantId ?? null,
        redemptionId: req.redemptionId ?? null,
        ...(benefit.type === 'POINTS'
          ? { payload: { points: pointsOf(benefit, req.quantity) } }
          : {}),
      });
      if (refusal) {
        const failed = await markFailed(tx, grant, benefit, fx, { ...refusal, heldStock: false });
        return { grant: failed, benefit, isDuplicate: false };
      }
      countStatus(fx, benefit, 'PENDING');
      return {
        grant: await fulfil(tx, grant, benefit, fx, req.hold ?? false),
        benefit,
        isDuplicate: false,
      };
    },

    /**
     * Tries a FAILED grant again (AUTO or MANUAL) in the caller's transaction, on the same row:
     * the same checks as a first attempt. PENDING grants are left for {@link settle}.
     */
    async retryInTx(tx: Tx, grant: GrantRow, fx: Effects): Promise<GrantRow> {
      const benefit = await grants.benefitById(tx, grant.benefitId);
      if (!benefit) throw new AppError('NOT_FOUND', 'benefit not found', { id: grant.benefitId });
      if (grant.status === 'PENDING') {
        if (benefit.type === 'POINTS') fx.deliveries.push(grant.id);
        return grant;
      }
      if (grant.status !== 'FAILED') return grant;
      const refusal = await reserve(tx, benefit, grant, grant.id);
      if (refusal) return markFailed(tx, grant, benefit, fx, { ...refusal, heldStock: false });
      const pending = await grants.update(tx, grant.id, { status: 'PENDING', failureReason: null });
      return fulfil(tx, pending, benefit, fx, false);
    },

    /**
     * After the commit: metrics, the relay, then the points deliveries the transaction queued
     * (credit with the idempotency key `credit:<grant id>`, then GRANTED, or FAILED with the
     * provider's reason — retried later by the retry loop when retryable).
     */
    async settle(fx: Effects): Promise<void> {
      fx.runCallbacks();
      if (fx.hasOutboxRows) deps.notifyOutbox?.();
      for (const id of fx.deliveries.splice(0)) await this.deliver(id);
    },

    /** Credits the points of a PENDING POINTS grant (AUTO or MANUAL) and records the outcome. */
    async deliver(grantId: string): Promise<void> {
      const grant = await grants.findById(grantId);
      if (!grant || grant.status !== 'PENDING' || grant.source === 'REDEMPTION') return;
      const fx = new Effects();
      let outcome: { ok: true; transactionId: string } | { ok: false; error: unknown };
      const points =
        typeof payloadOf(grant).points === 'number' ? (payloadOf(grant).points as number) : 0;
      try {
        const benefitCode = (await grants.findBenefit(grant.benefitId))?.code ?? '';
        const result = await deps.points.credit({
          idempotencyKey: `credit:${grant.id}`,
          userId: grant.userId,
          points,
          reference: grant.id,
          benefitCode,
        });
        outcome = { ok: true, transactionId: result.transactionId };
      } catch (error) {
        outcome = { ok: false, error };
      }
      const late = await uow.run(async (tx) => {
        await uow.lockUser(tx, grant.userId);
        const current = await grants.lockById(tx, grant.id);
        const benefit = await grants.benefitById(tx, grant.benefitId);
        if (!current || !benefit) return null;
        if (current.status !== 'PENDING') return current.status === 'REVOKED' ? current : null;
        if (outcome.ok) {
          await markGranted(tx, current, benefit, fx, { externalRef: outcome.transactionId });
        } else {
          const err = outcome.error;
          const rejected = isPointsProviderError(err) && !err.retryable;
          await markFailed(tx, current, benefit, fx, {
            code: rejected
              ? 'EXTERNAL_REJECTED'
              : isPointsProviderError(err)
                ? 'EXTERNAL_ERROR'
                : 'INTERNAL_ERROR',
            message: err instanceof Error ? err.message : String(err),
            heldStock: true,
          });
          log.warn({ grantId: grant.id, err }, 'points credit failed');
        }
        return null;
      });
      fx.runCallbacks();
      if (fx.hasOutboxRows) deps.notifyOutbox?.();
      if (late && outcome.ok) {
        // Revoked while the credit was in flight: take the points back.
        try {
          await deps.points.reverse({
            idempotencyKey: `reverse:${grant.id}`,
            userId: grant.userId,
            points,
            reference: grant.id,
            creditTransactionId: outcome.transactionId,
            reason: 'grant revoked during delivery',
          });
        } catch (err) {
          log.error(
            { grantId: grant.id, err },
            'points credited to a revoked grant could not be reversed',
          );
        }
      }
    },

    /** Failure code and message of a FAILED grant. */
    failureOf: (grant: GrantRow) => parseFailure(grant.failureReason),
  };
}
export type GrantEngine = ReturnType<typeof createGrantEngine>;

/** The grant's payload JSON as an object. */
export function payloadOf(grant: Pick<GrantRow, 'payload'>): Record<string, unknown> {
  const p = grant.payload;
  return p && typeof p === 'object' && !Array.isArray(p) ? p : {};
}
