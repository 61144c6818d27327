import type { Logger } from '@badge/service-kit';
import type { Tx, UnitOfWork } from '../../shared/db.repository.js';
import { Effects } from '../../shared/effects.js';
import { restoreBadgesRecord } from '../../shared/events.js';
import type { BenefitMetrics } from '../../metrics.js';
import { isPointsProviderError, type PointsProvider } from '../../points/index.js';
import { payloadOf, type GrantEngine } from '../grant/grant-engine.js';
import type { GrantRepository } from '../grant/grant.repository.js';
import type { FailureCode } from '../grant/grant.rules.js';
import type { RedemptionRepository, RedemptionRow } from './redemption.repository.js';
import { stateOf } from './redemption.service.js';

type Run = (effect: (tx: Tx) => Promise<void>) => Promise<boolean>;

const isUuid = (v: string) =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);

/**
 * The benefit side of the redemption saga (the benefit domain orchestrates):
 *   badge.consumed.v1 ok     → grant the benefit (GRANTED, coupon ISSUED, points credited), COMPLETED
 *   badge.consumed.v1 not ok → release stock and coupon, grant FAILED, redemption FAILED (reason)
 *   grant fails after consumption → RestoreBadgesCommand (`restore:<id>`), COMPENSATING
 *   badge.restored.v1        → COMPENSATED
 * Each step runs once: the consumer's inbox transaction, and a guard on the redemption's state
 * (a second answer for the same redemption changes nothing).
 */
