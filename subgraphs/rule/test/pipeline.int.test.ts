// The rule side of the event pipeline end to end, through the real librdkafka mock broker and the
// project's PostgreSQL: events produced to Kafka → rule consumer (dedupe, aggregates, evaluation)
// → grant/revoke commands in the rule outbox → relay → badge.grant.commands (read back here).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '@badge/db';
import { DLQ_HEADERS, replayDlq } from '@badge/kafka';
import { testDatabaseUrl, uniqueId } from '@badge/testing';
import { createRuleRepository } from '../src/modules/rule/rule.repository.js';
import { createRuleService } from '../src/modules/rule/rule.service.js';
import {
  admin,
  engagement,
  grantsOf,
  outboxCommands,
  processedCount,
  publishedRule,
  revokesOf,
  startEnv,
  startPipeline,
  transaction,
  uid,
  waitFor,
  type Env,
  type Harness,
} from './helpers.js';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await env?.stop();
});

type Produced = {
  id: string;
  kafka: { key: string; value: Buffer; headers: Record<string, string> };
};

/** Produces events (in order) and waits until the pipeline processed `expected` distinct ones. */
async function feed(h: Harness, engagementEvents: Produced[], transactionEvents: Produced[] = []) {
  if (engagementEvents.length)
    await env.producer.send(
      h.engagementTopic,
      engagementEvents.map((e) => e.kafka),
    );
  if (transactionEvents.length)
    await env.producer.send(
      h.transactionTopic,
      transactionEvents.map((e) => e.kafka),
    );
  const distinct = new Set([...engagementEvents, ...transactionEvents].map((e) => e.id)).size;
  await waitFor(async () => (await processedCount(env.prisma, h.group)) >= distinct, {
    what: `${distinct} events processed by ${h.group}`,
  });
}

const published = (commandIds: string[]) =>
  waitFor(() => commandIds.every((id) => env.published.some((c) => c.message.commandId === id)), {
    what: `commands ${commandIds.join(', ')} on badge.grant.commands`,
  });

