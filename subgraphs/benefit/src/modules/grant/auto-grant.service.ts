import type { Logger } from '@badge/service-kit';
import type { Tx, UnitOfWork } from '../../shared/db.repository.js';
import { Effects } from '../../shared/effects.js';
import type { BenefitMetrics } from '../../metrics.js';
import type { AutoBenefitRepository } from '../auto-benefit/auto-benefit.repository.js';
import type { GrantEngine } from './grant-engine.js';
import type { GrantRepository } from './grant.repository.js';
import { RETRYABLE_CODES } from './grant.rules.js';

export interface RetrySettings {
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
  staleMs: number;
  batchSize: number;
}

/**
 * The worker side of grants: auto-benefits on `badge.granted.v1`, the retry loop over FAILED
 * (retryable) and stale PENDING grants, and the expiry of granted benefits.
 */
export function createAutoGrantService(deps: {
  uow: UnitOfWork;
  grants: GrantRepository;
  links: AutoBenefitRepository;
  engine: GrantEngine;
  metrics: BenefitMetrics;
  logger: Logger;
  producer: string;
  retry: RetrySettings;
}) {
  const { uow, grants, engine } = deps;
  const log = deps.logger.child({ component: 'auto-grant' });

  return {
    /**
     * Grants the benefits linked to the badge, once per (user badge, benefit): idempotency key
     * `<userBadgeId>:<benefitId>` (and the partial unique index on AUTO grants). `run` is the
     * consumer's exactly-once transaction; POINTS are credited after it commits.
     */
    async onBadgeGranted(
      event: { eventId: string; userId: string; badgeId: string; userBadgeId: string },
      run: (effect: (tx: Tx) => Promise<void>) => Promise<boolean>,
    ): Promise<void> {
      const fx = new Effects();
      await run(async (tx) => {
        const links = await deps.links.enabledForBadge(tx, event.badgeId);
        if (links.length === 0) return;
        await uow.lockUser(tx, event.userId);
        for (const link of links) {
          await engine.place(
            tx,
            {
              userId: event.userId,
              benefitId: link.benefitId,
              quantity: link.quantity,
              source: 'AUTO',
              idempotencyKey: `${event.userBadgeId}:${link.benefitId}`,
              sourceBadgeId: event.badgeId,
              sourceBadgeGrantId: event.userBadgeId,
              actor: deps.producer,
            },
            fx,
          );
        }
      });
      await engine.settle(fx);
    },

    /** Retries one grant (FAILED → again; stale PENDING POINTS → deliver). */
    async retryOne(id: string): Promise<void> {
      const current = await grants.findById(id);
      if (!current) return;
      const fx = new Effects();
      await uow.run(async (tx) => {
        await uow.lockUser(tx, current.userId);
        const grant = await grants.lockById(tx, id);
        if (grant) await engine.retryInTx(tx, grant, fx);
      });
      await engine.settle(fx);
    },

    /** One round of the retry loop; returns how many grants it tried. */
    async retryRound(): Promise<number> {
      const ids = await grants.claimRetryable({
        retryableCodes: RETRYABLE_CODES,
        maxAttempts: deps.retry.maxAttempts,
        baseMs: deps.retry.baseMs,
        maxMs: deps.retry.maxMs,
        staleMs: deps.retry.staleMs,
        limit: deps.retry.batchSize,
      });
      for (const id of ids) {
        try {
          await this.retryOne(id);
        } catch (err) {
          log.error({ err, grantId: id }, 'grant retry failed');
        }
      }
      if (ids.length) log.info({ grants: ids.length }, 'retried benefit grants');
      return ids.length;
    },

    /** Marks GRANTED grants past their expiry EXPIRED. */
    async expireRound(): Promise<number> {
      const expired = await grants.expireDue(deps.retry.batchSize * 10);
      if (expired.length) {
        const benefits = new Map<string, string>();
        for (const e of expired) {
          const type =
            benefits.get(e.benefitId) ?? (await grants.findBenefit(e.benefitId))?.type ?? 'CUSTOM';
          benefits.set(e.benefitId, type);
          deps.metrics.grants.inc({ type, status: 'EXPIRED' });
        }
      }
      return expired.length;
    },
  };
}
export type AutoGrantService = ReturnType<typeof createAutoGrantService>;
