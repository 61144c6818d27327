import { describe, expect, it } from 'vitest';
import { compileRule, type CompiledRule, type RuleDefinition } from './compile.js';
import type { RuleEvent } from './event.js';
import type { AggregateState } from './state.js';

const T0 = Date.parse('2025-03-01T00:00:00Z');
const H = 3_600_000;
const D = 24 * H;

let seq = 0;
function event(over: Partial<RuleEvent> & { at: number }): RuleEvent {
  const { at, ...rest } = over;
  seq += 1;
  return {
    id: `e${seq}`,
    userId: 'u1',
    type: 'check_in',
    kind: 'engagement',
    occurredAt: at,
    amount: 0,
    currency: '',
    orderId: '',
    refundOf: '',
    source: 'app',
    attributes: {},
    items: [],
    timezone: null,
    traceparent: '',
    tracestate: '',
    correlationId: '',
    ...rest,
  };
}
const purchase = (at: number, amount: number, over: Partial<RuleEvent> = {}) =>
  event({ at, type: 'purchase', kind: 'transaction', amount, currency: 'CNY', ...over });
const refund = (at: number, amount: number, of: string) =>
  event({ at, type: 'refund', kind: 'transaction', amount, currency: 'CNY', refundOf: of });

function rule(over: Partial<RuleDefinition>): CompiledRule {
  return compileRule({
    ruleId: 'r1',
    version: 1,
    badgeId: 'b1',
    eventTypes: ['check_in'],
    templateCode: 'first_event',
    params: {},
    celCondition: null,
    activeFrom: null,
    activeUntil: null,
    perUserGrantLimit: null,
    grantQuantity: 1,
    timezone: null,
    ...over,
  });
}

/** Feeds events through a rule like the worker does; returns the results and the state. */
function run(r: CompiledRule, events: RuleEvent[]) {
  let state: AggregateState | null = null;
  let grants = 0;
  const results: string[] = [];
  for (const e of events) {
    const out = r.evaluate(state, e, grants);
    state = out.state;
    results.push(out.evaluation.result);
    if (out.evaluation.grant) grants += 1;
    if (e.type === 'refund' && state) grants -= r.reverseRefund(state, e).revocations.length;
  }
  return { results, state, grants };
}

describe('first_event', () => {
  it('grants once on the first event, then never again', () => {
    const r = rule({});
    expect(run(r, [event({ at: T0 }), event({ at: T0 + H })]).results).toEqual([
      'granted',
      'not_met',
    ]);
  });

  it('respects the active window and the CEL condition', () => {
    const r = rule({
      activeFrom: new Date(T0),
      activeUntil: new Date(T0 + D),
      celCondition: 'attributes.store_id == "SH-001"',
    });
    const { results } = run(r, [
      event({ at: T0 - 1, attributes: { store_id: 'SH-001' } }),
      event({ at: T0 + 1, attributes: { store_id: 'BJ-002' } }),
      event({ at: T0 + 2 }), // no such attribute: false, not an error
      event({ at: T0 + D, attributes: { store_id: 'SH-001' } }), // until is exclusive
      event({ at: T0 + 3, attributes: { store_id: 'SH-001' } }),
    ]);
    expect(results).toEqual([
      'inactive',
      'condition_false',
      'condition_false',
      'inactive',
      'granted',
    ]);
  });

  it('revokes the first purchase badge when the only purchase is refunded (configured)', () => {
    const r = rule({ eventTypes: ['purchase'], params: { revoke_on_refund: true } });
    const p = purchase(T0, 1000);
    const out = run(r, [p, refund(T0 + D, 1000, p.id)]);
    expect(out.results[0]).toBe('granted');
    expect(out.grants).toBe(0);
    expect(out.state?.count).toBe(0);
  });
});

describe('single_event_threshold', () => {
  const r = rule({
    eventTypes: ['purchase'],
    templateCode: 'single_event_threshold',
    params: { field: 'amount', operator: 'gte', threshold: '10000', revoke_on_refund: true },
  });

  it('grants for each event at or above the threshold', () => {
    expect(
      run(r, [purchase(T0, 9999), purchase(T0 + 1, 10000), purchase(T0 + 2, 20000)]).results,
    ).toEqual(['not_met', 'granted', 'granted']);
  });

  it('a partial refund below the threshold revokes that grant only', () => {
    const a = purchase(T0, 12000);
    const b = purchase(T0 + 1, 15000);
    const state = run(r, [a, b]);
    expect(state.grants).toBe(2);
    const s = state.state!;
    const rev = r.reverseRefund(s, refund(T0 + 2, 3000, a.id));
    expect(rev.revocations.map((x) => x.n)).toEqual([1]);
    expect(s.sum).toBe(24000);
    // the same refund again reverses more, but grant 1 is already revoked
    expect(r.reverseRefund(s, refund(T0 + 3, 1000, a.id)).revocations).toEqual([]);
  });

  it('reads numeric attributes as the field', () => {
    const rating = rule({
      templateCode: 'single_event_threshold',
      params: { field: 'rating', operator: 'gt', threshold: '4' },
    });
    expect(
      run(rating, [
        event({ at: T0, attributes: { rating: 4 } }),
        event({ at: T0 + 1 }),
        event({ at: T0 + 2, attributes: { rating: 4.5 } }),
      ]).results,
    ).toEqual(['not_met', 'no_value', 'granted']);
  });
});

