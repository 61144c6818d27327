// A rule version compiled into what the worker runs per event: a cheap predicate (event type,
// active window, CEL condition) and an aggregate updater + template check over the user's state.
// Pure: no I/O. The same code answers dry runs (with `explain`) and computes progress.
import { compileCondition, type CompiledCondition } from './cel.js';
import { fieldValue, PURCHASE, type RuleEvent } from './event.js';
import {
  REVOKE_ON_REFUND,
  templateConfig,
  type ParamValues,
  type TemplateConfig,
} from './params.js';
import {
  addDay,
  countIn,
  distinctIn,
  emptyState,
  findEntry,
  findEntryAt,
  findEntryByOrder,
  findWindow,
  insertEntry,
  isActiveDay,
  prune,
  removeDay,
  runContaining,
  sumIn,
  type AggregateState,
  type Entry,
  type GrantRecord,
  type Retention,
} from './state.js';
import { DAY_MS, dayToIsoDate, localDay } from './time.js';

/** A rule as the engine evaluates it: a published RuleVersion, or a working copy (version 0). */
export interface RuleDefinition {
  ruleId: string;
  version: number;
  badgeId: string;
  eventTypes: readonly string[];
  templateCode: string;
  params: ParamValues;
  celCondition: string | null;
  activeFrom: Date | null;
  activeUntil: Date | null;
  perUserGrantLimit: number | null;
  grantQuantity: number;
  timezone: string | null;
}

export interface EngineOptions {
  /** How far behind the user's latest event an event may arrive and still count (windows, days). */
  latenessMs: number;
  /** How long a purchase stays refundable for the aggregates (older refunds change nothing). */
  refundHorizonMs: number;
}

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = {
  latenessMs: 7 * DAY_MS,
  refundHorizonMs: 90 * DAY_MS,
};

export type EvaluationResult =
  | 'granted'
  | 'not_met'
  | 'limit_reached'
  | 'inactive'
  | 'condition_false'
  | 'late'
  | 'duplicate'
  | 'no_value'
  | 'spent';

/** One step of an explanation (dry run). */
export interface Check {
  name: 'event_type' | 'active_window' | 'condition' | 'aggregate' | 'template' | 'grant_limit';
  passed: boolean;
  detail: string;
}

export interface Evaluation {
  result: EvaluationResult;
  /** the grant to emit: n-th grant of this rule to this user, quantity */
  grant: { n: number; quantity: number } | null;
  /** filled when asked to explain */
  checks: Check[];
}

export interface Revocation {
  /** the grant being undone */
  n: number;
  quantity: number;
  grantEventId: string;
}

export interface RefundReversal {
  /** whether the refunded purchase counted for this rule (and is still retained) */
  matched: boolean;
  revocations: Revocation[];
  detail: string;
}

export interface Progress {
  current: number;
  target: number;
}

export interface CompiledRule {
  readonly def: RuleDefinition;
  readonly config: TemplateConfig;
  readonly revokeOnRefund: boolean;
  readonly condition: CompiledCondition | null;
  listensTo(eventType: string): boolean;
  /** Whether refunds of purchases reverse this rule's aggregates (it listens to purchases). */
  readonly reversesRefunds: boolean;
  /**
   * Stateless part: active window and CEL condition. A failed precheck means the event does not
   * count for this rule at all (its state need not even be loaded).
   */
  precheck(event: RuleEvent, checks?: Check[]): 'inactive' | 'condition_false' | null;
  /**
   * Counts an event that passed `precheck` into `state` (created when null) and decides whether
   * it grants. Mutates and returns the state.
   */
  apply(
    state: AggregateState | null,
    event: RuleEvent,
    grantCount: number,
    checks?: Check[],
  ): { state: AggregateState; evaluation: Evaluation };
  /** Precheck + apply. */
  evaluate(
    state: AggregateState | null,
    event: RuleEvent,
    grantCount: number,
    explain?: boolean,
  ): { state: AggregateState | null; evaluation: Evaluation };
  /** Reverses a refunded purchase's contribution and says which grants no longer hold. */
  reverseRefund(state: AggregateState, refund: RuleEvent): RefundReversal;
  /** current / target towards the next grant, at time `now`. */
  progress(state: AggregateState | null, now: number, grantCount: number): Progress;
}

