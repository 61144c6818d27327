// The benefit worker as it runs in production (startBenefitWorker: consumers, outbox relay, retry
// loop) against the librdkafka mock broker, the project's PostgreSQL and a points system over
// real HTTP. The badge domain's side of the saga is played by the test: it reads the commands
// from the benefit outbox and publishes the badge worker's answers on badge.badge.events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, createProducer, type KafkaProducer } from '@badge/kafka';
import { startMockKafka, type MockKafka } from '@badge/kafka/mock-broker';
import {
  BadgeExpiredSchema,
  BadgeGrantedSchema,
  BadgeRevokedSchema,
  BadgesConsumedSchema,
  BadgeSource,
  BadgesRestoredSchema,
  createEvent,
  RevocationKind,
  timestampNow,
  toOutboxRecord,
  type EventSchema,
  type MessageShape,
} from '@badge/proto';
import { createRuntime, Registry, type Runtime } from '@badge/service-kit';
import { identities, testDatabaseUrl, uniqueId } from '@badge/testing';
import { parseBenefitEnvironment } from '../src/environment.js';
import { startBenefitWorker, type BenefitWorker } from '../src/worker-app.js';
import {
  addCoupons,
  createBenefit,
  createRule,
  link,
  outboxFor,
  startHarness,
  startPointsServer,
  uuid,
  waitFor,
  type Harness,
  type PointsServer,
} from './helpers.js';

let mock: MockKafka;
let points: PointsServer;
let runtime: Runtime;
let app: BenefitWorker;
let producer: KafkaProducer;
let h: Harness;

beforeAll(async () => {
  mock = startMockKafka({
    brokers: 1,
    topics: {
      'badge.dlq': 1,
      'badge.badge.events': 3,
      'badge.grant.commands': 3,
      'badge.benefit.events': 3,
      'badge.audit.events': 3,
    },
  });
  points = await startPointsServer();
  const env = parseBenefitEnvironment({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    METRICS_PORT: '0',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_MAX: '6',
    REDIS_URL: 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: mock.bootstrap,
    INTERNAL_IDENTITY_SECRETS: 'test-identity-secret-test-identity-secret',
    POINTS_PROVIDER_URL: points.url,
    POINTS_PROVIDER_SECRET: points.secret,
    POINTS_PROVIDER_TIMEOUT_MS: '2000',
    // Tests fail the provider on purpose for some users; keep the circuit closed for the others.
    POINTS_PROVIDER_BREAKER_FAILURES: '100000',
    BENEFIT_GRANT_RETRY_INTERVAL_MS: '200',
    BENEFIT_GRANT_RETRY_BASE_MS: '200',
    BENEFIT_GRANT_RETRY_MAX_MS: '1000',
  });
  runtime = createRuntime('benefit-worker-test', env);
  app = await startBenefitWorker({ runtime, env });
  const kafka = createKafka({
    brokers: mock.brokers,
    clientId: 'badge-side',
    logger: runtime.logger,
  });
  producer = createProducer({ kafka, logger: runtime.logger, registry: new Registry() });
  await producer.start();
  h = await startHarness();
  await waitFor(() => app.worker.consumers.every((c) => c.readiness()), 'the consumer to join');
});

afterAll(async () => {
  await producer?.stop();
  await runtime?.shutdown.run('test done');
  await points?.stop();
  await h?.stop();
  mock?.stop();
});

/** Publishes a message the way the badge worker's outbox relay would. */
async function publish<S extends EventSchema>(schema: S, message: MessageShape<S>): Promise<void> {
  const record = toOutboxRecord(schema, message);
  await producer.send(record.topic, [
    { key: record.key, value: Buffer.from(record.payload), headers: { ...record.headers } },
  ]);
}

const badgeGranted = (userId: string, badgeId: string, userBadgeId = uuid()) =>
  createEvent(BadgeGrantedSchema, {
    userBadgeId,
    userId,
    badgeId,
    quantity: 1,
    totalQuantity: 1,
    source: BadgeSource.MANUAL,
    sourceRef: 'op-1',
    actor: 'admin-1',
  });

/**
 * Waits until every earlier message of this user was handled: a badge.expired.v1 sent after
 * them lands on the same partition (key = user id) and is handled after them.
 */
