// Property: the incremental aggregates (what the worker keeps per rule and user) equal a
// brute-force recomputation from the full event history, for random sequences with duplicates,
// out-of-order and late events and refunds. The brute force follows the documented semantics:
// dedupe by event id (the inbox), an event more than the allowed lateness older than the latest
// counted one is ignored, windows are keyed by event time, refunds reverse retained purchases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule, type EngineOptions, type RuleDefinition } from './compile.js';
import type { RuleEvent } from './event.js';
import {
  countIn,
  distinctIn,
  isActiveDay,
  runEndingAt,
  sumIn,
  type AggregateState,
} from './state.js';
import { rowToState, stateToRow } from './serialize.js';
import { DAY_MS, localDay } from './time.js';

const H = 3_600_000;
const T0 = Date.parse('2025-03-01T00:00:00Z');
const OPTIONS: EngineOptions = { latenessMs: 2 * DAY_MS, refundHorizonMs: 6 * DAY_MS };

function def(over: Partial<RuleDefinition>): RuleDefinition {
  return {
    ruleId: 'r',
    version: 1,
    badgeId: 'b',
    eventTypes: ['purchase', 'check_in'],
    templateCode: 'count_in_window',
    params: {},
    celCondition: null,
    activeFrom: null,
    activeUntil: null,
    perUserGrantLimit: null,
    grantQuantity: 1,
    timezone: null,
    ...over,
  };
}

function ev(
  id: string,
  type: string,
  at: number,
  amount: number,
  extra: Partial<RuleEvent> = {},
): RuleEvent {
  return {
    id,
    userId: 'u',
    type,
    kind: type === 'check_in' ? ('engagement' as const) : ('transaction' as const),
    occurredAt: at,
    amount,
    currency: 'CNY',
    orderId: '',
    refundOf: '',
    source: '',
    attributes: {},
    items: [],
    timezone: null,
    traceparent: '',
    tracestate: '',
    correlationId: '',
    ...extra,
  };
}

type Op =
  | { kind: 'event'; advance: number; back: number; value: number }
  | { kind: 'dup'; pick: number }
  | { kind: 'refund'; pick: number; amount: number };

const opArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      // time moves forward (hours) and events arrive up to ~3 days out of order (some too late)
      advance: fc.integer({ min: 0, max: 30 }),
      back: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 80 })),
      value: fc.integer({ min: 0, max: 100 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('dup' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      pick: fc.nat(),
      amount: fc.integer({ min: 1, max: 100 }),
    }),
  },
);

/** Feeds the ops to the engine like the worker does (inbox dedupe, refunds reversed). */
function simulate(rule: ReturnType<typeof compileRule>, ops: Op[], type: string) {
  const seen = new Set<string>();
  const produced: RuleEvent[] = [];
  const arrivals: RuleEvent[] = [];
  let state: AggregateState | null = null;
  let grants = 0;
  let n = 0;
  let cursor = T0;
  for (const op of ops) {
    let e: RuleEvent;
    if (op.kind === 'event') {
      cursor += op.advance * H;
      e = ev(`e${++n}`, type, cursor - op.back * H, op.value);
      produced.push(e);
    } else if (op.kind === 'dup') {
      if (produced.length === 0) continue;
      e = produced[op.pick % produced.length]!;
    } else {
      if (type !== 'purchase' || produced.length === 0) continue;
      const of = produced[op.pick % produced.length]!;
      e = ev(`r${++n}`, 'refund', of.occurredAt + H, op.amount, { refundOf: of.id });
    }
    if (seen.has(e.id)) continue; // the inbox
    seen.add(e.id);
    arrivals.push(e);
    if (e.type === 'refund') {
      if (state) grants -= rule.reverseRefund(state, e).revocations.length;
    } else {
      const out = rule.evaluate(state, e, grants);
      state = out.state;
      if (out.evaluation.grant) grants++;
    }
    // round trip through the row on every step, as the worker does between batches
    if (state) state = rowToState(stateToRow('r', 'u', state, rule.config, 1));
  }
  return { state, arrivals, grants };
}

interface Counted {
  e: RuleEvent;
  refunded: number;
  excluded: boolean;
}

