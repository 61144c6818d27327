import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type {
  Batch,
  Consumer,
  EachBatchPayload,
  IHeaders,
  Kafka,
  KafkaMessage,
  RetryOptions,
} from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import {
  consumerMetrics,
  createLagTracker,
  dependencyWait,
  toConsumedMessage,
} from './consumer-common.js';
import { histogram } from './metrics.js';
import type { MessagePublisher } from './producer.js';
import { tracer } from './tracing.js';
import { backoffDelay, errorMessage, errorName, sleep } from './util.js';

/** The DLQ headers of docs/CONTRACTS.md. */
export const DLQ_HEADERS = {
  originalTopic: 'x-original-topic',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
  originalKey: 'x-original-key',
  consumerGroup: 'x-consumer-group',
  errorClass: 'x-error-class',
  errorMessage: 'x-error-message',
  attempts: 'x-attempts',
  failedAt: 'x-failed-at',
} as const;

export const DEFAULT_DLQ_TOPIC = 'badge.dlq';

export type DlqErrorClass = 'poison' | 'exhausted';

/**
 * Throw this (or any error with `isPoison === true`) from a handler when a message can never be
 * processed (undecodable bytes, unknown schema version, invalid payload): it goes to the DLQ at
 * once, without retries.
 */
export class PoisonMessageError extends Error {
  readonly isPoison = true as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

export function isPoisonError(err: unknown): boolean {
  return (
    err instanceof PoisonMessageError ||
    (typeof err === 'object' && err !== null && (err as { isPoison?: unknown }).isPoison === true)
  );
}

/** Thrown out of the batch when the DLQ write failed: nothing is committed, kafkajs redelivers. */
export class DlqWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DlqWriteError';
  }
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  /** Kafka offset (int64 as a decimal string). */
  offset: string;
  /** Key decoded as UTF-8 (our keys are user ids), null when the message has none. */
  key: string | null;
  /** The value bytes; an empty Buffer for a null value (tombstone). */
  value: Buffer;
  /** Headers decoded as UTF-8; first value wins for a repeated key. */
  headers: Record<string, string>;
  /** Broker/producer timestamp in epoch ms (string). */
  timestamp: string;
  /** 1 for the first delivery to the handler, 2 for the first retry, … */
  attempt: number;
  /**
   * The trace context extracted from the headers (the producer's span). The handler itself runs
   * inside a CONSUMER span that is a child of it, so `context.active()` in the handler is the
   * processing span — use that to propagate further (e.g. `injectTraceHeaders()` into outbox rows).
   */
  traceContext: Context;
}

export type MessageHandler = (message: ConsumedMessage) => Promise<void>;

export interface CreateConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  handler: MessageHandler;
  /** Used for the DLQ only. */
  producer: MessagePublisher;
  dlqTopic?: string;
  /** Handler attempts before a message goes to the DLQ as `exhausted`. Default 5. */
  maxAttempts?: number;
  /** Retry backoff (exponential, jittered). Default { initialMs: 200, maxMs: 10 000 }. */
  backoff?: { initialMs: number; maxMs: number };
  /**
   * Whether a handler error says that a dependency is unavailable (the database unreachable,
   * restarting or out of connections) rather than anything about the message. Such failures do
   * not count towards `maxAttempts`: the message is retried with backoff until it succeeds, the
   * consumer stops or its partition moves, and what follows it waits in Kafka — an outage does
   * not empty the topic into the DLQ. Default: no error does.
   */
  isUnavailable?: (err: unknown) => boolean;
  logger: Logger;
  registry: Registry;
  /** Where a group without committed offsets starts. Default false (latest). */
  fromBeginning?: boolean;
  /** Partitions processed in parallel (order is always kept within a partition). Default 1. */
  partitionsConsumedConcurrently?: number;
  /** Default 100: the librdkafka mock holds a fetch for the full wait (PLATFORM.md). */
  maxWaitTimeInMs?: number;
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  /** kafkajs consumer retry (also governs how a failed batch — e.g. a failed DLQ write — is retried). */
  retry?: RetryOptions & { restartOnFailure?: (err: Error) => Promise<boolean> };
  /** Called when kafkajs gives up and will not restart the consumer (exit the process, say). */
  onCrash?: (err: Error) => void;
}

