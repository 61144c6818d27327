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

/** A new user_badge row (the grant service's single grants and the batched path alike). */
export type UserBadgeWrite = Pick<
  UserBadgeRow,
  | 'id'
  | 'userId'
  | 'badgeId'
  | 'quantity'
  | 'source'
  | 'sourceRef'
  | 'idempotencyKey'
  | 'grantedAt'
  | 'expiresAt'
>;

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

    insertUserBadge(tx: Tx, row: UserBadgeWrite): Promise<UserBadgeRow> {
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

    // ---- batches (the set-based statements are in grant-batch.repository.ts) ------------------
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
