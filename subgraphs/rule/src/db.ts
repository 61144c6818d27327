import { createDatabase, type PrismaClient } from '@badge/db';
import {
  attachDatabase,
  databaseOptions,
  type Runtime,
  type TSubgraphEnv,
} from '@badge/service-kit';
import { createPipelineRepository } from './consumers/pipeline.repository.js';
import { createRuleIndexRepository } from './consumers/rule-index.repository.js';
import { createPipelineAdminRepository } from './modules/pipeline/pipeline.repository.js';
import { createProgressRepository } from './modules/progress/progress.repository.js';
import { createRuleRepository } from './modules/rule/rule.repository.js';
import { createTemplateRepository } from './modules/template/template.repository.js';

export const connectDatabase = (env: TSubgraphEnv, runtime: Runtime) =>
  attachDatabase(runtime, createDatabase(databaseOptions(env, runtime.service, runtime.logger)));

/** The rule domain's repositories: the only code that talks to Prisma. */
export const createRepositories = (prisma: PrismaClient) => ({
  templates: createTemplateRepository(prisma),
  rules: createRuleRepository(prisma),
  progress: createProgressRepository(prisma),
  pipelineAdmin: createPipelineAdminRepository(prisma),
});
export type Repositories = ReturnType<typeof createRepositories>;

/** The rule worker's repositories. */
export const createWorkerRepositories = (prisma: PrismaClient) => ({
  pipeline: createPipelineRepository(prisma),
  ruleIndex: createRuleIndexRepository(prisma),
});
export type WorkerRepositories = ReturnType<typeof createWorkerRepositories>;
