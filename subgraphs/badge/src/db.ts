import { createDatabase, type PrismaClient } from '@badge/db';
import {
  attachDatabase,
  databaseOptions,
  type Runtime,
  type TSubgraphEnv,
} from '@badge/service-kit';
import { createCatalogRepository } from './modules/catalog/catalog.repository.js';

export const connectDatabase = (env: TSubgraphEnv, runtime: Runtime) =>
  attachDatabase(runtime, createDatabase(databaseOptions(env, runtime.service)));

/** The badge domain's repositories: the only code that talks to Prisma. */
export const createRepositories = (prisma: PrismaClient) => ({
  catalog: createCatalogRepository(prisma),
});
export type Repositories = ReturnType<typeof createRepositories>;
