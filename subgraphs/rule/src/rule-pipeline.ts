// The rule worker's event pipeline, wired: hot-reloaded rule index + batch consumer of the
// engagement and transaction topics + the handler that evaluates and writes commands to the
// outbox. worker.ts runs it inside runWorker (which owns the producer and the outbox relay);
// tests and the pipeline benchmark run the same object against a mock broker.
import type { Kafka } from 'kafkajs';
import { createBatchConsumer, type MessagePublisher } from '@badge/kafka';
import type { Logger, Registry } from '@badge/service-kit';
import { createBehaviourEventsHandler } from './consumers/behaviour-events.js';
import { createRuleMetrics } from './consumers/metrics.js';
import {
  isDatabaseUnavailable,
  isTransientPipelineError,
  type PipelineRepository,
} from './consumers/pipeline.repository.js';
import { createRuleIndexHolder, type RuleIndexHolder } from './consumers/rule-index-holder.js';
import type { RuleIndexRepository } from './consumers/rule-index.repository.js';
import type { TRuleWorkerEnv } from './environment.js';

export interface RulePipeline {
  rules: RuleIndexHolder;
  start(): Promise<void>;
  /** Stops intake: finishes and commits the in-flight chunk. */
  stop(): Promise<void>;
  readiness(): boolean;
}

export interface RulePipelineDeps {
  kafka: Kafka;
  /** for DLQ writes */
  producer: MessagePublisher;
  /** wakes the outbox relay after a commit with commands */
  notify: () => void;
  repositories: { pipeline: PipelineRepository; ruleIndex: RuleIndexRepository };
  logger: Logger;
  registry: Registry;
  settings: TRuleWorkerEnv;
  onCrash?: (err: Error) => void;
}

export function createRulePipeline(deps: RulePipelineDeps): RulePipeline {
  const { settings } = deps;
  const metrics = createRuleMetrics(deps.registry);
  const groupId = settings.RULE_CONSUMER_GROUP;
  const rules = createRuleIndexHolder({
    repository: deps.repositories.ruleIndex,
    logger: deps.logger,
    metrics,
    intervalMs: settings.RULE_RELOAD_INTERVAL_MS,
    engine: {
      latenessMs: settings.RULE_ALLOWED_LATENESS,
      refundHorizonMs: settings.RULE_REFUND_HORIZON,
    },
  });
  const consumer = createBatchConsumer({
    kafka: deps.kafka,
    groupId,
    topics: [settings.RULE_ENGAGEMENT_TOPIC, settings.RULE_TRANSACTION_TOPIC],
    producer: deps.producer,
    logger: deps.logger,
    registry: deps.registry,
    handler: createBehaviourEventsHandler({
      pipeline: deps.repositories.pipeline,
      rules,
      metrics,
      logger: deps.logger,
      notify: deps.notify,
      consumer: groupId,
    }),
    maxChunk: settings.RULE_BATCH_MAX,
    lanes: settings.RULE_PROCESSING_LANES,
    isTransient: isTransientPipelineError,
    isUnavailable: isDatabaseUnavailable,
    maxAttempts: settings.RULE_CONSUMER_MAX_ATTEMPTS,
    backoff: { initialMs: settings.RULE_CONSUMER_BACKOFF_MS, maxMs: 10_000 },
    fromBeginning: true,
    partitionsConsumedConcurrently: settings.RULE_PARTITIONS_CONCURRENCY,
    maxWaitTimeInMs: settings.RULE_FETCH_MAX_WAIT_MS,
    sessionTimeout: settings.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatInterval: settings.KAFKA_HEARTBEAT_INTERVAL_MS,
    rebalanceTimeout: settings.KAFKA_SESSION_TIMEOUT_MS,
    ...(deps.onCrash ? { onCrash: deps.onCrash } : {}),
  });
  return {
    rules,
    async start() {
      await rules.start();
      await consumer.start();
    },
    async stop() {
      await consumer.stop();
      rules.stop();
    },
    readiness: () => consumer.readiness(),
  };
}
