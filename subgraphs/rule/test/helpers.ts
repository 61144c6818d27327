// Fixtures for the rule pipeline's integration tests: a real librdkafka mock broker with the
// platform's topics, a real outbox relay on the project's database, a collector of the grant
// command topic, and the real rule pipeline (batch consumer + engine + repositories) per test,
// on topics of its own so tests run concurrently without seeing each other's events.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createLogger, Registry, type Logger } from '@badge/service-kit';
import type { Kafka, KafkaMessage } from 'kafkajs';
import {
  createKafka,
  createOutboxRelay,
  createPgOutboxStore,
  createProducer,
  type KafkaProducer,
  type OutboxRelay,
} from '@badge/kafka';
import { startMockKafka, type MockKafka } from '@badge/kafka/mock-broker';
import { createPrismaClient, type PrismaClient } from '@badge/db';
import {
  createEvent,
  decodeByType,
  encodeEvent,
  EngagementEventSchema,
  HEADERS,
  TOPIC_PARTITIONS,
  TOPICS,
  toAttributes,
  timestampFromDate,
  TransactionEventSchema,
  TransactionType,
  type AttributePlain,
  type GrantBadgeCommand,
  type RevokeBadgeCommand,
} from '@badge/proto';
import { identities, testDatabaseUrl, uniqueId } from '@badge/testing';
import { createWorkerRepositories } from '../src/db.js';
import { ZRuleWorkerEnv, type TRuleWorkerEnv } from '../src/environment.js';
import { createRulePipeline, type RulePipeline } from '../src/rule-pipeline.js';
import { createRuleRepository } from '../src/modules/rule/rule.repository.js';
import { createRuleService } from '../src/modules/rule/rule.service.js';

export const uid = (): string => randomBytes(4).toString('hex');

export function testLogger(): Logger {
  // eslint-disable-next-line no-restricted-properties -- test fixture: LOG_LEVEL=debug to see logs
  return createLogger({ name: 'rule-test', level: process.env.LOG_LEVEL ?? 'silent' });
}

export const FAST_GROUP = {
  KAFKA_SESSION_TIMEOUT_MS: 6000,
  KAFKA_HEARTBEAT_INTERVAL_MS: 500,
} as const;

export async function waitFor<T>(
  probe: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  { timeoutMs = 30_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export type Command =
  | { type: 'badge.grant.command.v1'; message: GrantBadgeCommand }
  | { type: 'badge.revoke.command.v1'; message: RevokeBadgeCommand };

export interface Env {
  mock: MockKafka;
  kafka: Kafka;
  logger: Logger;
  prisma: PrismaClient;
  producer: KafkaProducer;
  relay: OutboxRelay;
  /** every command published on badge.grant.commands (decoded), in arrival order */
  published: Command[];
  dlq: KafkaMessage[];
  stop(): Promise<void>;
}

/** Broker with every platform topic, producer, relay of the rule outbox, command + DLQ readers. */
export async function startEnv(): Promise<Env> {
  const mock = startMockKafka({ brokers: 1, topics: { ...TOPIC_PARTITIONS } });
  const logger = testLogger();
  const kafka = createKafka({ brokers: mock.brokers, clientId: `rule-test-${uid()}`, logger });
  const prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 6 });
  const producer = createProducer({ kafka, logger, registry: new Registry() });
  await producer.start();
  const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
  const relay = createOutboxRelay({
    store: createPgOutboxStore({ pool, schema: 'rule' }),
    producer,
    logger,
    registry: new Registry(),
    pollIntervalMs: 200,
    backoff: { initialMs: 100, maxMs: 1000 },
  });
  await relay.start();
  const published: Command[] = [];
  const dlq: KafkaMessage[] = [];
  const reader = kafka.consumer({
    groupId: `reader-${uid()}`,
    maxWaitTimeInMs: 100,
    sessionTimeout: 6000,
    heartbeatInterval: 500,
  });
  await reader.connect();
  await reader.subscribe({ topics: [TOPICS.GRANT_COMMANDS, TOPICS.DLQ], fromBeginning: true });
  await reader.run({
    eachMessage: async ({ topic, message }) => {
      if (topic === TOPICS.DLQ) {
        dlq.push(message);
        return;
      }
      const type = message.headers?.[HEADERS.EVENT_TYPE]?.toString();
      const decoded = decodeByType(type, message.value, 'application/x-protobuf');
      if (decoded.type === 'badge.grant.command.v1' || decoded.type === 'badge.revoke.command.v1')
        published.push(decoded);
    },
  });
  return {
    mock,
    kafka,
    logger,
    prisma,
    producer,
    relay,
    published,
    dlq,
    async stop() {
      await reader.disconnect().catch(() => undefined);
      await relay.stop();
      await producer.stop();
      await pool.end();
      await prisma.$disconnect();
      mock.stop();
    },
  };
}

export const settings = (over: Partial<Record<keyof TRuleWorkerEnv, string | number>> = {}) =>
  ZRuleWorkerEnv.parse({
    RULE_RELOAD_INTERVAL_MS: 200,
    RULE_CONSUMER_BACKOFF_MS: 50,
    ...FAST_GROUP,
    ...over,
  });

export interface Harness {
  engagementTopic: string;
  transactionTopic: string;
  group: string;
  pipeline: RulePipeline;
  stop(): Promise<void>;
}

