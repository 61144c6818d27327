// Classifying database errors raised through @prisma/adapter-pg (PLATFORM.md, Prisma item 7).
// Observed shapes with Prisma 6.19.3 + adapter-pg:
//   model query, unique      -> PrismaClientKnownRequestError P2002, meta.driverAdapterError.cause
//                               { originalCode: '23505', constraint: { fields: [...] } }
//   model query, foreign key -> PrismaClientKnownRequestError P2003, cause { originalCode: '23503',
//                               constraint: { index: '<fk name>' } }
//   model query, CHECK       -> DriverAdapterError (not a Prisma known error!), cause { code: '23514',
//                               message: 'new row … violates check constraint "<name>"' }
//   raw query, anything      -> PrismaClientKnownRequestError P2010, meta.driverAdapterError.cause
//                               { originalCode: <SQLSTATE> }
//   plain SQL (sql.ts)       -> pg's DatabaseError itself { code: <SQLSTATE>, constraint, severity }
import { Prisma } from './generated/client.js';

/** PostgreSQL SQLSTATE codes we act on. */
export const SqlState = {
  UNIQUE_VIOLATION: '23505',
  FOREIGN_KEY_VIOLATION: '23503',
  CHECK_VIOLATION: '23514',
  NOT_NULL_VIOLATION: '23502',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  LOCK_NOT_AVAILABLE: '55P03',
  QUERY_CANCELED: '57014',
  RAISE_EXCEPTION: 'P0001',
} as const;

export interface DatabaseErrorInfo {
  /** SQLSTATE, e.g. '23505' */
  sqlState: string | undefined;
  /** Prisma error code when it is a Prisma known error (P2002, P2003, P2010, …) */
  prismaCode: string | undefined;
  /** Constraint or index name when the database reported it */
  constraint: string | undefined;
  /** Columns of a unique violation when reported */
  fields: string[];
  message: string;
}

type UnknownRecord = Record<string, unknown>;

function asRecord(value: unknown): UnknownRecord | undefined {
  return typeof value === 'object' && value !== null ? (value as UnknownRecord) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const PRISMA_TO_SQLSTATE: Readonly<Record<string, string>> = {
  P2002: SqlState.UNIQUE_VIOLATION,
  P2003: SqlState.FOREIGN_KEY_VIOLATION,
  P2011: SqlState.NOT_NULL_VIOLATION,
};

function constraintFromMessage(message: string | undefined): string | undefined {
  return message ? /constraint "([^"]+)"/.exec(message)?.[1] : undefined;
}

/** The adapter-level cause (`{ originalCode, code, kind, constraint, message }`) of an error, if any. */
function driverCause(error: unknown): UnknownRecord | undefined {
  const record = asRecord(error);
  if (!record) return undefined;
  if (record.name === 'DriverAdapterError') return asRecord(record.cause);
  // pg's DatabaseError, thrown by plain SQL (sql.ts): SQLSTATE in `code`, next to a severity.
  if (typeof record.severity === 'string' && typeof record.code === 'string') return record;
  const fromMeta = asRecord(asRecord(asRecord(record.meta)?.driverAdapterError)?.cause);
  if (fromMeta) return fromMeta;
  // Errors wrapped by application code: look one level down.
  return record.cause !== undefined && record.cause !== error
    ? driverCause(record.cause)
    : undefined;
}

/** Extracts SQLSTATE, constraint and fields from any error thrown by the Prisma client. */
export function databaseErrorInfo(error: unknown): DatabaseErrorInfo | undefined {
  const cause = driverCause(error);
  const prismaCode = error instanceof Prisma.PrismaClientKnownRequestError ? error.code : undefined;
  if (!cause && !prismaCode) return undefined;
  const sqlState =
    asString(cause?.originalCode) ??
    asString(cause?.code) ??
    (prismaCode ? PRISMA_TO_SQLSTATE[prismaCode] : undefined);
  const constraintInfo = asRecord(cause?.constraint);
  const fieldsRaw = constraintInfo?.fields;
  const fields = Array.isArray(fieldsRaw)
    ? fieldsRaw.filter((f): f is string => typeof f === 'string')
    : [];
  const message =
    asString(cause?.originalMessage) ?? asString(cause?.message) ?? (error as Error).message;
  const constraint =
    asString(cause?.constraint) ??
    asString(constraintInfo?.index) ??
    asString(constraintInfo?.foreignKey) ??
    constraintFromMessage(message);
  return { sqlState, prismaCode, constraint, fields, message };
}

