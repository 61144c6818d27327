// AggregateState ↔ the columns of rule.rule_user_aggregate. The JSON `window` column carries what
// the engine needs to stay exact (entries, days, grants, spent boundaries); the other columns are
// readable summaries (totals, streaks, window start) for the console, progress and SQL.
import type { TemplateConfig } from './params.js';
import { distinctIn, emptyState, runEndingAt, type AggregateState } from './state.js';
import { DAY_MS, isoDateToDay } from './time.js';

export interface AggregateRow {
  ruleId: string;
  userId: string;
  timezone: string;
  eventCount: number;
  /** Decimal(20,4) as a string */
  sumValue: string;
  window: unknown;
  windowStart: Date | null;
  currentStreak: number;
  longestStreak: number;
  lastActiveDate: Date | null;
  distinctDays: number;
  periodStart: Date | null;
  firstEventAt: Date | null;
  lastEventAt: Date | null;
  lastEventId: string | null;
  version: number;
}

interface WindowJson {
  v: 1;
  e: AggregateState['entries'];
  dy: AggregateState['days'];
  c: AggregateState['carry'];
  lg: number;
  b: number | null;
  sa: number | null;
  sd: number | null;
  sq: number;
  g: AggregateState['grants'];
  lt: number;
  ld: number | null;
}

const dateOf = (day: number | null) => (day === null ? null : new Date(day * DAY_MS));

export function stateToRow(
  ruleId: string,
  userId: string,
  s: AggregateState,
  config: TemplateConfig,
  version: number,
): AggregateRow {
  const window: WindowJson = {
    v: 1,
    e: s.entries,
    dy: s.days,
    c: s.carry,
    lg: s.longest,
    b: s.best,
    sa: s.spentAt,
    sd: s.spentDay,
    sq: s.seq,
    g: s.grants,
    lt: s.late,
    ld: s.lastDay,
  };
  const current = s.lastDay === null ? 0 : runEndingAt(s, s.lastDay);
  const period = config.code === 'distinct_days_in_period' ? config.periodDays : null;
  return {
    ruleId,
    userId,
    timezone: s.tz,
    eventCount: Math.max(0, s.count),
    sumValue: (Math.round(s.sum * 10_000) / 10_000).toFixed(4),
    window,
    windowStart:
      'windowMs' in config && s.lastAt !== null ? new Date(s.lastAt - config.windowMs) : null,
    currentStreak: current,
    longestStreak: Math.max(s.longest, current),
    lastActiveDate: dateOf(s.lastDay),
    distinctDays:
      period !== null && s.lastDay !== null
        ? distinctIn(s, s.lastDay - period + 1, s.lastDay, null)
        : 0,
    periodStart: period !== null && s.lastDay !== null ? dateOf(s.lastDay - period + 1) : null,
    firstEventAt: s.firstAt === null ? null : new Date(s.firstAt),
    lastEventAt: s.lastAt === null ? null : new Date(s.lastAt),
    lastEventId: s.lastEventId,
    version,
  };
}

const toMs = (v: Date | string | null | undefined): number | null =>
  v === null || v === undefined ? null : new Date(v).getTime();

export function rowToState(row: {
  timezone: string;
  eventCount: number;
  sumValue: string | number | { toString(): string };
  window: unknown;
  firstEventAt: Date | string | null;
  lastEventAt: Date | string | null;
  lastEventId: string | null;
  lastActiveDate: Date | string | null;
}): AggregateState {
  const s = emptyState(row.timezone);
  s.count = row.eventCount;
  s.sum = Number(row.sumValue.toString());
  s.firstAt = toMs(row.firstEventAt);
  s.lastAt = toMs(row.lastEventAt);
  s.lastEventId = row.lastEventId;
  const w = row.window as Partial<WindowJson> | null;
  if (w && w.v === 1) {
    s.entries = w.e ?? [];
    s.days = w.dy ?? [];
    s.carry = w.c ?? null;
    s.longest = w.lg ?? 0;
    s.best = w.b ?? null;
    s.spentAt = w.sa ?? null;
    s.spentDay = w.sd ?? null;
    s.seq = w.sq ?? 0;
    s.grants = w.g ?? [];
    s.late = w.lt ?? 0;
    s.lastDay = w.ld ?? null;
  } else if (row.lastActiveDate !== null) {
    s.lastDay = isoDateToDay(
      typeof row.lastActiveDate === 'string' ? row.lastActiveDate.slice(0, 10) : row.lastActiveDate,
    );
  }
  return s;
}
