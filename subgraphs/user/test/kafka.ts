// Kafka fixtures: the librdkafka mock broker (real Kafka protocol over TCP), a producer, real
// consumers with our handlers, and outbox rows turned into messages.
import {
  createConsumer,
  createKafka,
  createProducer,
  type ConsumedMessage,
  type KafkaConsumer,
  type KafkaProducer,
  type MessageHandler,
} from '@badge/kafka';
import { startMockKafka, type MockKafka } from '@badge/kafka/mock-broker';
import {
  encodeEvent,
  toOutboxRecord,
  type EventSchema,
  type MessageShape,
  type OutboxRecord,
  TOPIC_PARTITIONS,
} from '@badge/proto';
import { createLogger, Registry, type Logger } from '@badge/service-kit';
import { uniqueId } from '@badge/testing';

export interface TestKafka {
  mock: MockKafka;
  producer: KafkaProducer;
  logger: Logger;
  /** A consumer (own group, from the beginning) running `handler` on `topics`. */
  consume(
    topics: string[],
    handler: MessageHandler,
    options?: { maxAttempts?: number; registry?: Registry },
  ): Promise<KafkaConsumer>;
  /** Publishes outbox-shaped records (what the outbox relay does). */
  publish(records: readonly OutboxRecord[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestKafka(): Promise<TestKafka> {
  const mock = startMockKafka({ brokers: 1, topics: { ...TOPIC_PARTITIONS } });
  const logger = createLogger({ name: 'test-kafka', level: 'silent' });
  const kafka = createKafka({ brokers: mock.brokers, clientId: uniqueId('user-test'), logger });
  const producer = createProducer({ kafka, logger, registry: new Registry() });
  await producer.start();
  const consumers: KafkaConsumer[] = [];
  return {
    mock,
    producer,
    logger,
    async consume(topics, handler, options = {}) {
      const consumer = createConsumer({
        kafka,
        groupId: uniqueId('g'),
        topics,
        handler,
        producer,
        logger,
        registry: options.registry ?? new Registry(),
        maxAttempts: options.maxAttempts ?? 3,
        backoff: { initialMs: 20, maxMs: 100 },
        fromBeginning: true,
        sessionTimeout: 6000,
        heartbeatInterval: 500,
        rebalanceTimeout: 6000,
      });
      consumers.push(consumer);
      await consumer.start();
      return consumer;
    },
    async publish(records) {
      for (const r of records)
        await producer.send(r.topic, [
          { key: r.key, value: Buffer.from(r.payload), headers: { ...r.headers } },
        ]);
    },
    async stop() {
      await Promise.allSettled(consumers.map((c) => c.stop()));
      await producer.stop();
      mock.stop();
    },
  };
}

/** An event as the outbox relay would publish it. */
export const record = <S extends EventSchema>(schema: S, message: MessageShape<S>): OutboxRecord =>
  toOutboxRecord(schema, message);

/** A stored outbox row (or record) as a consumed message, for calling a handler directly. */
export function createConsumedMessage(
  topic: string,
  row: { key: string; payload: Uint8Array; headers: unknown },
  offset = 0,
): ConsumedMessage {
  return {
    topic,
    partition: 0,
    offset: String(offset),
    key: row.key,
    value: Buffer.from(row.payload),
    headers: row.headers as Record<string, string>,
    timestamp: String(Date.now()),
    attempt: 1,
    // The event handler does not read it (the consumer's span is what carries the trace).
    traceContext: undefined as unknown as ConsumedMessage['traceContext'],
  };
}

export { encodeEvent };
