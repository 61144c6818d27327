// The rule worker's writes, batched: one transaction per chunk of messages claims the inbox rows,
// loads the (rule, user) aggregates, writes them back with an optimistic version check, updates
// the grant counters and appends the grant/revoke commands to the outbox.
//
// This is the pipeline's hot path, so it is plain SQL on the Prisma client's own pool
// (sqlDatabase), one JSON parameter per statement and batch, prepared once per connection.
// Aggregates are read without row locks: a partition's events are handled by one lane of one
// worker, and when a rebalance lets two workers meet on the same (rule, user), the version check
// (UPDATE … WHERE version = expected) or the insert's ON CONFLICT makes the later one fail with
// ConcurrentAggregateUpdateError, and its whole batch is retried on fresh state.
import {
  claimInboxRows,
  databaseErrorInfo,
  insertOutboxRows,
  isRetryableTransactionError,
  Prisma,
  sqlDatabase,
  type OutboxRecordInput,
  type PrismaClient,
  type SqlExecutor,
} from '@badge/db';
import type { InboxEntry } from '@badge/service-kit/worker';
import type { AggregateRow } from '../engine/serialize.js';

/** A stored aggregate, as the engine deserialises it. */
export interface StoredAggregate {
  ruleId: string;
  userId: string;
  timezone: string;
  eventCount: number;
  sumValue: string;
  window: unknown;
  firstEventAt: Date | null;
  lastEventAt: Date | null;
  lastEventId: string | null;
  lastActiveDate: string | null;
  version: number;
  grantCount: number;
  lastGrantedAt: Date | null;
}

export interface GrantCountWrite {
  ruleId: string;
  userId: string;
  grantCount: number;
  lastGrantedAt: Date | null;
}

/** Another writer changed an aggregate between our read and our write: retry the batch. */
export class ConcurrentAggregateUpdateError extends Error {
  override readonly name = 'ConcurrentAggregateUpdateError';
  readonly isRetryable = true;
}

