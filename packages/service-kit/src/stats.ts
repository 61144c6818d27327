/**
 * Dashboard windows shared by the subgraphs' `*Stats` queries: the last N UTC calendar days,
 * today included, and day-by-day series with the empty days filled in.
 */
import { z } from 'zod';
import { parseInput } from './validation.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `days` of a stats query: 1..90 (the default, 14, comes from the schema). */
export const ZStatsDays = z
  .number()
  .int('must be a whole number of days')
  .min(1, 'must be at least 1')
  .max(90, 'must be at most 90');

/** The last `days` UTC calendar days, today included: `[from, to)`. */
export interface StatsWindow {
  days: number;
  /** 00:00 UTC of the oldest day */
  from: Date;
  /** 00:00 UTC of tomorrow (exclusive) */
  to: Date;
}

/** A count for one UTC day (`YYYY-MM-DD`). */
export interface DailyCount {
  day: string;
  count: number;
}

/** The window of `days` days ending today (UTC); BAD_USER_INPUT outside 1..90. */
export function statsWindow(days: unknown, now: Date = new Date()): StatsWindow {
  const n = parseInput(ZStatsDays, days, 'days');
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return { days: n, from: new Date(today - (n - 1) * DAY_MS), to: new Date(today + DAY_MS) };
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * One entry per day of the window, oldest first: the counts found (days as `YYYY-MM-DD`, e.g. from
 * `to_char(date_trunc('day', t AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`), 0 for the days without any.
 */
export function fillDailyCounts(window: StatsWindow, found: readonly DailyCount[]): DailyCount[] {
  const byDay = new Map(found.map((r) => [r.day, r.count]));
  return Array.from({ length: window.days }, (_, i) => {
    const day = utcDay(new Date(window.from.getTime() + i * DAY_MS));
    return { day, count: byDay.get(day) ?? 0 };
  });
}

/** Sum of a day-by-day series. */
export const totalOf = (series: readonly DailyCount[]): number =>
  series.reduce((sum, d) => sum + d.count, 0);
