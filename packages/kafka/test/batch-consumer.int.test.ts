// The batch consumer against the real librdkafka mock broker: an outage of a dependency (the
// handler's errors say "unavailable") holds the messages in Kafka instead of sending them to the
// DLQ; other failures still end there after maxAttempts.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createBatchConsumer } from '../src/batch-consumer.js';
import type { ConsumedMessage, KafkaConsumer } from '../src/consumer.js';
import { createProducer } from '../src/producer.js';
import type { KafkaProducer } from '../src/producer.js';
import {
  FAST_GROUP,
  header,
  metricValue,
  startCollector,
  startTestBroker,
  uid,
  waitFor,
} from './helpers.js';
import type { Collected, TestBroker } from './helpers.js';

let broker: TestBroker;
let producer: KafkaProducer;
let dlq: { messages: Collected[]; stop(): Promise<void> };
const consumers: KafkaConsumer[] = [];

beforeAll(async () => {
  broker = startTestBroker();
  producer = createProducer({
    kafka: broker.kafka,
    logger: broker.logger,
    registry: new Registry(),
  });
  await producer.start();
  dlq = await startCollector(broker.kafka, ['badge.dlq']);
});

afterAll(async () => {
  await Promise.allSettled(consumers.map((c) => c.stop()));
  await dlq?.stop();
  await producer?.stop();
  broker?.stop();
});

class Unavailable extends Error {
  override name = 'Unavailable';
}

async function startBatchConsumer(
  topic: string,
  process: (values: string[]) => void,
  groupId = `g.${uid()}`,
): Promise<{ registry: Registry; groupId: string; consumer: KafkaConsumer }> {
  const registry = new Registry();
  const consumer = createBatchConsumer<string>({
    kafka: broker.kafka,
    groupId,
    topics: [topic],
    handler: {
      prepare: (message: ConsumedMessage) => message.value.toString(),
      process: async (items) => process(items.map((i) => i.item)),
    },
    producer,
    logger: broker.logger,
    registry,
    chunkAttempts: 2,
    maxAttempts: 2,
    backoff: { initialMs: 20, maxMs: 100 },
    isUnavailable: (err) => err instanceof Unavailable,
    fromBeginning: true,
    ...FAST_GROUP,
  });
  consumers.push(consumer);
  await consumer.start();
  return { registry, groupId, consumer };
}

const deadLetters = (topic: string) =>
  dlq.messages.filter((m) => header(m.message, 'x-original-topic') === topic);

describe.concurrent('batch consumer and an unavailable dependency', () => {
  it('retries without limit while the dependency is down, then processes everything once, in order', async ({
    expect,
  }) => {
    const topic = `t.${uid()}`;
    broker.mock.createTopic(topic, 1);
    let down = true;
    let calls = 0;
    const processed: string[] = [];
    const { registry, groupId } = await startBatchConsumer(topic, (values) => {
      calls++;
      if (down) throw new Unavailable('connect ECONNREFUSED 127.0.0.1:5432');
      processed.push(...values);
    });
    const values = Array.from({ length: 20 }, (_, i) => `m${i}`);
    await producer.send(
      topic,
      values.map((value) => ({ key: 'k', value })),
    );
    // far beyond chunkAttempts × maxAttempts, and nothing dead-lettered
    await waitFor(() => calls >= 12, { what: 'retries during the outage' });
    expect(deadLetters(topic)).toHaveLength(0);
    expect(await metricValue(registry, 'kafka_consumer_dependency_waits', { group: groupId })).toBe(
      1,
    );
    down = false;
    await waitFor(() => processed.length === values.length, { what: 'every message' });
    await new Promise((r) => setTimeout(r, 500)); // a wrong implementation would redeliver
    expect(processed).toEqual(values);
    expect(deadLetters(topic)).toHaveLength(0);
    expect(await metricValue(registry, 'kafka_consumer_dependency_waits', { group: groupId })).toBe(
      0,
    );
  });

  it('stops promptly while waiting for the dependency, leaving the messages to the next member', async ({
    expect,
  }) => {
    const topic = `t.${uid()}`;
    broker.mock.createTopic(topic, 1);
    let calls = 0;
    const { consumer, groupId } = await startBatchConsumer(topic, () => {
      calls++;
      throw new Unavailable('the database system is starting up');
    });
    await producer.send(topic, [
      { key: 'k', value: 'a' },
      { key: 'k', value: 'b' },
    ]);
    await waitFor(() => calls >= 6, { what: 'retries during the outage' });
    // it would otherwise wait for the database for ever
    const stopped = await Promise.race([
      consumer.stop().then(() => 'stopped'),
      new Promise((r) => setTimeout(() => r('still waiting after 10 s'), 10_000)),
    ]);
    expect(stopped).toBe('stopped');
    const processed: string[] = [];
    await startBatchConsumer(topic, (values) => processed.push(...values), groupId);
    await waitFor(() => processed.length === 2, { what: 'the next member to get both' });
    expect(processed).toEqual(['a', 'b']);
    expect(deadLetters(topic)).toHaveLength(0);
  });

  it('still sends a message that fails for any other reason to the DLQ after maxAttempts', async ({
    expect,
  }) => {
    const topic = `t.${uid()}`;
    broker.mock.createTopic(topic, 1);
    const processed: string[] = [];
    await startBatchConsumer(topic, (values) => {
      if (values.includes('bad')) throw new RangeError('Invalid time value');
      processed.push(...values);
    });
    await producer.send(topic, [
      { key: 'k', value: 'before' },
      { key: 'k', value: 'bad' },
      { key: 'k', value: 'after' },
    ]);
    const [dead] = await waitFor(() => deadLetters(topic).length > 0 && deadLetters(topic), {
      what: 'the failing message in the DLQ',
    });
    await waitFor(() => processed.length === 2, { what: 'the other two' });
    expect(dead!.message.value?.toString()).toBe('bad');
    expect(header(dead!.message, 'x-error-class')).toBe('exhausted');
    expect(processed.sort()).toEqual(['after', 'before']);
  });
});
