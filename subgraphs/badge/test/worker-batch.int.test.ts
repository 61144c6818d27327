/**
 * The batched grant-commands consumer under failures, on its own database and mock broker:
 * a command failing with a non-transient error goes to the DLQ alone (the rest of its batch
 * commits), a database outage holds the commands in Kafka (none in the DLQ) until the database is
 * back, and the worker process killed with SIGKILL mid-stream and restarted loses and duplicates
 * no grant (limits and stock included).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@badge/db';
import { createKafka, createProducer, type KafkaProducer } from '@badge/kafka';
import { startMockKafka, type MockKafka } from '@badge/kafka/mock-broker';
import {
  BadgeSource,
  createEvent,
  GrantBadgeCommandSchema,
  toOutboxRecord,
  type MessageInitShape,
} from '@badge/proto';
import { createRuntime, Registry } from '@badge/service-kit';
import { createTestDatabase, uniqueId, type TestDatabase } from '@badge/testing';
import { startBadgeWorker } from '../src/badge-worker.js';
import { CONSUMER } from '../src/consumers/grant-commands.js';
import { loadEnvironment } from '../src/environment.js';
import { createBadge, metricValue, testLogger } from './helpers.js';

const BADGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'worker-batch-test-secret-worker-batch-test';

let database: TestDatabase;
let mock: MockKafka;
let prisma: PrismaClient;
let producer: KafkaProducer;

const workerVars = () => ({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  METRICS_PORT: '0',
  DATABASE_URL: database.url,
  DATABASE_POOL_MAX: '6',
  REDIS_URL: 'redis://127.0.0.1:6379',
  KAFKA_BROKERS: mock.bootstrap,
  INTERNAL_IDENTITY_SECRETS: SECRET,
  BADGE_EXPIRY_SWEEP_INTERVAL_MS: '0',
  BADGE_BATCH_POLL_INTERVAL_MS: '0',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '500',
});

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
  prisma = createPrismaClient({ url: database.url, poolMax: 4 });
  producer = createProducer({
    kafka: createKafka({
      brokers: mock.brokers,
      clientId: 'worker-batch-test-producer',
      logger: testLogger(),
    }),
    logger: testLogger(),
    registry: new Registry(),
  });
  await producer.start();
}, 120_000);

afterAll(async () => {
  await producer?.stop();
  await prisma?.$disconnect();
  mock?.stop();
  await database?.drop();
}, 60_000);

type Command = ReturnType<typeof command>;

function command(init: MessageInitShape<typeof GrantBadgeCommandSchema>) {
  return createEvent(GrantBadgeCommandSchema, {
    commandId: `rule:${uniqueId('c')}`,
    quantity: 1,
    source: BadgeSource.RULE,
    ruleId: 'rule-1',
    ruleVersion: 1,
    sourceRef: `evt-${uniqueId()}`,
    actor: 'rule-worker',
    ...init,
  });
}

async function send(commands: Command[]) {
  await producer.send(
    'badge.grant.commands',
    commands.map((c) => {
      const record = toOutboxRecord(GrantBadgeCommandSchema, c);
      return {
        key: record.key,
        value: Buffer.from(record.payload),
        headers: { ...record.headers },
      };
    }),
  );
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const inboxCount = () => prisma.badgeInboxMessage.count({ where: { consumer: CONSUMER } });

describe('a non-transient failure inside a batch', () => {
  it('sends only the failing command to the DLQ, with its context headers; the rest commit', async () => {
    const env = loadEnvironment(workerVars());
    const runtime = createRuntime('badge-worker-batch-test', env);
    const workerPrisma = createPrismaClient({ url: database.url, poolMax: 6 });
    await startBadgeWorker({
      runtime,
      env,
      prisma: workerPrisma,
      consumer: { backoffMs: 20, maxAttempts: 3 },
    });
    const dlq: { key: string; headers: Record<string, string> }[] = [];
    const dlqConsumer = createKafka({
      brokers: mock.brokers,
      clientId: 'worker-batch-test-dlq',
      logger: testLogger(),
    }).consumer({ groupId: uniqueId('dlq-reader'), maxWaitTimeInMs: 50 });
    try {
      await dlqConsumer.connect();
      await dlqConsumer.subscribe({ topics: ['badge.dlq'], fromBeginning: true });
      await dlqConsumer.run({
        eachMessage: async ({ message }) => {
          dlq.push({
            key: message.key?.toString() ?? '',
            headers: Object.fromEntries(
              Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
            ),
          });
        },
      });
      const good = await createBadge(prisma, { isRepeatable: true, totalStock: 10 });
      // a grant of this badge cannot be written (its expiry is past the end of time): a
      // programming/data error, not a refusal and not transient
      const broken = await createBadge(prisma, {
        isRepeatable: true,
        validityKind: 'RELATIVE',
        validDays: 2_000_000_000,
      });
      const userId = uniqueId('u');
      const other = uniqueId('u');
      const bad = command({ userId, badgeId: broken.id });
      const batch = [
        command({ userId, badgeId: good.id }),
        command({ userId: other, badgeId: good.id }),
        bad,
        command({ userId, badgeId: good.id, quantity: 2 }),
      ];
      await send(batch);

      await waitFor('the good commands', async () => (await inboxCount()) >= 3);
      await waitFor('the DLQ message', async () => dlq.some((m) => m.key === userId));
      const grants = await prisma.userBadge.findMany({
        where: { userId: { in: [userId, other] } },
      });
      expect(grants.map((g) => g.idempotencyKey).sort()).toEqual(
        batch
          .filter((c) => c !== bad)
          .map((c) => c.commandId)
          .sort(),
      );
      expect(
        (await prisma.badge.findUniqueOrThrow({ where: { id: good.id } })).remainingStock,
      ).toBe(6);
      // the bad one: in the DLQ with the contract's headers, no inbox row, no grant
      const dead = dlq.filter((m) => m.key === userId);
      expect(dead).toHaveLength(1);
      expect(dead[0]!.headers).toMatchObject({
        'x-original-topic': 'badge.grant.commands',
        'x-consumer-group': CONSUMER,
        'x-error-class': 'exhausted',
        'x-original-key': userId,
        'x-event-type': 'badge.grant.command.v1',
      });
      expect(Number(dead[0]!.headers['x-attempts'])).toBeGreaterThanOrEqual(3);
      expect(dead[0]!.headers['x-error-message']).toMatch(/RangeError/);
      expect(await prisma.badgeInboxMessage.count({ where: { messageId: bad.commandId } })).toBe(0);
    } finally {
      await dlqConsumer.disconnect();
      await runtime.shutdown.run('test finished');
      await workerPrisma.$disconnect();
    }
  }, 90_000);
});

/**
 * A TCP proxy in front of the test database: `cut()` closes every connection through it and
 * refuses new ones (the server restarting, a failover), `restore()` lets them through again.
 */
