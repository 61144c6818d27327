// Evaluation of a batch of events against the rule index (pure; the consumer does the I/O):
// 1. plan: which published rules each event passes (event type, active window, CEL), and which
//    (rule, user) aggregates must be loaded;
// 2. run: events in partition order update those aggregates and produce grant and revoke effects.
import type { CompiledRule, EvaluationResult } from './compile.js';
import { REFUND, type RuleEvent } from './event.js';
import type { RuleIndex } from './rule-index.js';
import type { AggregateState } from './state.js';

export const pairKey = (ruleId: string, userId: string): string => `${ruleId}\u0000${userId}`;

/** What the worker holds in memory for one (rule, user) during a batch. */
export interface PairState {
  ruleId: string;
  userId: string;
  /** null until the user's first counted event for the rule */
  state: AggregateState | null;
  /** version of the stored row (optimistic lock); null when there is no row yet */
  storedVersion: number | null;
  /** active grants of this rule to this user (rule_user_grant_count) */
  grantCount: number;
  lastGrantedAt: number | null;
  dirty: boolean;
  grantCountDirty: boolean;
}

export interface PlannedEvent {
  event: RuleEvent;
  /** rules the event counts for (passed the stateless precheck) */
  rules: CompiledRule[];
  /** rules whose aggregates this refund may reverse */
  refundRules: CompiledRule[];
}

export interface Plan {
  events: PlannedEvent[];
  /** (rule, user) pairs to load */
  pairs: { ruleId: string; userId: string }[];
}

export type EvaluationListener = (
  rule: CompiledRule,
  result: EvaluationResult | 'refund_reversed',
) => void;

export function planBatch(
  index: RuleIndex,
  events: readonly RuleEvent[],
  onEvaluation?: EvaluationListener,
): Plan {
  const planned: PlannedEvent[] = [];
  const pairs = new Map<string, { ruleId: string; userId: string }>();
  const want = (ruleId: string, userId: string) => {
    const key = pairKey(ruleId, userId);
    if (!pairs.has(key)) pairs.set(key, { ruleId, userId });
  };
  for (const event of events) {
    const rules: CompiledRule[] = [];
    for (const rule of index.forEventType(event.type)) {
      const rejected = rule.precheck(event);
      if (rejected) {
        onEvaluation?.(rule, rejected);
        continue;
      }
      rules.push(rule);
      want(rule.def.ruleId, event.userId);
    }
    const refundRules = event.type === REFUND ? [...index.refundTargets()] : [];
    for (const rule of refundRules) want(rule.def.ruleId, event.userId);
    planned.push({ event, rules, refundRules });
  }
  return { events: planned, pairs: [...pairs.values()] };
}

export interface GrantEffect {
  kind: 'grant';
  rule: CompiledRule;
  userId: string;
  /** n-th grant of the rule to the user */
  n: number;
  quantity: number;
  event: RuleEvent;
}

export interface RevokeEffect {
  kind: 'revoke';
  rule: CompiledRule;
  userId: string;
  /** the grant being undone */
  n: number;
  quantity: number;
  /** the refund */
  event: RuleEvent;
  grantEventId: string;
}

export type Effect = GrantEffect | RevokeEffect;

/**
 * Runs the planned events in order over the loaded pair states (mutated in place: `dirty` marks
 * what to write back) and returns the effects to emit, in order.
 */
export function runBatch(
  plan: Plan,
  states: Map<string, PairState>,
  onEvaluation?: EvaluationListener,
): Effect[] {
  const effects: Effect[] = [];
  for (const { event, rules, refundRules } of plan.events) {
    for (const rule of rules) {
      const pair = states.get(pairKey(rule.def.ruleId, event.userId));
      if (!pair) throw new Error(`aggregate of rule ${rule.def.ruleId} was not loaded`);
      const { state, evaluation } = rule.apply(pair.state, event, pair.grantCount);
      pair.state = state;
      pair.dirty = true;
      onEvaluation?.(rule, evaluation.result);
      if (evaluation.grant) {
        pair.grantCount += 1;
        pair.lastGrantedAt = event.occurredAt;
        pair.grantCountDirty = true;
        effects.push({
          kind: 'grant',
          rule,
          userId: event.userId,
          n: evaluation.grant.n,
          quantity: evaluation.grant.quantity,
          event,
        });
      }
    }
    for (const rule of refundRules) {
      const pair = states.get(pairKey(rule.def.ruleId, event.userId));
      if (!pair?.state) continue;
      const reversal = rule.reverseRefund(pair.state, event);
      if (!reversal.matched) continue;
      pair.dirty = true;
      onEvaluation?.(rule, 'refund_reversed');
      for (const r of reversal.revocations) {
        pair.grantCount = Math.max(0, pair.grantCount - 1);
        pair.grantCountDirty = true;
        effects.push({
          kind: 'revoke',
          rule,
          userId: event.userId,
          n: r.n,
          quantity: r.quantity,
          event,
          grantEventId: r.grantEventId,
        });
      }
    }
  }
  return effects;
}
