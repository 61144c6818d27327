import { AppError, type Logger } from '@badge/service-kit';
import type { Tx, UnitOfWork } from '../../shared/db.repository.js';
import { Effects } from '../../shared/effects.js';
import { benefitRevokedRecord, REVOCATION, type Causation } from '../../shared/events.js';
import type { BenefitMetrics } from '../../metrics.js';
import { isPointsProviderError, type PointsProvider } from '../../points/index.js';
import type { AutoBenefitRepository } from '../auto-benefit/auto-benefit.repository.js';
import type { BenefitRow } from '../benefit/benefit.repository.js';
import { payloadOf } from './grant-engine.js';
import type { GrantRepository, GrantRow } from './grant.repository.js';
import { isShipped, type ClawbackOutcome, type ClawbackRecord } from './grant.rules.js';

/** Result of reversing a POINTS grant's credit before the transaction. */
export type Reversal =
  { ok: true; transactionId: string } | { ok: false; rejected: boolean; message: string };

export interface ClawbackCause {
  reason: keyof typeof REVOCATION;
  /** The BadgeRevoked event id, or `admin:<subject>` for a console revoke. */
  sourceRef: string;
  actor: string;
  detail: string;
  /** Id of the message that caused it (events). */
  causationId?: string;
}

export interface ClawbackDeps {
  uow: UnitOfWork;
  grants: GrantRepository;
  links: AutoBenefitRepository;
  points: PointsProvider;
  metrics: BenefitMetrics;
  logger: Logger;
  producer: string;
  notifyOutbox?: () => void;
}

/**
 * Takes benefits back where still possible and records the outcome on every grant
 * (`payload.clawback`): an unused coupon is voided, points are reversed through the points system,
 * a physical good not yet shipped is cancelled, privileges and custom benefits are revoked.
 * Revoked units go back to the benefit's stock. What cannot be taken back (a used coupon, shipped
 * goods, points already spent) stays GRANTED with outcome NOT_REVOCABLE; a points system that is
 * down gives outcome FAILED (retry from the console with revokeBenefitGrant).
 */