/** The real rule pipeline on topics and a consumer group of its own. */
export async function startPipeline(
  env: Env,
  over: Partial<Record<keyof TRuleWorkerEnv, string | number>> = {},
  prisma: PrismaClient = env.prisma,
): Promise<Harness> {
  const id = uid();
  const engagementTopic = `test.engagement.${id}`;
  const transactionTopic = `test.transaction.${id}`;
  env.mock.createTopic(engagementTopic, 3);
  env.mock.createTopic(transactionTopic, 3);
  const group = `rule-test.${id}`;
  const pipeline = createRulePipeline({
    kafka: env.kafka,
    producer: env.producer,
    notify: () => env.relay.notify(),
    repositories: createWorkerRepositories(prisma),
    logger: env.logger,
    registry: new Registry(),
    settings: settings({
      RULE_ENGAGEMENT_TOPIC: engagementTopic,
      RULE_TRANSACTION_TOPIC: transactionTopic,
      RULE_CONSUMER_GROUP: group,
      ...over,
    }),
  });
  await pipeline.start();
  return { engagementTopic, transactionTopic, group, pipeline, stop: () => pipeline.stop() };
}

export const admin = identities.admin([
  'rule:rule:read',
  'rule:rule:write',
  'rule:rule:publish',
  'rule:rule:test',
]);

/** Creates and publishes a rule through the real rule service (as the mutations do). */
export async function publishedRule(
  prisma: PrismaClient,
  input: {
    templateCode: string;
    eventTypes: string[];
    params?: Record<string, string>;
    celCondition?: string;
    revokeOnRefund?: boolean;
    perUserGrantLimit?: number;
    timezone?: string;
    activeFrom?: string;
    activeUntil?: string;
  },
) {
  const service = createRuleService(createRuleRepository(prisma));
  const created = await service.create(admin, {
    name: uniqueId('rule'),
    badgeId: crypto.randomUUID(),
    templateCode: input.templateCode,
    eventTypes: input.eventTypes,
    params: Object.entries(input.params ?? {}).map(([name, value]) => ({ name, value })),
    ...(input.celCondition ? { celCondition: input.celCondition } : {}),
    ...(input.revokeOnRefund !== undefined ? { revokeOnRefund: input.revokeOnRefund } : {}),
    ...(input.perUserGrantLimit ? { perUserGrantLimit: input.perUserGrantLimit } : {}),
    ...(input.timezone ? { timezone: input.timezone } : {}),
    ...(input.activeFrom ? { activeFrom: input.activeFrom } : {}),
    ...(input.activeUntil ? { activeUntil: input.activeUntil } : {}),
  });
  return service.publish(admin, { id: created.id, lockVersion: created.lockVersion });
}

export function engagement(
  userId: string,
  type: string,
  at: string | Date,
  attributes: Record<string, AttributePlain> = {},
  eventId?: string,
) {
  const message = createEvent(EngagementEventSchema, {
    ...(eventId ? { eventId } : {}),
    userId,
    type,
    occurredAt: timestampFromDate(new Date(at)),
    attributes: toAttributes(attributes),
    source: 'test',
  });
  return {
    id: message.eventId,
    kafka: {
      key: userId,
      value: Buffer.from(encodeEvent(EngagementEventSchema, message)),
      headers: {
        [HEADERS.CONTENT_TYPE]: 'application/x-protobuf',
        [HEADERS.EVENT_TYPE]: 'engagement.event.v1',
        [HEADERS.EVENT_ID]: message.eventId,
      },
    },
  };
}

export function transaction(
  userId: string,
  kind: 'purchase' | 'refund',
  at: string | Date,
  amount: number,
  extra: {
    attributes?: Record<string, AttributePlain>;
    orderId?: string;
    refundOf?: string;
    eventId?: string;
  } = {},
) {
  const message = createEvent(TransactionEventSchema, {
    ...(extra.eventId ? { eventId: extra.eventId } : {}),
    userId,
    type: kind === 'purchase' ? TransactionType.PURCHASE : TransactionType.REFUND,
    occurredAt: timestampFromDate(new Date(at)),
    orderId: extra.orderId ?? `ORD-${uid()}`,
    amount: BigInt(amount),
    currency: 'CNY',
    refundOfEventId: extra.refundOf ?? '',
    attributes: toAttributes(extra.attributes ?? {}),
    source: 'test',
  });
  return {
    id: message.eventId,
    kafka: {
      key: userId,
      value: Buffer.from(encodeEvent(TransactionEventSchema, message)),
      headers: {
        [HEADERS.CONTENT_TYPE]: 'application/x-protobuf',
        [HEADERS.EVENT_TYPE]: 'transaction.event.v1',
        [HEADERS.EVENT_ID]: message.eventId,
      },
    },
  };
}

/** Messages this consumer group has processed (inbox rows). */
export async function processedCount(prisma: PrismaClient, group: string): Promise<number> {
  return prisma.ruleInboxMessage.count({ where: { consumer: group } });
}

/** Commands durably written to the rule outbox for these users (decoded). */
export async function outboxCommands(prisma: PrismaClient, userIds: string[]): Promise<Command[]> {
  const rows = await prisma.ruleOutboxEvent.findMany({
    where: { key: { in: userIds }, topic: TOPICS.GRANT_COMMANDS },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => decodeByType(r.eventType, r.payload, 'application/x-protobuf') as Command);
}

export const grantsOf = (commands: Command[], ruleId: string) =>
  commands
    .filter(
      (c): c is Extract<Command, { type: 'badge.grant.command.v1' }> =>
        c.type === 'badge.grant.command.v1',
    )
    .map((c) => c.message)
    .filter((m) => m.ruleId === ruleId);

export const revokesOf = (commands: Command[], ruleId: string) =>
  commands
    .filter(
      (c): c is Extract<Command, { type: 'badge.revoke.command.v1' }> =>
        c.type === 'badge.revoke.command.v1',
    )
    .map((c) => c.message)
    .filter((m) => m.ruleId === ruleId);
