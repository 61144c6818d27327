// Micro-benchmark of rule evaluation (one core): compiled rules (CEL parsed and type-checked
// once, params parsed once, incremental aggregates) against a naive interpreted baseline measured
// in the same run (CEL parsed per evaluation, params parsed per evaluation, aggregates recomputed
// from the user's whole history). One evaluation = one event against one rule that listens to it.
//
//   pnpm --filter @badge/subgraph-rule bench:rules        (BENCH_SECONDS, default 3 per variant)
//
// Prints one JSON line on stdout.
import { cpus } from 'node:os';
import { evaluate as celEvaluate } from '@marcbachmann/cel-js';
import { compileRule, type CompiledRule, type RuleDefinition } from '../src/engine/compile.js';
import { celActivation, fieldValue, type RuleEvent } from '../src/engine/event.js';
import { templateConfig } from '../src/engine/params.js';
import { localDay } from '../src/engine/time.js';
import type { AggregateState } from '../src/engine/state.js';
import { benchSeconds } from './environment.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T00:00:00Z');

const RULES: Omit<
  RuleDefinition,
  'ruleId' | 'version' | 'badgeId' | 'activeFrom' | 'activeUntil' | 'grantQuantity'
>[] = [
  {
    eventTypes: ['check_in'],
    templateCode: 'first_event',
    params: {},
    celCondition: null,
    perUserGrantLimit: 1,
    timezone: null,
  },
  {
    eventTypes: ['check_in'],
    templateCode: 'count_in_window',
    params: { count: 5, window: 'P7D' },
    celCondition: 'attributes.store_id.startsWith("SH")',
    perUserGrantLimit: null,
    timezone: null,
  },
  {
    eventTypes: ['check_in'],
    templateCode: 'consecutive_days',
    params: { days: 7 },
    celCondition: null,
    perUserGrantLimit: null,
    timezone: 'Asia/Shanghai',
  },
  {
    eventTypes: ['purchase'],
    templateCode: 'single_event_threshold',
    params: { field: 'amount', operator: 'gte', threshold: '20000' },
    celCondition: 'event.currency == "CNY" && attributes.channel in ["app", "pos"]',
    perUserGrantLimit: null,
    timezone: null,
  },
  {
    eventTypes: ['purchase'],
    templateCode: 'sum_in_window',
    params: { field: 'amount', threshold: '100000', window: 'P30D' },
    celCondition: null,
    perUserGrantLimit: null,
    timezone: null,
  },
  {
    eventTypes: ['view'],
    templateCode: 'distinct_days_in_period',
    params: { days: 3, period: 'P7D' },
    celCondition: null,
    perUserGrantLimit: null,
    timezone: null,
  },
];

const definitions: RuleDefinition[] = RULES.map((r, i) => ({
  ...r,
  ruleId: `00000000-0000-4000-8000-00000000000${i}`,
  version: 1,
  badgeId: `00000000-0000-4000-8000-0000000000b${i}`,
  activeFrom: null,
  activeUntil: null,
  grantQuantity: 1,
}));

// A deterministic event stream: 2 000 users, ~12 events per user per simulated week.
function makeEvents(count: number): RuleEvent[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const types = ['check_in', 'check_in', 'purchase', 'view'];
  return Array.from({ length: count }, (_, i) => {
    const type = types[Math.floor(rnd() * types.length)]!;
    const isPurchase = type === 'purchase';
    return {
      id: `e${i}`,
      userId: `u${Math.floor(rnd() * 2000)}`,
      type,
      kind: isPurchase ? 'transaction' : 'engagement',
      occurredAt: T0 + Math.floor((i / count) * 60 * DAY),
      amount: isPurchase ? Math.floor(rnd() * 40_000) : 0,
      currency: isPurchase ? 'CNY' : '',
      orderId: isPurchase ? `o${i}` : '',
      refundOf: '',
      source: 'bench',
      attributes: {
        store_id: rnd() < 0.7 ? 'SH-001' : 'BJ-002',
        channel: rnd() < 0.5 ? 'app' : 'web',
      },
      items: [],
      timezone: null,
      traceparent: '',
      tracestate: '',
      correlationId: '',
    } satisfies RuleEvent;
  });
}

interface Variant {
  name: string;
  /** evaluates one event against every rule listening to it; returns evaluations done */
  run(event: RuleEvent): number;
}

