import {
  fillDailyCounts,
  statsWindow,
  totalOf,
  type DailyCount,
  type StatsWindow,
} from '@badge/service-kit';
import type { DayCountRow, StatsRepository } from './stats.repository.js';

/** What `benefitStats` resolves to: the window; each field is computed only when asked for. */
export type BenefitStatsDto = StatsWindow;

type Series = (from: Date, to: Date) => Promise<DayCountRow[]>;

/**
 * Dashboard figures of the benefit domain over UTC calendar days (`statsWindow`, the same days
 * as the badge subgraph's badgeStats).
 */
export function createStatsService(
  repository: StatsRepository,
  options: { now?: () => Date } = {},
) {
  const now = options.now ?? (() => new Date());
  // The *ByDay and *InWindow fields of one response share one query per series.
  const memo = (query: Series) => {
    const cache = new WeakMap<StatsWindow, Promise<DailyCount[]>>();
    return (window: StatsWindow): Promise<DailyCount[]> => {
      let series = cache.get(window);
      if (!series) {
        series = query(window.from, window.to).then((rows) => fillDailyCounts(window, rows));
        cache.set(window, series);
      }
      return series;
    };
  };
  const grantsByDay = memo((from, to) => repository.grantsPerDay(from, to));
  const redemptionsByDay = memo((from, to) => repository.redemptionsPerDay(from, to));

  return {
    /** The window of `benefitStats(days)`: 1..90, BAD_USER_INPUT otherwise. */
    window: (days: unknown): BenefitStatsDto => statsWindow(days, now()),
    grantsByDay,
    redemptionsByDay,
    grantsInWindow: async (window: StatsWindow) => totalOf(await grantsByDay(window)),
    redemptionsInWindow: async (window: StatsWindow) => totalOf(await redemptionsByDay(window)),
  };
}
export type StatsService = ReturnType<typeof createStatsService>;
