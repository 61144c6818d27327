// The worker's in-memory index of published rules: event type → compiled rules. Rebuilt when the
// set of published versions changes (hot reload); compiled rules are reused across rebuilds.
import {
  compileRule,
  DEFAULT_ENGINE_OPTIONS,
  type CompiledRule,
  type EngineOptions,
  type RuleDefinition,
} from './compile.js';
import { PURCHASE, REFUND } from './event.js';

export interface RuleIndex {
  /** Identifies the indexed set of (rule, version); changes whenever a publish/disable does. */
  readonly signature: string;
  readonly rules: readonly CompiledRule[];
  /** Published rules listening to `eventType`, by priority (highest first), then id. */
  forEventType(eventType: string): readonly CompiledRule[];
  /** Rules whose aggregates a refund of a purchase reverses (they listen to purchases). */
  refundTargets(): readonly CompiledRule[];
  byId(ruleId: string): CompiledRule | undefined;
}

export interface IndexedDefinition extends RuleDefinition {
  priority: number;
}

export interface BuildIndexResult {
  index: RuleIndex;
  /** Definitions that failed to compile (logged and skipped: they were validated on save). */
  failures: { ruleId: string; version: number; error: string }[];
}

const EMPTY: readonly CompiledRule[] = [];

/**
 * Builds an index. `previous` lends its compiled rules: a (rule, version) compiles once per
 * process, whatever the number of reloads.
 */
export function buildRuleIndex(
  definitions: readonly IndexedDefinition[],
  signature: string,
  previous?: RuleIndex,
  options: EngineOptions = DEFAULT_ENGINE_OPTIONS,
): BuildIndexResult {
  const failures: BuildIndexResult['failures'] = [];
  const sorted = [...definitions].sort(
    (a, b) => b.priority - a.priority || a.ruleId.localeCompare(b.ruleId),
  );
  const rules: CompiledRule[] = [];
  for (const def of sorted) {
    const reused = previous?.byId(def.ruleId);
    if (reused && reused.def.version === def.version) {
      rules.push(reused);
      continue;
    }
    try {
      rules.push(compileRule(def, options));
    } catch (err) {
      failures.push({
        ruleId: def.ruleId,
        version: def.version,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }
  const byType = new Map<string, CompiledRule[]>();
  const byId = new Map<string, CompiledRule>();
  for (const rule of rules) {
    byId.set(rule.def.ruleId, rule);
    for (const type of new Set(rule.def.eventTypes)) {
      const list = byType.get(type) ?? [];
      list.push(rule);
      byType.set(type, list);
    }
  }
  const refundTargets = rules.filter((r) => r.reversesRefunds);
  return {
    index: {
      signature,
      rules,
      forEventType: (type) => byType.get(type) ?? EMPTY,
      refundTargets: () => refundTargets,
      byId: (id) => byId.get(id),
    },
    failures,
  };
}

export const emptyRuleIndex = (): RuleIndex => buildRuleIndex([], 'empty').index;

/** Event types with a meaning of their own (documented): transactions map to these two. */
export const TRANSACTION_EVENT_TYPES = [PURCHASE, REFUND] as const;
