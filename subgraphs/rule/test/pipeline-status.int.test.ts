/**
 * The console's pipeline module through the real subgraph: the real Kafka adapter (admin offsets,
 * @badge/kafka's replayDlq) against the librdkafka mock broker of this file, the real operation
 * log record in the rule outbox of the project's database.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@badge/db';
import {
  createKafka,
  createProducer,
  DEFAULT_DLQ_REPLAY_GROUP,
  DLQ_HEADERS,
  type KafkaProducer,
} from '@badge/kafka';
import { startMockKafka, type MockKafka } from '@badge/kafka/mock-broker';
import {
  decodeEvent,
  EngagementEventSchema,
  OperationRecordedSchema,
  TOPIC_PARTITIONS,
  TOPICS,
} from '@badge/proto';
import { Registry } from '@badge/service-kit';
import { buildModulesSchema, fieldsWithoutRule } from '@badge/service-kit/graphql';
import { identities, startTestSubgraph, testDatabaseUrl, type TestSubgraph } from '@badge/testing';
import type { Kafka } from 'kafkajs';
import { createContextFactory } from '../src/context.js';
import { createRepositories } from '../src/db.js';
import { loadEnvironment } from '../src/environment.js';
import { modules } from '../src/modules/index.js';
import { CONSUMER_GROUPS } from '../src/modules/pipeline/consumer-groups.js';
import { createPipelineKafka } from '../src/modules/pipeline/pipeline.kafka.js';
import { createPipelineService } from '../src/modules/pipeline/pipeline.service.js';
import { testLogger, uid } from './helpers.js';

let mock: MockKafka;
let kafka: Kafka;
let producer: KafkaProducer;
let prisma: PrismaClient;
let subgraph: TestSubgraph;
let stopAdapter: () => Promise<void>;
const TARGET = `replay-target-${uid()}`;

const env = loadEnvironment({
  DATABASE_URL: 'postgresql://unused@127.0.0.1/unused',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: '127.0.0.1:9092',
  INTERNAL_IDENTITY_SECRETS: 'test-identity-secret-test-identity-secret',
});

/** The server's wiring (server.ts) on `brokers`, with the production timeouts. */
function pipelineOn(brokers: string[]) {
  const logger = testLogger();
  const client = createKafka({
    brokers,
    clientId: `rule-subgraph-test-${uid()}`,
    logger,
    connectionTimeout: env.PIPELINE_KAFKA_TIMEOUT_MS,
    requestTimeout: env.PIPELINE_KAFKA_TIMEOUT_MS,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
  });
  const adapter = createPipelineKafka({
    kafka: client,
    producer: createProducer({ kafka: client, logger, registry: new Registry() }),
    logger,
    replayTimeoutMs: env.PIPELINE_REPLAY_TIMEOUT_MS,
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 500,
  });
  const service = createPipelineService({
    kafka: adapter,
    repository: createRepositories(prisma).pipelineAdmin,
    logger,
    replayGroupId: DEFAULT_DLQ_REPLAY_GROUP,
    statusTimeoutMs: env.PIPELINE_STATUS_TIMEOUT_MS,
  });
  return { adapter, service };
}

beforeAll(async () => {
  mock = startMockKafka({ brokers: 1, topics: { ...TOPIC_PARTITIONS, [TARGET]: 1 } });
  kafka = createKafka({ brokers: mock.brokers, clientId: `test-${uid()}`, logger: testLogger() });
  producer = createProducer({ kafka, logger: testLogger(), registry: new Registry() });
  await producer.start();
  prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 4 });
  const { adapter, service } = pipelineOn(mock.brokers);
  stopAdapter = () => adapter.stop();
  subgraph = await startTestSubgraph({
    modules,
    createContext: createContextFactory(createRepositories(prisma), { pipeline: service }),
  });
}, 60_000);

afterAll(async () => {
  await subgraph?.stop();
  await stopAdapter?.();
  await producer?.stop();
  await prisma?.$disconnect();
  mock?.stop();
});

const reader = identities.admin(['stats:overview:read']);
const operator = identities.admin(['system:pipeline:write'], `ops-${uid()}`);
const STATUS =
  '{ pipelineStatus { deadLetters kafkaReachable checkedAt consumerLag { groupId topic lag } } }';