async function drain(userId: string): Promise<void> {
  const sentinel = createEvent(BadgeExpiredSchema, {
    userBadgeId: uuid(),
    userId,
    badgeId: uuid(),
    quantity: 1,
    expiresAt: timestampNow(),
  });
  await publish(BadgeExpiredSchema, sentinel);
  await waitFor(
    () => h.prisma.benefitInboxMessage.findFirst({ where: { messageId: sentinel.eventId } }),
    'the sentinel to be handled',
  );
}

const grantsOf = (userId: string) =>
  h.prisma.benefitGrant.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });

const admin = identities.admin([
  'benefit:benefit:read',
  'benefit:benefit:write',
  'benefit:grant:read',
  'benefit:redemption:read',
]);

describe.concurrent('benefit worker (mock broker)', { timeout: 120_000 }, () => {
  it('grants the auto-benefits of a badge grant once, though the event arrives 3 times', async () => {
    const userId = uniqueId('u');
    const badgeId = uuid();
    const privilege = await createBenefit(h.prisma, { type: 'PRIVILEGE', stock: 10 });
    const pointsBenefit = await createBenefit(h.prisma, { type: 'POINTS', points: 40 });
    const coupon = await createBenefit(h.prisma, { type: 'COUPON', stock: 5 });
    await addCoupons(h.prisma, coupon.id, 2);
    await link(h.prisma, badgeId, privilege.id);
    await link(h.prisma, badgeId, pointsBenefit.id, 2);
    await link(h.prisma, badgeId, coupon.id);

    const event = badgeGranted(userId, badgeId);
    for (let i = 0; i < 3; i++) await publish(BadgeGrantedSchema, event);
    // A replay under a new event id (same user badge) is still the same grant.
    await publish(BadgeGrantedSchema, { ...event, eventId: uuid() });
    await drain(userId);

    const grants = await waitFor(async () => {
      const rows = await grantsOf(userId);
      return rows.length === 3 && rows.every((g) => g.status === 'GRANTED') && rows;
    }, 'three granted benefits');
    expect(grants.map((g) => g.idempotencyKey).sort()).toEqual(
      [privilege.id, pointsBenefit.id, coupon.id].map((id) => `${event.userBadgeId}:${id}`).sort(),
    );
    const pointsGrant = grants.find((g) => g.benefitId === pointsBenefit.id)!;
    expect(pointsGrant.payload).toMatchObject({ points: 80 });
    expect(points.calls.filter((c) => c.userId === userId)).toEqual([
      { operation: 'credit', key: `credit:${pointsGrant.id}`, userId, points: 80, signed: true },
    ]);
    const couponGrant = grants.find((g) => g.benefitId === coupon.id)!;
    const issued = await h.prisma.couponCode.findMany({
      where: { benefitGrantId: couponGrant.id },
    });
    expect(issued.map((c) => c.status)).toEqual(['ISSUED']);
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: privilege.id } })).remainingStock,
    ).toBe(9);
    expect(await h.prisma.benefitInboxMessage.count({ where: { messageId: event.eventId } })).toBe(
      1,
    );
    expect(
      await metric('events_processed_total', {
        event_type: 'badge.granted.v1',
        outcome: 'duplicate',
      }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      await metric('benefit_grants_total', { type: 'COUPON', status: 'GRANTED' }),
    ).toBeGreaterThanOrEqual(1);
    expect(await metric('benefit_remaining_stock', { benefit_code: privilege.code })).toBe(9);
    const granted = await outboxFor(h.prisma, userId, 'benefit.granted.v1');
    expect(granted).toHaveLength(3);
    const couponEvent = granted.find(
      (g) => g.event.type === 'benefit.granted.v1' && g.event.message.benefitId === coupon.id,
    );
    expect(
      couponEvent?.event.type === 'benefit.granted.v1' && couponEvent.event.message.couponCode,
    ).toBe(issued[0]!.code);

    // The holder sees them, with the coupon code.
    const mine = await h.subgraph.request<{
      benefitUser: {
        benefitGrants: {
          nodes: { status: string; couponCode: string | null; sourceBadge: { id: string } }[];
        };
      };
    }>(
      identities.user(userId),
      'query($u: ID!) { benefitUser(userId: $u) { benefitGrants { nodes { status couponCode sourceBadge { id } } } } }',
      { u: userId },
    );
    expect(mine.errors).toBeUndefined();
    expect(
      mine.data?.benefitUser.benefitGrants.nodes.map((n) => n.couponCode).filter(Boolean),
    ).toEqual([issued[0]!.code]);
  });

  it('records a failing points system as FAILED with its reason, retries, then grants', async () => {
    const userId = uniqueId('u');
    const badgeId = uuid();
    const benefit = await createBenefit(h.prisma, { type: 'POINTS', points: 25, stock: 5 });
    await link(h.prisma, badgeId, benefit.id);
    points.behaviour.set(userId, { credit: 'fail' });
    await publish(BadgeGrantedSchema, badgeGranted(userId, badgeId));

    const query = `query($u: ID!) { benefitGrants(filter: { userId: $u }) { nodes {
      id status failureCode failureReason isRetryable attempts externalRef } } }`;
    type Node = {
      id: string;
      status: string;
      failureCode: string | null;
      failureReason: string | null;
      isRetryable: boolean;
      attempts: number;
      externalRef: string | null;
    };
    const list = async () =>
      (await h.subgraph.request<{ benefitGrants: { nodes: Node[] } }>(admin, query, { u: userId }))
        .data?.benefitGrants.nodes[0];
    const failed = await waitFor(async () => {
      const g = await list();
      return g?.status === 'FAILED' && g.attempts >= 2 && g;
    }, 'a failed grant retried at least once');
    expect(failed).toMatchObject({ failureCode: 'EXTERNAL_ERROR', isRetryable: true });
    expect(failed.failureReason).toContain('503');
    // A failed grant holds no stock.
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(5);
    const failures = await outboxFor(h.prisma, userId, 'benefit.grant_failed.v1');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(
      failures[0]!.event.type === 'benefit.grant_failed.v1' && failures[0]!.event.message.retryable,
    ).toBe(true);

    points.behaviour.delete(userId);
    const granted = await waitFor(async () => {
      const g = await list();
      return g?.status === 'GRANTED' && g;
    }, 'the grant once the points system is back');
    expect(granted.externalRef).toMatch(/^tx-/);
    expect(granted.failureCode).toBeNull();
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(4);
    const credits = points.calls.filter((c) => c.userId === userId && c.operation === 'credit');
    expect(new Set(credits.map((c) => c.key))).toEqual(new Set([`credit:${granted.id}`]));
    expect(await outboxFor(h.prisma, userId, 'benefit.granted.v1')).toHaveLength(1);
  });

  it('records auto-grants refused by stock and per-user limits, visible and not retried', async () => {
    const userId = uniqueId('u');
    const [badgeA, badgeB] = [uuid(), uuid()];
    const soldOut = await createBenefit(h.prisma, { stock: 0 });
    const once = await createBenefit(h.prisma, { perUserLimit: 1 });
    await link(h.prisma, badgeA, soldOut.id);
    await link(h.prisma, badgeA, once.id);
    await link(h.prisma, badgeB, once.id);
    await publish(BadgeGrantedSchema, badgeGranted(userId, badgeA));
    await publish(BadgeGrantedSchema, badgeGranted(userId, badgeB));
    await drain(userId);
    const grants = await waitFor(async () => {
      const rows = await grantsOf(userId);
      return rows.length === 3 && rows;
    }, 'three grants');
    const reasons = grants
      .map((g) => `${g.status} ${g.failureReason?.split(':')[0] ?? ''}`.trim())
      .sort();
    expect(reasons).toEqual(['FAILED OUT_OF_STOCK', 'FAILED USER_LIMIT_REACHED', 'GRANTED']);
    expect(await outboxFor(h.prisma, userId, 'benefit.grant_failed.v1')).toHaveLength(2);
  });

  it('claws back an unused coupon and reversed points when the badge is revoked', async () => {
    const userId = uniqueId('u');
    const badgeId = uuid();
    const coupon = await createBenefit(h.prisma, { type: 'COUPON', stock: 3 });
    await addCoupons(h.prisma, coupon.id, 3);
    const pointsBenefit = await createBenefit(h.prisma, { type: 'POINTS', points: 10 });
    await link(h.prisma, badgeId, coupon.id);
    await link(h.prisma, badgeId, pointsBenefit.id);
    const unused = badgeGranted(userId, badgeId);
    const used = badgeGranted(userId, badgeId);
    await publish(BadgeGrantedSchema, unused);
    await publish(BadgeGrantedSchema, used);
    const grants = await waitFor(async () => {
      const rows = await grantsOf(userId);
      return rows.length === 4 && rows.every((g) => g.status === 'GRANTED') && rows;
    }, 'four granted benefits');
    const usedCoupon = grants.find(
      (g) => g.sourceBadgeGrantId === used.userBadgeId && g.benefitId === coupon.id,
    )!;
    const marked = await h.subgraph.request(
      admin,
      'mutation($id: ID!) { markBenefitGrantUsed(input: { id: $id }) { grant { usedAt } } }',
      { id: usedCoupon.id },
    );
    expect(marked.errors).toBeUndefined();
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: coupon.id } })).remainingStock,
    ).toBe(1);

    // Spending badges (kind CONSUMED) claws nothing back.
    const consumed = createEvent(BadgeRevokedSchema, {
      userBadgeId: unused.userBadgeId,
      userId,
      badgeId,
      quantity: 1,
      source: BadgeSource.REDEMPTION,
      sourceRef: uuid(),
      kind: RevocationKind.CONSUMED,
    });
    await publish(BadgeRevokedSchema, consumed);
    for (const target of [unused, used]) {
      await publish(
        BadgeRevokedSchema,
        createEvent(BadgeRevokedSchema, {
          userBadgeId: target.userBadgeId,
          userId,
          badgeId,
          quantity: 1,
          source: BadgeSource.MANUAL,
          sourceRef: 'op-2',
          kind: RevocationKind.REVOKED,
          reason: 'granted by mistake',
          actor: 'admin-2',
        }),
      );
    }
    await drain(userId);

    const after = await waitFor(async () => {
      const rows = await grantsOf(userId);
      return (
        rows.filter((g) => (g.payload as { clawback?: unknown } | null)?.clawback).length === 4 &&
        rows
      );
    }, 'four clawback outcomes');
    const outcome = (g: (typeof after)[number]) =>
      `${g.benefitId === coupon.id ? 'coupon' : 'points'}:${g.sourceBadgeGrantId === used.userBadgeId ? 'used' : 'unused'} ${g.status} ${
        (g.payload as { clawback: { outcome: string } }).clawback.outcome
      }`;
    expect(after.map(outcome).sort()).toEqual([
      'coupon:unused REVOKED REVOKED',
      'coupon:used GRANTED NOT_REVOCABLE',
      'points:unused REVOKED REVOKED',
      'points:used REVOKED REVOKED',
    ]);
    const unusedCoupon = after.find(
      (g) => g.sourceBadgeGrantId === unused.userBadgeId && g.benefitId === coupon.id,
    )!;
    expect(unusedCoupon.revokeReason).toBe('BADGE_REVOKED: granted by mistake');
    const codes = await h.prisma.couponCode.findMany({
      where: { benefitId: coupon.id, benefitGrantId: { not: null } },
    });
    expect(
      codes
        .map((c) => `${c.benefitGrantId === unusedCoupon.id ? 'unused' : 'used'} ${c.status}`)
        .sort(),
    ).toEqual(['unused REVOKED', 'used ISSUED']);
    // The revoked unit goes back to stock; the voided code is never given out again.
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: coupon.id } })).remainingStock,
    ).toBe(2);
    const reversals = points.calls.filter((c) => c.userId === userId && c.operation === 'reverse');
    expect(reversals).toHaveLength(2);
    expect(reversals.every((r) => r.key.startsWith('reverse:') && r.signed)).toBe(true);
    const revoked = await outboxFor(h.prisma, userId, 'benefit.revoked.v1');
    expect(revoked).toHaveLength(3);

    const view = await h.subgraph.request<{
      benefitGrant: { clawback: { outcome: string; cause: string } };
    }>(
      admin,
      'query($id: ID!) { benefitGrant(id: $id) { status clawback { outcome detail cause at } } }',
      { id: usedCoupon.id },
    );
    expect(view.data?.benefitGrant.clawback).toMatchObject({ outcome: 'NOT_REVOCABLE' });
  });

  it('completes a redemption once the badges are consumed, once however often the answer comes', async () => {
    const userId = uniqueId('u');
    const benefit = await createBenefit(h.prisma, { type: 'COUPON', stock: 5 });
    const [code] = await addCoupons(h.prisma, benefit.id, 1);
    const rule = await createRule(h.prisma, benefit.id, [{ badgeId: uuid(), quantity: 2 }]);
    const redemption = await requestRedemption(userId, rule.id);

    const answer = createEvent(BadgesConsumedSchema, {
      userId,
      redemptionId: redemption.id,
      commandId: `redeem:${redemption.id}`,
      ok: true,
      userBadgeIds: [uuid(), uuid()],
    });
    await publish(BadgesConsumedSchema, answer);
    await publish(BadgesConsumedSchema, answer);
    await publish(BadgesConsumedSchema, { ...answer, eventId: uuid() });
    await drain(userId);

    const view = await redemptionView(userId, redemption.id);
    expect(view).toMatchObject({
      status: 'COMPLETED',
      failureReason: null,
      grant: { status: 'GRANTED', couponCode: code },
    });
    expect(view.consumedUserBadgeIds.sort()).toEqual([...answer.userBadgeIds].sort());
    expect(await h.prisma.benefitGrant.count({ where: { userId } })).toBe(1);
    expect(await outboxFor(h.prisma, userId, 'benefit.granted.v1')).toHaveLength(1);
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(4);
    expect((await h.prisma.couponCode.findFirstOrThrow({ where: { code } })).status).toBe('ISSUED');
    expect(await metric('redemptions_total', { status: 'COMPLETED' })).toBeGreaterThanOrEqual(1);
    expect(
      await metric(
        'redemption_duration_seconds',
        { status: 'COMPLETED' },
        'redemption_duration_seconds_count',
      ),
    ).toBeGreaterThanOrEqual(1);
    // The worker's relay published the ConsumeBadgesCommand and the BenefitGranted event.
    await waitFor(async () => {
      const rows = await h.prisma.benefitOutboxEvent.findMany({
        where: {
          key: userId,
          eventType: { in: ['badge.consume.command.v1', 'benefit.granted.v1'] },
        },
      });
      return rows.length === 2 && rows.every((r) => r.publishedAt !== null);
    }, 'the outbox relay to publish');
  });

  it('sends a malformed event to the DLQ and keeps consuming', async () => {
    const userId = uniqueId('u');
    const before = await metric('kafka_dlq_messages_total', { topic: 'badge.badge.events' });
    await publish(BadgeGrantedSchema, { ...badgeGranted(userId, uuid()), userBadgeId: 'ub-7f0c' });
    await drain(userId);
    expect(await metric('kafka_dlq_messages_total', { topic: 'badge.badge.events' })).toBe(
      before + 1,
    );
    expect(await h.prisma.benefitGrant.count({ where: { userId } })).toBe(0);
  });

  it('fails a redemption the badge domain could not pay for, and releases the stock', async () => {
    const userId = uniqueId('u');
    const benefit = await createBenefit(h.prisma, { type: 'COUPON', stock: 5 });
    const [code] = await addCoupons(h.prisma, benefit.id, 1);
    const rule = await createRule(h.prisma, benefit.id, [{ badgeId: uuid(), quantity: 3 }]);
    const redemption = await requestRedemption(userId, rule.id);
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(4);

    await publish(
      BadgesConsumedSchema,
      createEvent(BadgesConsumedSchema, {
        userId,
        redemptionId: redemption.id,
        commandId: `redeem:${redemption.id}`,
        ok: false,
        failureReason: 'INSUFFICIENT_BADGES',
      }),
    );
    await drain(userId);
    const view = await redemptionView(userId, redemption.id);
    expect(view).toMatchObject({
      status: 'FAILED',
      failureReason: 'INSUFFICIENT_BADGES',
      grant: { status: 'FAILED', failureCode: 'INSUFFICIENT_BADGES', couponCode: null },
    });
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(5);
    expect(await h.prisma.couponCode.findFirstOrThrow({ where: { code } })).toMatchObject({
      status: 'AVAILABLE',
      benefitGrantId: null,
    });
  });

  it('gives the badges back when the benefit cannot be granted after consumption', async () => {
    const userId = uniqueId('u');
    const benefit = await createBenefit(h.prisma, { type: 'POINTS', points: 500, stock: 2 });
    const rule = await createRule(h.prisma, benefit.id, [{ badgeId: uuid(), quantity: 1 }]);
    const redemption = await requestRedemption(userId, rule.id);
    points.behaviour.set(userId, { credit: 'fail' });

    await publish(
      BadgesConsumedSchema,
      createEvent(BadgesConsumedSchema, {
        userId,
        redemptionId: redemption.id,
        commandId: `redeem:${redemption.id}`,
        ok: true,
        userBadgeIds: [uuid()],
      }),
    );
    const compensating = await waitFor(async () => {
      const v = await redemptionView(userId, redemption.id);
      return v.status === 'COMPENSATING' && v;
    }, 'COMPENSATING');
    expect(compensating.failureReason).toMatch(/^BENEFIT_GRANT_FAILED: EXTERNAL_ERROR/);
    expect(compensating.grant).toMatchObject({
      status: 'FAILED',
      failureCode: 'EXTERNAL_ERROR',
      isRetryable: false,
    });
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(2);
    const restores = await outboxFor(h.prisma, userId, 'badge.restore.command.v1');
    expect(restores).toHaveLength(1);
    expect(restores[0]!.row.topic).toBe('badge.grant.commands');
    expect(
      restores[0]!.event.type === 'badge.restore.command.v1' && restores[0]!.event.message,
    ).toMatchObject({
      commandId: `restore:${redemption.id}`,
      redemptionId: redemption.id,
      userId,
    });

    const restored = createEvent(BadgesRestoredSchema, {
      userId,
      redemptionId: redemption.id,
      commandId: `restore:${redemption.id}`,
    });
    await publish(BadgesRestoredSchema, restored);
    await publish(BadgesRestoredSchema, restored);
    const done = await waitFor(async () => {
      const v = await redemptionView(userId, redemption.id);
      return v.status === 'COMPENSATED' && v;
    }, 'COMPENSATED');
    expect(done.compensatedAt).not.toBeNull();
    // A failed (maybe applied) credit is reversed with the grant's key, so no points stay behind.
    const grantId = (await h.prisma.benefitGrant.findFirstOrThrow({ where: { userId } })).id;
    expect(
      points.calls.filter((c) => c.userId === userId).map((c) => `${c.operation} ${c.key}`),
    ).toEqual([`credit credit:${grantId}`, `reverse reverse:${grantId}`]);
    points.behaviour.delete(userId);
    // The retry loop leaves redemption grants alone: the user got the badges back instead.
    await drain(userId);
    expect((await h.prisma.benefitGrant.findFirstOrThrow({ where: { userId } })).status).toBe(
      'FAILED',
    );
  });
});