const isWindow = (c: TemplateConfig): c is Extract<TemplateConfig, { windowMs: number }> =>
  c.code === 'count_in_window' || c.code === 'sum_in_window';
const isDays = (c: TemplateConfig) =>
  c.code === 'consecutive_days' || c.code === 'distinct_days_in_period';
const fieldOf = (c: TemplateConfig): string | null =>
  c.code === 'single_event_threshold' || c.code === 'sum_in_window' ? c.field : null;

const OPS = {
  gte: (a: number, b: number) => a >= b,
  gt: (a: number, b: number) => a > b,
  eq: (a: number, b: number) => a === b,
  lte: (a: number, b: number) => a <= b,
  lt: (a: number, b: number) => a < b,
} as const;
const OP_TEXT = { gte: '≥', gt: '>', eq: '=', lte: '≤', lt: '<' } as const;

const iso = (t: number) => new Date(t).toISOString();
const NO_CHECKS: Check[] = [];

/** Compiles a rule definition. Throws CelCompileError / TemplateConfigError when invalid. */
export function compileRule(
  def: RuleDefinition,
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
): CompiledRule {
  const config = templateConfig(def.templateCode, def.params);
  const condition = def.celCondition?.trim() ? compileCondition(def.celCondition) : null;
  const revokeOnRefund = def.params[REVOKE_ON_REFUND] === true;
  const types = new Set(def.eventTypes);
  const from = def.activeFrom?.getTime() ?? -Infinity;
  const until = def.activeUntil?.getTime() ?? Infinity;
  const field = fieldOf(config);
  const latenessDays = Math.ceil(options.latenessMs / DAY_MS);
  const retention: Retention = {
    entryMs: isWindow(config) ? config.windowMs + options.latenessMs : null,
    refundMs: options.refundHorizonMs,
    keepDays:
      config.code === 'consecutive_days'
        ? latenessDays + 1
        : config.code === 'distinct_days_in_period'
          ? latenessDays + config.periodDays - 1
          : null,
  };
  const zoneFor = (event: RuleEvent, state: AggregateState | null) =>
    def.timezone ?? event.timezone ?? state?.tz ?? 'UTC';
  const compare = (v: number) =>
    config.code === 'single_event_threshold' && OPS[config.operator](v, config.threshold);

  function precheck(event: RuleEvent, checks?: Check[]): 'inactive' | 'condition_false' | null {
    const t = event.occurredAt;
    const active = t >= from && t < until;
    checks?.push({
      name: 'active_window',
      passed: active,
      detail: active
        ? 'the event time is inside the rule’s active window'
        : `the event time ${iso(t)} is outside the active window [${def.activeFrom?.toISOString() ?? '−∞'}, ${def.activeUntil?.toISOString() ?? '+∞'})`,
    });
    if (!active) return 'inactive';
    if (condition) {
      const r = condition.evaluate(event);
      checks?.push({
        name: 'condition',
        passed: r.matched,
        detail: r.matched
          ? `condition \`${condition.source}\` is true`
          : r.error
            ? `condition \`${condition.source}\` could not be evaluated: ${r.error}`
            : `condition \`${condition.source}\` is false`,
      });
      if (!r.matched) return 'condition_false';
    } else {
      checks?.push({ name: 'condition', passed: true, detail: 'no condition' });
    }
    return null;
  }

  /** Counts the event into the state; a reason when it does not count. */
  function accept(
    s: AggregateState,
    event: RuleEvent,
    value: number | undefined,
    day: number,
  ): 'late' | 'duplicate' | 'no_value' | null {
    if (findEntryAt(s, event.occurredAt, event.id)) return 'duplicate';
    if (field !== null && value === undefined) return 'no_value';
    if (isWindow(config) && s.lastAt !== null && event.occurredAt < s.lastAt - options.latenessMs) {
      s.late++;
      return 'late';
    }
    if (isDays(config) && s.lastDay !== null && day < s.lastDay - latenessDays) {
      s.late++;
      return 'late';
    }
    const t = event.occurredAt;
    s.count++;
    s.sum += value ?? 0;
    s.firstAt = s.firstAt === null ? t : Math.min(s.firstAt, t);
    if (s.lastAt === null || t >= s.lastAt) {
      s.lastAt = t;
      s.lastEventId = event.id;
    }
    if (value !== undefined) s.best = s.best === null ? value : Math.max(s.best, value);
    const refundable = event.type === PURCHASE;
    if (isWindow(config) || refundable) {
      const entry: Entry = { id: event.id, t, d: day, v: value ?? 0 };
      if (refundable) {
        entry.a = event.amount;
        if (event.orderId) entry.o = event.orderId;
      }
      insertEntry(s, entry);
    }
    if (isDays(config)) {
      addDay(s, day);
      s.lastDay = s.lastDay === null ? day : Math.max(s.lastDay, day);
    }
    return null;
  }

  /** Whether the template is satisfied by this event; the grant's anchor when it is. */
  function satisfied(
    s: AggregateState,
    event: RuleEvent,
    value: number | undefined,
    day: number,
    grantCount: number,
  ): { met: boolean; spent?: boolean; anchorT: number; anchorD: number; detail: () => string } {
    const t = event.occurredAt;
    switch (config.code) {
      case 'first_event':
        return grantCount === 0
          ? {
              met: true,
              anchorT: t,
              anchorD: day,
              detail: () => `first counted event (${s.count} so far)`,
            }
          : {
              met: false,
              anchorT: t,
              anchorD: day,
              detail: () => `already granted for an earlier event (${grantCount} active grant)`,
            };
      case 'single_event_threshold': {
        const v = value ?? 0;
        const met = compare(v);
        return {
          met,
          anchorT: t,
          anchorD: day,
          detail: () =>
            `${config.field} = ${v} ${met ? '' : 'not '}${OP_TEXT[config.operator]} ${config.threshold}`,
        };
      }
      case 'count_in_window':
      case 'sum_in_window': {
        if (s.spentAt !== null && t <= s.spentAt)
          return {
            met: false,
            spent: true,
            anchorT: t,
            anchorD: day,
            detail: () =>
              `the event is not after the previous grant’s window end ${iso(s.spentAt ?? t)}`,
          };
        const measure = config.code === 'count_in_window' ? 'count' : 'sum';
        const target = config.code === 'count_in_window' ? config.count : config.threshold;
        const w = findWindow(s, t, config.windowMs, s.spentAt, measure, target);
        const what = config.code === 'count_in_window' ? 'events' : `${config.field} summed`;
        const end = w.end;
        return end !== null
          ? {
              met: true,
              anchorT: end,
              anchorD: day,
              detail: () =>
                `${w.total} ${what} within the window ending ${iso(end)} (target ${target})`,
            }
          : {
              met: false,
              anchorT: t,
              anchorD: day,
              detail: () =>
                `at most ${w.total} ${what} within any ${config.windowMs / 1000}s window containing the event (target ${target})`,
            };
      }
      case 'consecutive_days': {
        if (s.spentDay !== null && day <= s.spentDay)
          return {
            met: false,
            spent: true,
            anchorT: t,
            anchorD: day,
            detail: () =>
              `day ${dayToIsoDate(day)} is not after the previous grant’s streak (${dayToIsoDate(s.spentDay ?? day)})`,
          };
        const run = runContaining(s, day, s.spentDay);
        const length = run ? run.end - run.start + 1 : 0;
        return run && length >= config.days
          ? {
              met: true,
              anchorT: t,
              anchorD: run.start + config.days - 1,
              detail: () =>
                `${length} consecutive days from ${dayToIsoDate(run.start)} (target ${config.days})`,
            }
          : {
              met: false,
              anchorT: t,
              anchorD: day,
              detail: () =>
                `${length} consecutive day(s) through ${dayToIsoDate(day)} (${s.tz}; target ${config.days})`,
            };
      }
      case 'distinct_days_in_period': {
        if (s.spentDay !== null && day <= s.spentDay)
          return {
            met: false,
            spent: true,
            anchorT: t,
            anchorD: day,
            detail: () =>
              `day ${dayToIsoDate(day)} is not after the previous grant’s period (${dayToIsoDate(s.spentDay ?? day)})`,
          };
        const P = config.periodDays;
        let best = 0;
        for (const [end, c] of s.days) {
          if (end < day || c <= 0) continue;
          if (end > day + P - 1) break;
          const n = distinctIn(s, end - P + 1, end, s.spentDay);
          best = Math.max(best, n);
          if (n >= config.days)
            return {
              met: true,
              anchorT: t,
              anchorD: end,
              detail: () =>
                `${n} distinct days within the ${P} days ending ${dayToIsoDate(end)} (target ${config.days})`,
            };
        }
        return {
          met: false,
          anchorT: t,
          anchorD: day,
          detail: () =>
            `at most ${best} distinct day(s) within any ${P}-day period containing ${dayToIsoDate(day)} (${s.tz}; target ${config.days})`,
        };
      }
    }
  }

  function apply(
    current: AggregateState | null,
    event: RuleEvent,
    grantCount: number,
    checks?: Check[],
  ): { state: AggregateState; evaluation: Evaluation } {
    const tz = zoneFor(event, current);
    const s = current ?? emptyState(tz);
    const value = field === null ? undefined : fieldValue(event, field);
    const day = localDay(event.occurredAt, tz);
    const done = (result: EvaluationResult, grant: Evaluation['grant'] = null) => {
      prune(s, retention);
      return { state: s, evaluation: { result, grant, checks: checks ?? NO_CHECKS } };
    };

    const rejected = accept(s, event, value, day);
    if (rejected === null) s.tz = tz;
    checks?.push({
      name: 'aggregate',
      passed: rejected === null,
      detail:
        rejected === 'late'
          ? `the event (${iso(event.occurredAt)}) is more than the allowed lateness older than the user’s latest event (${iso(s.lastAt ?? 0)}): not counted`
          : rejected === 'duplicate'
            ? 'the event was already counted'
            : rejected === 'no_value'
              ? `the event has no numeric ${field}`
              : `counted: ${s.count} event(s), sum ${s.sum}, day ${dayToIsoDate(day)} in ${tz}`,
    });
    if (rejected) return done(rejected);

    const verdict = satisfied(s, event, value, day, grantCount);
    checks?.push({ name: 'template', passed: verdict.met, detail: verdict.detail() });
    if (!verdict.met) return done(verdict.spent ? 'spent' : 'not_met');

    const limit = def.perUserGrantLimit;
    const withinLimit = limit === null || grantCount < limit;
    checks?.push({
      name: 'grant_limit',
      passed: withinLimit,
      detail:
        limit === null
          ? `no per-user limit (${grantCount} active grant(s))`
          : `${grantCount} of ${limit} grant(s) used`,
    });
    if (!withinLimit) return done('limit_reached');

    s.seq += 1;
    const record: GrantRecord = {
      n: s.seq,
      e: event.id,
      t: verdict.anchorT,
      d: verdict.anchorD,
      f: isWindow(config) ? s.spentAt : isDays(config) ? s.spentDay : null,
      q: def.grantQuantity,
    };
    s.grants.push(record);
    if (isWindow(config)) s.spentAt = verdict.anchorT;
    if (isDays(config)) s.spentDay = verdict.anchorD;
    return done('granted', { n: record.n, quantity: def.grantQuantity });
  }

  function holds(s: AggregateState, g: GrantRecord, entry: Entry): boolean {
    switch (config.code) {
      case 'first_event':
        return s.count >= 1;
      case 'single_event_threshold':
        if (g.e !== entry.id) return true;
        if (entry.x) return false;
        return config.field === 'amount' ? compare(entry.v) : true;
      case 'count_in_window':
      case 'sum_in_window': {
        const start = g.t - config.windowMs;
        const low = g.f === null ? start : Math.max(start, g.f);
        if (entry.t <= low || entry.t > g.t) return true;
        if (s.lastAt !== null && start < s.lastAt - options.latenessMs - config.windowMs)
          return true; // the window is partly pruned: keep the grant
        return config.code === 'count_in_window'
          ? countIn(s, start, g.t, g.f) >= config.count
          : sumIn(s, start, g.t, g.f) >= config.threshold;
      }
      case 'consecutive_days': {
        const first = g.d - config.days + 1;
        if (entry.d < first || entry.d > g.d) return true;
        if (s.lastDay !== null && first < s.lastDay - (retention.keepDays ?? 0)) return true;
        for (let d = first; d <= g.d; d++) if (!isActiveDay(s, d)) return false;
        return true;
      }
      case 'distinct_days_in_period': {
        const first = g.d - config.periodDays + 1;
        if (entry.d < first || entry.d > g.d || (g.f !== null && entry.d <= g.f)) return true;
        if (s.lastDay !== null && first < s.lastDay - (retention.keepDays ?? 0)) return true;
        return distinctIn(s, first, g.d, g.f) >= config.days;
      }
    }
  }

  function reverseRefund(s: AggregateState, refund: RuleEvent): RefundReversal {
    const entry = refund.refundOf
      ? findEntry(s, refund.refundOf)
      : findEntryByOrder(s, refund.orderId);
    if (!entry || entry.a === undefined)
      return {
        matched: false,
        revocations: [],
        detail: 'the refunded purchase did not count for this rule (or is past the refund horizon)',
      };
    if (entry.x)
      return { matched: true, revocations: [], detail: 'the purchase was already fully refunded' };
    entry.ra = (entry.ra ?? 0) + refund.amount;
    const full = entry.ra >= entry.a;
    const oldValue = entry.v;
    const newValue = full ? 0 : field === 'amount' ? Math.max(0, entry.a - entry.ra) : oldValue;
    if (field === 'amount') entry.v = newValue;
    s.sum -= oldValue - newValue;
    if (full) {
      entry.x = 1;
      s.count = Math.max(0, s.count - 1);
      if (isDays(config)) removeDay(s, entry.d);
    }
    const revocations: Revocation[] = [];
    if (revokeOnRefund) {
      const active = s.grants.filter((g) => !g.r);
      const candidates = config.code === 'first_event' ? active.slice(-1) : active;
      for (const g of candidates) {
        if (holds(s, g, entry)) continue;
        g.r = 1;
        revocations.push({ n: g.n, quantity: g.q, grantEventId: g.e });
      }
    }
    prune(s, retention);
    return {
      matched: true,
      revocations,
      detail: `refund of ${refund.amount} reversed ${full ? 'the whole purchase' : 'part of the purchase'} (${entry.id})${revocations.length ? `; grant(s) ${revocations.map((r) => r.n).join(', ')} no longer hold` : ''}`,
    };
  }

  function progress(s: AggregateState | null, now: number, grantCount: number): Progress {
    switch (config.code) {
      case 'first_event':
        return { current: (s?.count ?? 0) > 0 || grantCount > 0 ? 1 : 0, target: 1 };
      case 'single_event_threshold':
        if (config.operator === 'gte' || config.operator === 'gt')
          return {
            current:
              grantCount > 0
                ? Math.max(s?.best ?? 0, config.threshold)
                : Math.min(s?.best ?? 0, config.threshold),
            target: config.threshold,
          };
        return { current: grantCount > 0 ? 1 : 0, target: 1 };
      case 'count_in_window':
        return {
          current: s ? countIn(s, now - config.windowMs, now, s.spentAt) : 0,
          target: config.count,
        };
      case 'sum_in_window':
        return {
          current: s ? sumIn(s, now - config.windowMs, now, s.spentAt) : 0,
          target: config.threshold,
        };
      case 'consecutive_days': {
        if (!s) return { current: 0, target: config.days };
        const today = localDay(now, def.timezone ?? s.tz);
        const run = runContaining(s, today, s.spentDay) ?? runContaining(s, today - 1, s.spentDay);
        return {
          current: run ? Math.min(run.end, today) - run.start + 1 : 0,
          target: config.days,
        };
      }
      case 'distinct_days_in_period': {
        if (!s) return { current: 0, target: config.days };
        const today = localDay(now, def.timezone ?? s.tz);
        return {
          current: distinctIn(s, today - config.periodDays + 1, today, s.spentDay),
          target: config.days,
        };
      }
    }
  }

  return {
    def,
    config,
    revokeOnRefund,
    condition,
    reversesRefunds: types.has(PURCHASE),
    listensTo: (type) => types.has(type),
    precheck,
    apply,
    evaluate(state, event, grantCount, explain = false) {
      const checks: Check[] | undefined = explain ? [] : undefined;
      const listens = types.has(event.type);
      checks?.push({
        name: 'event_type',
        passed: listens,
        detail: listens
          ? `the rule listens to ${event.type}`
          : `the rule listens to ${[...types].join(', ')}, not ${event.type}`,
      });
      if (!listens)
        return { state, evaluation: { result: 'inactive', grant: null, checks: checks ?? [] } };
      const pre = precheck(event, checks);
      if (pre) return { state, evaluation: { result: pre, grant: null, checks: checks ?? [] } };
      return apply(state, event, grantCount, checks);
    },
    reverseRefund,
    progress,
  };
}