export type ConsumerState =
  'idle' | 'starting' | 'joined' | 'rebalancing' | 'stopping' | 'stopped' | 'crashed';

export interface KafkaConsumer {
  start(): Promise<void>;
  /** Stops fetching, lets the in-flight handler call finish and commit, leaves the group, disconnects. */
  stop(): Promise<void>;
  /** True when connected and a member of the group with an assignment. */
  readiness(): boolean;
  state(): ConsumerState;
  readonly raw: Consumer;
}

type Outcome =
  | { kind: 'ok'; attempts: number }
  | { kind: 'dlq'; errorClass: DlqErrorClass; attempts: number }
  | { kind: 'aborted' };

const MAX_ERROR_HEADER = 1000;

function isRebalanceError(err: unknown): boolean {
  const type = (err as { type?: unknown } | null)?.type;
  return (
    type === 'REBALANCE_IN_PROGRESS' ||
    type === 'ILLEGAL_GENERATION' ||
    type === 'UNKNOWN_MEMBER_ID' ||
    type === 'NOT_COORDINATOR_FOR_GROUP' ||
    type === 'FENCED_INSTANCE_ID'
  );
}

/**
 * A Kafka consumer with at-least-once delivery and durable-effect-first commits.
 *
 * Per message, in partition order: run `handler` (inside a CONSUMER span continuing the trace in
 * the headers) → on success commit offset+1. A {@link PoisonMessageError} (or `isPoison: true`)
 * sends the original bytes and headers plus the DLQ headers to `dlqTopic` at once, then commits;
 * any other error is retried with exponential backoff (heartbeating meanwhile) up to
 * `maxAttempts`, then goes to the DLQ as `exhausted` and is committed. So a partition never
 * blocks forever, and an offset is committed only after the handler's effect or the DLQ write is
 * durable. If the DLQ write fails, nothing is committed and the batch fails: kafkajs retries it
 * (redelivering the message) and, when its retries run out, restarts the consumer.
 *
 * Handlers must be idempotent (inbox table): a crash between the effect and the commit, or a
 * rebalance, redelivers the message.
 */
