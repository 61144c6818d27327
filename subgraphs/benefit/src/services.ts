import type { Logger, Registry } from '@badge/service-kit';
import type { Repositories } from './db.js';
import type { TBenefitSettings } from './environment.js';
import { benefitMetrics } from './metrics.js';
import { createAutoBenefitService } from './modules/auto-benefit/auto-benefit.service.js';
import { createBenefitService } from './modules/benefit/benefit.service.js';
import { createCouponService } from './modules/coupon/coupon.service.js';
import { createAutoGrantService } from './modules/grant/auto-grant.service.js';
import { createClawbackService } from './modules/grant/clawback.service.js';
import { createGrantEngine } from './modules/grant/grant-engine.js';
import { createGrantService } from './modules/grant/grant.service.js';
import { createRedemptionService } from './modules/redemption/redemption.service.js';
import { createRedemptionSaga } from './modules/redemption/saga.service.js';
import { createStatsService } from './modules/stats/stats.service.js';
import { instrumentPointsProvider, type PointsProvider } from './points/index.js';

/**
 * The benefit domain's services over its repositories, shared by the server (GraphQL) and the
 * worker (consumers, retry loop). `producer` names the process in emitted events.
 */
export function createServices(options: {
  repositories: Repositories;
  settings: TBenefitSettings;
  points: PointsProvider;
  registry: Registry;
  logger: Logger;
  producer: string;
  notifyOutbox?: () => void;
}) {
  const { repositories: r, settings } = options;
  const metrics = benefitMetrics(options.registry);
  const points = instrumentPointsProvider(options.points, metrics);
  const common = {
    uow: r.uow,
    metrics,
    logger: options.logger,
    producer: options.producer,
    ...(options.notifyOutbox ? { notifyOutbox: options.notifyOutbox } : {}),
  };
  const engine = createGrantEngine({
    ...common,
    grants: r.grants,
    points,
    maxAttempts: settings.BENEFIT_GRANT_MAX_ATTEMPTS,
  });
  const clawback = createClawbackService({ ...common, grants: r.grants, links: r.links, points });
  return {
    metrics,
    engine,
    clawback,
    benefits: createBenefitService(r.benefits),
    autoBenefits: createAutoBenefitService(r.links, r.benefits),
    coupons: createCouponService(r.coupons, r.benefits),
    grants: createGrantService({
      uow: r.uow,
      grants: r.grants,
      engine,
      clawback,
      maxAttempts: settings.BENEFIT_GRANT_MAX_ATTEMPTS,
    }),
    redemptions: createRedemptionService({
      uow: r.uow,
      redemptions: r.redemptions,
      benefits: r.benefits,
      engine,
      metrics,
    }),
    autoGrants: createAutoGrantService({
      ...common,
      grants: r.grants,
      links: r.links,
      engine,
      retry: {
        maxAttempts: settings.BENEFIT_GRANT_MAX_ATTEMPTS,
        baseMs: settings.BENEFIT_GRANT_RETRY_BASE_MS,
        maxMs: settings.BENEFIT_GRANT_RETRY_MAX_MS,
        staleMs: settings.BENEFIT_GRANT_PENDING_STALE_MS,
        batchSize: settings.BENEFIT_GRANT_RETRY_BATCH_SIZE,
      },
    }),
    saga: createRedemptionSaga({
      ...common,
      redemptions: r.redemptions,
      grants: r.grants,
      engine,
      points,
    }),
    stats: createStatsService(r.stats),
  };
}
export type Services = ReturnType<typeof createServices>;