const REPLAY = 'mutation($limit: Int) { replayDeadLetters(limit: $limit) { replayed failed } }';

interface Status {
  deadLetters: number;
  kafkaReachable: boolean;
  checkedAt: string;
  consumerLag: { groupId: string; topic: string; lag: number }[];
}
const status = async () => {
  const res = await subgraph.request<{ pipelineStatus: Status }>(reader, STATUS);
  expect(res.errors).toBeUndefined();
  return res.data!.pipelineStatus;
};
const decodeEngagement = (value: Buffer) =>
  decodeEvent(EngagementEventSchema, value, 'application/x-protobuf');
const lagOf = (s: Status, groupId: string, topic: string) =>
  s.consumerLag.find((l) => l.groupId === groupId && l.topic === topic)?.lag;

const deadLetter = (n: number, originalTopic: string | null) => ({
  key: `user-${n}`,
  value: Buffer.from(`payload-${n}`),
  headers: {
    ...(originalTopic ? { [DLQ_HEADERS.originalTopic]: originalTopic } : {}),
    [DLQ_HEADERS.errorClass]: 'exhausted',
    [DLQ_HEADERS.errorMessage]: 'test',
    [DLQ_HEADERS.failedAt]: new Date().toISOString(),
    'x-event-id': `evt-${n}`,
  },
});

