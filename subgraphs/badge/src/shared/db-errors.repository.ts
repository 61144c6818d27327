import {
  databaseErrorInfo,
  isCheckViolation,
  isForeignKeyViolation,
  isRetryableTransactionError,
  isUniqueViolation,
  Prisma,
} from '@badge/db';
import { AppError } from '@badge/service-kit';

/**
 * Turns the database's refusals of a write into typed errors the console can show: a unique
 * violation is CONFLICT (e.g. a code already in use), a foreign key NOT_FOUND (a referenced row
 * is gone), a CHECK BAD_USER_INPUT naming the constraint. Anything else is rethrown as is.
 */
export function translateDbError(err: unknown, what: string): never {
  const info = databaseErrorInfo(err);
  if (isUniqueViolation(err)) {
    throw new AppError(
      'CONFLICT',
      `${what} already exists`,
      { fields: info?.fields ?? [] },
      {
        cause: err,
      },
    );
  }
  if (isForeignKeyViolation(err)) {
    throw new AppError(
      'NOT_FOUND',
      `${what} refers to something that does not exist`,
      {
        constraint: info?.constraint,
      },
      { cause: err },
    );
  }
  if (isCheckViolation(err)) {
    throw new AppError(
      'BAD_USER_INPUT',
      `${what} breaks a rule of the data model`,
      {
        constraint: info?.constraint,
      },
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

/** SQLSTATE classes that running the same statements again cannot fix (data, constraints, SQL). */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '42', 'P0']);

/**
 * Whether a failed batch of the worker may succeed as it is when retried: deadlocks,
 * serialization failures, lock or statement timeouts, a lost connection, and anything unknown.
 * Data and constraint errors and programming errors are not: the consumer then splits the batch
 * at once, so the message that causes them goes to the DLQ and the others commit.
 */
export function isTransientDatabaseError(err: unknown): boolean {
  if (isRetryableTransactionError(err)) return true;
  const sqlState = databaseErrorInfo(err)?.sqlState;
  if (sqlState) return !PERMANENT_SQLSTATE_CLASSES.has(sqlState.slice(0, 2));
  return !(
    err instanceof TypeError ||
    err instanceof RangeError ||
    err instanceof Prisma.PrismaClientValidationError
  );
}

/** The database is down or out of connections: the worker waits instead of using the DLQ. */
export { isDatabaseUnavailable } from '@badge/db';