describe('count_in_window', () => {
  const r = rule({ templateCode: 'count_in_window', params: { count: 3, window: 'P1D' } });

  it('counts events in (t − window, t]: an event exactly one window older is out', () => {
    expect(
      run(r, [event({ at: T0 }), event({ at: T0 + H }), event({ at: T0 + D })]).results,
    ).toEqual(['not_met', 'not_met', 'not_met']);
    expect(
      run(r, [event({ at: T0 }), event({ at: T0 + H }), event({ at: T0 + D - 1 })]).results,
    ).toEqual(['not_met', 'not_met', 'granted']);
  });

  it('needs three new events after a grant', () => {
    const evs = [0, 1, 2, 3, 4, 5].map((i) => event({ at: T0 + i * H }));
    expect(run(r, evs).results).toEqual([
      'not_met',
      'not_met',
      'granted',
      'not_met',
      'not_met',
      'granted',
    ]);
  });

  it('a late event completes the window it belongs to', () => {
    const { results } = run(r, [
      event({ at: T0 }),
      event({ at: T0 + 10 * H }),
      event({ at: T0 + 5 * H }),
    ]);
    expect(results).toEqual(['not_met', 'not_met', 'granted']);
  });

  it('an event older than the allowed lateness is not counted', () => {
    const { results, state } = run(r, [
      event({ at: T0 + 30 * D }),
      event({ at: T0 + 30 * D + 1 }),
      event({ at: T0 + 20 * D }),
    ]);
    expect(results).toEqual(['not_met', 'not_met', 'late']);
    expect(state?.late).toBe(1);
    expect(state?.count).toBe(2);
  });

  it('respects the per-user grant limit', () => {
    const limited = rule({
      templateCode: 'count_in_window',
      params: { count: 1, window: 'PT1H' },
      perUserGrantLimit: 2,
    });
    expect(
      run(
        limited,
        [0, 1, 2].map((i) => event({ at: T0 + i * H })),
      ).results,
    ).toEqual(['granted', 'granted', 'limit_reached']);
  });
});

describe('sum_in_window', () => {
  const r = rule({
    eventTypes: ['purchase'],
    templateCode: 'sum_in_window',
    params: { field: 'amount', threshold: '30000', window: 'P7D', revoke_on_refund: true },
  });

  it('grants when the sum within the window reaches the threshold', () => {
    const { results } = run(r, [
      purchase(T0, 10000),
      purchase(T0 + 2 * D, 10000),
      purchase(T0 + 8 * D, 10000), // the first one left the window
      purchase(T0 + 8 * D + 1, 10000),
    ]);
    expect(results).toEqual(['not_met', 'not_met', 'not_met', 'granted']);
  });

  it('a refund that drops the granting window below the threshold revokes', () => {
    const a = purchase(T0, 20000);
    const b = purchase(T0 + D, 10000);
    const out = run(r, [a, b]);
    expect(out.results).toEqual(['not_met', 'granted']);
    const rev = r.reverseRefund(out.state!, refund(T0 + 2 * D, 5000, a.id));
    expect(rev.revocations).toEqual([{ n: 1, quantity: 1, grantEventId: b.id }]);
  });

  it('finds the purchase by order id when the refund does not name it', () => {
    const a = purchase(T0, 30000, { orderId: 'ORD-1' });
    const out = run(r, [a]);
    expect(out.grants).toBe(1);
    const ref = event({
      at: T0 + D,
      type: 'refund',
      kind: 'transaction',
      amount: 30000,
      orderId: 'ORD-1',
    });
    expect(r.reverseRefund(out.state!, ref).revocations).toHaveLength(1);
    expect(out.state?.sum).toBe(0);
  });
});