const T0 = '2025-03-01T00:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.concurrent('rule pipeline through the mock broker', () => {
  it('first_event grants once per user, the command reaches badge.grant.commands', async () => {
    const type = `visit_${uid()}`;
    const rule = await publishedRule(env.prisma, {
      templateCode: 'first_event',
      eventTypes: [type],
    });
    const h = await startPipeline(env);
    try {
      const [u1, u2] = [uniqueId('u'), uniqueId('u')];
      await feed(h, [
        engagement(u1, type, at(0)),
        engagement(u1, type, at(HOUR)),
        engagement(u2, type, at(0)),
        engagement(u2, `other_${uid()}`, at(0)),
      ]);
      const commands = await outboxCommands(env.prisma, [u1, u2]);
      const grants = grantsOf(commands, rule.id);
      expect(grants.map((g) => [g.userId, g.ruleVersion, g.quantity]).sort()).toEqual(
        [
          [u1, 1, 1],
          [u2, 1, 1],
        ].sort(),
      );
      expect(grants[0]!.commandId).toMatch(new RegExp(`^rule:${rule.id}:u_.*:g1$`));
      expect(grants[0]!.badgeId).toBe(rule.badgeId);
      await published(grants.map((g) => g.commandId));
    } finally {
      await h.stop();
    }
  });

  it('single_event_threshold grants at the threshold; CEL conditions filter events', async () => {
    const run = uid();
    const rule = await publishedRule(env.prisma, {
      templateCode: 'single_event_threshold',
      eventTypes: ['purchase'],
      params: { field: 'amount', operator: 'gte', threshold: '10000' },
      celCondition: `attributes.run == "${run}" && event.currency == "CNY"`,
    });
    const h = await startPipeline(env);
    try {
      const u = uniqueId('u');
      const a = { attributes: { run } };
      const events = [
        transaction(u, 'purchase', at(0), 9_999, a),
        transaction(u, 'purchase', at(1), 10_000, a),
        transaction(u, 'purchase', at(2), 50_000, { attributes: { run: 'someone-else' } }),
        transaction(u, 'purchase', at(3), 20_000, a),
      ];
      await feed(h, [], events);
      const grants = grantsOf(await outboxCommands(env.prisma, [u]), rule.id);
      expect(grants.map((g) => g.sourceRef)).toEqual([events[1]!.id, events[3]!.id]);
      expect(grants.map((g) => g.commandId.split(':').at(-1))).toEqual(['g1', 'g2']);
    } finally {
      await h.stop();
    }
  });

  it('count_in_window: window edges (t − window is out) and late events', async () => {
    const type = `checkin_${uid()}`;
    const rule = await publishedRule(env.prisma, {
      templateCode: 'count_in_window',
      eventTypes: [type],
      params: { count: '3', window: 'P1D' },
    });
    const h = await startPipeline(env);
    try {
      const [edgeOut, edgeIn, late] = [uniqueId('u'), uniqueId('u'), uniqueId('u')];
      await feed(h, [
        engagement(edgeOut, type, at(0)),
        engagement(edgeOut, type, at(HOUR)),
        engagement(edgeOut, type, at(DAY)), // exactly one window after the first: it is out
        engagement(edgeIn, type, at(0)),
        engagement(edgeIn, type, at(HOUR)),
        engagement(edgeIn, type, at(DAY - 1)),
        engagement(late, type, at(0)),
        engagement(late, type, at(10 * HOUR)),
        engagement(late, type, at(5 * HOUR)), // arrives last, belongs in the middle
      ]);
      const grants = grantsOf(await outboxCommands(env.prisma, [edgeOut, edgeIn, late]), rule.id);
      expect(grants.map((g) => g.userId).sort()).toEqual([edgeIn, late].sort());
    } finally {
      await h.stop();
    }
  });

  it('sum_in_window sums purchases within the window', async () => {
    const run = uid();
    const rule = await publishedRule(env.prisma, {
      templateCode: 'sum_in_window',
      eventTypes: ['purchase'],
      params: { field: 'amount', threshold: '30000', window: 'P7D' },
      celCondition: `attributes.run == "${run}"`,
    });
    const h = await startPipeline(env);
    try {
      const [u1, u2] = [uniqueId('u'), uniqueId('u')];
      const a = { attributes: { run } };
      await feed(
        h,
        [],
        [
          transaction(u1, 'purchase', at(0), 10_000, a),
          transaction(u1, 'purchase', at(3 * DAY), 10_000, a),
          transaction(u1, 'purchase', at(7 * DAY - 1), 10_000, a), // all three within 7 days
          transaction(u2, 'purchase', at(0), 10_000, a),
          transaction(u2, 'purchase', at(3 * DAY), 10_000, a),
          transaction(u2, 'purchase', at(7 * DAY), 10_000, a), // the first one just left
        ],
      );
      const grants = grantsOf(await outboxCommands(env.prisma, [u1, u2]), rule.id);
      expect(grants.map((g) => g.userId)).toEqual([u1]);
    } finally {
      await h.stop();
    }
  });

  it('consecutive_days counts local days in the user’s time zone; a missed day breaks it', async () => {
    const type = `signin_${uid()}`;
    const rule = await publishedRule(env.prisma, {
      templateCode: 'consecutive_days',
      eventTypes: [type],
      params: { days: '3' },
    });
    const h = await startPipeline(env);
    try {
      const [shanghai, utc, broken] = [uniqueId('u'), uniqueId('u'), uniqueId('u')];
      // 23:30, 00:30 and 00:10 in Shanghai: three local days, but only two UTC days.
      const instants = ['2025-02-28T15:30:00Z', '2025-02-28T16:30:00Z', '2025-03-01T16:10:00Z'];
      await feed(h, [
        ...instants.map((t) => engagement(shanghai, type, t, { timezone: 'Asia/Shanghai' })),
        ...instants.map((t) => engagement(utc, type, t)),
        engagement(broken, type, '2025-03-01T10:00:00Z'),
        engagement(broken, type, '2025-03-02T10:00:00Z'),
        engagement(broken, type, '2025-03-04T10:00:00Z'),
      ]);
      const grants = grantsOf(await outboxCommands(env.prisma, [shanghai, utc, broken]), rule.id);
      expect(grants.map((g) => g.userId)).toEqual([shanghai]);
      const aggregate = await env.prisma.ruleUserAggregate.findUniqueOrThrow({
        where: { ruleId_userId: { ruleId: rule.id, userId: broken } },
      });
      expect([aggregate.currentStreak, aggregate.longestStreak]).toEqual([1, 2]);
    } finally {
      await h.stop();
    }
  });

  it('distinct_days_in_period counts distinct days, not events', async () => {
    const type = `read_${uid()}`;
    const rule = await publishedRule(env.prisma, {
      templateCode: 'distinct_days_in_period',
      eventTypes: [type],
      params: { days: '3', period: 'P7D' },
    });
    const h = await startPipeline(env);
    try {
      const [yes, no] = [uniqueId('u'), uniqueId('u')];
      await feed(h, [
        engagement(yes, type, at(0)),
        engagement(yes, type, at(2 * DAY)),
        engagement(yes, type, at(6 * DAY)),
        engagement(no, type, at(0)),
        engagement(no, type, at(HOUR)),
        engagement(no, type, at(2 * HOUR)),
        engagement(no, type, at(7 * DAY)),
      ]);
      const grants = grantsOf(await outboxCommands(env.prisma, [yes, no]), rule.id);
      expect(grants.map((g) => g.userId)).toEqual([yes]);
    } finally {
      await h.stop();
    }
  });

  it('the same event delivered 5 times gives one command', async () => {
    const type = `share_${uid()}`;
    const rule = await publishedRule(env.prisma, {
      templateCode: 'count_in_window',
      eventTypes: [type],
      params: { count: '1', window: 'PT1H' },
    });
    const h = await startPipeline(env);
    try {
      const u = uniqueId('u');
      const once = engagement(u, type, at(0));
      // five deliveries, in two separate sends (so also across batches)
      await env.producer.send(h.engagementTopic, [once.kafka, once.kafka, once.kafka]);
      await feed(h, [once, once]);
      await waitFor(async () => (await outboxCommands(env.prisma, [u])).length > 0);
      const grants = grantsOf(await outboxCommands(env.prisma, [u]), rule.id);
      expect(grants).toHaveLength(1);
      const inbox = await env.prisma.ruleInboxMessage.count({
        where: { consumer: h.group, messageId: once.id },
      });
      expect(inbox).toBe(1);
      await published([grants[0]!.commandId]);
      // five deliveries, five messages consumed, one effect
      const aggregate = await env.prisma.ruleUserAggregate.findUniqueOrThrow({
        where: { ruleId_userId: { ruleId: rule.id, userId: u } },
      });
      expect(aggregate.eventCount).toBe(1);
    } finally {
      await h.stop();
    }
  });

  it('a malformed message goes to the DLQ with its context headers; the next ones are processed', async () => {
    const type = `like_${uid()}`;
    const rule = await publishedRule(env.prisma, {
      templateCode: 'first_event',
      eventTypes: [type],
    });
    const h = await startPipeline(env);
    try {
      const u = uniqueId('u');
      await env.producer.send(h.engagementTopic, [
        {
          key: u,
          value: Buffer.from('{"eventId":"x","userId":"' + u + '","type":"Not Snake"}'),
          headers: { 'content-type': 'application/json', 'x-event-type': 'engagement.event.v1' },
        },
        {
          key: u,
          value: Buffer.from([0xff, 0x01, 0x02]),
          headers: { 'x-event-type': 'engagement.event.v1' },
        },
      ]);
      const good = engagement(u, type, at(0));
      await feed(h, [good]);
      const grants = grantsOf(await outboxCommands(env.prisma, [u]), rule.id);
      expect(grants.map((g) => g.sourceRef)).toEqual([good.id]);
      const dead = await waitFor(() => {
        const mine = env.dlq.filter(
          (m) => m.headers?.[DLQ_HEADERS.originalTopic]?.toString() === h.engagementTopic,
        );
        return mine.length === 2 ? mine : undefined;
      });
      const header = (i: number, name: string) => dead[i]!.headers?.[name]?.toString();
      expect(header(0, DLQ_HEADERS.errorClass)).toBe('poison');
      expect(header(0, DLQ_HEADERS.consumerGroup)).toBe(h.group);
      expect(header(0, DLQ_HEADERS.originalKey)).toBe(u);
      expect(header(0, DLQ_HEADERS.originalPartition)).toMatch(/^\d$/);
      expect(header(0, DLQ_HEADERS.originalOffset)).toMatch(/^\d+$/);
      expect(header(0, DLQ_HEADERS.errorMessage)).toContain('type');
      expect(header(0, DLQ_HEADERS.attempts)).toBe('1');
      expect(Date.parse(header(0, DLQ_HEADERS.failedAt)!)).not.toBeNaN();
      expect(header(0, 'content-type')).toBe('application/json');
      expect(dead[1]!.value).toEqual(Buffer.from([0xff, 0x01, 0x02]));
    } finally {
      await h.stop();
    }
  });

  it('publishing a rule takes effect without restarting the worker', async () => {
    const type = `scan_${uid()}`;
    const h = await startPipeline(env);
    try {
      const [before, after] = [uniqueId('u'), uniqueId('u')];
      const early = engagement(before, type, at(0));
      await feed(h, [early]);
      const rule = await publishedRule(env.prisma, {
        templateCode: 'first_event',
        eventTypes: [type],
      });
      await waitFor(() => h.pipeline.rules.current().byId(rule.id)?.def.version === 1, {
        what: 'the worker to load the published rule',
      });
      // the early event (redelivered) was processed before the rule existed: it stays a no-op
      await feed(h, [early, engagement(after, type, at(HOUR))]);
      const grants = grantsOf(await outboxCommands(env.prisma, [before, after]), rule.id);
      expect(grants.map((g) => g.userId)).toEqual([after]);
      // disabling it also takes effect without a restart
      const fresh = await env.prisma.rule.findUniqueOrThrow({ where: { id: rule.id } });
      await createRuleService(createRuleRepository(env.prisma)).disable(admin, {
        id: rule.id,
        lockVersion: fresh.lockVersion,
      });
      await waitFor(() => h.pipeline.rules.current().byId(rule.id) === undefined, {
        what: 'the worker to drop the disabled rule',
      });
      const third = uniqueId('u');
      await feed(h, [engagement(third, type, at(0))]);
      expect(await outboxCommands(env.prisma, [third])).toEqual([]);
    } finally {
      await h.stop();
    }
  });

  it('a refund reverses a threshold grant when the rule says so (and only then)', async () => {
    const run = uid();
    const revoking = await publishedRule(env.prisma, {
      templateCode: 'single_event_threshold',
      eventTypes: ['purchase'],
      params: { field: 'amount', operator: 'gte', threshold: '10000' },
      celCondition: `attributes.run == "${run}"`,
      revokeOnRefund: true,
    });
    const keeping = await publishedRule(env.prisma, {
      templateCode: 'single_event_threshold',
      eventTypes: ['purchase'],
      params: { field: 'amount', operator: 'gte', threshold: '10000' },
      celCondition: `attributes.run == "${run}"`,
    });
    const h = await startPipeline(env);
    try {
      const [u, partial] = [uniqueId('u'), uniqueId('u')];
      const a = { attributes: { run } };
      const p1 = transaction(u, 'purchase', at(0), 12_900, { ...a, orderId: 'ORD-A' });
      const p2 = transaction(partial, 'purchase', at(0), 30_000, { ...a, orderId: 'ORD-B' });
      await feed(h, [], [p1, p2]);
      const refunds = [
        transaction(u, 'refund', at(DAY), 5_100, { refundOf: p1.id, orderId: 'ORD-A' }), // 7 800 left: below
        transaction(partial, 'refund', at(DAY), 10_000, { orderId: 'ORD-B' }), // by order id; 20 000 left
      ];
      await feed(h, [], [p1, p2, ...refunds]);
      const commands = await outboxCommands(env.prisma, [u, partial]);
      expect(
        grantsOf(commands, revoking.id)
          .map((g) => g.userId)
          .sort(),
      ).toEqual([u, partial].sort());
      expect(grantsOf(commands, keeping.id)).toHaveLength(2);
      const revokes = revokesOf(commands, revoking.id);
      expect(revokes.map((r) => [r.userId, r.sourceRef, r.commandId.split(':').at(-1)])).toEqual([
        [u, refunds[0]!.id, 'r1'],
      ]);
      expect(revokes[0]!.metadata?.causationId).toBe(
        grantsOf(commands, revoking.id).find((g) => g.userId === u)!.commandId,
      );
      expect(revokesOf(commands, keeping.id)).toEqual([]);
      const counts = await env.prisma.ruleUserGrantCount.findMany({
        where: { ruleId: revoking.id },
        orderBy: { userId: 'asc' },
      });
      expect(Object.fromEntries(counts.map((c) => [c.userId, c.grantCount]))).toEqual({
        [u]: 0,
        [partial]: 1,
      });
      await published(revokes.map((r) => r.commandId));
    } finally {
      await h.stop();
    }
  });

  it('a message that keeps failing goes to the DLQ as exhausted and the replay tool re-drives it', async () => {
    const type = `tap_${uid()}`;
    const rule = await publishedRule(env.prisma, {
      templateCode: 'count_in_window',
      eventTypes: [type],
      params: { count: '2', window: 'P1D' },
    });
    // The worker's statements time out after 1 s: a row lock held below is a real, transient
    // database failure for exactly one user's aggregate.
    const prisma = createPrismaClient({
      url: testDatabaseUrl(),
      poolMax: 4,
      statementTimeoutMs: 1000,
    });
    const h = await startPipeline(env, { RULE_CONSUMER_MAX_ATTEMPTS: 2 }, prisma);
    const locker = new pg.Client({ connectionString: testDatabaseUrl() });
    await locker.connect();
    try {
      const [blocked, other] = [uniqueId('u'), uniqueId('u')];
      await feed(h, [engagement(blocked, type, at(0))]);
      await locker.query('BEGIN');
      await locker.query(
        'SELECT 1 FROM rule.rule_user_aggregate WHERE rule_id = $1 AND user_id = $2 FOR UPDATE',
        [rule.id, blocked],
      );
      const second = engagement(blocked, type, at(HOUR));
      await env.producer.send(h.engagementTopic, [second.kafka]);
      await feed(h, [engagement(other, type, at(0)), engagement(other, type, at(HOUR))]);
      const dead = await waitFor(
        () =>
          env.dlq.find(
            (m) => m.headers?.[DLQ_HEADERS.originalTopic]?.toString() === h.engagementTopic,
          ),
        { what: 'the exhausted message in the DLQ' },
      );
      expect(dead.headers?.[DLQ_HEADERS.errorClass]?.toString()).toBe('exhausted');
      expect(grantsOf(await outboxCommands(env.prisma, [other]), rule.id)).toHaveLength(1);
      expect(grantsOf(await outboxCommands(env.prisma, [blocked]), rule.id)).toHaveLength(0);

      await locker.query('ROLLBACK'); // the "fix"
      const replay = await replayDlq({
        kafka: env.kafka,
        producer: env.producer,
        logger: env.logger,
        groupId: `replay-${uid()}`,
        filter: { originalTopic: h.engagementTopic, errorClass: 'exhausted' },
        sessionTimeout: 6000,
        heartbeatInterval: 500,
      });
      expect(replay.replayed).toBe(1);
      const grants = await waitFor(async () => {
        const g = grantsOf(await outboxCommands(env.prisma, [blocked]), rule.id);
        return g.length ? g : undefined;
      });
      expect(grants.map((g) => g.sourceRef)).toEqual([second.id]);
    } finally {
      await locker.end();
      await h.stop();
      await prisma.$disconnect();
    }
  }, 90_000);
});