export function createRedemptionSaga(deps: {
  uow: UnitOfWork;
  redemptions: RedemptionRepository;
  grants: GrantRepository;
  engine: GrantEngine;
  points: PointsProvider;
  metrics: BenefitMetrics;
  logger: Logger;
  producer: string;
  notifyOutbox?: () => void;
}) {
  const { uow, redemptions, grants, engine } = deps;
  const log = deps.logger.child({ component: 'redemption-saga' });

  const finished = (
    fx: Effects,
    row: RedemptionRow,
    status: 'COMPLETED' | 'FAILED' | 'COMPENSATED',
  ) =>
    fx.onCommit(() => {
      deps.metrics.redemptions.inc({ status });
      deps.metrics.redemptionDuration.observe(
        { status },
        Math.max(0, (Date.now() - row.createdAt.getTime()) / 1000),
      );
    });

  const settle = (fx: Effects) => {
    fx.runCallbacks();
    if (fx.hasOutboxRows) deps.notifyOutbox?.();
  };

  /** Still waiting for the badge domain's answer (PENDING, not compensating). */
  const isAwaitingConsumption = (row: RedemptionRow | null): row is RedemptionRow =>
    row !== null && stateOf(row) === 'PENDING';

  return {
    async onBadgesConsumed(
      event: {
        eventId: string;
        userId: string;
        redemptionId: string;
        ok: boolean;
        failureReason: string;
        userBadgeIds: readonly string[];
      },
      run: Run,
    ): Promise<void> {
      const fx = new Effects();
      const before = isUuid(event.redemptionId)
        ? await redemptions.findById(event.redemptionId)
        : null;
      if (!isAwaitingConsumption(before)) {
        if (!before)
          log.warn(
            { redemptionId: event.redemptionId },
            'badges consumed for an unknown redemption',
          );
        await run(async () => {});
        return;
      }

      // Points are credited before the transaction (idempotency key credit:<grant id>): a
      // redelivery after a crash credits nothing twice.
      let credit:
        | { ok: true; transactionId: string }
        | { ok: false; code: FailureCode; message: string; uncertain: boolean }
        | null = null;
      const heldGrant = await grants
        .findByRedemptionIds([before.id])
        .then((rows) => rows[0] ?? null);
      const benefit = await grants.findBenefit(before.benefitId);
      if (event.ok && heldGrant && benefit?.type === 'POINTS') {
        const points = payloadOf(heldGrant).points;
        try {
          const result = await deps.points.credit({
            idempotencyKey: `credit:${heldGrant.id}`,
            userId: heldGrant.userId,
            points: typeof points === 'number' ? points : 0,
            reference: heldGrant.id,
            benefitCode: benefit.code,
          });
          credit = { ok: true, transactionId: result.transactionId };
        } catch (err) {
          log.warn({ redemptionId: before.id, err }, 'points credit failed after consumption');
          const rejected = isPointsProviderError(err) && !err.retryable;
          credit = {
            ok: false,
            code: rejected ? 'EXTERNAL_REJECTED' : 'EXTERNAL_ERROR',
            message: err instanceof Error ? err.message : String(err),
            // A timeout or 5xx may still have been applied; an open circuit or a refusal was not.
            uncertain: !rejected && !(isPointsProviderError(err) && err.code === 'CIRCUIT_OPEN'),
          };
        }
      }

      let compensating = false;
      await run(async (tx) => {
        await uow.lockUser(tx, event.userId);
        const redemption = await redemptions.lockById(tx, event.redemptionId);
        if (!isAwaitingConsumption(redemption)) return;
        const grant = await grants.lockByRedemption(tx, redemption.id);
        const row = grant ? await grants.benefitById(tx, grant.benefitId) : null;
        const now = new Date();

        if (!event.ok) {
          if (grant && row)
            await engine.markFailed(tx, grant, row, fx, {
              code: 'INSUFFICIENT_BADGES',
              message: event.failureReason,
              heldStock: true,
              causationId: event.eventId,
            });
          const failed = await redemptions.update(tx, redemption.id, {
            status: 'FAILED',
            failureReason: event.failureReason,
            failedAt: now,
          });
          finished(fx, failed, 'FAILED');
          return;
        }

        await redemptions.setConsumed(tx, redemption.id, event.userBadgeIds.filter(isUuid));
        const failure: { code: FailureCode; message: string } | null =
          !grant || !row
            ? { code: 'INTERNAL_ERROR', message: 'the redemption has no benefit grant' }
            : credit && !credit.ok
              ? { code: credit.code, message: credit.message }
              : null;
        if (failure) {
          // Badges are spent but the benefit cannot be given: give the badges back.
          if (grant && row)
            await engine.markFailed(tx, grant, row, fx, {
              ...failure,
              heldStock: true,
              causationId: event.eventId,
            });
          const reason = `BENEFIT_GRANT_FAILED: ${failure.code}: ${failure.message}`.slice(0, 1000);
          await redemptions.update(tx, redemption.id, { failureReason: reason, failedAt: now });
          await uow.writeOutbox(tx, [
            restoreBadgesRecord(redemption, reason, {
              producer: deps.producer,
              correlationId: redemption.id,
              causationId: event.eventId,
            }),
          ]);
          fx.wroteOutbox();
          fx.onCommit(() => deps.metrics.redemptions.inc({ status: 'COMPENSATING' }));
          compensating = true;
          return;
        }
        await engine.markGranted(tx, grant!, row!, fx, {
          ...(credit?.ok ? { externalRef: credit.transactionId } : {}),
          causationId: event.eventId,
        });
        const completed = await redemptions.update(tx, redemption.id, {
          status: 'COMPLETED',
          completedAt: now,
        });
        finished(fx, completed, 'COMPLETED');
      });
      settle(fx);
      if (compensating && heldGrant && credit && !credit.ok && credit.uncertain) {
        // The badges are being given back: make sure a credit that timed out is not kept too.
        const points = payloadOf(heldGrant).points;
        try {
          await deps.points.reverse({
            idempotencyKey: `reverse:${heldGrant.id}`,
            userId: heldGrant.userId,
            points: typeof points === 'number' ? points : 0,
            reference: heldGrant.id,
            creditTransactionId: null,
            reason: 'redemption compensated after a failed credit',
          });
        } catch (err) {
          log.error(
            { redemptionId: before.id, grantId: heldGrant.id, err },
            'could not reverse an uncertain points credit of a compensated redemption',
          );
        }
      }
    },

    async onBadgesRestored(
      event: { eventId: string; userId: string; redemptionId: string },
      run: Run,
    ) {
      const fx = new Effects();
      await run(async (tx) => {
        if (!isUuid(event.redemptionId)) return;
        await uow.lockUser(tx, event.userId);
        const redemption = await redemptions.lockById(tx, event.redemptionId);
        if (!redemption || stateOf(redemption) !== 'COMPENSATING') {
          log.warn(
            { redemptionId: event.redemptionId, state: redemption ? stateOf(redemption) : null },
            'badges restored for a redemption that is not compensating',
          );
          return;
        }
        const compensated = await redemptions.update(tx, redemption.id, {
          status: 'COMPENSATED',
          compensatedAt: new Date(),
        });
        finished(fx, compensated, 'COMPENSATED');
      });
      settle(fx);
    },
  };
}
export type RedemptionSaga = ReturnType<typeof createRedemptionSaga>;
