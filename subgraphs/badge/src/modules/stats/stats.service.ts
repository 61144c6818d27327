import { z } from 'zod';
import {
  fillDailyCounts,
  parseInput,
  statsWindow,
  totalOf,
  type DailyCount,
  type StatsWindow,
} from '@badge/service-kit';
import type { StatsRepository } from './stats.repository.js';

/** What `badgeStats` resolves to: the window; each field is computed only when asked for. */
export type BadgeStatsDto = StatsWindow;

export interface BadgeHolderCountDto {
  badgeId: string;
  holders: number;
}

export const ZTopBadgesLimit = z
  .number()
  .int()
  .min(1, 'must be at least 1')
  .max(50, 'must be at most 50');

/**
 * Dashboard figures of the badge domain. Windows are UTC calendar days (`statsWindow`), so every
 * console and every subgraph draws the same days.
 */
export function createStatsService(
  repository: StatsRepository,
  options: { now?: () => Date } = {},
) {
  const now = options.now ?? (() => new Date());
  // grantsByDay and grantsInWindow of one response come from one query.
  const daily = new WeakMap<StatsWindow, Promise<DailyCount[]>>();
  const grantsByDay = (window: StatsWindow): Promise<DailyCount[]> => {
    let series = daily.get(window);
    if (!series) {
      series = repository
        .grantsPerDay(window.from, window.to)
        .then((rows) => fillDailyCounts(window, rows));
      daily.set(window, series);
    }
    return series;
  };

  return {
    /** The window of `badgeStats(days)`: 1..90, BAD_USER_INPUT otherwise. */
    window: (days: unknown): BadgeStatsDto => statsWindow(days, now()),
    grantsByDay,
    grantsInWindow: async (window: StatsWindow): Promise<number> =>
      totalOf(await grantsByDay(window)),
    activeGrants: (): Promise<number> => repository.countActive(),
    activeUsers: (window: StatsWindow): Promise<number> =>
      repository.distinctGrantees(window.from, window.to),
    topBadges: (limit: unknown): Promise<BadgeHolderCountDto[]> =>
      repository.topHeld(parseInput(ZTopBadgesLimit, limit, 'limit')),
  };
}
export type StatsService = ReturnType<typeof createStatsService>;
