import {
  databaseErrorInfo,
  insertOutboxRecords,
  isCheckViolation,
  isForeignKeyViolation,
  isRetryableTransactionError,
  isUniqueViolation,
  type OutboxRecordInput,
  type Prisma,
  type PrismaClient,
} from '@badge/db';
import { AppError } from '@badge/service-kit';

/**
 * A database handle inside one transaction. Services pass it from step to step (so several
 * repositories write in one transaction) but never use it themselves.
 */
export type Tx = Prisma.TransactionClient;

/** Interactive transactions wait for a pooled connection and may run a few round trips. */
const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/**
 * Runs `fn` in one transaction, retried (up to 3 times) on serialization failures and deadlocks.
 * Expected failures thrown by `fn` (AppError) roll the transaction back and propagate as they are.
 */
export async function inTransaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(fn, TX_OPTIONS);
    } catch (err) {
      if (attempt >= 3 || !isRetryableTransactionError(err)) throw err;
    }
  }
}

/**
 * Serialises every benefit-domain write of one user (grants, redemptions, clawback) for the rest
 * of the transaction, so per-user limits are checked and enforced atomically. Lock order in this
 * domain: user → benefit row (stock) → coupon codes → grants.
 */
export async function lockUser(tx: Tx, userId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`benefit:user:${userId}`}, 0))`;
}

/** Outbox rows (events, commands, audit records) in the caller's transaction. */
export const writeOutbox = (tx: Tx, records: readonly OutboxRecordInput[]): Promise<void> =>
  insertOutboxRecords(tx, 'benefit', records);

/**
 * Turns the database's refusals of a write into typed errors the console can show: a unique
 * violation is CONFLICT (e.g. a code already in use), a foreign key NOT_FOUND (a referenced row
 * is gone), a CHECK BAD_USER_INPUT naming the constraint. Anything else is rethrown as is.
 */
export function translateDbError(err: unknown, what: string): never {
  if (err instanceof AppError) throw err;
  const info = databaseErrorInfo(err);
  if (isUniqueViolation(err)) {
    throw new AppError(
      'CONFLICT',
      `${what} already exists`,
      { fields: info?.fields ?? [] },
      { cause: err },
    );
  }
  if (isForeignKeyViolation(err)) {
    throw new AppError(
      'NOT_FOUND',
      `${what} refers to something that does not exist`,
      { constraint: info?.constraint },
      { cause: err },
    );
  }
  if (isCheckViolation(err)) {
    throw new AppError(
      'BAD_USER_INPUT',
      `${what} breaks a rule of the data model`,
      { constraint: info?.constraint },
      { cause: err },
    );
  }
  throw err;
}

/** Runs a write, translating database refusals (see {@link translateDbError}). */
export async function guardWrite<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    return translateDbError(err, what);
  }
}

/** Keyset condition "older than the cursor" for lists sorted by (createdAt desc, id desc). */
export function olderThan(cursor: { at: Date; id: string } | undefined) {
  if (!cursor) return {};
  return {
    OR: [{ createdAt: { lt: cursor.at } }, { createdAt: cursor.at, id: { lt: cursor.id } }],
  };
}

/** Transactions for services: they pass the handle on to repositories and never query with it. */
export function createUnitOfWork(prisma: PrismaClient) {
  return {
    run: <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => inTransaction(prisma, fn),
    lockUser,
    writeOutbox,
  };
}
export type UnitOfWork = ReturnType<typeof createUnitOfWork>;
