// The set-based statements of the badge worker's batches (grant-batch.service.ts): one statement
// per step for the whole batch, one JSON parameter per statement, prepared once per connection.
// They run on a SqlExecutor, so the same statements serve both transactions a batch can run in:
// the plain SQL transaction of a batch whose commands all take the set-based path (the hot path),
// and the Prisma transaction of a batch that also needs the grant service (`inPrisma`).
import { insertOutboxRows, prismaSql, type OutboxRecordInput, type SqlExecutor } from '@badge/db';
import type { Balance, GrantableBadge, LogWrite, Tx, UserBadgeWrite } from './grant.repository.js';

export type { SqlExecutor };

/** A badge as the batched grant path needs it: grantable fields + does it take part in a graph. */
export interface BatchBadge extends GrantableBadge {
  /** It has dependency groups (prerequisites to check, maybe to consume). */
  hasPrerequisites: boolean;
  /** Other badges list it as a prerequisite (a grant evaluates cascades). */
  hasDependents: boolean;
}

/** Units added to one (user, badge) balance, with the badge's limits for the guard. */
export interface BalanceAdd {
  userId: string;
  badgeId: string;
  quantity: number;
  isRepeatable: boolean;
  perUserCap: number | null;
}

/** The key of a (user, badge) pair in the maps of the batched functions. */
export const balanceKey = (userId: string, badgeId: string) => `${userId}\0${badgeId}`;

const LOCK_ALL = {
  name: 'badge-batch-lock-all',
  text: `SELECT count(pg_advisory_xact_lock(hashtextextended(t.k, 0)))::int AS n
           FROM json_array_elements_text($1::json) WITH ORDINALITY AS t(k, i)`,
};

const EXISTING_KEYS = {
  name: 'badge-batch-existing-keys',
  text: `SELECT ub.idempotency_key AS key
           FROM badge.user_badge ub
           JOIN json_array_elements_text($1::json) AS k(v) ON ub.idempotency_key = k.v`,
};

const FIND_BADGES = {
  name: 'badge-batch-find-badges',
  text: `SELECT b.id::text AS id, b.code, b.status::text AS status, b.total_stock AS "totalStock",
                b.remaining_stock AS "remainingStock", b.per_user_cap AS "perUserCap",
                b.is_repeatable AS "isRepeatable", b.validity_kind::text AS "validityKind",
                b.valid_from AS "validFrom", b.valid_until AS "validUntil",
                b.valid_days AS "validDays", b.is_auto_cascade AS "isAutoCascade",
                EXISTS (SELECT 1 FROM badge.badge_dependency_group g WHERE g.badge_id = b.id)
                  AS "hasPrerequisites",
                EXISTS (SELECT 1 FROM badge.badge_dependency d WHERE d.required_badge_id = b.id)
                  AS "hasDependents"
           FROM badge.badge b
          WHERE b.id IN (SELECT v::uuid FROM json_array_elements_text($1::json) AS k(v))`,
};

const FIND_BALANCES = {
  name: 'badge-batch-find-balances',
  text: `SELECT b.user_id AS "userId", b.badge_id::text AS "badgeId",
                b.active_quantity AS "activeQuantity", b.total_granted AS "totalGranted"
           FROM badge.user_badge_balance b
           JOIN json_to_recordset($1::json) AS k(u text, b uuid)
             ON b.user_id = k.u AND b.badge_id = k.b`,
};

const LOCK_STOCK = {
  name: 'badge-batch-lock-stock',
  text: `SELECT id::text AS id, remaining_stock AS remaining FROM badge.badge
          WHERE id IN (SELECT v::uuid FROM json_array_elements_text($1::json) AS k(v))
            AND total_stock IS NOT NULL
          ORDER BY id
            FOR UPDATE`,
};

const RESERVE_STOCKS = {
  name: 'badge-batch-reserve-stocks',
  text: `WITH reserved AS (
           UPDATE badge.badge b SET remaining_stock = b.remaining_stock - v.q
             FROM json_to_recordset($1::json) AS v(id uuid, q int)
            WHERE b.id = v.id AND b.remaining_stock >= v.q
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM reserved`,
};