function matches(info: DatabaseErrorInfo, target: string | undefined): boolean {
  return target === undefined || info.constraint === target || info.fields.includes(target);
}

/**
 * A unique (or primary key) violation: P2002 from model queries, SQLSTATE 23505 from raw queries.
 * `target` optionally narrows it to a constraint/index name or a column name.
 */
export function isUniqueViolation(error: unknown, target?: string): boolean {
  const info = databaseErrorInfo(error);
  return (
    !!info &&
    (info.prismaCode === 'P2002' || info.sqlState === SqlState.UNIQUE_VIOLATION) &&
    matches(info, target)
  );
}

/** A CHECK constraint violation (SQLSTATE 23514; a DriverAdapterError, not a Prisma known error). */
export function isCheckViolation(error: unknown, constraint?: string): boolean {
  const info = databaseErrorInfo(error);
  return !!info && info.sqlState === SqlState.CHECK_VIOLATION && matches(info, constraint);
}

/** A foreign key violation: P2003 / SQLSTATE 23503. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  const info = databaseErrorInfo(error);
  return (
    !!info &&
    (info.prismaCode === 'P2003' || info.sqlState === SqlState.FOREIGN_KEY_VIOLATION) &&
    matches(info, constraint)
  );
}

/** Serialization failure or deadlock: the transaction may simply be retried. */
export function isRetryableTransactionError(error: unknown): boolean {
  const info = databaseErrorInfo(error);
  if (!info) return false;
  return (
    info.prismaCode === 'P2034' ||
    info.sqlState === SqlState.SERIALIZATION_FAILURE ||
    info.sqlState === SqlState.DEADLOCK_DETECTED
  );
}

/** SQLSTATEs of a server that cannot serve now: connection exceptions (08), insufficient
 * resources (53: too many connections, disk full, out of memory), shutting down or starting up. */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-3])/;
/** Prisma's codes for a server it cannot reach or a pool it gets no connection from. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Node's socket errors on connecting to or talking with the server. */
const UNAVAILABLE_NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** pg's and the adapter's words for a lost or unobtainable connection (they carry no code). */
const UNAVAILABLE_MESSAGE =
  /Can't reach database server|Connection terminated|timeout exceeded when trying to connect|not queryable|Connection ended unexpectedly/;

/**
 * The database is unreachable, restarting or out of connections: an error about the server, not
 * about the statement or its data, that goes away when the server is back (or a pool connection
 * is free). Workers retry such failures without limit instead of sending messages to the DLQ.
 * Observed shapes (Prisma 6.19.3 + adapter-pg, pg 8): refused → P1001 (model, transaction) or
 * P2010 "Can't reach database server" (raw) or pg's ECONNREFUSED (plain SQL); a connect timeout →
 * "Connection terminated due to connection timeout"; a terminated backend → SQLSTATE 57P01.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth++) {
    const record = asRecord(current);
    if (!record) break;
    const code = asString(record.code);
    if (code && (UNAVAILABLE_NET_CODES.has(code) || UNAVAILABLE_PRISMA_CODES.has(code)))
      return true;
    const message = asString(record.message);
    if (message && UNAVAILABLE_MESSAGE.test(message)) return true;
    if (record.cause === current) break;
    current = record.cause;
  }
  const sqlState = databaseErrorInfo(error)?.sqlState;
  return sqlState !== undefined && UNAVAILABLE_SQLSTATE.test(sqlState);
}
