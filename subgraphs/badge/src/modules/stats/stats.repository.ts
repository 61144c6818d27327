import type { PrismaClient } from '@badge/db';

export interface DayCountRow {
  day: string;
  count: number;
}

export interface HolderCountRow {
  badgeId: string;
  holders: number;
}

/** Aggregates for the console dashboard; plain numbers out, nothing is written. */
export function createStatsRepository(prisma: PrismaClient) {
  return {
    /** Grants (user_badge rows, any status now) per UTC day with granted_at in [from, to). */
    grantsPerDay(from: Date, to: Date): Promise<DayCountRow[]> {
      // Range scan on user_badge (granted_at, user_id).
      return prisma.$queryRaw<DayCountRow[]>`
        SELECT to_char(date_trunc('day', granted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
               count(*)::int AS count
          FROM badge.user_badge
         WHERE granted_at >= ${from} AND granted_at < ${to}
         GROUP BY 1`;
    },

    /** Distinct users granted anything with granted_at in [from, to) (index-only). */
    async distinctGrantees(from: Date, to: Date): Promise<number> {
      const [row] = await prisma.$queryRaw<{ n: number }[]>`
        SELECT count(DISTINCT user_id)::int AS n
          FROM badge.user_badge
         WHERE granted_at >= ${from} AND granted_at < ${to}`;
      return row?.n ?? 0;
    },

    /** user_badge rows ACTIVE now (index on status, expires_at). */
    countActive(): Promise<number> {
      return prisma.userBadge.count({ where: { status: 'ACTIVE' } });
    },

    /**
     * Badges by current holders (balances with an active quantity), most first, ties by id. Reads
     * user_badge_balance (one row per user and badge, smaller than user_badge); a partial index on
     * active_quantity would turn the grant path's HOT updates of this row into index updates, so
     * there deliberately is none.
     */
    topHeld(limit: number): Promise<HolderCountRow[]> {
      return prisma.$queryRaw<HolderCountRow[]>`
        SELECT badge_id::text AS "badgeId", count(*)::int AS holders
          FROM badge.user_badge_balance
         WHERE active_quantity > 0
         GROUP BY badge_id
         ORDER BY holders DESC, badge_id
         LIMIT ${limit}`;
    },
  };
}
export type StatsRepository = ReturnType<typeof createStatsRepository>;