describe('crash safety', () => {
  const RULE_ROOT = fileURLToPath(new URL('..', import.meta.url));

  function startWorker(vars: Record<string, string>): ChildProcess {
    // node itself with tsx as a loader (one process): the `tsx` CLI runs the script in a child
    // process, and a SIGKILL of the CLI would leave that child running
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@badge/source', 'src/worker.ts'],
      {
        cwd: RULE_ROOT,
        // eslint-disable-next-line no-restricted-properties -- the child needs PATH etc.
        env: { ...process.env, ...vars },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr?.on('data', () => undefined);
    return child;
  }

  it('a worker killed mid-batch and restarted loses and duplicates no command', async () => {
    const run = uid();
    const rule = await publishedRule(env.prisma, {
      templateCode: 'single_event_threshold',
      eventTypes: ['purchase'],
      params: { field: 'amount', operator: 'gte', threshold: '5000' },
      celCondition: `attributes.run == "${run}"`,
    });
    const topicId = uid();
    const vars = {
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: 'redis://127.0.0.1:6379',
      KAFKA_BROKERS: env.mock.bootstrap,
      INTERNAL_IDENTITY_SECRETS: 'test-identity-secret-test-identity-secret',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
      RULE_ENGAGEMENT_TOPIC: `crash.engagement.${topicId}`,
      RULE_TRANSACTION_TOPIC: `crash.transaction.${topicId}`,
      RULE_CONSUMER_GROUP: `crash.${topicId}`,
      RULE_BATCH_MAX: '25',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
    };
    env.mock.createTopic(vars.RULE_ENGAGEMENT_TOPIC, 3);
    env.mock.createTopic(vars.RULE_TRANSACTION_TOPIC, 3);
    const users = Array.from({ length: 50 }, () => uniqueId('u'));
    const events = Array.from({ length: 1500 }, (_, i) =>
      transaction(users[i % users.length]!, 'purchase', at(i * 1000), i % 3 === 0 ? 1000 : 6000, {
        attributes: { run },
      }),
    );
    const qualifying = events.filter((_, i) => i % 3 !== 0);
    const expected = qualifying.length;
    // a first wave now, a second one after the kill (so the kill is always mid-stream)
    const [wave1, wave2] = [events.slice(0, 1200), events.slice(1200)];
    await env.producer.send(
      vars.RULE_TRANSACTION_TOPIC,
      wave1.map((e) => e.kafka),
    );
    const commands = () => outboxCommands(env.prisma, users);

    let worker = startWorker(vars);
    try {
      // Kill it hard once it is part-way through.
      await waitFor(async () => (await commands()).length >= 100, {
        timeoutMs: 60_000,
        what: 'the first worker to make progress',
      });
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      const atKill = await processedCount(env.prisma, vars.RULE_CONSUMER_GROUP);
      expect(atKill).toBeLessThan(events.length);
      await env.producer.send(
        vars.RULE_TRANSACTION_TOPIC,
        wave2.map((e) => e.kafka),
      );

      worker = startWorker(vars);
      await waitFor(
        async () => (await processedCount(env.prisma, vars.RULE_CONSUMER_GROUP)) === events.length,
        { timeoutMs: 90_000, what: 'the restarted worker to finish' },
      );
      const grants = grantsOf(await commands(), rule.id);
      const ids = grants.map((g) => g.commandId);
      expect(new Set(ids).size).toBe(ids.length); // no duplicate command
      expect(ids.length).toBe(expected); // none lost
      const bySource = new Set(grants.map((g) => g.sourceRef));
      expect(qualifying.every((e) => bySource.has(e.id))).toBe(true);
      await published(ids);
    } finally {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
  }, 180_000);
});
