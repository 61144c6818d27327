import { SpanKind, SpanStatusCode, context, propagation } from '@opentelemetry/api';
import { CompressionTypes, Partitioners } from 'kafkajs';
import type { IHeaders, Kafka, Message, Producer, RecordMetadata, RetryOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { counter } from './metrics.js';
import { tracer } from './tracing.js';
import { errorMessage } from './util.js';

export interface OutgoingMessage {
  key?: string | Buffer | null;
  value: Buffer | string | null;
  /** Explicit headers win over the injected trace context (an outbox row keeps its traceparent). */
  headers?: IHeaders;
  partition?: number;
  /** Message timestamp in epoch milliseconds, as a string (kafkajs' format). */
  timestamp?: string;
}

export interface TopicMessages {
  topic: string;
  messages: OutgoingMessage[];
}

/** What the outbox relay and the consumer's DLQ need from a producer. */
export interface MessagePublisher {
  /** Resolves once the broker acknowledged every message (acks as configured, -1 by default). */
  send(topic: string, messages: OutgoingMessage[]): Promise<RecordMetadata[]>;
  /** Several topics in one call; kafkajs groups them into one produce request per broker. */
  sendBatch(batches: TopicMessages[]): Promise<RecordMetadata[]>;
}

export interface KafkaProducer extends MessagePublisher {
  start(): Promise<void>;
  stop(): Promise<void>;
  readiness(): boolean;
  /** The underlying kafkajs producer (events, instrumentation). */
  readonly raw: Producer;
}

export interface CreateProducerOptions {
  kafka: Kafka;
  logger: Logger;
  registry: Registry;
  /** -1 (all in-sync replicas, default), 1 (leader) or 0. */
  acks?: -1 | 0 | 1;
  compression?: 'none' | 'gzip';
  /**
   * Idempotent producer (exactly-once per partition on the broker). OFF by default because the
   * librdkafka 2.0.2 mock cannot do InitProducerId; turn it on against real Kafka. kafkajs then
   * requires acks -1 and retries forever unless `retry` says otherwise.
   */
  idempotent?: boolean;
  maxInFlightRequests?: number;
  /** Broker-side ack timeout in ms (kafkajs default 30 000). */
  timeoutMs?: number;
  retry?: RetryOptions;
  allowAutoTopicCreation?: boolean;
}

/**
 * A kafkajs producer with acks -1, optional gzip, W3C trace context injected into every message's
 * headers, a PRODUCER span per send and the metrics `kafka_messages_produced_total{topic}` and
 * `kafka_produce_errors_total{topic}`. Keys go through the Java-compatible murmur2 partitioner,
 * so one key (a user id) always lands on the same partition as with any other Kafka client.
 */
export function createProducer(options: CreateProducerOptions): KafkaProducer {
  const logger = options.logger.child({ component: 'kafka-producer' });
  const acks = options.acks ?? -1;
  const compression =
    options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  const producer = options.kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: options.idempotent ?? false,
    allowAutoTopicCreation: options.allowAutoTopicCreation ?? false,
    ...(options.maxInFlightRequests !== undefined
      ? { maxInFlightRequests: options.maxInFlightRequests }
      : {}),
    ...(options.retry !== undefined ? { retry: options.retry } : {}),
  });

  const produced = counter(options.registry, {
    name: 'kafka_messages_produced_total',
    help: 'Messages acknowledged by the Kafka broker',
    labelNames: ['topic'],
  });
  const errors = counter(options.registry, {
    name: 'kafka_produce_errors_total',
    help: 'Failed produce calls (the whole call failed; messages may be retried by the caller)',
    labelNames: ['topic'],
  });

  let connected = false;
  producer.on(producer.events.CONNECT, () => {
    connected = true;
  });
  producer.on(producer.events.DISCONNECT, () => {
    connected = false;
  });

  const toKafkaMessage = (message: OutgoingMessage): Message => {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const out: Message = {
      key: message.key ?? null,
      value: message.value,
      headers: { ...carrier, ...message.headers },
    };
    if (message.partition !== undefined) out.partition = message.partition;
    if (message.timestamp !== undefined) out.timestamp = message.timestamp;
    return out;
  };

  const sendBatch = async (batches: TopicMessages[]): Promise<RecordMetadata[]> => {
    const nonEmpty = batches.filter((b) => b.messages.length > 0);
    if (nonEmpty.length === 0) return [];
    const topics = [...new Set(nonEmpty.map((b) => b.topic))];
    const spanName = topics.length === 1 ? `${topics[0]} publish` : 'publish';
    return tracer().startActiveSpan(
      spanName,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'publish',
          'messaging.destination.name': topics.join(','),
          'messaging.batch.message_count': nonEmpty.reduce((n, b) => n + b.messages.length, 0),
        },
      },
      async (span) => {
        try {
          const result = await producer.sendBatch({
            acks,
            compression,
            ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
            topicMessages: nonEmpty.map((b) => ({
              topic: b.topic,
              messages: b.messages.map(toKafkaMessage),
            })),
          });
          for (const b of nonEmpty) produced.inc({ topic: b.topic }, b.messages.length);
          return result;
        } catch (err) {
          for (const topic of topics) errors.inc({ topic });
          span.recordException(err instanceof Error ? err : new Error(errorMessage(err)));
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(err) });
          logger.warn({ err, topics }, 'kafka produce failed');
          throw err;
        } finally {
          span.end();
        }
      },
    );
  };

  return {
    raw: producer,
    async start() {
      await producer.connect();
      logger.info(
        {
          acks,
          compression: options.compression ?? 'none',
          idempotent: options.idempotent ?? false,
        },
        'kafka producer connected',
      );
    },
    async stop() {
      await producer.disconnect();
      connected = false;
    },
    readiness: () => connected,
    send: (topic, messages) => sendBatch([{ topic, messages }]),
    sendBatch,
  };
}