export function createConsumer(options: CreateConsumerOptions): KafkaConsumer {
  const {
    kafka,
    groupId,
    topics,
    handler,
    producer,
    dlqTopic = DEFAULT_DLQ_TOPIC,
    maxAttempts = 5,
    backoff = { initialMs: 200, maxMs: 10_000 },
    isUnavailable = () => false,
    registry,
  } = options;
  if (maxAttempts < 1) throw new Error('maxAttempts must be ≥ 1');
  const heartbeatInterval = options.heartbeatInterval ?? 3000;
  const logger = options.logger.child({ component: 'kafka-consumer', groupId });

  const consumer = kafka.consumer({
    groupId,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 100,
    heartbeatInterval,
    allowAutoTopicCreation: false,
    ...(options.sessionTimeout !== undefined ? { sessionTimeout: options.sessionTimeout } : {}),
    ...(options.rebalanceTimeout !== undefined
      ? { rebalanceTimeout: options.rebalanceTimeout }
      : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
  });

  const { consumed, retries, waiting, dlq: dlqTotal, dlqErrors, lag } = consumerMetrics(registry);
  const processing = histogram(registry, {
    name: 'kafka_message_processing_seconds',
    help: 'Duration of one handler call',
    labelNames: ['topic', 'group'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  const lagTracker = createLagTracker(lag, groupId);
  let state: ConsumerState = 'idle';
  let connected = false;
  const stopController = new AbortController();

  consumer.on(consumer.events.CONNECT, () => {
    connected = true;
  });
  consumer.on(consumer.events.DISCONNECT, () => {
    connected = false;
  });
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    if (state === 'stopping' || state === 'stopped') return;
    state = 'joined';
    lagTracker.retain(e.payload.memberAssignment);
    logger.info(
      { memberAssignment: e.payload.memberAssignment, durationMs: e.payload.duration },
      'joined consumer group',
    );
  });
  consumer.on(consumer.events.REBALANCING, () => {
    if (state === 'joined') state = 'rebalancing';
  });
  consumer.on(consumer.events.CRASH, (e) => {
    const { error, restart } = e.payload;
    if (state === 'stopping' || state === 'stopped') return;
    if (restart) {
      state = 'starting';
      logger.error({ err: error }, 'kafka consumer crashed; kafkajs restarts it');
    } else {
      state = 'crashed';
      logger.fatal({ err: error }, 'kafka consumer crashed and will not restart');
      options.onCrash?.(error);
    }
  });

  const runHandler = async (msg: ConsumedMessage): Promise<void> => {
    const end = processing.startTimer({ topic: msg.topic, group: groupId });
    try {
      await tracer().startActiveSpan(
        `${msg.topic} process`,
        {
          kind: SpanKind.CONSUMER,
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'process',
            'messaging.destination.name': msg.topic,
            'messaging.destination.partition.id': String(msg.partition),
            'messaging.kafka.offset': Number(msg.offset),
            'messaging.consumer.group.name': groupId,
            ...(msg.key !== null ? { 'messaging.kafka.message.key': msg.key } : {}),
            'messaging.kafka.attempt': msg.attempt,
          },
        },
        msg.traceContext,
        async (span) => {
          try {
            await handler(msg);
            span.setStatus({ code: SpanStatusCode.OK });
          } catch (err) {
            span.recordException(err instanceof Error ? err : new Error(errorMessage(err)));
            span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
            throw err;
          } finally {
            span.end();
          }
        },
      );
    } finally {
      end();
    }
  };

  const writeDlq = async (
    batch: Batch,
    message: KafkaMessage,
    errorClass: DlqErrorClass,
    err: unknown,
    attempts: number,
  ): Promise<void> => {
    // Original headers (raw bytes, repeated keys kept) + the contract's DLQ headers.
    const headers: IHeaders = {
      ...message.headers,
      [DLQ_HEADERS.originalTopic]: batch.topic,
      [DLQ_HEADERS.originalPartition]: String(batch.partition),
      [DLQ_HEADERS.originalOffset]: message.offset,
      [DLQ_HEADERS.originalKey]: message.key ?? '',
      [DLQ_HEADERS.consumerGroup]: groupId,
      [DLQ_HEADERS.errorClass]: errorClass,
      [DLQ_HEADERS.errorMessage]: `${errorName(err)}: ${errorMessage(err)}`.slice(
        0,
        MAX_ERROR_HEADER,
      ),
      [DLQ_HEADERS.attempts]: String(attempts),
      [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    };
    try {
      await producer.send(dlqTopic, [{ key: message.key, value: message.value, headers }]);
    } catch (dlqErr) {
      dlqErrors.inc({ topic: batch.topic, group: groupId });
      throw new DlqWriteError(
        `DLQ write to ${dlqTopic} failed for ${batch.topic}[${batch.partition}]@${message.offset}: ${errorMessage(dlqErr)}`,
        { cause: dlqErr },
      );
    }
    dlqTotal.inc({ topic: batch.topic, group: groupId, error_class: errorClass });
  };

  /** Handler with retries; ends with the effect done, the message in the DLQ, or aborted. */
  const processMessage = async (
    batch: Batch,
    message: KafkaMessage,
    signal: AbortSignal,
  ): Promise<Outcome> => {
    const log = logger.child({
      topic: batch.topic,
      partition: batch.partition,
      offset: message.offset,
    });
    let failures = 0; // attempts that count towards maxAttempts (not "dependency unavailable")
    const wait = dependencyWait(waiting, groupId);
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          await runHandler(toConsumedMessage(batch, message, attempt));
          return { kind: 'ok', attempts: attempt };
        } catch (err) {
          if (isPoisonError(err)) {
            log.warn({ err, attempt }, 'poison message: sending to DLQ');
            await writeDlq(batch, message, 'poison', err, attempt);
            return { kind: 'dlq', errorClass: 'poison', attempts: attempt };
          }
          const unavailable = isUnavailable(err);
          wait.set(unavailable);
          if (!unavailable && ++failures >= maxAttempts) {
            log.error({ err, attempt }, 'handler failed on every attempt: sending to DLQ');
            await writeDlq(batch, message, 'exhausted', err, attempt);
            return { kind: 'dlq', errorClass: 'exhausted', attempts: attempt };
          }
          retries.inc({ topic: batch.topic, group: groupId });
          const delay = backoffDelay(attempt, backoff.initialMs, backoff.maxMs);
          log.warn(
            { err, attempt, maxAttempts, unavailable, retryInMs: delay },
            unavailable ? 'a dependency is unavailable; retrying' : 'handler failed; retrying',
          );
          await sleep(delay, signal);
          // Stopping or rebalancing: give the message up uncommitted; its next owner redelivers it.
          if (signal.aborted) return { kind: 'aborted' };
        }
      }
    } finally {
      wait.set(false);
    }
  };

  const commit = async (payload: EachBatchPayload, offset: string): Promise<void> => {
    const next = (BigInt(offset) + 1n).toString();
    const offsets = {
      topics: [
        {
          topic: payload.batch.topic,
          partitions: [{ partition: payload.batch.partition, offset: next }],
        },
      ],
    };
    // commitOffsetsIfNecessary(offsets) commits exactly these offsets, also while the consumer is
    // stopping (kafkajs' consumer.commitOffsets() silently skips the commit once stop() began,
    // which would lose the commit of the in-flight message on a graceful shutdown).
    for (let attempt = 1; ; attempt++) {
      try {
        await payload.commitOffsetsIfNecessary(offsets);
        return;
      } catch (err) {
        // A rebalance (or a real failure after a few tries) fails the batch: kafkajs rejoins and
        // the message is redelivered; the handler is idempotent.
        if (isRebalanceError(err) || attempt >= 3) throw err;
        await sleep(100 * attempt);
      }
    }
  };

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    const first = batch.messages[0];
    if (first) lagTracker.set(batch, BigInt(first.offset));

    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale() || stopController.signal.aborted) break;

      // Heartbeat while the handler runs and during retry backoff (kafkajs only heartbeats
      // between batches otherwise). A rebalance aborts retries.
      const abort = new AbortController();
      const onStop = (): void => abort.abort();
      stopController.signal.addEventListener('abort', onStop, { once: true });
      const beat = setInterval(
        () => {
          payload.heartbeat().catch((err: unknown) => {
            if (isRebalanceError(err)) {
              logger.info(
                { topic: batch.topic, partition: batch.partition },
                'rebalance during processing',
              );
              abort.abort();
            } else {
              logger.warn({ err }, 'heartbeat failed');
            }
          });
        },
        Math.max(100, Math.floor(heartbeatInterval / 2)),
      );

      let outcome: Outcome;
      try {
        outcome = await processMessage(batch, message, abort.signal);
      } finally {
        clearInterval(beat);
        stopController.signal.removeEventListener('abort', onStop);
      }
      if (outcome.kind === 'aborted') break;

      await commit(payload, message.offset);
      payload.resolveOffset(message.offset);
      const status = outcome.kind === 'dlq' ? 'dlq' : outcome.attempts > 1 ? 'retried' : 'ok';
      consumed.inc({ topic: batch.topic, group: groupId, status });
      lagTracker.set(batch, BigInt(message.offset) + 1n);
      await payload.heartbeat();
    }
  };

  return {
    raw: consumer,
    async start() {
      state = 'starting';
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
      // run() resolves once the group is joined (a ~3 s fixed delay on the librdkafka 2.0.2 mock).
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
        eachBatch,
      });
      logger.info({ topics, dlqTopic, maxAttempts }, 'kafka consumer started');
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopping';
      stopController.abort();
      // disconnect() = stop fetching, wait for the running eachBatch (the in-flight handler call
      // finishes and commits), leave the group, close connections.
      await consumer.disconnect();
      state = 'stopped';
      lagTracker.clear();
      logger.info('kafka consumer stopped');
    },
    readiness: () => connected && (state === 'joined' || state === 'rebalancing'),
    state: () => state,
  };
}