function compiledVariant(): Variant {
  const rules = definitions.map((d) => compileRule(d));
  const byType = new Map<string, CompiledRule[]>();
  for (const r of rules)
    for (const t of r.def.eventTypes) byType.set(t, [...(byType.get(t) ?? []), r]);
  // per rule: user → { state, active grants } (what the worker holds per (rule, user))
  const pairs = new Map(
    rules.map((r) => [r, new Map<string, { state: AggregateState | null; grants: number }>()]),
  );
  return {
    name: 'compiled',
    run(event) {
      const list = byType.get(event.type) ?? [];
      for (const rule of list) {
        if (rule.precheck(event)) continue;
        const users = pairs.get(rule)!;
        let pair = users.get(event.userId);
        if (!pair) {
          pair = { state: null, grants: 0 };
          users.set(event.userId, pair);
        }
        const { state, evaluation } = rule.apply(pair.state, event, pair.grants);
        pair.state = state;
        if (evaluation.grant) pair.grants += 1;
      }
      return list.length;
    },
  };
}

/**
 * What a straightforward implementation does: interpret the CEL text and the params on every
 * evaluation, keep every event, and recompute the template from the history.
 */
function naiveVariant(): Variant {
  const history = new Map<string, RuleEvent[]>();
  const granted = new Map<string, number>();
  return {
    name: 'interpreted',
    run(event) {
      let n = 0;
      for (const def of definitions) {
        if (!def.eventTypes.includes(event.type)) continue;
        n++;
        if (def.celCondition) {
          let ok: boolean;
          try {
            ok = celEvaluate(def.celCondition, celActivation(event)) === true;
          } catch {
            ok = false;
          }
          if (!ok) continue;
        }
        const config = templateConfig(def.templateCode, def.params);
        const key = `${def.ruleId}|${event.userId}`;
        const events = history.get(key) ?? [];
        events.push(event);
        history.set(key, events);
        const g = granted.get(key) ?? 0;
        let met = false;
        const t = event.occurredAt;
        switch (config.code) {
          case 'first_event':
            met = g === 0;
            break;
          case 'single_event_threshold':
            met = (fieldValue(event, config.field) ?? 0) >= config.threshold;
            break;
          case 'count_in_window':
            met =
              events.filter((e) => e.occurredAt > t - config.windowMs && e.occurredAt <= t)
                .length >= config.count;
            break;
          case 'sum_in_window':
            met =
              events
                .filter((e) => e.occurredAt > t - config.windowMs && e.occurredAt <= t)
                .reduce((s, e) => s + (fieldValue(e, config.field) ?? 0), 0) >= config.threshold;
            break;
          case 'consecutive_days': {
            const days = new Set(events.map((e) => localDay(e.occurredAt, def.timezone ?? 'UTC')));
            let run = 0;
            for (let d = localDay(t, def.timezone ?? 'UTC'); days.has(d); d--) run++;
            met = run >= config.days;
            break;
          }
          case 'distinct_days_in_period': {
            const today = localDay(t, 'UTC');
            const days = new Set(
              events
                .map((e) => localDay(e.occurredAt, 'UTC'))
                .filter((d) => d > today - config.periodDays),
            );
            met = days.size >= config.days;
            break;
          }
        }
        if (met && (def.perUserGrantLimit === null || g < def.perUserGrantLimit))
          granted.set(key, g + 1);
      }
      return n;
    },
  };
}

function measure(variant: Variant, events: RuleEvent[], seconds: number) {
  // warm-up: one pass over the first 20 000 events
  for (let i = 0; i < Math.min(20_000, events.length); i++) variant.run(events[i]!);
  let evaluations = 0;
  let processed = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let i = 20_000;
  for (;;) {
    for (let k = 0; k < 1000; k++) {
      evaluations += variant.run(events[i % events.length]!);
      i++;
      processed++;
    }
    if (process.hrtime.bigint() - start >= budget) break;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  return { evaluations, events: processed, elapsed, perSec: evaluations / elapsed };
}

const seconds = benchSeconds();
const events = makeEvents(400_000);
const compiled = measure(compiledVariant(), events, seconds);
const naive = measure(naiveVariant(), events, seconds);
const result = {
  bench: 'rules',
  evaluations_per_sec: Math.round(compiled.perSec),
  baseline_evaluations_per_sec: Math.round(naive.perSec),
  speedup: Math.round((compiled.perSec / naive.perSec) * 10) / 10,
  target_per_sec: 100_000,
  rules: definitions.length,
  rules_with_cel: definitions.filter((d) => d.celCondition).length,
  users: 2000,
  evaluations: compiled.evaluations,
  seconds: Math.round(compiled.elapsed * 100) / 100,
  cores_used: 1,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
