import {
  databaseErrorInfo,
  isCheckViolation,
  isForeignKeyViolation,
  isUniqueViolation,
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
