import { createDatabase, type PrismaClient } from '@badge/db';
import {
  attachDatabase,
  databaseOptions,
  type Logger,
  type Runtime,
  type TSubgraphEnv,
} from '@badge/service-kit';
import { createBatchRepository } from './modules/batch/batch.repository.js';
import { createCatalogRepository } from './modules/catalog/catalog.repository.js';
import { createDependencyRepository } from './modules/dependency/dependency.repository.js';
import { createStatsRepository } from './modules/stats/stats.repository.js';
import { createGrantBatchRepository } from './modules/user-badge/grant-batch.repository.js';
import { createGrantRepository } from './modules/user-badge/grant.repository.js';
import { createUserBadgeRepository } from './modules/user-badge/user-badge.repository.js';

type DatabaseEnv = Pick<
  TSubgraphEnv,
  | 'DATABASE_URL'
  | 'DATABASE_POOL_MAX'
  | 'DATABASE_CONNECT_TIMEOUT_MS'
  | 'DATABASE_STATEMENT_TIMEOUT_MS'
>;

/** A database client for a process named `name` (jobs without a runtime). */
export const openDatabase = (env: DatabaseEnv, name: string, logger?: Logger) =>
  createDatabase(databaseOptions(env, name, logger));

/** The process's database, with readiness, pool metrics and close-on-shutdown. */
export const connectDatabase = (env: DatabaseEnv, runtime: Runtime) =>
  attachDatabase(runtime, openDatabase(env, runtime.service, runtime.logger));

/** The badge domain's repositories: the only code that talks to Prisma. */
export const createRepositories = (prisma: PrismaClient) => ({
  catalog: createCatalogRepository(prisma),
  dependency: createDependencyRepository(prisma),
  grant: createGrantRepository(prisma),
  grantBatch: createGrantBatchRepository(),
  userBadge: createUserBadgeRepository(prisma),
  batch: createBatchRepository(prisma),
  stats: createStatsRepository(prisma),
});
export type Repositories = ReturnType<typeof createRepositories>;

/** The Prisma client, for wiring code that must not import @badge/db itself. */
export type DbClient = PrismaClient;
