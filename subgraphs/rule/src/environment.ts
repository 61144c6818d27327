import { z } from 'zod';
import { parseEnv, subgraphEnvSchema, type TSubgraphEnv } from '@badge/service-kit';
import { parseDurationMs } from './engine/time.js';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDurationMs(v);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 duration, e.g. P7D' });
        return z.NEVER;
      }
      return ms;
    });
const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/** Rule worker settings (RULE_*); see README "Configuration". */
export const ZRuleWorkerEnv = z.object({
  /** How often the worker checks whether a rule was published/disabled (hot reload). */
  RULE_RELOAD_INTERVAL_MS: int(1000, 50),
  /**
   * Largest chunk of one partition; one transaction takes up to twice this over the lane's
   * partitions. Only a backlog fills it (at a steady rate chunks are what one fetch brought), and
   * then bigger is cheaper: a user's events in one transaction are one aggregate write.
   */
  RULE_BATCH_MAX: int(2000),
  /** Partitions whose fetched batches are decoded in parallel (kafkajs). */
  RULE_PARTITIONS_CONCURRENCY: int(6),
  /**
   * Transactions in flight at once: partitions are spread over lanes by partition number (a
   * user's events share one on every topic), order is kept per partition.
   */
  RULE_PROCESSING_LANES: int(3),
  /** Events older than the user's latest by more than this are too late for windows/streaks. */
  RULE_ALLOWED_LATENESS: duration('P7D'),
  /** Purchases stay refundable (for the aggregates) this long after the user's latest event. */
  RULE_REFUND_HORIZON: duration('P90D'),
  /** Attempts per message before it goes to the DLQ as exhausted. */
  RULE_CONSUMER_MAX_ATTEMPTS: int(5),
  RULE_CONSUMER_BACKOFF_MS: int(200),
  /** Kafka fetch wait (the librdkafka mock holds every fetch this long). */
  RULE_FETCH_MAX_WAIT_MS: int(25),
  /** Input topics and consumer group (defaults: the platform's topics, rule-worker.behaviour-events). */
  RULE_ENGAGEMENT_TOPIC: z.string().min(1).default('badge.engagement.events'),
  RULE_TRANSACTION_TOPIC: z.string().min(1).default('badge.transaction.events'),
  RULE_CONSUMER_GROUP: z.string().min(1).default('rule-worker.behaviour-events'),
  KAFKA_SESSION_TIMEOUT_MS: int(30_000, 6_000),
  KAFKA_HEARTBEAT_INTERVAL_MS: int(3_000, 100),
});
export type TRuleWorkerEnv = z.infer<typeof ZRuleWorkerEnv>;

/** The server's pipeline module (pipelineStatus, replayDeadLetters); see README "Pipeline status". */
export const ZPipelineEnv = z.object({
  /** Kafka connection and request timeouts of the server (≤ 3 s: the console page must not hang). */
  PIPELINE_KAFKA_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_000).default(2_000),
  /** pipelineStatus answers within this, Kafka reachable or not. */
  PIPELINE_STATUS_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_000).default(3_000),
  /** A console replay gives up after this (it joins the replay group, which takes seconds). */
  PIPELINE_REPLAY_TIMEOUT_MS: int(20_000, 1_000),
});
export type TPipelineEnv = z.infer<typeof ZPipelineEnv>;

export const loadEnvironment = (
  source: Record<string, string | undefined> = process.env,
): TSubgraphEnv & TPipelineEnv =>
  parseEnv(subgraphEnvSchema(4002).extend(ZPipelineEnv.shape), source);

export const loadWorkerEnvironment = (): TSubgraphEnv & TRuleWorkerEnv =>
  parseEnv(subgraphEnvSchema(4002).extend(ZRuleWorkerEnv.shape), process.env);
