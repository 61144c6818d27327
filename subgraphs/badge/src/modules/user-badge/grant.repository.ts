import {
  insertOutboxRecords,
  Prisma,
  type BadgeActorType,
  type BadgeStatus,
  type BadgeValidityKind,
  type CascadeAction,
  type CascadeResult,
  type DependencyOperator,
  type DependencyRevokeBehavior,
  type OutboxRecordInput,
  type PrismaClient,
  type UserBadgeAction,
  type UserBadgeSource,
  type UserBadgeStatus,
} from '@badge/db';

/** A transaction of the grant service (Prisma interactive transaction client). */
export type Tx = Prisma.TransactionClient;

export type { BadgeActorType, UserBadgeAction, UserBadgeSource, UserBadgeStatus };

export interface GrantableBadge {
  id: string;
  code: string;
  status: BadgeStatus;
  totalStock: number | null;
  remainingStock: number | null;
  perUserCap: number | null;
  isRepeatable: boolean;
  validityKind: BadgeValidityKind;
  validFrom: Date | null;
  validUntil: Date | null;
  validDays: number | null;
  isAutoCascade: boolean;
}

export interface GroupWithItems {
  operator: DependencyOperator;
  items: {
    requiredBadgeId: string;
    requiredQuantity: number;
    consumesPrerequisite: boolean;
    revokeBehavior: DependencyRevokeBehavior;
  }[];
}

