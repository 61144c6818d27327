// Engagement and transaction events → aggregates, rule evaluation, grant/revoke commands.
//
// Per chunk of a partition (see @badge/kafka's batch-consumer.ts), in ONE transaction: the inbox rows (dedupe by
// event id), the (rule, user) aggregates of the published rules the events pass, the grant
// counters and the commands in the rule outbox. After commit the outbox relay is woken; the
// consumer then commits the Kafka offset.
import { PoisonMessageError, type BatchHandler, type ConsumedMessage } from '@badge/kafka';
import type { Logger } from '@badge/service-kit';
import { decodeMessage, type InboxEntry } from '@badge/service-kit/worker';
import { fromDecodedEvent, type RuleEvent } from '../engine/event.js';
import { pairKey, planBatch, runBatch, type PairState } from '../engine/process.js';
import { rowToState, stateToRow, type AggregateRow } from '../engine/serialize.js';
import { effectsToOutbox } from './commands.js';
import type { RuleMetrics } from './metrics.js';
import type { PipelineRepository } from './pipeline.repository.js';
import type { RuleIndexHolder } from './rule-index-holder.js';

export const CONSUMER = 'rule-worker.behaviour-events';

export interface BehaviourEventsDeps {
  pipeline: PipelineRepository;
  rules: RuleIndexHolder;
  metrics: RuleMetrics;
  logger: Logger;
  /** Wakes the outbox relay after a commit that wrote commands. */
  notify: () => void;
  /** Consumer group / inbox consumer name. */
  consumer?: string;
}

export function createBehaviourEventsHandler(deps: BehaviourEventsDeps): BatchHandler<RuleEvent> {
  const consumer = deps.consumer ?? CONSUMER;
  const { metrics } = deps;
  return {
    prepare(message: ConsumedMessage): RuleEvent {
      const event = fromDecodedEvent(decodeMessage(message));
      if (!event)
        throw new PoisonMessageError(
          `unexpected event type on ${message.topic}: only engagement and transaction events are consumed`,
        );
      // Producers may carry the W3C trace context in the message headers (the Kafka convention)
      // rather than in the body's `trace` field: either continues the trace into the commands.
      if (!event.traceparent && message.headers.traceparent) {
        return {
          ...event,
          traceparent: message.headers.traceparent,
          tracestate: message.headers.tracestate ?? '',
        };
      }
      return event;
    },

    async process(items, { receivedAt }) {
      // First delivery of each event id in the chunk (a duplicate inside the chunk is a no-op).
      const seen = new Set<string>();
      const unique = items.filter(({ item }) => !seen.has(item.id) && seen.add(item.id));
      const entries: InboxEntry[] = unique.map(({ item, message }) => ({
        consumer,
        messageId: item.id,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      }));
      const index = deps.rules.current();

      const outcome = await deps.pipeline.transaction(async (tx) => {
        const tally = new Map<string, number>();
        const count = (_rule: unknown, result: string) =>
          tally.set(result, (tally.get(result) ?? 0) + 1);
        const claimed = await tx.claimInbox(entries);
        const fresh = unique.filter(({ item }) => claimed.has(item.id)).map(({ item }) => item);
        const plan = planBatch(index, fresh, count);

        const aggregates = await tx.loadAggregates(plan.pairs);
        const states = new Map<string, PairState>();
        for (const p of plan.pairs)
          states.set(pairKey(p.ruleId, p.userId), {
            ruleId: p.ruleId,
            userId: p.userId,
            state: null,
            storedVersion: null,
            grantCount: 0,
            lastGrantedAt: null,
            dirty: false,
            grantCountDirty: false,
          });
        for (const a of aggregates) {
          const pair = states.get(pairKey(a.ruleId, a.userId))!;
          pair.state = rowToState(a);
          pair.storedVersion = a.version;
          pair.grantCount = a.grantCount;
          pair.lastGrantedAt = a.lastGrantedAt?.getTime() ?? null;
        }

        const effects = runBatch(plan, states, count);

        const updates: (AggregateRow & { expectedVersion: number })[] = [];
        const inserts: AggregateRow[] = [];
        const grantCounts = [];
        for (const pair of states.values()) {
          const rule = index.byId(pair.ruleId)!;
          if (pair.dirty && pair.state) {
            const row = stateToRow(
              pair.ruleId,
              pair.userId,
              pair.state,
              rule.config,
              (pair.storedVersion ?? 0) + 1,
            );
            if (pair.storedVersion === null) inserts.push(row);
            else updates.push({ ...row, expectedVersion: pair.storedVersion });
          }
          if (pair.grantCountDirty)
            grantCounts.push({
              ruleId: pair.ruleId,
              userId: pair.userId,
              grantCount: pair.grantCount,
              lastGrantedAt: pair.lastGrantedAt === null ? null : new Date(pair.lastGrantedAt),
            });
        }
        await tx.saveAggregates(updates, inserts);
        await tx.saveGrantCounts(grantCounts);
        await tx.addOutbox(effectsToOutbox(effects, new Date()));
        return { claimed, effects, tally, fresh };
      });

      // Committed: metrics, then wake the relay.
      const now = Date.now();
      for (const [result, n] of outcome.tally) metrics.evaluations.inc({ result }, n);
      for (const e of outcome.effects) metrics.grantCommands.inc({ kind: e.kind });
      metrics.batchSize.observe(items.length);
      for (const { item, message } of items) {
        const processed = outcome.claimed.has(item.id);
        if (processed) outcome.claimed.delete(item.id); // an in-chunk duplicate counts as duplicate
        metrics.eventsProcessed.inc({
          consumer,
          event_type: item.kind === 'transaction' ? 'transaction.event.v1' : 'engagement.event.v1',
          outcome: processed ? 'processed' : 'duplicate',
        });
        metrics.processing.observe({ topic: message.topic }, (now - receivedAt) / 1000);
        const ts = Number(message.timestamp);
        if (Number.isFinite(ts) && ts > 0)
          metrics.latency.observe({ topic: message.topic }, Math.max(0, now - ts) / 1000);
      }
      if (outcome.effects.length > 0) deps.notify();
      deps.logger.debug(
        {
          messages: items.length,
          processed: outcome.fresh.length,
          commands: outcome.effects.length,
          ms: now - receivedAt,
        },
        'batch committed',
      );
    },
  };
}