const WRITE_GRANTS = {
  name: 'badge-batch-write-grants',
  text: `WITH updated AS (
           UPDATE badge.user_badge_balance b
              SET active_quantity = b.active_quantity + v.q, total_granted = b.total_granted + v.q,
                  last_granted_at = now(), updated_at = now()
             FROM json_to_recordset($1::json)
               AS v(u text, b uuid, q int, r boolean, c int, a int, t int)
            WHERE b.user_id = v.u AND b.badge_id = v.b
              AND b.active_quantity = v.a AND b.total_granted = v.t
              AND (v.r OR b.active_quantity = 0)
              AND (v.c IS NULL OR b.total_granted + v.q <= v.c)
           RETURNING 1
         ), inserted AS (
           INSERT INTO badge.user_badge_balance
             (user_id, badge_id, active_quantity, total_granted, first_granted_at, last_granted_at,
              updated_at)
           SELECT v.u, v.b, v.q, v.q, now(), now(), now()
             FROM json_to_recordset($2::json) AS v(u text, b uuid, q int, c int)
            WHERE v.c IS NULL OR v.q <= v.c
           ON CONFLICT (user_id, badge_id) DO NOTHING
           RETURNING 1
         ), granted AS (
           INSERT INTO badge.user_badge
             (id, user_id, badge_id, quantity, source, source_ref, idempotency_key, granted_at,
              expires_at, created_at, updated_at)
           SELECT v.id, v.u, v.b, v.q, v.s::badge.user_badge_source, v.sr, v.k, v.ga, v.ea, v.ga,
                  v.ga
             FROM json_to_recordset($3::json)
               AS v(id uuid, u text, b uuid, q int, s text, sr text, k text, ga timestamptz,
                    ea timestamptz)
           RETURNING 1
         ), logged AS (
           INSERT INTO badge.user_badge_log
             (id, user_badge_id, user_id, badge_id, action, delta, quantity_after, source,
              source_ref, actor_type, actor_id, reason, idempotency_key, metadata, created_at)
           SELECT gen_random_uuid(), v.ub, v.u, v.b, v.ac::badge.user_badge_action, v.d, v.qa,
                  v.s::badge.user_badge_source, v.sr, v.t::badge.actor_type, v.ai, v.r, v.k, v.m,
                  v.ts
             FROM json_to_recordset($4::json)
               AS v(ub uuid, u text, b uuid, ac text, d int, qa int, s text, sr text, t text,
                    ai text, r text, k text, m jsonb, ts timestamptz)
           RETURNING 1
         )
         SELECT (SELECT count(*) FROM updated)::int AS updated,
                (SELECT count(*) FROM inserted)::int AS inserted,
                (SELECT count(*) FROM granted)::int AS grants,
                (SELECT count(*) FROM logged)::int AS logs`,
};

export interface BatchWriteCounts {
  updated: number;
  inserted: number;
  grants: number;
  logs: number;
}

/**
 * The batch statements. Every function takes the batch's transaction as a {@link SqlExecutor};
 * nothing here commits.
 */