/** The brute-force model: accepted events (lateness), refunds, from the arrival sequence. */
function bruteForce(
  arrivals: RuleEvent[],
  mode: 'window' | 'days',
  retainMs: number,
): { counted: Counted[]; lastAt: number | null; lastDay: number | null } {
  const counted: Counted[] = [];
  let lastAt: number | null = null;
  let lastDay: number | null = null;
  const lateDays = Math.ceil(OPTIONS.latenessMs / DAY_MS);
  for (const e of arrivals) {
    if (e.type === 'refund') {
      const c = counted.find((x) => x.e.id === e.refundOf);
      if (!c || lastAt === null || c.e.occurredAt <= lastAt - retainMs || c.excluded) continue;
      c.refunded += e.amount;
      if (c.refunded >= c.e.amount) c.excluded = true;
      continue;
    }
    const day = localDay(e.occurredAt, 'UTC');
    if (mode === 'window' && lastAt !== null && e.occurredAt < lastAt - OPTIONS.latenessMs)
      continue;
    if (mode === 'days' && lastDay !== null && day < lastDay - lateDays) continue;
    counted.push({ e, refunded: 0, excluded: false });
    lastAt = lastAt === null ? e.occurredAt : Math.max(lastAt, e.occurredAt);
    lastDay = lastDay === null ? day : Math.max(lastDay, day);
  }
  return { counted, lastAt, lastDay };
}

describe('incremental aggregates = brute-force recomputation (fast-check)', () => {
  it('count/sum in a rolling window, with duplicates, late events and refunds', () => {
    const windowMs = DAY_MS;
    const rule = compileRule(
      def({
        templateCode: 'sum_in_window',
        params: { field: 'amount', threshold: '150', window: 'P1D' },
      }),
      OPTIONS,
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { state, arrivals } = simulate(rule, ops, 'purchase');
        const model = bruteForce(
          arrivals,
          'window',
          Math.max(OPTIONS.refundHorizonMs, windowMs + OPTIONS.latenessMs),
        );
        if (!state) {
          expect(model.counted).toEqual([]);
          return;
        }
        const live = model.counted.filter((c) => !c.excluded);
        expect(state.count).toBe(live.length);
        expect(state.sum).toBeCloseTo(
          live.reduce((s, c) => s + Math.max(0, c.e.amount - c.refunded), 0),
          6,
        );
        expect(state.lastAt).toBe(model.lastAt);
        // every window a still-accepted event can fall into is exact
        for (let q = model.lastAt! - OPTIONS.latenessMs; q <= model.lastAt! + windowMs; q += H) {
          const inWindow = live.filter((c) => c.e.occurredAt > q - windowMs && c.e.occurredAt <= q);
          expect(countIn(state, q - windowMs, q, null)).toBe(inWindow.length);
          expect(sumIn(state, q - windowMs, q, null)).toBeCloseTo(
            inWindow.reduce((s, c) => s + Math.max(0, c.e.amount - c.refunded), 0),
            6,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('consecutive days and distinct days, with duplicates and out-of-order/late events', () => {
    const periodDays = 4;
    const streak = compileRule(
      def({ templateCode: 'consecutive_days', params: { days: 3 } }),
      OPTIONS,
    );
    const distinct = compileRule(
      def({
        templateCode: 'distinct_days_in_period',
        params: { days: 3, period: `P${periodDays}D` },
      }),
      OPTIONS,
    );
    const lateDays = Math.ceil(OPTIONS.latenessMs / DAY_MS);
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        for (const rule of [streak, distinct]) {
          const { state, arrivals } = simulate(rule, ops, 'check_in');
          const model = bruteForce(arrivals, 'days', 0);
          if (!state) {
            expect(model.counted).toEqual([]);
            return;
          }
          const days = new Set(model.counted.map((c) => localDay(c.e.occurredAt, 'UTC')));
          const runEnding = (d: number) => {
            let n = 0;
            while (days.has(d - n)) n++;
            return n;
          };
          expect(state.count).toBe(model.counted.length);
          expect(state.lastDay).toBe(model.lastDay);
          const last = model.lastDay!;
          for (let d = last - lateDays - 1; d <= last + 1; d++) {
            if (rule === streak) {
              expect(runEndingAt(state, d)).toBe(runEnding(d));
              expect(isActiveDay(state, d)).toBe(days.has(d));
            } else {
              for (let end = d; end < d + periodDays; end++) {
                const brute = [...days].filter((x) => x > end - periodDays && x <= end).length;
                expect(distinctIn(state, end - periodDays + 1, end, null)).toBe(brute);
              }
            }
          }
          if (rule === streak) {
            const longest = Math.max(0, ...[...days].map((d) => runEnding(d)));
            expect(state.longest).toBe(longest);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never grants more than the per-user limit, at most once per event', () => {
    const rule = compileRule(
      def({
        templateCode: 'count_in_window',
        params: { count: 2, window: 'PT6H' },
        perUserGrantLimit: 3,
      }),
      OPTIONS,
    );
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        const { state, grants } = simulate(rule, ops, 'check_in');
        expect(grants).toBeLessThanOrEqual(3);
        expect(state?.seq ?? 0).toBe(grants);
        const triggers = state?.grants.map((g) => g.e) ?? [];
        expect(new Set(triggers).size).toBe(triggers.length);
      }),
      { numRuns: 200 },
    );
  });
});
