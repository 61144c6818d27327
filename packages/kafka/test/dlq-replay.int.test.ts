// The DLQ replay and the group backlog it starts from, against the real librdkafka mock broker.
// Each test has its own DLQ topic, target topic and replay group.
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../src/consumer.js';
import { DLQ_REPLAY_HEADERS, replayDlq } from '../src/dlq-replay.js';
import { readGroupBacklog } from '../src/group-backlog.js';
import { createProducer } from '../src/producer.js';
import type { KafkaProducer, MessagePublisher } from '../src/producer.js';
import { FAST_GROUP, header, startCollector, startTestBroker, uid, waitFor } from './helpers.js';
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

function topics() {
  const dlq = `dlq.${uid()}`;
  const target = `target.${uid()}`;
  broker.mock.createTopic(dlq, 2);
  broker.mock.createTopic(target, 1);
  return { dlq, target };
}

const deadLetter = (key: string, originalTopic: string | null) => ({
  key,
  value: `value-of-${key}`,
  headers: {
    ...(originalTopic ? { [DLQ_HEADERS.originalTopic]: originalTopic } : {}),
    [DLQ_HEADERS.errorClass]: 'exhausted',
    [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    'x-event-id': `evt-${key}`,
  },
});

async function backlogOf(groupId: string, topic: string): Promise<bigint> {
  const admin = broker.kafka.admin();
  await admin.connect();
  try {
    const [t] = await readGroupBacklog(admin, groupId, [topic]);
    return t!.backlog;
  } finally {
    await admin.disconnect();
  }
}

const replay = (dlqTopic: string, groupId: string, publisher: MessagePublisher = producer) =>
  replayDlq({
    kafka: broker.kafka,
    producer: publisher,
    logger: broker.logger,
    groupId,
    dlqTopic,
    timeoutMs: 30_000,
    sessionTimeout: FAST_GROUP.sessionTimeout,
    heartbeatInterval: FAST_GROUP.heartbeatInterval,
  });

describe('DLQ replay', () => {
  it('re-drives routable messages, counts unroutable ones as failed, and moves its group past them', async () => {
    const { dlq, target } = topics();
    const group = `replay-${uid()}`;
    await producer.send(dlq, [
      deadLetter('u1', target),
      deadLetter('u2', null),
      deadLetter('u3', target),
    ]);
    expect(await backlogOf(group, dlq)).toBe(3n);

    const collector = await startCollector(broker.kafka, [target]);
    try {
      const result = await replay(dlq, group);
      expect(result).toMatchObject({ scanned: 3, replayed: 2, skipped: 0, failed: 1 });
      expect(result.error).toBeUndefined();
      const arrived = await waitFor(() => collector.messages.length >= 2 && collector.messages, {
        what: 'the replayed messages',
      });
      expect(arrived.map((m) => m.message.key?.toString()).sort()).toEqual(['u1', 'u3']);
      const first = arrived[0]!.message;
      expect(header(first, 'x-event-id')).toMatch(/^evt-u[13]$/);
      expect(header(first, DLQ_HEADERS.errorClass)).toBeUndefined();
      expect(header(first, DLQ_REPLAY_HEADERS.replayedFrom)).toMatch(
        new RegExp(`^${dlq}/\\d/\\d+$`),
      );
    } finally {
      await collector.stop();
    }
    expect(await backlogOf(group, dlq)).toBe(0n);
    expect(await backlogOf(`other-${uid()}`, dlq)).toBe(3n);
    expect(await replay(dlq, group)).toMatchObject({ scanned: 0, replayed: 0, failed: 0 });
  }, 60_000);

  it('stops at a failed produce, reports it, and leaves that message for the next run', async () => {
    const dlq = `dlq.${uid()}`;
    broker.mock.createTopic(dlq, 1);
    const target = `target.${uid()}`;
    broker.mock.createTopic(target, 1);
    const group = `replay-${uid()}`;
    await producer.send(dlq, [deadLetter('a', target), deadLetter('b', target)]);
    const failing: MessagePublisher = {
      send: () => Promise.reject(new Error('broker said no')),
      sendBatch: () => Promise.reject(new Error('broker said no')),
    };

    const failed = await replay(dlq, group, failing);
    expect(failed).toMatchObject({ replayed: 0, failed: 1 });
    expect(failed.error).toContain('broker said no');
    expect(await backlogOf(group, dlq)).toBe(2n);

    const again = await replay(dlq, group);
    expect(again).toMatchObject({ replayed: 2, failed: 0 });
    expect(again.error).toBeUndefined();
    expect(await backlogOf(group, dlq)).toBe(0n);
  }, 60_000);
});
