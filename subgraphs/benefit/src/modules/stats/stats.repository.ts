import type { PrismaClient } from '@badge/db';

export interface DayCountRow {
  day: string;
  count: number;
}

/** Aggregates for the console dashboard; plain numbers out, nothing is written. */
export function createStatsRepository(prisma: PrismaClient) {
  return {
    /**
     * Benefit grants per UTC day of granted_at in [from, to): every grant that was delivered,
     * whatever it became since (revoked, expired). Range scan on benefit_grant (granted_at).
     */
    grantsPerDay(from: Date, to: Date): Promise<DayCountRow[]> {
      return prisma.$queryRaw<DayCountRow[]>`
        SELECT to_char(date_trunc('day', granted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
               count(*)::int AS count
          FROM benefit.benefit_grant
         WHERE granted_at >= ${from} AND granted_at < ${to}
         GROUP BY 1`;
    },

    /** Redemptions per UTC day of completed_at in [from, to) (index on completed_at). */
    redemptionsPerDay(from: Date, to: Date): Promise<DayCountRow[]> {
      return prisma.$queryRaw<DayCountRow[]>`
        SELECT to_char(date_trunc('day', completed_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
               count(*)::int AS count
          FROM benefit.redemption
         WHERE completed_at >= ${from} AND completed_at < ${to}
         GROUP BY 1`;
    },
  };
}
export type StatsRepository = ReturnType<typeof createStatsRepository>;