export function createClawbackService(deps: ClawbackDeps) {
  const { grants, uow } = deps;
  const log = deps.logger.child({ component: 'clawback' });

  /** Reverses the credits of GRANTED POINTS grants (outside any transaction). */
  async function reverseCredits(
    candidates: readonly GrantRow[],
    benefits: ReadonlyMap<string, BenefitRow>,
    reason: string,
  ): Promise<Map<string, Reversal>> {
    const out = new Map<string, Reversal>();
    for (const grant of candidates) {
      const benefit = benefits.get(grant.benefitId);
      if (grant.status !== 'GRANTED' || benefit?.type !== 'POINTS') continue;
      const points = payloadOf(grant).points;
      try {
        const result = await deps.points.reverse({
          idempotencyKey: `reverse:${grant.id}`,
          userId: grant.userId,
          points: typeof points === 'number' ? points : 0,
          reference: grant.id,
          creditTransactionId: grant.externalRef,
          reason,
        });
        out.set(grant.id, { ok: true, transactionId: result.transactionId });
      } catch (err) {
        log.warn({ grantId: grant.id, err }, 'points reversal failed');
        out.set(grant.id, {
          ok: false,
          rejected: isPointsProviderError(err) && !err.retryable,
          message: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return out;
  }

  /** Applies the clawback to one grant the caller locked (with the user lock held). */
  async function applyInTx(
    tx: Tx,
    grant: GrantRow,
    benefit: BenefitRow,
    options: { enabled: boolean; reversal: Reversal | undefined; cause: ClawbackCause },
    fx: Effects,
  ): Promise<{ grant: GrantRow; outcome: ClawbackOutcome | null }> {
    const { cause } = options;
    const record = (outcome: ClawbackOutcome, detail: string): ClawbackRecord => ({
      outcome,
      detail,
      cause: cause.sourceRef,
      at: new Date().toISOString(),
    });
    const keep = async (outcome: ClawbackOutcome, detail: string) => {
      const updated = await grants.update(tx, grant.id, {
        payload: { ...payloadOf(grant), clawback: record(outcome, detail) },
      });
      fx.onCommit(() => deps.metrics.clawbacks.inc({ type: benefit.type, outcome }));
      return { grant: updated, outcome };
    };
    const revoke = async (
      outcome: 'REVOKED' | 'CANCELLED',
      detail: string,
      extra: { releaseStock: boolean; fulfilment?: boolean },
    ) => {
      if (extra.releaseStock) await grants.releaseStock(tx, benefit.id, grant.quantity);
      const updated = await grants.update(tx, grant.id, {
        status: 'REVOKED',
        revokedAt: new Date(),
        revokeReason: `${cause.reason}: ${cause.detail}`.slice(0, 1000),
        ...(extra.fulfilment ? { fulfilmentStatus: 'CANCELLED' } : {}),
        payload: { ...payloadOf(grant), clawback: record(outcome, detail) },
      });
      await uow.writeOutbox(tx, [
        benefitRevokedRecord(
          updated,
          benefit,
          {
            reason: REVOCATION[cause.reason],
            sourceRef: cause.sourceRef,
            detail: `${outcome}: ${detail}`,
            actor: cause.actor,
          },
          {
            producer: deps.producer,
            correlationId: grant.sourceBadgeGrantId ?? grant.redemptionId ?? grant.id,
            ...(cause.causationId ? { causationId: cause.causationId } : {}),
          } satisfies Causation,
        ),
      ]);
      fx.wroteOutbox();
      fx.onCommit(() => {
        deps.metrics.clawbacks.inc({ type: benefit.type, outcome });
        deps.metrics.grants.inc({ type: benefit.type, status: 'REVOKED' });
      });
      return { grant: updated, outcome };
    };

    if (grant.status === 'REVOKED' || grant.status === 'EXPIRED') return { grant, outcome: null };
    if (!options.enabled) return keep('SKIPPED', 'clawbackOnRevoke is off for this badge link');
    switch (grant.status) {
      case 'FAILED':
        // Never delivered: nothing to take back, but it must not be retried any more.
        return revoke('CANCELLED', 'the grant had failed and is no longer retried', {
          releaseStock: false,
        });
      case 'PENDING':
        await grants.releaseCoupon(tx, grant.id);
        return revoke('CANCELLED', 'cancelled before delivery', { releaseStock: true });
    }
    switch (benefit.type) {
      case 'COUPON': {
        const usedAt = payloadOf(grant).usedAt;
        if (typeof usedAt === 'string') return keep('NOT_REVOCABLE', `coupon used at ${usedAt}`);
        await grants.voidCoupon(tx, grant.id);
        return revoke('REVOKED', 'unused coupon code voided', { releaseStock: true });
      }
      case 'POINTS': {
        const r = options.reversal;
        if (!r) return keep('FAILED', 'points were not reversed (retry the revocation)');
        if (r.ok)
          return revoke('REVOKED', `points reversed (${r.transactionId})`, { releaseStock: true });
        return keep(r.rejected ? 'NOT_REVOCABLE' : 'FAILED', r.message);
      }
      case 'PHYSICAL':
        if (isShipped(grant.fulfilmentStatus))
          return keep('NOT_REVOCABLE', `already ${grant.fulfilmentStatus?.toLowerCase()}`);
        if (grant.fulfilmentStatus === 'CANCELLED')
          return revoke('REVOKED', 'fulfilment was already cancelled', { releaseStock: true });
        return revoke('REVOKED', 'fulfilment cancelled before shipping', {
          releaseStock: true,
          fulfilment: true,
        });
      default:
        return revoke('REVOKED', `${benefit.type.toLowerCase()} revoked`, { releaseStock: true });
    }
  }

  const benefitsOf = async (rows: readonly GrantRow[]) => {
    const map = new Map<string, BenefitRow>();
    for (const id of new Set(rows.map((g) => g.benefitId))) {
      const b = await grants.findBenefit(id);
      if (b) map.set(id, b);
    }
    return map;
  };

  const finish = (fx: Effects) => {
    fx.runCallbacks();
    if (fx.hasOutboxRows) deps.notifyOutbox?.();
  };

  return {
    applyInTx,
    reverseCredits,

    /**
     * Clawback after `badge.revoked.v1` (kind REVOKED): every AUTO grant the badge grant brought.
     * `run` is the consumer's exactly-once transaction (inbox row + effect); points are reversed
     * before it with idempotency keys, so a redelivery repeats nothing the points system applied.
     */
    async onBadgeRevoked(
      event: {
        eventId: string;
        userId: string;
        badgeId: string;
        userBadgeId: string;
        isRefund: boolean;
        reason: string;
        actor: string;
      },
      run: (effect: (tx: Tx) => Promise<void>) => Promise<boolean>,
    ): Promise<number> {
      const candidates = await grants.findBySourceBadgeGrant(event.userBadgeId);
      const benefits = await benefitsOf(candidates);
      const reversals = await reverseCredits(
        candidates,
        benefits,
        `badge revoked: ${event.reason || event.eventId}`,
      );
      const fx = new Effects();
      let handled = 0;
      await run(async (tx) => {
        if (candidates.length === 0) return;
        await uow.lockUser(tx, event.userId);
        const links = new Map(
          (await deps.links.allForBadge(tx, event.badgeId)).map((l) => [l.benefitId, l]),
        );
        for (const candidate of candidates) {
          const grant = await grants.lockById(tx, candidate.id);
          const benefit = benefits.get(candidate.benefitId);
          if (!grant || !benefit) continue;
          const { outcome } = await applyInTx(
            tx,
            grant,
            benefit,
            {
              enabled: links.get(grant.benefitId)?.clawbackOnRevoke ?? true,
              reversal: reversals.get(grant.id),
              cause: {
                reason: event.isRefund ? 'REFUND' : 'BADGE_REVOKED',
                sourceRef: event.eventId,
                actor: event.actor || deps.producer,
                detail: event.reason || 'badge revoked',
                causationId: event.eventId,
              },
            },
            fx,
          );
          if (outcome) handled += 1;
        }
      });
      finish(fx);
      return handled;
    },

    /** Console revoke of one grant (reason MANUAL); also retries a clawback that FAILED. */
    async revokeOne(
      grantId: string,
      cause: ClawbackCause,
      extraInTx: (tx: Tx, before: GrantRow, after: GrantRow) => Promise<void>,
    ): Promise<GrantRow> {
      const candidate = await grants.findById(grantId);
      if (!candidate) throw new AppError('NOT_FOUND', 'benefit grant not found', { id: grantId });
      if (candidate.status === 'REVOKED' || candidate.status === 'EXPIRED')
        throw new AppError('INVALID_STATE', `the grant is already ${candidate.status}`, {
          reason: 'NOT_REVOCABLE',
          status: candidate.status,
        });
      const benefits = await benefitsOf([candidate]);
      const reversals = await reverseCredits([candidate], benefits, cause.detail);
      const fx = new Effects();
      const result = await uow.run(async (tx) => {
        await uow.lockUser(tx, candidate.userId);
        const grant = await grants.lockById(tx, grantId);
        const benefit = benefits.get(candidate.benefitId);
        if (!grant || !benefit)
          throw new AppError('NOT_FOUND', 'benefit grant not found', { id: grantId });
        const { grant: after } = await applyInTx(
          tx,
          grant,
          benefit,
          { enabled: true, reversal: reversals.get(grant.id), cause },
          fx,
        );
        await extraInTx(tx, grant, after);
        return after;
      });
      finish(fx);
      return result;
    },
  };
}
export type ClawbackService = ReturnType<typeof createClawbackService>;
