import type { Logger, Registry } from '@badge/service-kit';
import type { Repositories } from './db.js';
import { badgeMetrics } from './metrics.js';
import { createBatchService } from './modules/batch/batch.service.js';
import { createBadgeService } from './modules/catalog/badge.service.js';
import { createCatalogService } from './modules/catalog/catalog.service.js';
import { createDependencyService } from './modules/dependency/dependency.service.js';
import { createStatsService } from './modules/stats/stats.service.js';
import { createGrantBatchService } from './modules/user-badge/grant-batch.service.js';
import { createGrantService } from './modules/user-badge/grant.service.js';
import { createUserBadgeService } from './modules/user-badge/user-badge.service.js';

/** The badge domain's services over its repositories (one set per process). */
export function createServices(
  repositories: Repositories,
  deps: { logger: Logger; registry: Registry; service: string },
) {
  const metrics = badgeMetrics(deps.registry);
  const grants = createGrantService({
    repository: repositories.grant,
    metrics,
    logger: deps.logger,
    service: deps.service,
  });
  const badges = createBadgeService(repositories.catalog);
  return {
    metrics,
    grants,
    /** grant-commands batches in one transaction (the worker's consumer) */
    grantBatches: createGrantBatchService({
      repository: repositories.grant,
      batches: repositories.grantBatch,
      grants,
      metrics,
      service: deps.service,
    }),
    catalog: createCatalogService(repositories.catalog),
    badges,
    dependencies: createDependencyService(repositories.dependency),
    userBadges: createUserBadgeService({ repository: repositories.userBadge, grants }),
    batches: createBatchService({
      repository: repositories.batch,
      findBadge: async (id) => (await badges.byIds([id]))[0] ?? null,
    }),
    stats: createStatsService(repositories.stats),
  };
}
export type Services = ReturnType<typeof createServices>;