export interface PipelineTx {
  /** Inserts the inbox rows; returns the message ids that were new (the rest are redeliveries). */
  claimInbox(entries: readonly InboxEntry[]): Promise<Set<string>>;
  /**
   * Returns the aggregates of these pairs that exist, with their grant counts (a grant count row
   * only ever exists next to its aggregate). No row locks: see the version check above.
   */
  loadAggregates(pairs: readonly { ruleId: string; userId: string }[]): Promise<StoredAggregate[]>;
  /** Updates rows loaded at `expectedVersion` and inserts new ones (version 1). */
  saveAggregates(
    updates: readonly (AggregateRow & { expectedVersion: number })[],
    inserts: readonly AggregateRow[],
  ): Promise<void>;
  saveGrantCounts(rows: readonly GrantCountWrite[]): Promise<void>;
  addOutbox(records: readonly OutboxRecordInput[]): Promise<void>;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const isoDay = (d: Date | null) => (d === null ? null : d.toISOString().slice(0, 10));
const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byKey = (a: { ruleId: string; userId: string }, b: { ruleId: string; userId: string }) =>
  compare(a.ruleId, b.ruleId) || compare(a.userId, b.userId);

/** An aggregate row as one JSON object of the batch parameter (keys match the SQL below). */
const aggregateJson = (r: AggregateRow, expectedVersion?: number) => ({
  r: r.ruleId,
  u: r.userId,
  tz: r.timezone,
  ec: r.eventCount,
  sv: r.sumValue,
  w: r.window,
  ws: iso(r.windowStart),
  cs: r.currentStreak,
  ls: r.longestStreak,
  la: isoDay(r.lastActiveDate),
  dd: r.distinctDays,
  ps: isoDay(r.periodStart),
  fe: iso(r.firstEventAt),
  le: iso(r.lastEventAt),
  li: r.lastEventId,
  ev: expectedVersion,
});

const AGGREGATE_RECORD = `r uuid, u text, tz text, ec int, sv numeric, w jsonb, ws timestamptz,
  cs int, ls int, la date, dd int, ps date, fe timestamptz, le timestamptz, li text, ev int`;

const LOAD_AGGREGATES = {
  name: 'rule-aggregates-load',
  text: `SELECT a.rule_id::text, a.user_id, a.timezone, a.event_count, a.sum_value::text,
           a."window", a.first_event_at, a.last_event_at, a.last_event_id,
           a.last_active_date::text, a.version, g.grant_count, g.last_granted_at
         FROM json_to_recordset($1::json) AS k(r uuid, u text)
         JOIN rule.rule_user_aggregate a ON a.rule_id = k.r AND a.user_id = k.u
         LEFT JOIN rule.rule_user_grant_count g ON g.rule_id = a.rule_id AND g.user_id = a.user_id`,
};

const UPDATE_AGGREGATES = {
  name: 'rule-aggregates-update',
  text: `UPDATE rule.rule_user_aggregate a SET
           timezone = v.tz, event_count = v.ec, sum_value = v.sv, "window" = v.w,
           window_start = v.ws, current_streak = v.cs, longest_streak = v.ls,
           last_active_date = v.la, distinct_days = v.dd, period_start = v.ps,
           first_event_at = v.fe, last_event_at = v.le, last_event_id = v.li,
           version = a.version + 1, updated_at = now()
         FROM json_to_recordset($1::json) AS v(${AGGREGATE_RECORD})
         WHERE a.rule_id = v.r AND a.user_id = v.u AND a.version = v.ev`,
};

const INSERT_AGGREGATES = {
  name: 'rule-aggregates-insert',
  text: `INSERT INTO rule.rule_user_aggregate (rule_id, user_id, timezone, event_count, sum_value,
           "window", window_start, current_streak, longest_streak, last_active_date, distinct_days,
           period_start, first_event_at, last_event_at, last_event_id, version)
         SELECT v.r, v.u, v.tz, v.ec, v.sv, v.w, v.ws, v.cs, v.ls, v.la, v.dd, v.ps, v.fe, v.le, v.li, 1
         FROM json_to_recordset($1::json) AS v(${AGGREGATE_RECORD})
         ON CONFLICT (rule_id, user_id) DO NOTHING`,
};

const SAVE_GRANT_COUNTS = {
  name: 'rule-grant-counts-save',
  text: `INSERT INTO rule.rule_user_grant_count (rule_id, user_id, grant_count, last_granted_at)
         SELECT v.r, v.u, v.n, v.at
         FROM json_to_recordset($1::json) AS v(r uuid, u text, n int, at timestamptz)
         ON CONFLICT (rule_id, user_id) DO UPDATE SET
           grant_count = EXCLUDED.grant_count,
           last_granted_at = COALESCE(EXCLUDED.last_granted_at, rule_user_grant_count.last_granted_at),
           updated_at = now()`,
};

interface LoadedRow {
  rule_id: string;
  user_id: string;
  timezone: string;
  event_count: number;
  sum_value: string;
  window: unknown;
  first_event_at: Date | null;
  last_event_at: Date | null;
  last_event_id: string | null;
  last_active_date: string | null;
  version: number;
  grant_count: number | null;
  last_granted_at: Date | null;
}

function pipelineTx(sql: SqlExecutor): PipelineTx {
  return {
    claimInbox: (entries) => claimInboxRows(sql, 'rule', entries),

    async loadAggregates(pairs) {
      if (pairs.length === 0) return [];
      const { rows } = await sql.query<LoadedRow>(LOAD_AGGREGATES, [
        JSON.stringify(pairs.map((p) => ({ r: p.ruleId, u: p.userId }))),
      ]);
      return rows.map((r) => ({
        ruleId: r.rule_id,
        userId: r.user_id,
        timezone: r.timezone,
        eventCount: r.event_count,
        sumValue: r.sum_value,
        window: r.window,
        firstEventAt: r.first_event_at,
        lastEventAt: r.last_event_at,
        lastEventId: r.last_event_id,
        lastActiveDate: r.last_active_date,
        version: r.version,
        grantCount: r.grant_count ?? 0,
        lastGrantedAt: r.last_granted_at,
      }));
    },

    async saveAggregates(updates, inserts) {
      // in key order, so two transactions that do meet lock rows in the same order
      if (updates.length > 0) {
        const rows = [...updates].sort(byKey);
        const { rowCount } = await sql.query(UPDATE_AGGREGATES, [
          JSON.stringify(rows.map((u) => aggregateJson(u, u.expectedVersion))),
        ]);
        if (rowCount !== updates.length)
          throw new ConcurrentAggregateUpdateError(
            `${updates.length - rowCount} aggregate(s) changed concurrently`,
          );
      }
      if (inserts.length > 0) {
        const rows = [...inserts].sort(byKey);
        const { rowCount } = await sql.query(INSERT_AGGREGATES, [
          JSON.stringify(rows.map((r) => aggregateJson(r))),
        ]);
        if (rowCount !== inserts.length)
          throw new ConcurrentAggregateUpdateError(
            `${inserts.length - rowCount} aggregate(s) were created concurrently`,
          );
      }
    },

    async saveGrantCounts(rows) {
      if (rows.length === 0) return;
      await sql.query(SAVE_GRANT_COUNTS, [
        JSON.stringify(
          [...rows].sort(byKey).map((r) => ({
            r: r.ruleId,
            u: r.userId,
            n: r.grantCount,
            at: iso(r.lastGrantedAt),
          })),
        ),
      ]);
    },

    addOutbox: (records) => insertOutboxRows(sql, 'rule', records),
  };
}

export function createPipelineRepository(prisma: PrismaClient) {
  const db = sqlDatabase(prisma);
  return {
    /** Runs `fn` in one transaction (inbox + aggregates + grant counts + outbox commit together). */
    transaction<T>(fn: (tx: PipelineTx) => Promise<T>): Promise<T> {
      return db.transaction((sql) => fn(pipelineTx(sql)));
    },
  };
}
export type PipelineRepository = ReturnType<typeof createPipelineRepository>;

/** SQLSTATE classes that running the same statements again cannot fix (data, constraints, SQL). */
const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '42', 'P0']);

/**
 * Whether a failed batch is worth retrying as it is: lock conflicts, serialization failures,
 * races, timeouts, a lost connection, and anything unknown. Data and constraint errors and
 * programming errors are not: the consumer then splits the batch into single events at once.
 */
export const isTransientPipelineError = (err: unknown): boolean => {
  if (err instanceof ConcurrentAggregateUpdateError || isRetryableTransactionError(err))
    return true;
  const sqlState = databaseErrorInfo(err)?.sqlState;
  if (sqlState) return !PERMANENT_SQLSTATE_CLASSES.has(sqlState.slice(0, 2));
  return !(
    err instanceof TypeError ||
    err instanceof RangeError ||
    err instanceof Prisma.PrismaClientValidationError
  );
};

/** The database is down or out of connections: the worker waits instead of using the DLQ. */
export { isDatabaseUnavailable } from '@badge/db';