/** Sum of a metric's series matching `labels` in the worker's registry. */
async function metric(
  name: string,
  labels: Record<string, string>,
  series = name,
): Promise<number> {
  const m = runtime.metrics.registry.getSingleMetric(name);
  if (!m) return 0;
  const { values } = await m.get();
  return values
    .filter((v) => ((v as { metricName?: string }).metricName ?? name) === series)
    .filter((v) => Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val))
    .reduce((sum, v) => sum + v.value, 0);
}

async function requestRedemption(userId: string, ruleId: string): Promise<{ id: string }> {
  const res = await h.subgraph.request<{ redeem: { redemption: { id: string; status: string } } }>(
    identities.user(userId),
    'mutation($input: RedeemInput!) { redeem(input: $input) { redemption { id status } } }',
    { input: { userId, redemptionRuleId: ruleId } },
  );
  expect(res.errors).toBeUndefined();
  const redemption = res.data!.redeem.redemption;
  expect(redemption.status).toBe('PENDING');
  expect(await outboxFor(h.prisma, userId, 'badge.consume.command.v1')).toHaveLength(1);
  return redemption;
}

interface RedemptionView {
  status: string;
  failureReason: string | null;
  consumedUserBadgeIds: string[];
  compensatedAt: string | null;
  grant: {
    status: string;
    failureCode: string | null;
    isRetryable: boolean;
    couponCode: string | null;
  } | null;
}

async function redemptionView(userId: string, id: string): Promise<RedemptionView> {
  const res = await h.subgraph.request<{ redemption: RedemptionView }>(
    identities.user(userId),
    `query($id: ID!) { redemption(id: $id) { status failureReason consumedUserBadgeIds compensatedAt
      grant { status failureCode isRetryable couponCode } } }`,
    { id },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.redemption;
}
