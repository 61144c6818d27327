// @badge/db — the one Prisma package of the platform. Consumers (repositories, db wiring, tests)
// import everything from here, never from @prisma/client or the generated folder directly.
import type { Prisma, PrismaClient } from './generated/client.js';

export * from './generated/client.js';
export {
  createPrismaClient,
  poolStats,
  DEFAULT_POOL_MAX,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  type CreatePrismaClientOptions,
  type PoolStats,
} from './client.js';
export {
  SqlState,
  databaseErrorInfo,
  isUniqueViolation,
  isCheckViolation,
  isForeignKeyViolation,
  isRetryableTransactionError,
  isDatabaseUnavailable,
  type DatabaseErrorInfo,
} from './errors.js';
export type {
  RuleParameterType,
  RuleParameterDefinition,
  RuleTemplateParameterSchema,
  LocalizedText,
} from './rule-template-schema.js';
export { prismaCliScript, dbPackageDir } from './cli.js';
export {
  sqlDatabase,
  prismaSql,
  type SqlDatabase,
  type SqlExecutor,
  type SqlResult,
  type SqlStatement,
} from './sql.js';
export { createDatabase, type Database, type DatabaseCheck } from './database.js';

/** A Prisma client or an interactive-transaction client (what repositories should accept). */
export type DbClient = PrismaClient | Prisma.TransactionClient;
export { seed, type SeedOptions, type SeedSummary } from './seed/seed.js';
export {
  PERMISSIONS,
  PERMISSION_CODES,
  SYSTEM_ROLES,
  type PermissionDefinition,
  type RoleDefinition,
} from './seed/permissions.js';
export { RULE_TEMPLATES, type RuleTemplateDefinition } from './seed/rule-templates.js';
export {
  claimInboxBatch,
  claimInboxMessage,
  claimInboxRows,
  insertOutboxRecords,
  insertOutboxRows,
  processInboxMessage,
  type DomainSchema,
  type InboxEntry,
  type OutboxRecordInput,
} from './inbox.js';
