import {
  Prisma,
  type BadgeActorType,
  type PrismaClient,
  type UserBadgeAction,
  type UserBadgeSource,
  type UserBadgeStatus,
} from '@badge/db';
import type { UserBadgeRow } from './grant.repository.js';

export interface UserBadgeLogRow {
  id: string;
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
  createdAt: Date;
}

export interface HeldBadge {
  badgeId: string;
  quantity: number;
  isPinned: boolean;
  wallOrder: number | null;
  firstGrantedAt: Date;
  lastGrantedAt: Date;
  nextExpiresAt: Date | null;
}

export interface WallBadge {
  id: string;
  status: 'DRAFT' | 'PUBLISHED' | 'OFFLINE' | 'ARCHIVED';
  isHiddenUntilEarned: boolean;
  displayOrder: number;
  categoryOrder: number;
  createdAt: Date;
}

export interface UserBadgeQuery {
  userId?: string;
  badgeId?: string;
  status?: UserBadgeStatus;
  after?: [string, string];
  take: number;
}

export interface LogQuery {
  userId: string;
  badgeId?: string;
  after?: [string, string];
  take: number;
}

const userBadgeWhere = (q: UserBadgeQuery): Prisma.UserBadgeWhereInput => ({
  ...(q.userId ? { userId: q.userId } : {}),
  ...(q.badgeId ? { badgeId: q.badgeId } : {}),
  ...(q.status ? { status: q.status } : {}),
});

const logWhere = (q: LogQuery): Prisma.UserBadgeLogWhereInput => ({
  userId: q.userId,
  ...(q.badgeId ? { badgeId: q.badgeId } : {}),
});

const keyset = (after: [string, string] | undefined, field: 'grantedAt' | 'createdAt') =>
  after
    ? {
        OR: [
          { [field]: { lt: new Date(after[0]) } },
          { [field]: new Date(after[0]), id: { lt: after[1] } },
        ],
      }
    : {};

/** Reads of user badges (lists, wall, history) and the end user's wall arrangement. */
export function createUserBadgeRepository(prisma: PrismaClient) {
  return {
    listUserBadges(q: UserBadgeQuery): Promise<UserBadgeRow[]> {
      return prisma.userBadge.findMany({
        where: { AND: [userBadgeWhere(q), keyset(q.after, 'grantedAt')] },
        orderBy: [{ grantedAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      });
    },
    countUserBadges(q: UserBadgeQuery): Promise<number> {
      return prisma.userBadge.count({ where: userBadgeWhere(q) });
    },
    findUserBadgesByIds(ids: readonly string[]): Promise<UserBadgeRow[]> {
      return prisma.userBadge.findMany({ where: { id: { in: [...ids] } } });
    },
    listLogs(q: LogQuery): Promise<UserBadgeLogRow[]> {
      return prisma.userBadgeLog.findMany({
        where: { AND: [logWhere(q), keyset(q.after, 'createdAt')] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      });
    },
    countLogs(q: LogQuery): Promise<number> {
      return prisma.userBadgeLog.count({ where: logWhere(q) });
    },

    /** The user's held badges (ACTIVE units), one entry per badge. */
    heldBadges(userId: string): Promise<HeldBadge[]> {
      return prisma.$queryRaw<HeldBadge[]>`
        SELECT badge_id AS "badgeId", sum(quantity)::int AS quantity,
               bool_or(is_pinned) AS "isPinned", min(wall_order) AS "wallOrder",
               min(granted_at) AS "firstGrantedAt", max(granted_at) AS "lastGrantedAt",
               min(expires_at) AS "nextExpiresAt"
          FROM badge.user_badge
         WHERE user_id = ${userId} AND status = 'ACTIVE'
         GROUP BY badge_id`;
    },
    /** Badges for the wall: the held ones (any state) and the public catalogue (PUBLISHED). */
    wallBadges(
      heldIds: readonly string[],
      limit: number,
      categoryId?: string,
    ): Promise<WallBadge[]> {
      return prisma.$queryRaw<WallBadge[]>`
        SELECT b.id, b.status::text AS status, b.is_hidden_until_earned AS "isHiddenUntilEarned",
               b.display_order AS "displayOrder", c.display_order AS "categoryOrder",
               b.created_at AS "createdAt"
          FROM badge.badge b
          JOIN badge.badge_category c ON c.id = b.category_id
         WHERE (b.id = ANY(${[...heldIds]}::uuid[])
                OR (b.status = 'PUBLISHED' AND NOT b.is_hidden_until_earned AND c.is_enabled))
           ${categoryId ? Prisma.sql`AND b.category_id = ${categoryId}::uuid` : Prisma.empty}
         ORDER BY (b.id = ANY(${[...heldIds]}::uuid[])) DESC, c.display_order, b.display_order,
                  b.created_at, b.id
         LIMIT ${limit}`;
    },

    /** Pins or unpins every ACTIVE grant of the badge; returns how many grants changed. */
    setPinned(
      userId: string,
      badgeId: string,
      isPinned: boolean,
      log: { actorType: BadgeActorType; actorId: string },
    ): Promise<number> {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.userBadge.updateMany({
          where: { userId, badgeId, status: 'ACTIVE' },
          data: { isPinned },
        });
        if (count > 0)
          await tx.userBadgeLog.create({
            data: {
              userId,
              badgeId,
              action: isPinned ? 'PIN' : 'UNPIN',
              delta: 0,
              actorType: log.actorType,
              actorId: log.actorId,
            },
          });
        return count;
      });
    },
    /** Wall positions: listed badges get 0, 1, …; the user's other grants lose their position. */
    reorderWall(
      userId: string,
      badgeIds: readonly string[],
      log: { actorType: BadgeActorType; actorId: string },
    ): Promise<void> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`
          UPDATE badge.user_badge ub
             SET wall_order = o.position - 1
            FROM unnest(${[...badgeIds]}::uuid[]) WITH ORDINALITY AS o(badge_id, position)
           WHERE ub.user_id = ${userId} AND ub.status = 'ACTIVE' AND ub.badge_id = o.badge_id`;
        await tx.$executeRaw`
          UPDATE badge.user_badge SET wall_order = NULL
           WHERE user_id = ${userId} AND status = 'ACTIVE' AND wall_order IS NOT NULL
             AND NOT (badge_id = ANY(${[...badgeIds]}::uuid[]))`;
        const first = badgeIds[0];
        if (first)
          await tx.userBadgeLog.create({
            data: {
              userId,
              badgeId: first,
              action: 'REORDER',
              delta: 0,
              actorType: log.actorType,
              actorId: log.actorId,
              metadata: { order: [...badgeIds] },
            },
          });
      });
    },
  };
}
export type UserBadgeRepository = ReturnType<typeof createUserBadgeRepository>;
