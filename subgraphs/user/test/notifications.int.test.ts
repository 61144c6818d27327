// Notifications end to end: badge/benefit/notification events through the mock Kafka broker into
// users' inboxes, channel deliveries through the delivery loop to a real local HTTP server
// (webhook and an e-mail provider), retries, give-up, preferences, and the client-app queries.
// This is the only test file that runs the delivery loop on the shared database.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsumedMessage } from '@badge/kafka';
import {
  BadgeGrantedSchema,
  BadgeRevokedSchema,
  BadgeSource,
  BenefitGrantedSchema,
  BenefitGrantSource,
  BenefitType,
  createEvent,
  NotificationChannel,
  NotificationRequestedSchema,
  RevocationKind,
  TOPICS,
} from '@badge/proto';
import { createLogger } from '@badge/service-kit';
import { identities, testDatabaseUrl, uniqueId } from '@badge/testing';
import { CONSUMER, createNotificationEventsHandler } from '../src/consumers/notification-events.js';
import {
  createHttpProviderChannel,
  createLoggingChannel,
  createWebhookChannel,
  signWebhook,
  type NotificationChannelAdapter,
} from '../src/modules/notification/channels.js';
import {
  createDeliveryLoop,
  type DeliveryLoop,
} from '../src/modules/notification/delivery-loop.js';
import type { ChannelName } from '../src/modules/notification/notification.repository.js';
import { createNotifier } from '../src/modules/notification/notifier.js';
import { admin, metricValue, startHarness, waitFor, type Harness } from './helpers.js';
import { record, startTestKafka, type TestKafka } from './kafka.js';

const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123456789abcdef';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  body: {
    userId?: string;
    to?: string;
    deliveryId?: string;
    reference?: string;
    [k: string]: unknown;
  };
}

let h: Harness;
let kafka: TestKafka;
let loop: DeliveryLoop;
let http: Server;
const received: Received[] = [];
const dlq: ConsumedMessage[] = [];
/** Per user: the HTTP statuses to answer, in order (then 200). */
const script = new Map<string, number[]>();

beforeAll(async () => {
  h = await startHarness({ databaseUrl: testDatabaseUrl() });
  http = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as Received['body'];
      received.push({ path: req.url ?? '', headers: req.headers, raw, body });
      const who = body.userId ?? body.to ?? '';
      const status = script.get(who)?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        status === 200 ? JSON.stringify({ id: `provider-${received.length}` }) : '{"error":"nope"}',
      );
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const logger = createLogger({ name: 'test', level: 'silent' });
  const channels = new Map<ChannelName, NotificationChannelAdapter>([
    [
      'WEBHOOK',
      createWebhookChannel({ url: `${base}/hook`, secret: WEBHOOK_SECRET, timeoutMs: 2_000 }),
    ],
    [
      'EMAIL',
      createHttpProviderChannel({
        channel: 'EMAIL',
        url: `${base}/email`,
        token: 't0k',
        timeoutMs: 2_000,
      }),
    ],
    ['SMS', createLoggingChannel('SMS', logger)],
    ['PUSH', createLoggingChannel('PUSH', logger)],
  ]);
  loop = createDeliveryLoop({
    repository: h.repositories.notifications,
    channels,
    crypto: h.crypto,
    logger,
    metrics: h.metrics,
    options: {
      maxAttempts: 4,
      retryBaseMs: 10,
      retryMaxMs: 40,
      leaseMs: 30_000,
      batchSize: 50,
      pollIntervalMs: 1_000,
    },
  });
  const notifier = createNotifier({
    repository: h.repositories.notifications,
    defaultChannels: ['IN_APP', 'WEBHOOK', 'EMAIL'],
    availableChannels: new Set(['IN_APP', ...channels.keys()]),
  });
  kafka = await startTestKafka();
  await Promise.all([
    kafka.consume(
      [TOPICS.BADGE_EVENTS, TOPICS.BENEFIT_EVENTS, TOPICS.NOTIFICATIONS],
      createNotificationEventsHandler({
        logger,
        registry: h.registry,
        inbox: h.repositories.inbox,
        notifier,
        metrics: h.metrics,
      }),
    ),
    kafka.consume([TOPICS.DLQ], async (m) => {
      dlq.push(m);
    }),
  ]);
}, 60_000);
afterAll(async () => {
  await loop?.stop();
  await kafka?.stop();
  await new Promise((r) => http?.close(r));
  await h?.stop();
});

