/**
 * The real badge worker (startBadgeWorker = runWorker + the grant-commands handler + outbox relay
 * + batch and expiry loops) against the librdkafka mock broker and its own database (the relay
 * publishes every outbox row of its database, so this file does not share the project's).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@badge/db';
import { createKafka, createProducer, type KafkaProducer } from '@badge/kafka';
import { startMockKafka, type MockKafka } from '@badge/kafka/mock-broker';
import {
  BadgesConsumedSchema,
  BadgeSource,
  ConsumeBadgesCommandSchema,
  createEvent,
  decodeEvent,
  GrantBadgeCommandSchema,
  RestoreBadgesCommandSchema,
  toOutboxRecord,
  type EventSchema,
  type MessageInitShape,
  type MessageShape,
} from '@badge/proto';
import { createRuntime, Registry, type Runtime } from '@badge/service-kit';
import { createTestDatabase, uniqueId, type TestDatabase } from '@badge/testing';
import { startBadgeWorker } from '../src/badge-worker.js';
import { loadEnvironment } from '../src/environment.js';
import { activeQuantity, createBadge, metricValue, requireBadges, testLogger } from './helpers.js';

let database: TestDatabase;
let mock: MockKafka;
let prisma: PrismaClient;
let runtime: Runtime;
let producer: KafkaProducer;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: true });
  mock = startMockKafka({
    brokers: 1,
    topics: {
      'badge.grant.commands': 3,
      'badge.badge.events': 3,
      'badge.audit.events': 3,
      'badge.dlq': 1,
    },
  });
  const env = loadEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    METRICS_PORT: '0',
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: '6',
    REDIS_URL: 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: mock.bootstrap,
    INTERNAL_IDENTITY_SECRETS: 'worker-test-secret-worker-test-secret',
    BADGE_EXPIRY_SWEEP_INTERVAL_MS: '200',
    BADGE_BATCH_POLL_INTERVAL_MS: '200',
  });
  runtime = createRuntime('badge-worker-test', env);
  prisma = createPrismaClient({ url: database.url, poolMax: 6 });
  await startBadgeWorker({ runtime, env, prisma });
  producer = createProducer({
    kafka: createKafka({
      brokers: mock.brokers,
      clientId: 'badge-worker-test-producer',
      logger: testLogger(),
    }),
    logger: testLogger(),
    registry: new Registry(),
  });
  await producer.start();
}, 120_000);

afterAll(async () => {
  await producer?.stop();
  await runtime?.shutdown.run('test finished');
  await prisma?.$disconnect();
  mock?.stop();
  await database?.drop();
}, 60_000);

function command(init: MessageInitShape<typeof GrantBadgeCommandSchema>) {
  return createEvent(GrantBadgeCommandSchema, {
    quantity: 1,
    source: BadgeSource.RULE,
    ruleId: 'rule-1',
    ruleVersion: 1,
    sourceRef: `evt-${uniqueId()}`,
    actor: 'rule-worker',
    ...init,
  });
}

async function send(...commands: ReturnType<typeof command>[]) {
  await sendAs(GrantBadgeCommandSchema, ...commands);
}

/** Produces messages to the commands topic exactly as a platform producer's outbox would. */
async function sendAs<S extends EventSchema>(schema: S, ...messages: MessageShape<S>[]) {
  await producer.send(
    'badge.grant.commands',
    messages.map((m) => {
      const record = toOutboxRecord(schema, m);
      return {
        key: record.key,
        value: Buffer.from(record.payload),
        headers: { ...record.headers },
      };
    }),
  );
}

const metric = (name: string, labels: Record<string, string>) =>
  metricValue(runtime.metrics.registry, name, labels);

const POLL = { timeout: 30_000, interval: 100 };

