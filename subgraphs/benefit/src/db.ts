import { createDatabase, type PrismaClient } from '@badge/db';
import {
  attachDatabase,
  databaseOptions,
  type Runtime,
  type TSubgraphEnv,
} from '@badge/service-kit';
import { createBenefitRepository } from './modules/benefit/benefit.repository.js';

export const connectDatabase = (env: TSubgraphEnv, runtime: Runtime) =>
  attachDatabase(runtime, createDatabase(databaseOptions(env, runtime.service)));

/** The benefit domain's repositories: the only code that talks to Prisma. */
export const createRepositories = (prisma: PrismaClient) => ({
  benefits: createBenefitRepository(prisma),
});
export type Repositories = ReturnType<typeof createRepositories>;