export function createGrantBatchRepository() {
  return {
    /** The statements' executor inside a Prisma transaction (batches that need the ORM too). */
    inPrisma: (tx: Tx): SqlExecutor => prismaSql(tx),

    /**
     * Advisory locks on many keys, taken one after the other in the given order (callers sort
     * them, so two batches never wait on each other in a cycle).
     */
    async lockAll(sql: SqlExecutor, keys: readonly string[]): Promise<void> {
      if (keys.length === 0) return;
      await sql.query(LOCK_ALL, [JSON.stringify(keys)]);
    },
    /** Which of these idempotency keys already have a grant. */
    async existingIdempotencyKeys(sql: SqlExecutor, keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const { rows } = await sql.query<{ key: string }>(EXISTING_KEYS, [JSON.stringify(keys)]);
      return new Set(rows.map((r) => r.key));
    },
    /** Badges by id, with whether they have prerequisites and dependents (one query). */
    async findBatchBadges(sql: SqlExecutor, ids: readonly string[]): Promise<BatchBadge[]> {
      if (ids.length === 0) return [];
      return (await sql.query<BatchBadge>(FIND_BADGES, [JSON.stringify(ids)])).rows;
    },
    /** Balances of (user, badge) pairs, keyed by {@link balanceKey}. */
    async findBalances(
      sql: SqlExecutor,
      pairs: readonly { userId: string; badgeId: string }[],
    ): Promise<Map<string, Balance>> {
      if (pairs.length === 0) return new Map();
      const keys = JSON.stringify(pairs.map((p) => ({ u: p.userId, b: p.badgeId })));
      const { rows } = await sql.query<Balance & { userId: string; badgeId: string }>(
        FIND_BALANCES,
        [keys],
      );
      return new Map(
        rows.map((r) => [
          balanceKey(r.userId, r.badgeId),
          { activeQuantity: r.activeQuantity, totalGranted: r.totalGranted },
        ]),
      );
    },
    /** Locks the finite-stock badges among `ids` (in id order) and returns their remaining stock. */
    async lockStock(sql: SqlExecutor, ids: readonly string[]): Promise<Map<string, number>> {
      if (ids.length === 0) return new Map();
      const { rows } = await sql.query<{ id: string; remaining: number | null }>(LOCK_STOCK, [
        JSON.stringify(ids),
      ]);
      return new Map(rows.map((r) => [r.id, r.remaining ?? 0]));
    },
    /**
     * Reserves stock for several badges at once (one row per badge, quantities summed), with the
     * never-oversell condition of the grant service's `reserveStock`. Returns the badges reserved.
     */
    async reserveStocks(
      sql: SqlExecutor,
      rows: readonly { badgeId: string; quantity: number }[],
    ): Promise<number> {
      if (rows.length === 0) return 0;
      const json = JSON.stringify(rows.map((r) => ({ id: r.badgeId, q: r.quantity })));
      const { rows: result } = await sql.query<{ n: number }>(RESERVE_STOCKS, [json]);
      return result[0]?.n ?? 0;
    },
    /**
     * The writes of a batch of grants in ONE statement (data-modifying CTEs): the balances
     * (existing rows updated — with the conditions of the grant service's `addToBalance` and the
     * values the caller read under the user locks checked row by row — and missing ones
     * inserted), the user_badge rows and their GRANT log rows. Returns how many rows each part
     * wrote; the caller checks them (a balance that did not match its read is a missing row).
     */
    async writeBatchGrants(
      sql: SqlExecutor,
      input: {
        /** one per (user, badge) that has a balance row, with what the caller read */
        updates: readonly (BalanceAdd & Balance)[];
        /** one per (user, badge) without a balance row */
        inserts: readonly BalanceAdd[];
        /** decided by the service (limits and stock already checked) */
        grants: readonly UserBadgeWrite[];
        logs: readonly (LogWrite & { at: Date })[];
      },
    ): Promise<BatchWriteCounts> {
      const { updates, inserts, grants, logs } = input;
      // one JSON parameter per part (short keys = the record columns of WRITE_GRANTS)
      const u = updates.map((x) => ({
        u: x.userId,
        b: x.badgeId,
        q: x.quantity,
        r: x.isRepeatable,
        c: x.perUserCap,
        a: x.activeQuantity,
        t: x.totalGranted,
      }));
      const n = inserts.map((x) => ({ u: x.userId, b: x.badgeId, q: x.quantity, c: x.perUserCap }));
      const g = grants.map((x) => ({
        id: x.id,
        u: x.userId,
        b: x.badgeId,
        q: x.quantity,
        s: x.source,
        sr: x.sourceRef,
        k: x.idempotencyKey,
        ga: x.grantedAt.toISOString(),
        ea: x.expiresAt?.toISOString() ?? null,
      }));
      const l = logs.map((x) => ({
        ub: x.userBadgeId,
        u: x.userId,
        b: x.badgeId,
        ac: x.action,
        d: x.delta,
        qa: x.quantityAfter,
        s: x.source,
        sr: x.sourceRef,
        t: x.actorType,
        ai: x.actorId,
        r: x.reason,
        k: x.idempotencyKey,
        m: x.metadata ?? null,
        ts: x.at.toISOString(),
      }));
      const { rows } = await sql.query<BatchWriteCounts>(
        WRITE_GRANTS,
        [u, n, g, l].map((part) => JSON.stringify(part)),
      );
      return rows[0] ?? { updated: 0, inserted: 0, grants: 0, logs: 0 };
    },
    /** The batch's outbox rows (BadgeGranted), in order. */
    insertOutbox(sql: SqlExecutor, records: readonly OutboxRecordInput[]): Promise<void> {
      return insertOutboxRows(sql, 'badge', records);
    },
  };
}
export type GrantBatchRepository = ReturnType<typeof createGrantBatchRepository>;