async function startDatabaseProxy(databaseUrl: string) {
  const target = new URL(databaseUrl);
  const sockets = new Set<net.Socket>();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('a database outage', () => {
  it('holds the commands in Kafka, not the DLQ, and grants each once when the database is back', async () => {
    const proxy = await startDatabaseProxy(database.url);
    const env = loadEnvironment({ ...workerVars(), DATABASE_URL: proxy.url });
    const runtime = createRuntime('badge-worker-outage-test', env);
    const workerPrisma = createPrismaClient({ url: proxy.url, poolMax: 6 });
    const waits = () =>
      metricValue(runtime.metrics.registry, 'kafka_consumer_dependency_waits', { group: CONSUMER });
    try {
      await startBadgeWorker({
        runtime,
        env,
        prisma: workerPrisma,
        consumer: { backoffMs: 20, maxAttempts: 3 },
      });
      const badge = await createBadge(prisma, { isRepeatable: true });
      const userId = uniqueId('u');
      const grants = () => prisma.userBadge.count({ where: { userId } });
      const before = Array.from({ length: 5 }, () => command({ userId, badgeId: badge.id }));
      await send(before);
      await waitFor('the grants before the outage', async () => (await grants()) === 5);

      proxy.cut();
      const during = Array.from({ length: 5 }, () => command({ userId, badgeId: badge.id }));
      await send(during);
      // with backoff from 20 ms, 3 attempts per message would have dead-lettered them long ago
      await waitFor('the worker to wait for the database', async () => (await waits()) === 1);
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await waits()).toBe(1);
      expect(await grants()).toBe(5);

      proxy.restore();
      await waitFor('the grants after the outage', async () => (await grants()) === 10, 60_000);
      await new Promise((r) => setTimeout(r, 500)); // a redelivery would show up now
      const rows = await prisma.userBadge.findMany({ where: { userId } });
      expect(rows.map((g) => g.idempotencyKey).sort()).toEqual(
        [...before, ...during].map((c) => c.commandId).sort(),
      );
      expect(
        await prisma.badgeInboxMessage.count({
          where: { messageId: { in: during.map((c) => c.commandId) } },
        }),
      ).toBe(5);
      expect(await waits()).toBe(0);
      expect(
        (await prisma.userBadgeBalance.findFirstOrThrow({ where: { userId } })).activeQuantity,
      ).toBe(10);
    } finally {
      await runtime.shutdown.run('test finished');
      await workerPrisma.$disconnect();
      await proxy.close();
    }
  }, 120_000);
});

