// Consumer + producer against the real librdkafka mock broker over TCP. Each test has its own
// topic and consumer group; the tests run concurrently because every first group join costs a
// fixed ~3 s on librdkafka 2.0.2.
import { context, trace } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { PoisonMessageError, createConsumer } from '../src/consumer.js';
import type { ConsumedMessage, KafkaConsumer, MessageHandler } from '../src/consumer.js';
import { createProducer } from '../src/producer.js';
import type { KafkaProducer, MessagePublisher } from '../src/producer.js';
import {
  FAST_GROUP,
  header,
  metricValue,
  setupTracing,
  startCollector,
  startTestBroker,
  uid,
  waitFor,
} from './helpers.js';
import type { Collected, TestBroker } from './helpers.js';

let broker: TestBroker;
let producer: KafkaProducer;
let producerRegistry: Registry;
let spans: InMemorySpanExporter;
let dlq: { messages: Collected[]; stop(): Promise<void> };
const consumers: KafkaConsumer[] = [];

beforeAll(async () => {
  spans = setupTracing();
  broker = startTestBroker();
  producerRegistry = new Registry();
  producer = createProducer({
    kafka: broker.kafka,
    logger: broker.logger,
    registry: producerRegistry,
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

function newTopic(partitions = 1): string {
  const topic = `t.${uid()}`;
  broker.mock.createTopic(topic, partitions);
  return topic;
}

async function startConsumer(
  topic: string,
  handler: MessageHandler,
  extra: {
    registry?: Registry;
    maxAttempts?: number;
    producer?: MessagePublisher;
    groupId?: string;
    isUnavailable?: (err: unknown) => boolean;
  } = {},
): Promise<{ consumer: KafkaConsumer; registry: Registry; groupId: string }> {
  const registry = extra.registry ?? new Registry();
  const groupId = extra.groupId ?? `g.${uid()}`;
  const consumer = createConsumer({
    kafka: broker.kafka,
    groupId,
    topics: [topic],
    handler,
    producer: extra.producer ?? producer,
    maxAttempts: extra.maxAttempts ?? 3,
    backoff: { initialMs: 20, maxMs: 100 },
    ...(extra.isUnavailable ? { isUnavailable: extra.isUnavailable } : {}),
    logger: broker.logger,
    registry,
    fromBeginning: true,
    ...FAST_GROUP,
  });
  consumers.push(consumer);
  await consumer.start();
  return { consumer, registry, groupId };
}

describe.concurrent('consumer against the mock broker', () => {
  it('round-trips key, value, headers and the trace context', async ({ expect }) => {
    const topic = newTopic(3);
    const received: Array<{ msg: ConsumedMessage; activeTraceId: string | undefined }> = [];
    const { consumer, registry, groupId } = await startConsumer(topic, async (msg) => {
      received.push({ msg, activeTraceId: trace.getSpan(context.active())?.spanContext().traceId });
    });
    expect(consumer.readiness()).toBe(true);

    const root = trace.getTracer('test').startSpan('request');
    const rootCtx = trace.setSpan(context.active(), root);
    await context.with(rootCtx, () =>
      producer.send(topic, [
        {
          key: 'user-1',
          value: Buffer.from([0, 1, 2, 255]),
          headers: { 'event-id': 'e-1', 'content-type': 'application/x-protobuf' },
        },
        { key: 'user-2', value: 'second' },
      ]),
    );
    root.end();

    await waitFor(() => received.length === 2, { what: 'two messages' });
    const first = received.find((r) => r.msg.key === 'user-1')!;
    expect(first.msg.topic).toBe(topic);
    expect(first.msg.value.equals(Buffer.from([0, 1, 2, 255]))).toBe(true);
    expect(first.msg.headers['event-id']).toBe('e-1');
    expect(first.msg.headers['content-type']).toBe('application/x-protobuf');
    expect(first.msg.attempt).toBe(1);

    // traceparent = the PRODUCER span, child of the request span; the handler ran in a CONSUMER
    // span of the same trace whose parent is the PRODUCER span.
    const traceId = root.spanContext().traceId;
    expect(first.msg.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    expect(trace.getSpanContext(first.msg.traceContext)?.traceId).toBe(traceId);
    expect(first.activeTraceId).toBe(traceId);
    const finished = spans.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const producerSpan = finished.find((s) => s.kind === SpanKind.PRODUCER)!;
    const consumerSpans = finished.filter((s) => s.kind === SpanKind.CONSUMER);
    expect(producerSpan.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(first.msg.headers.traceparent).toContain(producerSpan.spanContext().spanId);
    expect(consumerSpans).toHaveLength(2);
    for (const s of consumerSpans)
      expect(s.parentSpanContext?.spanId).toBe(producerSpan.spanContext().spanId);

    // Offsets were committed (read back through the coordinator).
    const admin = broker.kafka.admin();
    await admin.connect();
    // fetchOffsets is an OffsetFetch request to the coordinator (supported by the mock, unlike
    // most admin calls).
    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    const total = committed[0]!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    expect(total).toBe(2);

    expect(
      await metricValue(registry, 'kafka_messages_consumed_total', {
        topic,
        group: groupId,
        status: 'ok',
      }),
    ).toBe(2);
    expect(await metricValue(producerRegistry, 'kafka_messages_produced_total', { topic })).toBe(2);
    const text = await registry.metrics();
    expect(text).toContain('kafka_message_processing_seconds_bucket');
    expect(text).toMatch(
      new RegExp(
        `kafka_consumer_lag\\{topic="${topic.replace('.', '\\.')}",partition="\\d",group="${groupId}"\\} 0`,
      ),
    );
  });

  it('sends a poison message to badge.dlq with context headers and original bytes, and keeps going', async ({
    expect,
  }) => {
    const topic = newTopic(1);
    const processed: string[] = [];
    let poisonCalls = 0;
    const { registry, groupId } = await startConsumer(topic, async (msg) => {
      if (msg.value.toString() === 'garbage') {
        poisonCalls++;
        throw new PoisonMessageError('cannot decode payload');
      }
      if (msg.value.toString() === 'also-garbage') {
        // Any error flagged isPoison counts, not only the exported class.
        throw Object.assign(new Error('schema v9 unknown'), { isPoison: true });
      }
      processed.push(msg.value.toString());
    });

    const poisonBytes = Buffer.from('garbage');
    await producer.send(topic, [
      { key: 'u1', value: 'before' },
      {
        key: 'u1',
        value: poisonBytes,
        headers: {
          'event-id': 'evt-poison',
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
      },
      { key: 'u1', value: 'after-1' },
      { key: 'u1', value: 'also-garbage' },
      { key: 'u1', value: 'after-2' },
    ]);

    await waitFor(() => processed.length === 3, { what: 'the healthy messages' });
    expect(processed).toEqual(['before', 'after-1', 'after-2']);
    expect(poisonCalls).toBe(1); // no retries for poison

    const inDlq = await waitFor(
      () => {
        const mine = dlq.messages.filter((m) => header(m.message, 'x-original-topic') === topic);
        return mine.length === 2 ? mine : undefined;
      },
      { what: 'two DLQ messages' },
    );
    const poison = inDlq.find((m) => header(m.message, 'x-original-offset') === '1')!;
    expect(poison.message.value?.equals(poisonBytes)).toBe(true);
    expect(poison.message.key?.toString()).toBe('u1');
    expect(header(poison.message, 'x-original-partition')).toBe('0');
    expect(header(poison.message, 'x-original-key')).toBe('u1');
    expect(header(poison.message, 'x-consumer-group')).toBe(groupId);
    expect(header(poison.message, 'x-error-class')).toBe('poison');
    expect(header(poison.message, 'x-error-message')).toContain('cannot decode payload');
    expect(header(poison.message, 'x-attempts')).toBe('1');
    expect(new Date(header(poison.message, 'x-failed-at')!).toISOString()).toBe(
      header(poison.message, 'x-failed-at'),
    );
    expect(header(poison.message, 'event-id')).toBe('evt-poison'); // original headers kept
    expect(header(poison.message, 'traceparent')).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    const second = inDlq.find((m) => header(m.message, 'x-original-offset') === '3')!;
    expect(header(second.message, 'x-error-class')).toBe('poison');

    expect(
      await metricValue(registry, 'kafka_dlq_messages_total', {
        topic,
        group: groupId,
        error_class: 'poison',
      }),
    ).toBe(2);
    expect(
      await metricValue(registry, 'kafka_messages_consumed_total', {
        topic,
        group: groupId,
        status: 'dlq',
      }),
    ).toBe(2);
    expect(
      await metricValue(registry, 'kafka_messages_consumed_total', {
        topic,
        group: groupId,
        status: 'ok',
      }),
    ).toBe(3);
  });

  it('retries a handler that fails twice, then processes the message exactly once', async ({
    expect,
  }) => {
    const topic = newTopic(1);
    const attempts: number[] = [];
    const effects: string[] = [];
    const { registry, groupId } = await startConsumer(
      topic,
      async (msg) => {
        attempts.push(msg.attempt);
        if (msg.value.toString() === 'flaky' && msg.attempt < 3)
          throw new Error(`transient #${msg.attempt}`);
        effects.push(msg.value.toString());
      },
      { maxAttempts: 5 },
    );
    await producer.send(topic, [
      { key: 'u', value: 'flaky' },
      { key: 'u', value: 'next' },
    ]);
    await waitFor(() => effects.length === 2, { what: 'both effects' });
    // Give a wrong implementation the chance to redeliver before asserting exactly-once.
    await new Promise((r) => setTimeout(r, 500));
    expect(effects).toEqual(['flaky', 'next']);
    expect(attempts).toEqual([1, 2, 3, 1]);
    expect(
      await metricValue(registry, 'kafka_messages_consumed_total', {
        topic,
        group: groupId,
        status: 'retried',
      }),
    ).toBe(1);
    expect(
      await metricValue(registry, 'kafka_messages_consumed_total', {
        topic,
        group: groupId,
        status: 'ok',
      }),
    ).toBe(1);
    expect(
      await metricValue(registry, 'kafka_message_retries_total', { topic, group: groupId }),
    ).toBe(2);
    expect(
      dlq.messages.filter((m) => header(m.message, 'x-original-topic') === topic),
    ).toHaveLength(0);
  });

  it('waits out an unavailable dependency without limit: no DLQ, the partition holds, then exactly once', async ({
    expect,
  }) => {
    const topic = newTopic(1);
    const unavailable = () =>
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    let down = true;
    const attempts: number[] = [];
    const effects: string[] = [];
    const { registry, groupId } = await startConsumer(
      topic,
      async (msg) => {
        if (msg.value.toString() === 'first') attempts.push(msg.attempt);
        if (down) throw unavailable();
        effects.push(msg.value.toString());
      },
      {
        maxAttempts: 2,
        isUnavailable: (err) => (err as { code?: unknown }).code === 'ECONNREFUSED',
      },
    );
    await producer.send(topic, [
      { key: 'u', value: 'first' },
      { key: 'u', value: 'second' },
    ]);
    // far more attempts than maxAttempts, and still nothing in the DLQ nor after it processed
    await waitFor(() => attempts.length >= 8, { what: 'retries during the outage' });
    expect(await metricValue(registry, 'kafka_consumer_dependency_waits', { group: groupId })).toBe(
      1,
    );
    expect(effects).toEqual([]);
    down = false;
    await waitFor(() => effects.length === 2, { what: 'both effects after the outage' });
    await new Promise((r) => setTimeout(r, 500));
    expect(effects).toEqual(['first', 'second']);
    expect(
      dlq.messages.filter((m) => header(m.message, 'x-original-topic') === topic),
    ).toHaveLength(0);
    expect(await metricValue(registry, 'kafka_consumer_dependency_waits', { group: groupId })).toBe(
      0,
    );
    expect(
      await metricValue(registry, 'kafka_messages_consumed_total', {
        topic,
        group: groupId,
        status: 'retried',
      }),
    ).toBe(1);
  });

  it('sends a message whose handler always fails to the DLQ as exhausted', async ({ expect }) => {
    const topic = newTopic(1);
    let calls = 0;
    const after: string[] = [];
    const { registry, groupId } = await startConsumer(
      topic,
      async (msg) => {
        if (msg.value.toString() === 'doomed') {
          calls++;
          throw new TypeError('database says no');
        }
        after.push(msg.value.toString());
      },
      { maxAttempts: 3 },
    );
    await producer.send(topic, [
      { key: 'k', value: 'doomed', headers: { 'event-id': 'evt-doomed' } },
      { key: 'k', value: 'fine' },
    ]);
    const [dead] = await waitFor(
      () => {
        const mine = dlq.messages.filter((m) => header(m.message, 'x-original-topic') === topic);
        return mine.length > 0 ? mine : undefined;
      },
      { what: 'the exhausted message in the DLQ' },
    );
    await waitFor(() => after.length === 1, { what: 'the next message' });
    expect(calls).toBe(3);
    expect(dead!.message.value?.toString()).toBe('doomed');
    expect(header(dead!.message, 'x-error-class')).toBe('exhausted');
    expect(header(dead!.message, 'x-attempts')).toBe('3');
    expect(header(dead!.message, 'x-error-message')).toBe('TypeError: database says no');
    expect(header(dead!.message, 'event-id')).toBe('evt-doomed');
    expect(after).toEqual(['fine']);
    expect(
      await metricValue(registry, 'kafka_dlq_messages_total', {
        topic,
        group: groupId,
        error_class: 'exhausted',
      }),
    ).toBe(1);
  });

  it('does not commit when the DLQ write fails: the message is redelivered and dead-lettered later', async ({
    expect,
  }) => {
    const topic = newTopic(1);
    let dlqFailures = 2;
    const flakyDlq: MessagePublisher = {
      send: async (t, messages) => {
        if (dlqFailures > 0) {
          dlqFailures--;
          throw new Error('broker unavailable');
        }
        return producer.send(t, messages);
      },
      sendBatch: (batches) => producer.sendBatch(batches),
    };
    const deliveries: string[] = [];
    const { registry, groupId } = await startConsumer(
      topic,
      async (msg) => {
        deliveries.push(`${msg.value.toString()}#${msg.attempt}`);
        if (msg.value.toString() === 'bad') throw new PoisonMessageError('bad bytes');
      },
      { producer: flakyDlq },
    );
    await producer.send(topic, [
      { key: 'k', value: 'bad' },
      { key: 'k', value: 'good' },
    ]);
    await waitFor(() => deliveries.includes('good#1'), {
      what: 'the message after the poison one',
      timeoutMs: 25_000,
    });
    // 'bad' was delivered once per DLQ attempt (2 failed writes + 1 successful), 'good' only
    // after the DLQ write succeeded.
    expect(deliveries).toEqual(['bad#1', 'bad#1', 'bad#1', 'good#1']);
    await waitFor(() => dlq.messages.some((m) => header(m.message, 'x-original-topic') === topic), {
      what: 'DLQ copy',
    });
    expect(
      dlq.messages.filter((m) => header(m.message, 'x-original-topic') === topic),
    ).toHaveLength(1);
    expect(
      await metricValue(registry, 'kafka_dlq_write_errors_total', { topic, group: groupId }),
    ).toBe(2);
  });
});
