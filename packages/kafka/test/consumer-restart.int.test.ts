// Offsets and shutdown: a graceful stop finishes and commits the in-flight message, and a new
// consumer of the same group resumes exactly after the last committed offset.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createConsumer } from '../src/consumer.js';
import type { KafkaConsumer, MessageHandler } from '../src/consumer.js';
import { createProducer } from '../src/producer.js';
import type { KafkaProducer } from '../src/producer.js';
import { FAST_GROUP, startTestBroker, uid, waitFor } from './helpers.js';
import type { TestBroker } from './helpers.js';

let broker: TestBroker;
let producer: KafkaProducer;

beforeAll(async () => {
  broker = startTestBroker();
  producer = createProducer({
    kafka: broker.kafka,
    logger: broker.logger,
    registry: new Registry(),
  });
  await producer.start();
});

afterAll(async () => {
  await producer?.stop();
  broker?.stop();
});

function consumerFor(topic: string, groupId: string, handler: MessageHandler): KafkaConsumer {
  return createConsumer({
    kafka: broker.kafka,
    groupId,
    topics: [topic],
    handler,
    producer,
    maxAttempts: 3,
    backoff: { initialMs: 20, maxMs: 100 },
    logger: broker.logger,
    registry: new Registry(),
    fromBeginning: true,
    ...FAST_GROUP,
  });
}

describe.concurrent('consumer restart', () => {
  it('finishes the in-flight message on stop() and a restart resumes from the committed offset', async ({
    expect,
  }) => {
    const topic = `restart.${uid()}`;
    const groupId = `g.${uid()}`;
    broker.mock.createTopic(topic, 1);
    const values = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => ({ key: 'user-7', value: `m${from + i}` }));
    await producer.send(topic, values(1, 10));

    // First consumer: message m5 is slow; stop() is called while it runs.
    const seen: string[] = [];
    let m5Started!: () => void;
    const m5 = new Promise<void>((r) => (m5Started = r));
    let m5Finished = false;
    const first = consumerFor(topic, groupId, async (msg) => {
      const v = msg.value.toString();
      if (v === 'm5') {
        m5Started();
        await new Promise((r) => setTimeout(r, 800));
        m5Finished = true;
      }
      seen.push(v);
    });
    await first.start();
    expect(first.readiness()).toBe(true);
    await m5;
    await first.stop();
    expect(m5Finished).toBe(true);
    expect(first.readiness()).toBe(false);
    expect(first.state()).toBe('stopped');
    expect(seen).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);

    // Messages produced while nobody consumes.
    await producer.send(topic, values(11, 13));

    // Second consumer, same group: starts right after m5 (committed by the graceful stop).
    const seenAfter: string[] = [];
    const second = consumerFor(topic, groupId, async (msg) => {
      seenAfter.push(msg.value.toString());
    });
    await second.start();
    await waitFor(() => seenAfter.length >= 8, {
      what: 'the remaining messages',
      timeoutMs: 20_000,
    });
    // Let a wrong implementation redeliver something before checking for duplicates.
    await new Promise((r) => setTimeout(r, 500));
    await second.stop();
    expect(seenAfter).toEqual(['m6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm12', 'm13']);
  });

  it('heartbeats while a slow handler runs', async ({ expect }) => {
    const topic = `slow.${uid()}`;
    broker.mock.createTopic(topic, 1);
    let heartbeatsDuringHandler = 0;
    let inHandler = false;
    let done = false;
    const consumer = consumerFor(topic, `g.${uid()}`, async () => {
      inHandler = true;
      await new Promise((r) => setTimeout(r, 1600));
      inHandler = false;
      done = true;
    });
    consumer.raw.on(consumer.raw.events.HEARTBEAT, () => {
      if (inHandler) heartbeatsDuringHandler++;
    });
    await consumer.start();
    await producer.send(topic, [{ key: 'k', value: 'slow' }]);
    await waitFor(() => done, { what: 'the slow handler' });
    await consumer.stop();
    // heartbeatInterval is 500 ms: a 1.6 s handler must have sent at least two.
    expect(heartbeatsDuringHandler).toBeGreaterThanOrEqual(2);
  });
});