describe('crash safety of the batched path', () => {
  // node itself with tsx as a loader (one process): the `tsx` CLI would run the worker in a child
  // process, and a SIGKILL of the CLI would leave that child running
  function startWorker(): ChildProcess {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@badge/source', 'src/worker.ts'],
      {
        cwd: BADGE_ROOT,
        // eslint-disable-next-line no-restricted-properties -- the child needs PATH etc.
        env: { ...process.env, ...workerVars(), LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    child.stderr?.on('data', () => undefined);
    return child;
  }

  it('a worker killed mid-stream and restarted loses and duplicates no grant', async () => {
    const repeatable = await createBadge(prisma, { isRepeatable: true });
    const limited = await createBadge(prisma, { isRepeatable: true, totalStock: 200 });
    const oneTime = await createBadge(prisma, { isRepeatable: false });
    const users = Array.from({ length: 60 }, () => uniqueId('u'));
    // mostly repeatable grants (set-based), every 10th of a limited badge (sold out after 200:
    // refusals), and each user's one-time badge twice (the second is refused)
    const stream = Array.from({ length: 3600 }, (_, i) =>
      command({
        userId: users[i % users.length]!,
        badgeId: i % 10 === 9 ? limited.id : repeatable.id,
      }),
    );
    const oneTimes = users.map((userId) => command({ userId, badgeId: oneTime.id }));
    const oneTimesAgain = users.map((userId) => command({ userId, badgeId: oneTime.id }));
    const wave1 = [...oneTimes, ...stream.slice(0, 3000)];
    const wave2 = [...stream.slice(3000), ...oneTimesAgain];
    const all = [...wave1, ...wave2];
    const before = await inboxCount();
    await send(wave1);

    let worker = startWorker();
    try {
      await waitFor(
        'the first worker to make progress',
        async () => (await prisma.userBadge.count({ where: { userId: { in: users } } })) >= 150,
        90_000,
      );
      worker.kill('SIGKILL');
      await new Promise((r) => worker.once('exit', r));
      // (typically one batch of the 3 060 is committed by then; wave 2 is sent after the kill,
      // so the restarted worker always has work left)
      expect((await inboxCount()) - before).toBeLessThan(all.length);
      // the rest, plus redeliveries of commands already applied
      await send([...wave2, ...wave1.slice(0, 100)]);

      worker = startWorker();
      await waitFor(
        'the restarted worker to finish',
        async () => (await inboxCount()) - before === all.length,
        120_000,
      );

      const grants = await prisma.userBadge.findMany({ where: { userId: { in: users } } });
      const keys = grants.map((g) => g.idempotencyKey);
      expect(new Set(keys).size).toBe(keys.length);
      // repeatable: every command granted once
      const repeatableKeys = new Set(
        all.filter((c) => c.badgeId === repeatable.id).map((c) => c.commandId),
      );
      expect(grants.filter((g) => g.badgeId === repeatable.id).length).toBe(repeatableKeys.size);
      expect(
        grants
          .filter((g) => g.badgeId === repeatable.id)
          .every((g) => repeatableKeys.has(g.idempotencyKey)),
      ).toBe(true);
      // limited stock: exactly the stock, never more
      expect(grants.filter((g) => g.badgeId === limited.id).length).toBe(200);
      expect(
        (await prisma.badge.findUniqueOrThrow({ where: { id: limited.id } })).remainingStock,
      ).toBe(0);
      // one-time: one per user
      expect(grants.filter((g) => g.badgeId === oneTime.id).length).toBe(users.length);
      // balances, logs and BadgeGranted events agree with the grants (no double effect)
      const balances = await prisma.userBadgeBalance.findMany({ where: { userId: { in: users } } });
      expect(balances.reduce((n, b) => n + b.activeQuantity, 0)).toBe(grants.length);
      expect(balances.reduce((n, b) => n + b.totalGranted, 0)).toBe(grants.length);
      expect(
        await prisma.userBadgeLog.count({ where: { userId: { in: users }, action: 'GRANT' } }),
      ).toBe(grants.length);
      expect(
        await prisma.badgeOutboxEvent.count({
          where: { key: { in: users }, eventType: 'badge.granted.v1' },
        }),
      ).toBe(grants.length);
    } finally {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    }
  }, 240_000);
});