describe('rule subgraph: pipeline status and dead-letter replay', () => {
  it('has a shield rule for every field', () => {
    const { schema, rules } = buildModulesSchema(modules);
    expect(fieldsWithoutRule(schema, rules)).toEqual([]);
  });

  it("lists the workers' real consumer groups and topics", () => {
    const source = (path: string) =>
      readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    const constant = (path: string, name: string) =>
      new RegExp(`export const ${name} = '([^']+)'`).exec(source(path))?.[1];
    expect(CONSUMER_GROUPS.map((g) => g.groupId)).toEqual([
      constant('rule/src/consumers/behaviour-events.ts', 'CONSUMER'),
      constant('badge/src/consumers/grant-commands.ts', 'CONSUMER'),
      constant('benefit/src/consumers/badge-events.ts', 'CONSUMER'),
      constant('user/src/consumers/notification-events.ts', 'CONSUMER'),
      constant('user/src/consumers/operation-events.ts', 'OPERATION_LOG_CONSUMER'),
    ]);
    expect(source('badge/src/badge-worker.ts')).toContain('topics: [TOPICS.GRANT_COMMANDS]');
    expect(source('benefit/src/worker-app.ts')).toContain('topics: [TOPICS.BADGE_EVENTS]');
    expect(source('user/src/worker.ts')).toContain(
      'topics: [TOPICS.BADGE_EVENTS, TOPICS.BENEFIT_EVENTS, TOPICS.NOTIFICATIONS]',
    );
    expect(source('user/src/worker.ts')).toContain('topics: [TOPICS.AUDIT_EVENTS]');
  });

  it('shows consumer lag of groups that never committed as everything retained', async () => {
    await producer.send(TOPICS.GRANT_COMMANDS, [
      { key: 'a', value: 'x' },
      { key: 'b', value: 'y' },
      { key: 'c', value: 'z' },
    ]);
    const s = await status();
    expect(s.kafkaReachable).toBe(true);
    expect(Date.parse(s.checkedAt)).not.toBeNaN();
    expect(lagOf(s, 'badge-worker.grant-commands', TOPICS.GRANT_COMMANDS)).toBe(3);
    expect(lagOf(s, 'rule-worker.behaviour-events', TOPICS.ENGAGEMENT_EVENTS)).toBe(0);
    expect(s.consumerLag).toHaveLength(CONSUMER_GROUPS.reduce((n, g) => n + g.topics.length, 0));
  });

  it('counts dead letters, replays them to their original topic, and audits the replay', async () => {
    expect((await status()).deadLetters).toBe(0);
    await producer.send(TOPICS.DLQ, [
      deadLetter(1, TARGET),
      deadLetter(2, null), // cannot be routed
      deadLetter(3, TARGET),
    ]);
    expect((await status()).deadLetters).toBe(3);

    const res = await subgraph.request<{ replayDeadLetters: { replayed: number; failed: number } }>(
      operator,
      REPLAY,
      { limit: 100 },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.replayDeadLetters).toEqual({ replayed: 2, failed: 1 });

    const admin = kafka.admin();
    await admin.connect();
    try {
      const [target] = await admin.fetchTopicOffsets(TARGET);
      expect(target?.high).toBe('2');
    } finally {
      await admin.disconnect();
    }
    // The replay group moved past all three: nothing waits any more.
    expect((await status()).deadLetters).toBe(0);

    const records = await prisma.ruleOutboxEvent.findMany({
      where: { topic: TOPICS.AUDIT_EVENTS, key: operator.subject },
    });
    expect(records).toHaveLength(1);
    const event = decodeEvent(OperationRecordedSchema, records[0]!.payload);
    expect(event).toMatchObject({
      module: 'system',
      action: 'pipeline.replay',
      targetId: TOPICS.DLQ,
    });
    expect(JSON.parse(event.afterJson)).toEqual({ limit: 100, replayed: 2, failed: 1 });
  }, 60_000);

  it('sends a test event through the real broker, readable by the rule consumer, and audits it', async () => {
    const tester = identities.admin(['rule:rule:test'], `tester-${uid()}`);
    const userId = `u-${uid()}`;
    const res = await subgraph.request<{ sendTestEvent: { eventId: string; topic: string } }>(
      tester,
      'mutation($i: TestEventInput!) { sendTestEvent(input: $i) { eventId topic } }',
      { i: { userId, type: 'check_in', attributes: '{"channel": "app"}' } },
    );
    expect(res.errors).toBeUndefined();
    const { eventId, topic } = res.data!.sendTestEvent;
    expect(topic).toBe(TOPICS.ENGAGEMENT_EVENTS);

    const consumer = kafka.consumer({ groupId: `test-event-${uid()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const event = await new Promise<ReturnType<typeof decodeEngagement>>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            if (message.key?.toString() !== userId || !message.value) return;
            resolve(decodeEngagement(message.value));
          },
        });
      });
      expect(event).toMatchObject({ eventId, userId, type: 'check_in', source: 'console-test' });
    } finally {
      await consumer.disconnect();
    }
    const records = await prisma.ruleOutboxEvent.findMany({
      where: { topic: TOPICS.AUDIT_EVENTS, key: tester.subject },
    });
    expect(decodeEvent(OperationRecordedSchema, records[0]!.payload)).toMatchObject({
      action: 'rule.test_event',
      targetId: userId,
    });

    // Without rule:rule:test the gateway's shield refuses.
    const denied = await subgraph.request(
      reader,
      'mutation { sendTestEvent(input: { userId: "x", type: "view" }) { eventId } }',
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 60_000);

  it('refuses a limit outside 1..1000', async () => {
    for (const limit of [0, 1001]) {
      const res = await subgraph.request(operator, REPLAY, { limit });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('needs stats:overview:read to read and system:pipeline:write to replay', async () => {
    const noReplay = await subgraph.request(reader, REPLAY, { limit: 1 });
    expect(noReplay.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const noRead = await subgraph.request(operator, STATUS);
    expect(noRead.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const operatorRole = identities.admin(['rule:rule:write', 'rule:rule:publish']);
    const denied = await subgraph.request(operatorRole, REPLAY, { limit: 1 });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers kafkaReachable false when Kafka cannot be reached; a replay is DEPENDENCY_UNAVAILABLE', async () => {
    const { adapter, service } = pipelineOn(['127.0.0.1:1']);
    const down = await startTestSubgraph({
      modules,
      createContext: createContextFactory(createRepositories(prisma), { pipeline: service }),
    });
    try {
      const res = await down.request<{ pipelineStatus: Status }>(reader, STATUS);
      expect(res.errors).toBeUndefined();
      expect(res.data?.pipelineStatus).toMatchObject({
        kafkaReachable: false,
        deadLetters: 0,
        consumerLag: [],
      });
      const replay = await down.request(operator, REPLAY, { limit: 1 });
      expect(replay.errors?.[0]?.extensions?.code).toBe('DEPENDENCY_UNAVAILABLE');
    } finally {
      await down.stop();
      await adapter.stop();
    }
  });
});
