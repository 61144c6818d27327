import { createDatabase, type PrismaClient } from '@badge/db';
import {
  attachDatabase,
  databaseOptions,
  type Runtime,
  type TSubgraphEnv,
} from '@badge/service-kit';
import { createInboxRepository } from './consumers/inbox.repository.js';
import { createAutoBenefitRepository } from './modules/auto-benefit/auto-benefit.repository.js';
import { createBenefitRepository } from './modules/benefit/benefit.repository.js';
import { createCouponRepository } from './modules/coupon/coupon.repository.js';
import { createGrantRepository } from './modules/grant/grant.repository.js';
import { createRedemptionRepository } from './modules/redemption/redemption.repository.js';
import { createStatsRepository } from './modules/stats/stats.repository.js';
import { createUnitOfWork } from './shared/db.repository.js';

export const connectDatabase = (env: TSubgraphEnv, runtime: Runtime) =>
  attachDatabase(runtime, createDatabase(databaseOptions(env, runtime.service, runtime.logger)));

/** The benefit domain's repositories: the only code that talks to Prisma. */
export const createRepositories = (prisma: PrismaClient) => ({
  uow: createUnitOfWork(prisma),
  benefits: createBenefitRepository(prisma),
  links: createAutoBenefitRepository(prisma),
  coupons: createCouponRepository(prisma),
  grants: createGrantRepository(prisma),
  redemptions: createRedemptionRepository(prisma),
  inbox: createInboxRepository(prisma),
  stats: createStatsRepository(prisma),
});
export type Repositories = ReturnType<typeof createRepositories>;

/** The database is down or out of connections: the worker waits instead of using the DLQ. */
export { isDatabaseUnavailable } from '@badge/db';
