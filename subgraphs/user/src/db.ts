import { createDatabase, createPrismaClient, type PrismaClient } from '@badge/db';
import {
  attachDatabase,
  databaseOptions,
  type Runtime,
  type TSubgraphEnv,
} from '@badge/service-kit';
import { createInboxRepository, type InboxRepository } from './consumers/inbox.repository.js';
import { createAdminRepository, type AdminRepository } from './modules/admin/admin.repository.js';
import {
  createApiKeyRepository,
  type ApiKeyRepository,
} from './modules/api-key/api-key.repository.js';
import {
  createNotificationRepository,
  type NotificationRepository,
} from './modules/notification/notification.repository.js';
import {
  createOperationLogRepository,
  type OperationLogRepository,
} from './modules/operation-log/operation-log.repository.js';
import { createRoleRepository, type RoleRepository } from './modules/role/role.repository.js';
import { createUserRepository, type UserRepository } from './modules/user/user.repository.js';

export const connectDatabase = (env: TSubgraphEnv, runtime: Runtime) =>
  attachDatabase(runtime, createDatabase(databaseOptions(env, runtime.service, runtime.logger)));

export interface Repositories {
  admins: AdminRepository;
  roles: RoleRepository;
  apiKeys: ApiKeyRepository;
  users: UserRepository;
  notifications: NotificationRepository;
  operationLog: OperationLogRepository;
  inbox: InboxRepository;
}

/** The user domain's repositories: the only code that talks to Prisma. */
export const createRepositories = (prisma: PrismaClient): Repositories => ({
  admins: createAdminRepository(prisma),
  roles: createRoleRepository(prisma),
  apiKeys: createApiKeyRepository(prisma),
  users: createUserRepository(prisma),
  notifications: createNotificationRepository(prisma),
  operationLog: createOperationLogRepository(prisma),
  inbox: createInboxRepository(prisma),
});

/** A plain client and the repositories for one-off jobs (no runtime, no readiness). */
export function connectForJob(env: TSubgraphEnv): {
  prisma: PrismaClient;
  repositories: Repositories;
} {
  const prisma = createPrismaClient({
    url: env.DATABASE_URL,
    poolMax: 2,
    connectionTimeoutMillis: env.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    applicationName: 'user-job',
  });
  return { prisma, repositories: createRepositories(prisma) };
}

/** The database is down or out of connections: the worker waits instead of using the DLQ. */
export { isDatabaseUnavailable } from '@badge/db';
