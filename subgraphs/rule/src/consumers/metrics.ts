// Prometheus metrics of the rule worker. The consumer's own metrics (kafka_messages_consumed_total,
// kafka_consumer_lag, kafka_dlq_messages_total, kafka_batch_processing_seconds, …) are created by
// @badge/kafka's batch consumer with the same names and labels as its per-message consumer.
import { Counter, Gauge, Histogram, type Registry } from '@badge/service-kit';

function getOrCreate<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

const counter = <T extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly T[],
) =>
  getOrCreate(
    registry,
    name,
    () => new Counter<T>({ name, help, labelNames, registers: [registry] }),
  );
const gauge = <T extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly T[],
) =>
  getOrCreate(
    registry,
    name,
    () => new Gauge<T>({ name, help, labelNames, registers: [registry] }),
  );
const histogram = <T extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly T[],
  buckets: number[],
) =>
  getOrCreate(
    registry,
    name,
    () => new Histogram<T>({ name, help, labelNames, buckets, registers: [registry] }),
  );

const LATENCY = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createRuleMetrics(registry: Registry) {
  return {
    evaluations: counter(
      registry,
      'rule_evaluations_total',
      'Rule evaluations by result (granted, not_met, limit_reached, inactive, condition_false, late, duplicate, no_value, spent, refund_reversed)',
      ['result'],
    ),
    grantCommands: counter(
      registry,
      'rule_grant_commands_total',
      'Grant and revoke commands written to the outbox',
      ['kind'],
    ),
    processing: histogram(
      registry,
      'rule_event_processing_seconds',
      'Per event: from the worker picking up its batch to the batch transaction commit',
      ['topic'],
      LATENCY,
    ),
    latency: histogram(
      registry,
      'rule_event_latency_seconds',
      'Per event: from its Kafka timestamp (producer/broker) to the commit of its effect',
      ['topic'],
      LATENCY,
    ),
    batchSize: histogram(
      registry,
      'rule_batch_size',
      'Messages per batch transaction',
      [],
      [1, 5, 10, 25, 50, 100, 250, 500, 1000],
    ),
    indexRules: gauge(registry, 'rule_index_rules', 'Published rules in the worker’s index', []),
    indexReloads: counter(
      registry,
      'rule_index_reloads_total',
      'Rule index reloads (hot reload on publish/disable), by outcome',
      ['outcome'],
    ),
    compileErrors: counter(
      registry,
      'rule_index_compile_errors_total',
      'Published rule versions that failed to compile (skipped)',
      [],
    ),
    eventsProcessed: counter(
      registry,
      'events_processed_total',
      'Events handled by domain consumers, by outcome (processed, duplicate)',
      ['consumer', 'event_type', 'outcome'],
    ),
  };
}
export type RuleMetrics = ReturnType<typeof createRuleMetrics>;