const granted = (userId: string, over: Record<string, unknown> = {}) =>
  createEvent(BadgeGrantedSchema, {
    userBadgeId: uniqueId('ub'),
    userId,
    badgeId: uniqueId('badge'),
    badgeCode: 'early_bird',
    quantity: 1,
    totalQuantity: 1,
    source: BadgeSource.RULE,
    sourceRef: uniqueId('evt'),
    ruleId: 'r-1',
    ruleVersion: 1,
    ...over,
  });

const benefitGranted = (userId: string) =>
  createEvent(BenefitGrantedSchema, {
    benefitGrantId: uniqueId('bg'),
    userId,
    benefitId: uniqueId('bf'),
    benefitType: BenefitType.COUPON,
    quantity: 1,
    source: BenefitGrantSource.BADGE,
    sourceRef: 'ub-1',
    idempotencyKey: uniqueId('idem'),
    couponCode: 'COFFEE-10',
    benefitCode: 'coffee_10_off',
  });

const notificationsOf = async (userId: string) => {
  const user = await h.prisma.user.findUnique({ where: { externalId: userId } });
  if (!user) return [];
  return h.prisma.notification.findMany({
    where: { userId: user.id },
    include: { deliveries: { orderBy: { channel: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });
};

/** Runs delivery rounds until the user's deliveries on `channel` reach a final state. */
const deliverUntilDone = (userId: string, channel: ChannelName) =>
  waitFor(async () => {
    await loop.runOnce();
    const all = (await notificationsOf(userId))
      .flatMap((n) => n.deliveries)
      .filter((d) => d.channel === channel);
    return all.length > 0 && all.every((d) => d.status !== 'PENDING') ? all : undefined;
  }, `${channel} deliveries of ${userId}`);

const hooksFor = (userId: string) =>
  received.filter((r) => r.path === '/hook' && r.body.userId === userId);

describe('notifications', () => {
  it('creates one notification per event despite duplicates, and delivers the signed webhook once', async () => {
    const userId = uniqueId('u');
    const event = granted(userId);
    const before = await metricValue(h.registry, 'events_processed_total', {
      consumer: CONSUMER,
      outcome: 'duplicate',
    });
    await kafka.publish([record(BadgeGrantedSchema, event), record(BadgeGrantedSchema, event)]);
    await waitFor(
      async () =>
        (await metricValue(h.registry, 'events_processed_total', {
          consumer: CONSUMER,
          outcome: 'duplicate',
        })) > before,
      'the duplicate',
    );
    const [notification, ...others] = await notificationsOf(userId);
    expect(others).toHaveLength(0);
    expect(notification).toMatchObject({
      type: 'badge.granted',
      title: { 'zh-CN': '获得新徽章', 'en-US': 'New badge earned' },
      body: {
        'zh-CN': '恭喜你获得徽章「early_bird」×1！',
        'en-US': 'Congratulations! You earned the badge “early_bird” ×1.',
      },
      dedupeKey: event.eventId,
      data: {
        badgeId: event.badgeId,
        userBadgeId: event.userBadgeId,
        quantity: 1,
        eventId: event.eventId,
      },
    });
    expect(notification!.deliveries.map((d) => [d.channel, d.status, d.lastError])).toEqual([
      ['IN_APP', 'SENT', null],
      ['EMAIL', 'SKIPPED', 'no e-mail address'],
      ['WEBHOOK', 'PENDING', null],
    ]);

    const [webhook] = await deliverUntilDone(userId, 'WEBHOOK');
    expect(webhook).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
    await loop.runOnce();
    const calls = hooksFor(userId);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.body).toMatchObject({
      deliveryId: webhook!.id,
      notificationId: notification!.id,
      type: 'badge.granted',
      locale: 'zh-CN',
      title: '获得新徽章',
      titles: { 'zh-CN': '获得新徽章', 'en-US': 'New badge earned' },
    });
    const timestamp = Number(call.headers['x-badge-timestamp']);
    expect(call.headers['x-badge-signature']).toBe(
      signWebhook(WEBHOOK_SECRET, timestamp, call.raw),
    );
    expect(call.headers['x-badge-delivery-id']).toBe(webhook!.id);
    expect(
      await metricValue(h.registry, 'notifications_created_total', { type: 'badge.granted' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('retries the webhook with backoff on 5xx until it succeeds', async () => {
    const userId = uniqueId('u');
    script.set(userId, [503, 502]);
    await kafka.publish([record(BadgeGrantedSchema, granted(userId))]);
    await waitFor(async () => (await notificationsOf(userId)).length === 1, 'the notification');
    const [webhook] = await deliverUntilDone(userId, 'WEBHOOK');
    expect(webhook).toMatchObject({ status: 'SENT', attempts: 3, lastError: null });
    expect(hooksFor(userId)).toHaveLength(3);
    expect(
      await metricValue(h.registry, 'notification_deliveries_total', {
        channel: 'WEBHOOK',
        status: 'retry',
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('gives up after the last attempt into a FAILED state the console can see; 4xx fails at once', async () => {
    const userId = uniqueId('u');
    script.set(userId, [500, 500, 500, 500, 500]);
    await kafka.publish([record(BadgeGrantedSchema, granted(userId))]);
    await waitFor(async () => (await notificationsOf(userId)).length === 1, 'the notification');
    const [webhook] = await deliverUntilDone(userId, 'WEBHOOK');
    expect(webhook).toMatchObject({ status: 'FAILED', attempts: 4 });
    expect(webhook!.lastError).toMatch(/^HTTP 500: .*gave up after 4 attempts/);
    expect(hooksFor(userId)).toHaveLength(4);

    const console = await h.subgraph.request<{
      notificationDeliveries: {
        totalCount: number;
        nodes: {
          channel: string;
          status: string;
          attempts: number;
          lastError: string;
          userId: string;
          notificationType: string;
        }[];
      };
    }>(
      admin(['user:view:read']),
      'query ($u: ID!) { notificationDeliveries(filter: { status: FAILED, userId: $u }) { totalCount nodes { channel status attempts lastError userId notificationType } } }',
      { u: userId },
    );
    expect(console.data?.notificationDeliveries.nodes).toEqual([
      {
        channel: 'WEBHOOK',
        status: 'FAILED',
        attempts: 4,
        lastError: webhook!.lastError,
        userId,
        notificationType: 'badge.granted',
      },
    ]);
    expect(
      await metricValue(h.registry, 'notification_deliveries_total', {
        channel: 'WEBHOOK',
        status: 'failed',
      }),
    ).toBeGreaterThanOrEqual(1);

    const rejected = uniqueId('u');
    script.set(rejected, [400]);
    await kafka.publish([record(BadgeGrantedSchema, granted(rejected))]);
    await waitFor(async () => (await notificationsOf(rejected)).length === 1, 'the notification');
    const [once] = await deliverUntilDone(rejected, 'WEBHOOK');
    expect(once).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(once!.lastError).toMatch(/^HTTP 400/);
  });

  it('respects the user’s channel preferences', async () => {
    const userId = uniqueId('u');
    const self = identities.user(userId);
    const set = await h.subgraph.request<{
      setNotificationPreferences: { preferences: unknown[] };
    }>(
      self,
      'mutation ($u: ID!) { setNotificationPreferences(userId: $u, preferences: [{ channel: IN_APP, isEnabled: false }, { channel: WEBHOOK, notificationType: "badge.granted", isEnabled: false }]) { preferences { channel notificationType isEnabled } } }',
      { u: userId },
    );
    expect(set.data?.setNotificationPreferences.preferences).toEqual([
      { channel: 'IN_APP', notificationType: '*', isEnabled: false },
      { channel: 'WEBHOOK', notificationType: 'badge.granted', isEnabled: false },
    ]);
    await kafka.publish([
      record(BadgeGrantedSchema, granted(userId)),
      record(BenefitGrantedSchema, benefitGranted(userId)),
    ]);
    const both = await waitFor(async () => {
      const n = await notificationsOf(userId);
      return n.length === 2 ? n : undefined;
    }, 'two notifications');
    const badge = both.find((n) => n.type === 'badge.granted');
    const benefit = both.find((n) => n.type === 'benefit.granted');
    expect(badge!.archivedAt).toBeInstanceOf(Date);
    expect(badge!.deliveries.map((d) => [d.channel, d.status, d.lastError])).toEqual([
      ['IN_APP', 'SKIPPED', 'disabled by the user'],
      ['EMAIL', 'SKIPPED', 'no e-mail address'],
      ['WEBHOOK', 'SKIPPED', 'disabled by the user'],
    ]);
    expect(benefit!.type).toBe('benefit.granted');
    expect(benefit!.deliveries.find((d) => d.channel === 'WEBHOOK')?.status).toBe('PENDING');
    // Hidden from the inbox, since the user switched the inbox off.
    const inbox = await h.subgraph.request<{ user: { notifications: { totalCount: number } } }>(
      self,
      'query ($u: ID!) { user(id: $u) { notifications { totalCount } } }',
      { u: userId },
    );
    expect(inbox.data?.user.notifications.totalCount).toBe(0);
    const other = await h.subgraph.request(
      identities.user(uniqueId('u')),
      'mutation ($u: ID!) { setNotificationPreferences(userId: $u, preferences: [{ channel: SMS, isEnabled: false }]) { preferences { channel } } }',
      { u: userId },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await deliverUntilDone(userId, 'WEBHOOK');
  });

  it('serves the in-app inbox to the client app: list, unread count, mark read', async () => {
    const userId = uniqueId('u');
    const self = identities.user(userId);
    await kafka.publish([
      record(BadgeGrantedSchema, granted(userId, { badgeCode: 'first' })),
      record(BadgeGrantedSchema, granted(userId, { badgeCode: 'second' })),
      record(BenefitGrantedSchema, benefitGranted(userId)),
      // Spent badges and failed benefit grants notify nobody.
      record(
        BadgeRevokedSchema,
        createEvent(BadgeRevokedSchema, {
          userBadgeId: 'ub-x',
          userId,
          badgeId: 'b-x',
          quantity: 1,
          source: BadgeSource.REDEMPTION,
          sourceRef: 'rd-1',
          kind: RevocationKind.CONSUMED,
        }),
      ),
    ]);
    await waitFor(async () => (await notificationsOf(userId)).length === 3, 'three notifications');
    const INBOX =
      'query ($u: ID!, $a: String, $unread: Boolean) { user(id: $u) { unreadNotificationCount notifications(first: 2, after: $a, unreadOnly: $unread) { totalCount nodes { id type title { zhCN enUS } body { enUS } data isRead } pageInfo { endCursor hasNextPage } } } }';
    type Inbox = {
      user: {
        unreadNotificationCount: number;
        notifications: {
          totalCount: number;
          nodes: {
            id: string;
            type: string;
            title: { enUS: string };
            body: { enUS: string };
            data: string;
            isRead: boolean;
          }[];
          pageInfo: { endCursor: string; hasNextPage: boolean };
        };
      };
    };
    const page1 = await h.subgraph.request<Inbox>(self, INBOX, { u: userId });
    expect(page1.errors).toBeUndefined();
    expect(page1.data?.user.unreadNotificationCount).toBe(3);
    expect(page1.data?.user.notifications.totalCount).toBe(3);
    const page2 = await h.subgraph.request<Inbox>(self, INBOX, {
      u: userId,
      a: page1.data!.user.notifications.pageInfo.endCursor,
    });
    expect(page2.data?.user.notifications.nodes).toHaveLength(1);
    expect(page2.data?.user.notifications.pageInfo.hasNextPage).toBe(false);
    const all = [...page1.data!.user.notifications.nodes, ...page2.data!.user.notifications.nodes];
    expect(new Set(all.map((n) => n.id)).size).toBe(3);
    const benefitNote = all.find((n) => n.type === 'benefit.granted');
    expect(benefitNote?.body.enUS).toBe('You received the benefit “coffee_10_off”. Enjoy!');
    expect(JSON.parse(benefitNote!.data)).toMatchObject({
      couponCode: 'COFFEE-10',
      benefitType: 'COUPON',
    });

    const one = page1.data!.user.notifications.nodes[0]!.id;
    const MARK =
      'mutation ($u: ID!, $ids: [ID!]) { markNotificationsRead(userId: $u, ids: $ids) { updated } }';
    expect(
      (
        await h.subgraph.request<{ markNotificationsRead: { updated: number } }>(self, MARK, {
          u: userId,
          ids: [one],
        })
      ).data?.markNotificationsRead.updated,
    ).toBe(1);
    const unread = await h.subgraph.request<Inbox>(self, INBOX, { u: userId, unread: true });
    expect(unread.data?.user.unreadNotificationCount).toBe(2);
    expect(unread.data?.user.notifications.nodes.map((n) => n.id)).not.toContain(one);
    expect(
      (
        await h.subgraph.request<{ markNotificationsRead: { updated: number } }>(self, MARK, {
          u: userId,
        })
      ).data?.markNotificationsRead.updated,
    ).toBe(2);

    // Another end user cannot read or mark them; the console's user view can read them.
    const other = identities.user(uniqueId('u'));
    expect(
      (await h.subgraph.request(other, INBOX, { u: userId })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await h.subgraph.request(other, MARK, { u: userId })).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const asConsole = await h.subgraph.request<Inbox>(admin(['user:view:read']), INBOX, {
      u: userId,
    });
    expect(asConsole.data?.user.notifications.totalCount).toBe(3);
    const badId = await h.subgraph.request(self, MARK, { u: userId, ids: ['not-a-uuid'] });
    expect(badId.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await deliverUntilDone(userId, 'WEBHOOK');
  });

  it('renders requested templates in the user’s locale and sends e-mail and SMS to the decrypted addresses', async () => {
    const userId = uniqueId('u');
    const email = `${uniqueId('m')}@example.com`;
    const phone = `+86137${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    await h.subgraph.request(
      identities.user(userId),
      'mutation ($i: UpsertUserInput!) { upsertUser(input: $i) { created } }',
      {
        i: { id: userId, email, phone, locale: 'en-US' },
      },
    );
    const request = createEvent(NotificationRequestedSchema, {
      userId,
      templateCode: 'badge_expiring',
      params: { badge_name: 'Early Bird', expires_at: '2026-12-01' },
      channels: [NotificationChannel.EMAIL, NotificationChannel.SMS],
      sourceRef: 'ub-9',
    });
    await kafka.publish([record(NotificationRequestedSchema, request)]);
    const [n] = await waitFor(async () => {
      const all = await notificationsOf(userId);
      return all.length ? all : undefined;
    }, 'the requested notification');
    expect(n!.type).toBe('badge.expiring');
    expect(n!.deliveries.map((d) => [d.channel, d.status])).toEqual([
      ['IN_APP', 'SENT'],
      ['SMS', 'PENDING'],
      ['EMAIL', 'PENDING'],
      ['WEBHOOK', 'PENDING'],
    ]);
    const [mail] = await deliverUntilDone(userId, 'EMAIL');
    expect(mail).toMatchObject({ status: 'SENT' });
    expect(mail!.providerMessageId).toMatch(/^provider-/);
    const sent = received.find((r) => r.path === '/email' && r.body.reference === mail!.id)!;
    expect(sent.headers.authorization).toBe('Bearer t0k');
    expect(sent.body).toMatchObject({
      to: email,
      subject: 'Badge expiring soon',
      text: 'Your badge “Early Bird” expires on 2026-12-01.',
      locale: 'en-US',
    });
    const [sms] = await deliverUntilDone(userId, 'SMS');
    expect(sms).toMatchObject({ status: 'SENT', providerMessageId: `log:${sms!.id}` });
    // The webhook never sees the recipient address.
    const [hook] = await deliverUntilDone(userId, 'WEBHOOK');
    expect(hook!.status).toBe('SENT');
    expect(hooksFor(userId)[0]!.raw).not.toContain(email);
  });

  it('sends a request for an unknown template to the DLQ (poison), creating nothing', async () => {
    const userId = uniqueId('u');
    const bad = createEvent(NotificationRequestedSchema, {
      userId,
      templateCode: 'no_such_template',
    });
    await kafka.publish([record(NotificationRequestedSchema, bad)]);
    const dead = await waitFor(
      () => dlq.find((m) => m.headers['x-event-id'] === bad.eventId),
      'the DLQ message',
    );
    expect(dead.headers['x-error-class']).toBe('poison');
    expect(dead.headers['x-error-message']).toMatch(/unknown notification template/);
    expect(await notificationsOf(userId)).toHaveLength(0);
  });
});