export interface UserBadgeRow {
  id: string;
  userId: string;
  badgeId: string;
  quantity: number;
  status: UserBadgeStatus;
  source: UserBadgeSource;
  sourceRef: string | null;
  idempotencyKey: string;
  grantedAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  revokeReason: string | null;
  consumedAt: Date | null;
  consumedBy: string | null;
  isPinned: boolean;
  wallOrder: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface Balance {
  activeQuantity: number;
  totalGranted: number;
}

export interface LogWrite {
  userBadgeId: string | null;
  userId: string;
  badgeId: string;
  action: UserBadgeAction;
  delta: number;
  quantityAfter: number | null;
  source: UserBadgeSource | null;
  sourceRef: string | null;
  actorType: BadgeActorType;
  actorId: string | null;
  reason: string | null;
  idempotencyKey: string | null;
  metadata?: Record<string, unknown>;
}

export interface CascadeLogWrite {
  userId: string;
  action: CascadeAction;
  triggerBadgeId: string;
  triggerUserBadgeId: string | null;
  targetBadgeId: string;
  resultUserBadgeId: string | null;
  result: CascadeResult;
  depth: number;
  consumed?: unknown;
  reason: string | null;
}

/** A badge as the batched grant path needs it: grantable fields + does it take part in a graph. */
export interface BatchBadge extends GrantableBadge {
  /** It has dependency groups (prerequisites to check, maybe to consume). */
  hasPrerequisites: boolean;
  /** Other badges list it as a prerequisite (a grant evaluates cascades). */
  hasDependents: boolean;
}

/** One grant of the batched path, decided by the service (limits and stock already checked). */
export interface BatchGrantWrite {
  id: string;
  userId: string;
  badgeId: string;
  quantity: number;
  source: UserBadgeSource;
  sourceRef: string | null;
  idempotencyKey: string;
  grantedAt: Date;
  expiresAt: Date | null;
}

/** Units added to one (user, badge) balance, with the badge's limits for the guard. */
export interface BalanceAdd {
  userId: string;
  badgeId: string;
  quantity: number;
  isRepeatable: boolean;
  perUserCap: number | null;
}

const pairKey = (userId: string, badgeId: string) => `${userId}\0${badgeId}`;

export interface ExpiredGrant {
  id: string;
  userId: string;
  badgeId: string;
  badgeCode: string;
  quantity: number;
  source: UserBadgeSource;
  sourceRef: string | null;
  expiresAt: Date;
}

const badgeSelect = {
  id: true,
  code: true,
  status: true,
  totalStock: true,
  remainingStock: true,
  perUserCap: true,
  isRepeatable: true,
  validityKind: true,
  validFrom: true,
  validUntil: true,
  validDays: true,
  isAutoCascade: true,
} satisfies Prisma.BadgeSelect;

const groupSelect = {
  operator: true,
  items: {
    select: {
      requiredBadgeId: true,
      requiredQuantity: true,
      consumesPrerequisite: true,
      revokeBehavior: true,
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} satisfies Prisma.BadgeDependencyGroupSelect;

/**
 * The grant service's data access. Every function takes the caller's transaction: grants,
 * revokes, consumption, cascade commands, logs and outbox rows of one change commit together.
 */
/** The key of a (user, badge) pair in the maps of the batched functions. */
export const balanceKey = pairKey;

export function createGrantRepository(prisma: PrismaClient) {
  return {
    /** A transaction for one change (manual grant, one batch row, one sweep batch). */
    transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      return prisma.$transaction(fn, { maxWait: 15_000, timeout: 30_000 });
    },

    /** Serialises work on one key until the transaction ends (pg_advisory_xact_lock). */
    async lock(tx: Tx, key: string): Promise<void> {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    },
    /** Like {@link lock} but never waits: false when someone else holds the key. */
    async tryLock(tx: Tx, key: string): Promise<boolean> {
      const [row] = await tx.$queryRaw<{ ok: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) AS ok`;
      return row?.ok === true;
    },

    findByIdempotencyKey(tx: Tx, key: string): Promise<UserBadgeRow | null> {
      return tx.userBadge.findUnique({ where: { idempotencyKey: key } });
    },
    findUserBadge(tx: Tx, id: string): Promise<UserBadgeRow | null> {
      return tx.userBadge.findUnique({ where: { id } });
    },
    /** A REVOKE/CONSUME log written under this idempotency key (revokes have no ledger key). */
    async hasRemovalWithKey(tx: Tx, key: string): Promise<boolean> {
      const row = await tx.userBadgeLog.findFirst({
        where: { idempotencyKey: key, action: { in: ['REVOKE', 'CONSUME'] } },
        select: { id: true },
      });
      return row !== null;
    },

    findBadge(tx: Tx, id: string): Promise<GrantableBadge | null> {
      return tx.badge.findUnique({ where: { id }, select: badgeSelect });
    },
    findBadges(tx: Tx, ids: readonly string[]): Promise<GrantableBadge[]> {
      return tx.badge.findMany({ where: { id: { in: [...ids] } }, select: badgeSelect });
    },
    groupsOf(tx: Tx, badgeId: string): Promise<GroupWithItems[]> {
      return tx.badgeDependencyGroup.findMany({
        where: { badgeId },
        select: groupSelect,
        orderBy: [{ displayOrder: 'asc' }, { createdAt: 'asc' }],
      });
    },
    /** Badges that list `requiredBadgeId` as a prerequisite (optionally: only with CASCADE). */
    async dependentIds(
      tx: Tx,
      requiredBadgeId: string,
      options: { onlyCascadeRevoke?: boolean } = {},
    ): Promise<string[]> {
      const rows = await tx.badgeDependency.findMany({
        where: {
          requiredBadgeId,
          ...(options.onlyCascadeRevoke ? { revokeBehavior: 'CASCADE' as const } : {}),
        },
        select: { badgeId: true },
        distinct: ['badgeId'],
        orderBy: { badgeId: 'asc' },
      });
      return rows.map((r) => r.badgeId);
    },
    /** Active quantity per badge for a user (from the balances). */
    async activeQuantities(
      tx: Tx,
      userId: string,
      badgeIds: readonly string[],
    ): Promise<Map<string, number>> {
      const rows = await tx.userBadgeBalance.findMany({
        where: { userId, badgeId: { in: [...badgeIds] } },
        select: { badgeId: true, activeQuantity: true },
      });
      return new Map(rows.map((r) => [r.badgeId, r.activeQuantity]));
    },
    findBalance(tx: Tx, userId: string, badgeId: string): Promise<Balance | null> {
      return tx.userBadgeBalance.findUnique({
        where: { userId_badgeId: { userId, badgeId } },
        select: { activeQuantity: true, totalGranted: true },
      });
    },

    /**
     * Adds `quantity` to the user's balance of the badge, atomically checking the limits against
     * the locked row: one-time (no active unit held) and the lifetime per-user cap. Returns the new
     * balance, or null when a limit refused it (nothing changed).
     */
    async addToBalance(
      tx: Tx,
      input: {
        userId: string;
        badgeId: string;
        quantity: number;
        isRepeatable: boolean;
        perUserCap: number | null;
      },
    ): Promise<Balance | null> {
      const { userId, badgeId, quantity, isRepeatable, perUserCap } = input;
      const [row] = await tx.$queryRaw<Balance[]>`
        INSERT INTO badge.user_badge_balance AS b
          (user_id, badge_id, active_quantity, total_granted, first_granted_at, last_granted_at, updated_at)
        VALUES (${userId}, ${badgeId}::uuid, ${quantity}, ${quantity}, now(), now(), now())
        ON CONFLICT (user_id, badge_id) DO UPDATE
          SET active_quantity = b.active_quantity + EXCLUDED.active_quantity,
              total_granted = b.total_granted + EXCLUDED.total_granted,
              last_granted_at = now(),
              updated_at = now()
          WHERE (${isRepeatable} OR b.active_quantity = 0)
            AND (${perUserCap}::int IS NULL OR b.total_granted + EXCLUDED.total_granted <= ${perUserCap}::int)
        RETURNING active_quantity AS "activeQuantity", total_granted AS "totalGranted"`;
      return row ?? null;
    },
    /** Removes active units from the balance; returns the active quantity after. */
    async removeFromBalance(
      tx: Tx,
      userId: string,
      badgeId: string,
      quantity: number,
    ): Promise<number> {
      const [row] = await tx.$queryRaw<{ activeQuantity: number }[]>`
        UPDATE badge.user_badge_balance
           SET active_quantity = active_quantity - ${quantity}, updated_at = now()
         WHERE user_id = ${userId} AND badge_id = ${badgeId}::uuid
        RETURNING active_quantity AS "activeQuantity"`;
      if (!row) throw new Error(`no balance for ${userId}/${badgeId}`);
      return row.activeQuantity;
    },

    /**
     * Atomic stock reservation: never oversells under concurrency (the row lock orders the
     * decrements; a decrement that would go below zero matches no row). False = sold out.
     */
    async reserveStock(tx: Tx, badgeId: string, quantity: number): Promise<boolean> {
      const updated = await tx.$executeRaw`
        UPDATE badge.badge SET remaining_stock = remaining_stock - ${quantity}
         WHERE id = ${badgeId}::uuid AND remaining_stock >= ${quantity}`;
      return updated === 1;
    },

    insertUserBadge(
      tx: Tx,
      row: Pick<
        UserBadgeRow,
        | 'id'
        | 'userId'
        | 'badgeId'
        | 'quantity'
        | 'source'
        | 'sourceRef'
        | 'idempotencyKey'
        | 'expiresAt'
      > & { grantedAt: Date },
    ): Promise<UserBadgeRow> {
      return tx.userBadge.create({ data: row });
    },
    /** The user's ACTIVE grants of a badge, locked, the soonest to expire first. */
    lockActiveGrants(
      tx: Tx,
      userId: string,
      badgeId: string,
      userBadgeId?: string,
    ): Promise<UserBadgeRow[]> {
      return tx.$queryRaw<UserBadgeRow[]>`
        SELECT id, user_id AS "userId", badge_id AS "badgeId", quantity, status::text AS status,
               source::text AS source, source_ref AS "sourceRef", idempotency_key AS "idempotencyKey",
               granted_at AS "grantedAt", expires_at AS "expiresAt", revoked_at AS "revokedAt",
               revoke_reason AS "revokeReason", consumed_at AS "consumedAt", consumed_by AS "consumedBy",
               is_pinned AS "isPinned", wall_order AS "wallOrder", created_at AS "createdAt",
               updated_at AS "updatedAt"
          FROM badge.user_badge
         WHERE user_id = ${userId} AND badge_id = ${badgeId}::uuid AND status = 'ACTIVE'
           ${userBadgeId ? Prisma.sql`AND id = ${userBadgeId}::uuid` : Prisma.empty}
         ORDER BY expires_at ASC NULLS LAST, granted_at ASC, id ASC
         FOR UPDATE`;
    },
    /** Takes `quantity` units from a grant: the whole row changes status, or its quantity drops. */
    async takeFromGrant(
      tx: Tx,
      row: UserBadgeRow,
      quantity: number,
      change: {
        kind: 'REVOKED' | 'CONSUMED';
        at: Date;
        reason: string | null;
        consumedBy: string | null;
      },
    ): Promise<UserBadgeRow> {
      if (quantity < row.quantity) {
        return tx.userBadge.update({
          where: { id: row.id },
          data: { quantity: row.quantity - quantity },
        });
      }
      return tx.userBadge.update({
        where: { id: row.id },
        data:
          change.kind === 'REVOKED'
            ? { status: 'REVOKED', revokedAt: change.at, revokeReason: change.reason }
            : { status: 'CONSUMED', consumedAt: change.at, consumedBy: change.consumedBy },
      });
    },

    // ---- batched grant commands (one transaction for many commands) ----------------------------
    /**
     * Advisory locks on many keys, taken one after the other in the given order (callers sort
     * them, so two batches never wait on each other in a cycle).
     */
    async lockAll(tx: Tx, keys: readonly string[]): Promise<void> {
      if (keys.length === 0) return;
      await tx.$queryRaw`
        SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))::int AS n
          FROM unnest(${[...keys]}::text[]) WITH ORDINALITY AS t(k, i)`;
    },
    /** Which of these idempotency keys already have a grant. */
    async existingIdempotencyKeys(tx: Tx, keys: readonly string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await tx.$queryRaw<{ key: string }[]>`
        SELECT idempotency_key AS key FROM badge.user_badge
         WHERE idempotency_key = ANY(${[...keys]}::text[])`;
      return new Set(rows.map((r) => r.key));
    },
    /** Badges by id, with whether they have prerequisites and dependents (one query). */
    findBatchBadges(tx: Tx, ids: readonly string[]): Promise<BatchBadge[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return tx.$queryRaw<BatchBadge[]>`
        SELECT b.id::text AS id, b.code, b.status::text AS status, b.total_stock AS "totalStock",
               b.remaining_stock AS "remainingStock", b.per_user_cap AS "perUserCap",
               b.is_repeatable AS "isRepeatable", b.validity_kind::text AS "validityKind",
               b.valid_from AS "validFrom", b.valid_until AS "validUntil", b.valid_days AS "validDays",
               b.is_auto_cascade AS "isAutoCascade",
               EXISTS (SELECT 1 FROM badge.badge_dependency_group g WHERE g.badge_id = b.id)
                 AS "hasPrerequisites",
               EXISTS (SELECT 1 FROM badge.badge_dependency d WHERE d.required_badge_id = b.id)
                 AS "hasDependents"
          FROM badge.badge b
         WHERE b.id = ANY(${[...ids]}::uuid[])`;
    },
    /** Balances of (user, badge) pairs, keyed by {@link balanceKey}. */
    async findBalances(
      tx: Tx,
      pairs: readonly { userId: string; badgeId: string }[],
    ): Promise<Map<string, Balance>> {
      if (pairs.length === 0) return new Map();
      const keys = JSON.stringify(pairs.map((p) => ({ u: p.userId, b: p.badgeId })));
      const rows = await tx.$queryRaw<(Balance & { userId: string; badgeId: string })[]>`
        SELECT b.user_id AS "userId", b.badge_id::text AS "badgeId",
               b.active_quantity AS "activeQuantity", b.total_granted AS "totalGranted"
          FROM badge.user_badge_balance b
          JOIN json_to_recordset(${keys}::json)
            AS k(u text, b uuid) ON b.user_id = k.u AND b.badge_id = k.b`;
      return new Map(
        rows.map((r) => [
          pairKey(r.userId, r.badgeId),
          { activeQuantity: r.activeQuantity, totalGranted: r.totalGranted },
        ]),
      );
    },
    /** Locks the finite-stock badges among `ids` (in id order) and returns their remaining stock. */
    async lockStock(tx: Tx, ids: readonly string[]): Promise<Map<string, number>> {
      if (ids.length === 0) return new Map();
      const rows = await tx.$queryRaw<{ id: string; remaining: number | null }[]>`
        SELECT id::text AS id, remaining_stock AS remaining FROM badge.badge
         WHERE id = ANY(${[...ids]}::uuid[]) AND total_stock IS NOT NULL
         ORDER BY id
           FOR UPDATE`;
      return new Map(rows.map((r) => [r.id, r.remaining ?? 0]));
    },
    /**
     * Reserves stock for several badges at once (one row per badge, quantities summed), with the
     * same never-oversell condition as {@link reserveStock}. Returns the badges reserved.
     */
    async reserveStocks(
      tx: Tx,
      rows: readonly { badgeId: string; quantity: number }[],
    ): Promise<number> {
      if (rows.length === 0) return 0;
      const json = JSON.stringify(rows.map((r) => ({ id: r.badgeId, q: r.quantity })));
      return tx.$executeRaw`
        UPDATE badge.badge b SET remaining_stock = b.remaining_stock - v.q
          FROM json_to_recordset(${json}::json) AS v(id uuid, q int)
         WHERE b.id = v.id AND b.remaining_stock >= v.q`;
    },
    /**
     * The writes of a batch of grants in ONE statement (data-modifying CTEs): the balances
     * (existing rows updated — with the conditions of {@link addToBalance} and the values the
     * caller read under the user locks checked row by row — and missing ones inserted), the
     * user_badge rows and their GRANT log rows. Returns how many rows each part wrote; the caller
     * checks them (a balance that did not match its read is a missing row).
     */
    async writeBatchGrants(
      tx: Tx,
      input: {
        /** one per (user, badge) that has a balance row, with what the caller read */
        updates: readonly (BalanceAdd & Balance)[];
        /** one per (user, badge) without a balance row */
        inserts: readonly BalanceAdd[];
        grants: readonly BatchGrantWrite[];
        logs: readonly (LogWrite & { at: Date })[];
      },
    ): Promise<{ updated: number; inserted: number; grants: number; logs: number }> {
      const { updates, inserts, grants, logs } = input;
      // one JSON parameter per part (short keys = the record columns below)
      const u = JSON.stringify(
        updates.map((x) => ({
          u: x.userId,
          b: x.badgeId,
          q: x.quantity,
          r: x.isRepeatable,
          c: x.perUserCap,
          a: x.activeQuantity,
          t: x.totalGranted,
        })),
      );
      const n = JSON.stringify(
        inserts.map((x) => ({ u: x.userId, b: x.badgeId, q: x.quantity, c: x.perUserCap })),
      );
      const g = JSON.stringify(
        grants.map((x) => ({
          id: x.id,
          u: x.userId,
          b: x.badgeId,
          q: x.quantity,
          s: x.source,
          sr: x.sourceRef,
          k: x.idempotencyKey,
          ga: x.grantedAt.toISOString(),
          ea: x.expiresAt?.toISOString() ?? null,
        })),
      );
      const l = JSON.stringify(
        logs.map((x) => ({
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
        })),
      );
      const [row] = await tx.$queryRaw<
        { updated: number; inserted: number; grants: number; logs: number }[]
      >`
        WITH updated AS (
          UPDATE badge.user_badge_balance b
             SET active_quantity = b.active_quantity + v.q, total_granted = b.total_granted + v.q,
                 last_granted_at = now(), updated_at = now()
            FROM json_to_recordset(${u}::json)
              AS v(u text, b uuid, q int, r boolean, c int, a int, t int)
           WHERE b.user_id = v.u AND b.badge_id = v.b
             AND b.active_quantity = v.a AND b.total_granted = v.t
             AND (v.r OR b.active_quantity = 0)
             AND (v.c IS NULL OR b.total_granted + v.q <= v.c)
          RETURNING 1
        ), inserted AS (
          INSERT INTO badge.user_badge_balance
            (user_id, badge_id, active_quantity, total_granted, first_granted_at, last_granted_at, updated_at)
          SELECT v.u, v.b, v.q, v.q, now(), now(), now()
            FROM json_to_recordset(${n}::json) AS v(u text, b uuid, q int, c int)
           WHERE v.c IS NULL OR v.q <= v.c
          ON CONFLICT (user_id, badge_id) DO NOTHING
          RETURNING 1
        ), granted AS (
          INSERT INTO badge.user_badge
            (id, user_id, badge_id, quantity, source, source_ref, idempotency_key, granted_at,
             expires_at, created_at, updated_at)
          SELECT v.id, v.u, v.b, v.q, v.s::badge.user_badge_source, v.sr, v.k, v.ga, v.ea, v.ga, v.ga
            FROM json_to_recordset(${g}::json)
              AS v(id uuid, u text, b uuid, q int, s text, sr text, k text, ga timestamptz,
                   ea timestamptz)
          RETURNING 1
        ), logged AS (
          INSERT INTO badge.user_badge_log
            (id, user_badge_id, user_id, badge_id, action, delta, quantity_after, source, source_ref,
             actor_type, actor_id, reason, idempotency_key, metadata, created_at)
          SELECT gen_random_uuid(), v.ub, v.u, v.b, v.ac::badge.user_badge_action, v.d, v.qa,
                 v.s::badge.user_badge_source, v.sr, v.t::badge.actor_type, v.ai, v.r, v.k, v.m,
                 v.ts
            FROM json_to_recordset(${l}::json)
              AS v(ub uuid, u text, b uuid, ac text, d int, qa int, s text, sr text, t text,
                   ai text, r text, k text, m jsonb, ts timestamptz)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM updated)::int AS updated,
               (SELECT count(*) FROM inserted)::int AS inserted,
               (SELECT count(*) FROM granted)::int AS grants,
               (SELECT count(*) FROM logged)::int AS logs`;
      return row ?? { updated: 0, inserted: 0, grants: 0, logs: 0 };
    },
    /** A savepoint: one command of a batch can be undone without the others (not nested). */
    async savepoint(tx: Tx): Promise<void> {
      await tx.$executeRaw`SAVEPOINT badge_command`;
    },
    async rollbackToSavepoint(tx: Tx): Promise<void> {
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT badge_command`;
    },
    async releaseSavepoint(tx: Tx): Promise<void> {
      await tx.$executeRaw`RELEASE SAVEPOINT badge_command`;
    },

    // ---- redemption saga ---------------------------------------------------------------------
    /** What a redemption consumed: its CONSUME log rows (grant, badge, units). */
    async consumptionOf(
      tx: Tx,
      userId: string,
      redemptionId: string,
    ): Promise<{ userBadgeId: string; badgeId: string; quantity: number }[]> {
      const rows = await tx.userBadgeLog.findMany({
        where: { userId, action: 'CONSUME', source: 'REDEMPTION', sourceRef: redemptionId },
        select: { userBadgeId: true, badgeId: true, delta: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.flatMap((r) =>
        r.userBadgeId
          ? [{ userBadgeId: r.userBadgeId, badgeId: r.badgeId, quantity: -r.delta }]
          : [],
      );
    },
    async wasRestored(tx: Tx, userId: string, redemptionId: string): Promise<boolean> {
      const row = await tx.userBadgeLog.findFirst({
        where: { userId, action: 'RESTORE', source: 'REDEMPTION', sourceRef: redemptionId },
        select: { id: true },
      });
      return row !== null;
    },
    async lockUserBadge(tx: Tx, id: string): Promise<UserBadgeRow | null> {
      await tx.$executeRaw`SELECT 1 FROM badge.user_badge WHERE id = ${id}::uuid FOR UPDATE`;
      return tx.userBadge.findUnique({ where: { id } });
    },
    /** Gives units back to a grant: reactivates it (it was consumed whole) or adds to it. */
    reactivateGrant(tx: Tx, id: string): Promise<UserBadgeRow> {
      return tx.userBadge.update({
        where: { id },
        data: { status: 'ACTIVE', consumedAt: null, consumedBy: null },
      });
    },
    addToGrant(tx: Tx, id: string, quantity: number): Promise<UserBadgeRow> {
      return tx.userBadge.update({ where: { id }, data: { quantity: { increment: quantity } } });
    },
    /** Active units back on the balance (a restore: lifetime granted does not change). */
    async restoreToBalance(
      tx: Tx,
      userId: string,
      badgeId: string,
      quantity: number,
    ): Promise<number> {
      const [row] = await tx.$queryRaw<{ activeQuantity: number }[]>`
        UPDATE badge.user_badge_balance
           SET active_quantity = active_quantity + ${quantity}, updated_at = now()
         WHERE user_id = ${userId} AND badge_id = ${badgeId}::uuid
        RETURNING active_quantity AS "activeQuantity"`;
      if (!row) throw new Error(`no balance for ${userId}/${badgeId}`);
      return row.activeQuantity;
    },

    async insertLog(tx: Tx, log: LogWrite): Promise<void> {
      await tx.userBadgeLog.create({
        data: {
          ...log,
          metadata: log.metadata ? (log.metadata as Prisma.InputJsonValue) : Prisma.DbNull,
        },
      });
    },
    async insertCascadeLog(tx: Tx, log: CascadeLogWrite): Promise<void> {
      await tx.cascadeLog.create({
        data: {
          ...log,
          consumed:
            log.consumed === undefined ? Prisma.DbNull : (log.consumed as Prisma.InputJsonValue),
        },
      });
    },
    /** Depth of the cascade step that produced `userBadgeId` (0 when it was not a cascade). */
    async cascadeDepthOf(tx: Tx, userBadgeId: string): Promise<number> {
      const row = await tx.cascadeLog.findFirst({
        where: { resultUserBadgeId: userBadgeId, action: 'GRANT' },
        select: { depth: true },
      });
      return row?.depth ?? 0;
    },
    async insertOutbox(tx: Tx, records: readonly OutboxRecordInput[]): Promise<void> {
      await insertOutboxRecords(tx, 'badge', records);
    },

    // ---- expiry ---------------------------------------------------------------------------
    /**
     * Claims up to `limit` due ACTIVE grants (expires_at <= now), oldest first, with
     * FOR UPDATE SKIP LOCKED so sweeps in parallel (CronJob + workers) never take the same rows.
     */
    claimDueGrants(tx: Tx, limit: number, now: Date): Promise<ExpiredGrant[]> {
      return tx.$queryRaw<ExpiredGrant[]>`
        SELECT ub.id, ub.user_id AS "userId", ub.badge_id AS "badgeId", b.code AS "badgeCode",
               ub.quantity, ub.source::text AS source, ub.source_ref AS "sourceRef",
               ub.expires_at AS "expiresAt"
          FROM badge.user_badge ub
          JOIN badge.badge b ON b.id = ub.badge_id
         WHERE ub.status = 'ACTIVE' AND ub.expires_at IS NOT NULL AND ub.expires_at <= ${now}
         ORDER BY ub.expires_at, ub.id
         LIMIT ${limit}
         FOR UPDATE OF ub SKIP LOCKED`;
    },
    async markExpired(tx: Tx, ids: readonly string[]): Promise<void> {
      await tx.userBadge.updateMany({
        where: { id: { in: [...ids] }, status: 'ACTIVE' },
        data: { status: 'EXPIRED' },
      });
    },

    // ---- metrics --------------------------------------------------------------------------
    async stockLevels(
      limit: number,
    ): Promise<{ code: string; totalStock: number; remainingStock: number }[]> {
      const rows = await prisma.badge.findMany({
        where: { totalStock: { not: null }, status: { in: ['PUBLISHED', 'OFFLINE'] } },
        select: { code: true, totalStock: true, remainingStock: true },
        orderBy: [{ remainingStock: 'asc' }, { code: 'asc' }],
        take: limit,
      });
      return rows.map((r) => ({
        code: r.code,
        totalStock: r.totalStock ?? 0,
        remainingStock: r.remainingStock ?? 0,
      }));
    },
  };
}
export type GrantRepository = ReturnType<typeof createGrantRepository>;