describe.concurrent('badge worker', () => {
  it('applies the same grant command delivered 3 times exactly once', async ({ expect }) => {
    const badge = await createBadge(prisma, { isRepeatable: true, totalStock: 50 });
    const userId = uniqueId('u');
    const cmd = command({ userId, badgeId: badge.id });
    await send(cmd, cmd, cmd);
    await expect
      .poll(
        async () =>
          (await metric('events_processed_total', {
            consumer: 'badge-worker.grant-commands',
            outcome: 'duplicate',
          })) >= 2 &&
          (await prisma.badgeInboxMessage.count({ where: { messageId: cmd.commandId } })),
        POLL,
      )
      .toBe(1);
    const grants = await prisma.userBadge.findMany({ where: { userId } });
    expect(grants.map((g) => [g.idempotencyKey, g.source, g.quantity])).toEqual([
      [cmd.commandId, 'RULE', 1],
    ]);
    expect(await activeQuantity(prisma, userId, badge.id)).toBe(1);
    expect((await prisma.badge.findUniqueOrThrow({ where: { id: badge.id } })).remainingStock).toBe(
      49,
    );
    expect(await metric('badge_command_batches_total', { transaction: 'sql' })).toBeGreaterThan(0);
    // one BadgeGranted, published by the relay
    await expect
      .poll(
        () =>
          prisma.badgeOutboxEvent.count({
            where: { key: userId, eventType: 'badge.granted.v1', publishedAt: { not: null } },
          }),
        POLL,
      )
      .toBe(1);
  });

  it('applies a batch of mixed commands: stock, one-time, cap, refusals, duplicates', async ({
    expect,
  }) => {
    const stocked = await createBadge(prisma, { isRepeatable: true, totalStock: 3 });
    const oneTime = await createBadge(prisma, { isRepeatable: false });
    const capped = await createBadge(prisma, { isRepeatable: true, perUserCap: 2 });
    const users = Array.from({ length: 5 }, () => uniqueId('u'));
    const [first, second] = users as [string, string];
    const commands = [
      ...users.map((userId) => command({ userId, badgeId: stocked.id })), // 3 granted, 2 sold out
      command({ userId: first, badgeId: oneTime.id }),
      command({ userId: first, badgeId: oneTime.id }), // ONE_TIME
      ...[1, 2, 3].map(() => command({ userId: second, badgeId: capped.id })), // 3rd: PER_USER_CAP
    ];
    await send(...commands, commands[0]!, commands[5]!); // two redeliveries in the same send
    await expect
      .poll(
        () =>
          prisma.badgeInboxMessage.count({
            where: { messageId: { in: commands.map((c) => c.commandId) } },
          }),
        POLL,
      )
      .toBe(commands.length);
    const grants = await prisma.userBadge.findMany({ where: { userId: { in: users } } });
    const count = (badgeId: string) => grants.filter((g) => g.badgeId === badgeId).length;
    expect([count(stocked.id), count(oneTime.id), count(capped.id)]).toEqual([3, 1, 2]);
    expect(
      (await prisma.badge.findUniqueOrThrow({ where: { id: stocked.id } })).remainingStock,
    ).toBe(0);
    expect(await activeQuantity(prisma, first, oneTime.id)).toBe(1);
    expect(await activeQuantity(prisma, second, capped.id)).toBe(2);
    expect(
      await prisma.userBadgeLog.count({ where: { userId: { in: users }, action: 'GRANT' } }),
    ).toBe(6);
    expect(
      await prisma.badgeOutboxEvent.count({
        where: { key: { in: users }, eventType: 'badge.granted.v1' },
      }),
    ).toBe(6);
    // plain grant commands are tried in a plain SQL transaction first; the refusals sent their
    // batch(es) back to the grant service's transaction
    expect(
      await metric('badge_command_batches_total', { transaction: 'prisma_after_sql' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('cascades through a 3-level dependency graph via its own commands', async ({ expect }) => {
    const category = (await createBadge(prisma)).id;
    const { categoryId } = await prisma.badge.findUniqueOrThrow({ where: { id: category } });
    const a = await createBadge(prisma, { categoryId });
    const side = await createBadge(prisma, { categoryId });
    const b = await createBadge(prisma, { categoryId });
    const c = await createBadge(prisma, { categoryId });
    // B needs A; C needs B and (A or side)
    await requireBadges(prisma, b.id, [{ items: [{ requiredBadgeId: a.id }] }]);
    await requireBadges(prisma, c.id, [
      { items: [{ requiredBadgeId: b.id }] },
      { operator: 'OR', items: [{ requiredBadgeId: a.id }, { requiredBadgeId: side.id }] },
    ]);
    const userId = uniqueId('u');
    await send(command({ userId, badgeId: a.id }));
    await expect.poll(() => activeQuantity(prisma, userId, c.id), POLL).toBe(1);

    const held = await prisma.userBadge.findMany({
      where: { userId },
      orderBy: { grantedAt: 'asc' },
    });
    expect(held.map((h) => [h.badgeId, h.source])).toEqual([
      [a.id, 'RULE'],
      [b.id, 'CASCADE'],
      [c.id, 'CASCADE'],
    ]);
    const [ubA, ubB, ubC] = held;
    expect(ubB!.sourceRef).toBe(ubA!.id);
    expect(ubB!.idempotencyKey).toBe(`cascade:${b.id}:${ubA!.id}`);
    expect(ubC!.sourceRef).toBe(ubB!.id);
    const steps = await prisma.cascadeLog.findMany({
      where: { userId },
      orderBy: { depth: 'asc' },
    });
    expect(
      steps.map((s) => [
        s.action,
        s.triggerBadgeId,
        s.targetBadgeId,
        s.resultUserBadgeId,
        s.result,
        s.depth,
      ]),
    ).toEqual([
      ['GRANT', a.id, b.id, ubB!.id, 'SUCCESS', 1],
      ['GRANT', b.id, c.id, ubC!.id, 'SUCCESS', 2],
    ]);
  });

  it('records a business refusal without retrying it or sending it to the DLQ', async ({
    expect,
  }) => {
    const soldOut = await createBadge(prisma, { totalStock: 1, remainingStock: 0 });
    const userId = uniqueId('u');
    const cmd = command({ userId, badgeId: soldOut.id });
    await send(cmd);
    await expect
      .poll(() => prisma.badgeInboxMessage.count({ where: { messageId: cmd.commandId } }), POLL)
      .toBe(1);
    expect(
      await metric('badge_grant_rejections_total', { reason: 'OUT_OF_STOCK' }),
    ).toBeGreaterThanOrEqual(1);
    expect(await metric('kafka_message_retries_total', {})).toBe(0);
    // (a refusal thrown to the consumer would be retried, then DLQ-ed as exhausted)
    expect(await metric('kafka_dlq_messages_total', { error_class: 'exhausted' })).toBe(0);
    expect(await prisma.userBadge.count({ where: { userId } })).toBe(0);
  });

  it('sends a malformed command to the DLQ and keeps consuming', async ({ expect }) => {
    const before = await metric('kafka_dlq_messages_total', { error_class: 'poison' });
    await producer.send('badge.grant.commands', [
      {
        key: 'u-bad',
        value: '{"commandId": "x"',
        headers: { 'content-type': 'application/json', 'x-event-type': 'badge.grant.command.v1' },
      },
    ]);
    await expect
      .poll(() => metric('kafka_dlq_messages_total', { error_class: 'poison' }), POLL)
      .toBe(before + 1);
  });

  it('expires due badges on its own schedule and emits BadgeExpired', async ({ expect }) => {
    const badge = await createBadge(prisma, { isRepeatable: true });
    const userId = uniqueId('u');
    await send(command({ userId, badgeId: badge.id }));
    await expect.poll(() => activeQuantity(prisma, userId, badge.id), POLL).toBe(1);
    await prisma.userBadge.updateMany({
      where: { userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect
      .poll(
        async () => (await prisma.userBadge.findFirstOrThrow({ where: { userId } })).status,
        POLL,
      )
      .toBe('EXPIRED');
    expect(await activeQuantity(prisma, userId, badge.id)).toBe(0);
    await expect
      .poll(
        () =>
          prisma.badgeOutboxEvent.count({
            where: { key: userId, eventType: 'badge.expired.v1', publishedAt: { not: null } },
          }),
        POLL,
      )
      .toBe(1);
    expect(await metric('badge_expirations_total', {})).toBeGreaterThanOrEqual(1);
  });

  it('exposes the stock gauges on its registry', async ({ expect }) => {
    const badge = await createBadge(prisma, { totalStock: 7 });
    const text = await runtime.metrics.registry.metrics();
    const { code } = await prisma.badge.findUniqueOrThrow({ where: { id: badge.id } });
    expect(text).toContain(`badge_remaining_stock{badge_code="${code}"`);
    expect(text).toMatch(new RegExp(`badge_total_stock\\{badge_code="${code}"[^}]*\\} 7`));
  });
});

describe.concurrent(
  'redemption saga (benefit orchestrates, the badge worker spends and answers)',
  () => {
    async function consumedAnswer(userId: string) {
      const rows = await prisma.badgeOutboxEvent.findMany({
        where: { key: userId, eventType: 'badge.consumed.v1' },
      });
      return rows.map((r) => decodeEvent(BadgesConsumedSchema, r.payload));
    }

    it('consumes all items or none, answers, and restores on compensation', async ({ expect }) => {
      const a = await createBadge(prisma, { isRepeatable: true });
      const b = await createBadge(prisma, { isRepeatable: true });
      const userId = uniqueId('u');
      await send(
        command({ userId, badgeId: a.id, quantity: 3 }),
        command({ userId, badgeId: b.id }),
      );
      await expect.poll(() => activeQuantity(prisma, userId, b.id), POLL).toBe(1);

      // not enough of b: nothing is consumed
      const tooMuch = createEvent(ConsumeBadgesCommandSchema, {
        userId,
        redemptionId: uniqueId('r'),
        items: [
          { badgeId: a.id, quantity: 2 },
          { badgeId: b.id, quantity: 2 },
        ],
        actor: userId,
      });
      await sendAs(ConsumeBadgesCommandSchema, tooMuch);
      await expect.poll(async () => (await consumedAnswer(userId)).length, POLL).toBe(1);
      expect((await consumedAnswer(userId))[0]).toMatchObject({
        ok: false,
        failureReason: 'INSUFFICIENT_BADGES',
      });
      expect(await activeQuantity(prisma, userId, a.id)).toBe(3);

      const redemptionId = uniqueId('r');
      const consume = createEvent(ConsumeBadgesCommandSchema, {
        userId,
        redemptionId,
        items: [
          { badgeId: a.id, quantity: 2 },
          { badgeId: b.id, quantity: 1 },
        ],
        actor: userId,
      });
      await sendAs(ConsumeBadgesCommandSchema, consume, consume); // redelivered: applied once
      await expect.poll(async () => (await consumedAnswer(userId)).length, POLL).toBe(2);
      const ok = (await consumedAnswer(userId)).find((m) => m.redemptionId === redemptionId)!;
      expect(ok.ok).toBe(true);
      expect(ok.userBadgeIds).toHaveLength(2);
      expect([
        await activeQuantity(prisma, userId, a.id),
        await activeQuantity(prisma, userId, b.id),
      ]).toEqual([1, 0]);

      const restore = createEvent(RestoreBadgesCommandSchema, {
        userId,
        redemptionId,
        reason: 'BENEFIT_GRANT_FAILED',
      });
      await sendAs(RestoreBadgesCommandSchema, restore);
      await expect
        .poll(
          () =>
            prisma.badgeOutboxEvent.count({
              where: { key: userId, eventType: 'badge.restored.v1' },
            }),
          POLL,
        )
        .toBe(1);
      expect([
        await activeQuantity(prisma, userId, a.id),
        await activeQuantity(prisma, userId, b.id),
      ]).toEqual([3, 1]);
      const grants = await prisma.userBadge.findMany({
        where: { userId },
        orderBy: { grantedAt: 'asc' },
      });
      expect(grants.map((g) => [g.badgeId, g.status, g.quantity])).toEqual([
        [a.id, 'ACTIVE', 3],
        [b.id, 'ACTIVE', 1],
      ]);
    });
  },
);