describe('consecutive_days', () => {
  const r = rule({ templateCode: 'consecutive_days', params: { days: 3 } });

  it('grants on the third consecutive local day; a missed day breaks the streak', () => {
    expect(
      run(r, [event({ at: T0 }), event({ at: T0 + D }), event({ at: T0 + 2 * D })]).results,
    ).toEqual(['not_met', 'not_met', 'granted']);
    expect(
      run(r, [event({ at: T0 }), event({ at: T0 + D }), event({ at: T0 + 3 * D })]).results,
    ).toEqual(['not_met', 'not_met', 'not_met']);
  });

  it('counts days in the user’s time zone', () => {
    // 2025-03-01T23:30 in Shanghai is 15:30 UTC; 2025-03-02T00:30 Shanghai is 16:30 UTC the same UTC day.
    const sh = { timezone: 'Asia/Shanghai' };
    const shanghai = [
      event({ at: Date.parse('2025-02-28T15:30:00Z'), ...sh }), // 2025-02-28 23:30 local
      event({ at: Date.parse('2025-02-28T16:30:00Z'), ...sh }), // 2025-03-01 00:30 local
      event({ at: Date.parse('2025-03-01T16:10:00Z'), ...sh }), // 2025-03-02 00:10 local
    ];
    expect(run(r, shanghai).results).toEqual(['not_met', 'not_met', 'granted']);
    // the same instants in UTC are only two days (02-28, 02-28, 03-01)
    const utc = shanghai.map((e) => ({ ...e, id: `${e.id}u`, timezone: null }));
    expect(run(r, utc).results).toEqual(['not_met', 'not_met', 'not_met']);
  });

  it('the rule’s time zone wins over the event’s', () => {
    const ny = rule({
      templateCode: 'consecutive_days',
      params: { days: 2 },
      timezone: 'America/New_York',
    });
    // 2025-03-02T03:00Z is 03-01 22:00 in New York; 2025-03-02T20:00Z is 03-02 15:00
    const { results } = run(ny, [
      event({ at: Date.parse('2025-03-02T03:00:00Z'), timezone: 'Asia/Tokyo' }),
      event({ at: Date.parse('2025-03-02T20:00:00Z'), timezone: 'Asia/Tokyo' }),
    ]);
    expect(results).toEqual(['not_met', 'granted']);
  });

  it('a late event fills the gap of a streak', () => {
    expect(
      run(r, [event({ at: T0 }), event({ at: T0 + 2 * D }), event({ at: T0 + D })]).results,
    ).toEqual(['not_met', 'not_met', 'granted']);
  });

  it('keeps long streaks exact across pruning (carry)', () => {
    const long = rule({ templateCode: 'consecutive_days', params: { days: 40 } });
    const evs = Array.from({ length: 40 }, (_, i) => event({ at: T0 + i * D }));
    const out = run(long, evs);
    expect(out.results.at(-1)).toBe('granted');
    expect(out.results.filter((x) => x === 'granted')).toHaveLength(1);
    expect(out.state!.days.length).toBeLessThan(12);
    expect(out.state!.longest).toBe(40);
  });
});

describe('distinct_days_in_period', () => {
  const r = rule({ templateCode: 'distinct_days_in_period', params: { days: 3, period: 'P7D' } });

  it('grants after 3 distinct days within 7 days, not necessarily consecutive', () => {
    expect(
      run(r, [
        event({ at: T0 }),
        event({ at: T0 + H }), // same day
        event({ at: T0 + 3 * D }),
        event({ at: T0 + 6 * D }),
      ]).results,
    ).toEqual(['not_met', 'not_met', 'not_met', 'granted']);
  });

  it('days further apart than the period do not count together', () => {
    expect(
      run(r, [event({ at: T0 }), event({ at: T0 + 3 * D }), event({ at: T0 + 7 * D })]).results,
    ).toEqual(['not_met', 'not_met', 'not_met']);
  });
});

describe('progress and explanations', () => {
  it('explains why an event would not grant', () => {
    const r = rule({ templateCode: 'count_in_window', params: { count: 3, window: 'P1D' } });
    const { evaluation } = r.evaluate(null, event({ at: T0 }), 0, true);
    expect(evaluation.result).toBe('not_met');
    expect(evaluation.checks.map((c) => [c.name, c.passed])).toEqual([
      ['event_type', true],
      ['active_window', true],
      ['condition', true],
      ['aggregate', true],
      ['template', false],
    ]);
    expect(evaluation.checks.at(-1)?.detail).toContain('target 3');
  });

  it('reports progress relative to now', () => {
    const r = rule({ templateCode: 'count_in_window', params: { count: 5, window: 'P1D' } });
    const { state } = run(r, [event({ at: T0 }), event({ at: T0 + H })]);
    expect(r.progress(state, T0 + 2 * H, 0)).toEqual({ current: 2, target: 5 });
    expect(r.progress(state, T0 + D + H / 2, 0)).toEqual({ current: 1, target: 5 });
  });
});
