// The rule worker's writes, batched: one transaction per chunk of messages claims the inbox rows,
// locks and loads the (rule, user) aggregates, writes them back with an optimistic version check,
// updates the grant counters and appends the grant/revoke commands to the outbox.
import {
  databaseErrorInfo,
  insertOutboxRecords,
  isRetryableTransactionError,
  Prisma,
  type OutboxRecordInput,
  type PrismaClient,
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
   * Locks (FOR UPDATE, in key order) and returns the aggregates of these pairs that exist, with
   * their grant counts (a grant count row only ever exists next to its aggregate).
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

const json = (v: unknown) => JSON.stringify(v);
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

function pipelineTx(tx: Prisma.TransactionClient): PipelineTx {
  return {
    async claimInbox(entries) {
      if (entries.length === 0) return new Set();
      const rows = await tx.$queryRaw<{ message_id: string }[]>`
        INSERT INTO rule.inbox_message (consumer, message_id, topic, partition, kafka_offset)
        SELECT * FROM unnest(
          ${entries.map((e) => e.consumer)}::text[], ${entries.map((e) => e.messageId)}::text[],
          ${entries.map((e) => e.topic)}::text[], ${entries.map((e) => e.partition)}::int[],
          ${entries.map((e) => e.offset)}::bigint[])
        ON CONFLICT (consumer, message_id) DO NOTHING
        RETURNING message_id`;
      return new Set(rows.map((r) => r.message_id));
    },

    async loadAggregates(pairs) {
      if (pairs.length === 0) return [];
      const rows = await tx.$queryRaw<
        {
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
        }[]
      >`
        SELECT a.rule_id::text, a.user_id, a.timezone, a.event_count, a.sum_value::text,
               a."window", a.first_event_at, a.last_event_at, a.last_event_id,
               a.last_active_date::text, a.version, g.grant_count, g.last_granted_at
        FROM rule.rule_user_aggregate a
        JOIN unnest(${pairs.map((p) => p.ruleId)}::uuid[], ${pairs.map((p) => p.userId)}::text[])
          AS k(rule_id, user_id) ON a.rule_id = k.rule_id AND a.user_id = k.user_id
        LEFT JOIN rule.rule_user_grant_count g ON g.rule_id = a.rule_id AND g.user_id = a.user_id
        ORDER BY a.rule_id, a.user_id
        FOR UPDATE OF a`;
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
      const cols = (rows: readonly AggregateRow[]) => ({
        ruleId: rows.map((r) => r.ruleId),
        userId: rows.map((r) => r.userId),
        timezone: rows.map((r) => r.timezone),
        eventCount: rows.map((r) => r.eventCount),
        sumValue: rows.map((r) => r.sumValue),
        window: rows.map((r) => json(r.window)),
        windowStart: rows.map((r) => iso(r.windowStart)),
        currentStreak: rows.map((r) => r.currentStreak),
        longestStreak: rows.map((r) => r.longestStreak),
        lastActiveDate: rows.map((r) => iso(r.lastActiveDate)?.slice(0, 10) ?? null),
        distinctDays: rows.map((r) => r.distinctDays),
        periodStart: rows.map((r) => iso(r.periodStart)?.slice(0, 10) ?? null),
        firstEventAt: rows.map((r) => iso(r.firstEventAt)),
        lastEventAt: rows.map((r) => iso(r.lastEventAt)),
        lastEventId: rows.map((r) => r.lastEventId),
      });
      if (updates.length > 0) {
        const c = cols(updates);
        const updated = await tx.$executeRaw`
          UPDATE rule.rule_user_aggregate a SET
            timezone = v.timezone, event_count = v.event_count, sum_value = v.sum_value,
            "window" = v."window", window_start = v.window_start, current_streak = v.current_streak,
            longest_streak = v.longest_streak, last_active_date = v.last_active_date,
            distinct_days = v.distinct_days, period_start = v.period_start,
            first_event_at = v.first_event_at, last_event_at = v.last_event_at,
            last_event_id = v.last_event_id, version = a.version + 1, updated_at = now()
          FROM unnest(
            ${c.ruleId}::uuid[], ${c.userId}::text[], ${c.timezone}::text[], ${c.eventCount}::int[],
            ${c.sumValue}::numeric[], ${c.window}::jsonb[], ${c.windowStart}::timestamptz[],
            ${c.currentStreak}::int[], ${c.longestStreak}::int[], ${c.lastActiveDate}::date[],
            ${c.distinctDays}::int[], ${c.periodStart}::date[], ${c.firstEventAt}::timestamptz[],
            ${c.lastEventAt}::timestamptz[], ${c.lastEventId}::text[],
            ${updates.map((u) => u.expectedVersion)}::int[])
            AS v(rule_id, user_id, timezone, event_count, sum_value, "window", window_start,
                 current_streak, longest_streak, last_active_date, distinct_days, period_start,
                 first_event_at, last_event_at, last_event_id, expected_version)
          WHERE a.rule_id = v.rule_id AND a.user_id = v.user_id AND a.version = v.expected_version`;
        if (updated !== updates.length)
          throw new ConcurrentAggregateUpdateError(
            `${updates.length - updated} aggregate(s) changed concurrently`,
          );
      }
      if (inserts.length > 0) {
        const c = cols(inserts);
        const inserted = await tx.$executeRaw`
          INSERT INTO rule.rule_user_aggregate (rule_id, user_id, timezone, event_count, sum_value,
            "window", window_start, current_streak, longest_streak, last_active_date, distinct_days,
            period_start, first_event_at, last_event_at, last_event_id, version)
          SELECT v.*, 1 FROM unnest(
            ${c.ruleId}::uuid[], ${c.userId}::text[], ${c.timezone}::text[], ${c.eventCount}::int[],
            ${c.sumValue}::numeric[], ${c.window}::jsonb[], ${c.windowStart}::timestamptz[],
            ${c.currentStreak}::int[], ${c.longestStreak}::int[], ${c.lastActiveDate}::date[],
            ${c.distinctDays}::int[], ${c.periodStart}::date[], ${c.firstEventAt}::timestamptz[],
            ${c.lastEventAt}::timestamptz[], ${c.lastEventId}::text[]) AS v
          ON CONFLICT (rule_id, user_id) DO NOTHING`;
        if (inserted !== inserts.length)
          throw new ConcurrentAggregateUpdateError(
            `${inserts.length - inserted} aggregate(s) were created concurrently`,
          );
      }
    },

    async saveGrantCounts(rows) {
      if (rows.length === 0) return;
      await tx.$executeRaw`
        INSERT INTO rule.rule_user_grant_count (rule_id, user_id, grant_count, last_granted_at)
        SELECT * FROM unnest(${rows.map((r) => r.ruleId)}::uuid[], ${rows.map((r) => r.userId)}::text[],
          ${rows.map((r) => r.grantCount)}::int[], ${rows.map((r) => iso(r.lastGrantedAt))}::timestamptz[])
        ON CONFLICT (rule_id, user_id) DO UPDATE SET
          grant_count = EXCLUDED.grant_count,
          last_granted_at = COALESCE(EXCLUDED.last_granted_at, rule_user_grant_count.last_granted_at),
          updated_at = now()`;
    },

    addOutbox: (records) => insertOutboxRecords(tx, 'rule', records),
  };
}

export function createPipelineRepository(prisma: PrismaClient) {
  return {
    /** Runs `fn` in one transaction (inbox + aggregates + grant counts + outbox commit together). */
    transaction<T>(
      fn: (tx: PipelineTx) => Promise<T>,
      options?: { timeoutMs?: number },
    ): Promise<T> {
      return prisma.$transaction((tx) => fn(pipelineTx(tx)), {
        timeout: options?.timeoutMs ?? 30_000,
        maxWait: 10_000,
      });
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
