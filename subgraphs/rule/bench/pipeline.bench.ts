// Pipeline benchmark, end to end: events produced to the real librdkafka mock broker → the real
// rule worker (subgraphs/rule/src/worker.ts in its own process: batch consumer, engine,
// repositories, outbox relay) → grant commands on badge.grant.commands → the real badge worker
// (subgraphs/badge/src/worker.ts in a second process: grant-commands consumer, grant service,
// outbox relay) → badge grants committed in badge.user_badge (+ BadgeGranted published), all
// against one scratch PostgreSQL database whose rules grant real PUBLISHED badges.
//
//   pnpm --filter @badge/subgraph-rule bench:pipeline
//
// Phase 1 (throughput): BENCH_EVENTS events (mixed engagement and transaction types, BENCH_USERS
// users, ~5 % duplicates re-sent later) are produced as fast as possible; events/s = events
// produced ÷ time from the first send until every event is processed by the rule worker and every
// expected badge grant is committed by the badge worker (RULE rows in badge.user_badge).
// Phase 2 (latency): BENCH_RATE events/s for BENCH_LATENCY_SECONDS (new users); event → grant
// latency = when the probe sees the grant − when the event was sent (p50/p95/p99). The default
// probe reads BadgeGranted (published by the badge worker after the grant committed).
// Expected grants come from a brute-force oracle over the generated events (independent of the
// engine); the actual ones are the badge.user_badge rows (source RULE, idempotency key = command
// id), mapped back to (rule, user, event) through the GrantBadgeCommands in the rule outbox:
// lost = expected but no badge grant, duplicates = extra badge grants for one expected grant,
// unexpected = badge grants the oracle does not expect (or whose command is unknown).
//
// Prints one JSON line on stdout; progress on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { createKafka, createProducer } from '@badge/kafka';
import { startMockKafka } from '@badge/kafka/mock-broker';
import {
  createEvent,
  decodeEvent,
  encodeEvent,
  EngagementEventSchema,
  GrantBadgeCommandSchema,
  HEADERS,
  TOPIC_PARTITIONS,
  TOPICS,
  timestampFromDate,
  toAttributes,
  TransactionEventSchema,
  TransactionType,
} from '@badge/proto';
import { createLogger, Registry, identityFixture } from './support.js';
import { createRuleRepository } from '../src/modules/rule/rule.repository.js';
import { createRuleService } from '../src/modules/rule/rule.service.js';
import {
  allOutboxGrants,
  allRuleUserBadges,
  createBenchBadges,
  createScratchDatabase,
  processedEvents,
  ruleUserBadgeCount,
} from './bench.repository.js';
import { benchEnv, inheritedEnv } from './environment.js';
import { badgeGrantedProbe, commandTopicProbe, outboxProbe, type GrantProbe } from './probes.js';

const env = benchEnv();
const log = (msg: string) => process.stderr.write(`[bench:pipeline] ${msg}\n`);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GROUP = 'rule-worker.behaviour-events';
const BADGE_GROUP = 'badge-worker.grant-commands';

// ---------------------------------------------------------------------------------------------
// rules and their brute-force oracles (in-order events per user; every rule but R4 grants once)
// ---------------------------------------------------------------------------------------------

interface GenEvent {
  id: string;
  userId: string;
  type: 'check_in' | 'view' | 'share' | 'purchase';
  at: number;
  amount: number;
  currency: string;
  channel: string;
}

interface BenchRule {
  key: string;
  input: Record<string, unknown>;
  /** grant keys this rule must produce for one user's events (time-ordered, unique) */
  oracle(events: GenEvent[]): string[];
}

const existsWindow = (
  times: number[],
  windowMs: number,
  need: (from: number, to: number) => boolean,
) => times.some((t) => need(t - windowMs, t));

const BENCH_RULES: BenchRule[] = [
  {
    key: 'first_checkin',
    input: { templateCode: 'first_event', eventTypes: ['check_in'], perUserGrantLimit: 1 },
    oracle: (es) => (es.some((e) => e.type === 'check_in') ? ['1'] : []),
  },
  {
    key: 'checkins_4_in_a_day',
    input: {
      templateCode: 'count_in_window',
      eventTypes: ['check_in'],
      params: [
        { name: 'count', value: '4' },
        { name: 'window', value: 'P1D' },
      ],
      perUserGrantLimit: 1,
    },
    oracle: (es) => {
      const t = es.filter((e) => e.type === 'check_in').map((e) => e.at);
      return existsWindow(t, DAY, (from, to) => t.filter((x) => x > from && x <= to).length >= 4)
        ? ['1']
        : [];
    },
  },
  {
    key: 'checkin_3_days_running',
    input: {
      templateCode: 'consecutive_days',
      eventTypes: ['check_in'],
      params: [{ name: 'days', value: '3' }],
      perUserGrantLimit: 1,
    },
    oracle: (es) => {
      const days = new Set(
        es.filter((e) => e.type === 'check_in').map((e) => Math.floor(e.at / DAY)),
      );
      return [...days].some((d) => days.has(d - 1) && days.has(d - 2)) ? ['1'] : [];
    },
  },
  {
    key: 'big_purchase',
    input: {
      templateCode: 'single_event_threshold',
      eventTypes: ['purchase'],
      params: [{ name: 'threshold', value: '20000' }],
      celCondition: 'event.currency == "CNY"',
    },
    oracle: (es) =>
      es
        .filter((e) => e.type === 'purchase' && e.currency === 'CNY' && e.amount >= 20_000)
        .map((e) => e.id),
  },
  {
    key: 'spend_500_in_30_days',
    input: {
      templateCode: 'sum_in_window',
      eventTypes: ['purchase'],
      params: [
        { name: 'threshold', value: '50000' },
        { name: 'window', value: 'P30D' },
      ],
      perUserGrantLimit: 1,
    },
    oracle: (es) => {
      const p = es.filter((e) => e.type === 'purchase');
      return existsWindow(
        p.map((e) => e.at),
        30 * DAY,
        (from, to) =>
          p.filter((x) => x.at > from && x.at <= to).reduce((s, x) => s + x.amount, 0) >= 50_000,
      )
        ? ['1']
        : [];
    },
  },
  {
    key: 'reader_3_days_a_week',
    input: {
      templateCode: 'distinct_days_in_period',
      eventTypes: ['view'],
      params: [
        { name: 'days', value: '3' },
        { name: 'period', value: 'P7D' },
      ],
      perUserGrantLimit: 1,
    },
    oracle: (es) => {
      const days = [
        ...new Set(es.filter((e) => e.type === 'view').map((e) => Math.floor(e.at / DAY))),
      ];
      return days.some((end) => days.filter((d) => d > end - 7 && d <= end).length >= 3)
        ? ['1']
        : [];
    },
  },
  {
    key: 'first_wechat_share',
    input: {
      templateCode: 'first_event',
      eventTypes: ['share'],
      celCondition: 'attributes.channel == "wechat"',
      perUserGrantLimit: 1,
    },
    oracle: (es) => (es.some((e) => e.type === 'share' && e.channel === 'wechat') ? ['1'] : []),
  },
];

// ---------------------------------------------------------------------------------------------
// workload
// ---------------------------------------------------------------------------------------------

let seed = 20_250_301;
const rnd = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** `count` events for `users` users: per-user time order, users interleaved, ~5 % re-sent. */
function workload(prefix: string, users: number, count: number) {
  const T0 = Date.now() - 60 * DAY;
  const clock = new Map<string, number>();
  const events: GenEvent[] = [];
  for (let i = 0; i < count; i++) {
    const userId = `${prefix}-${Math.floor(rnd() * users)}`;
    const at =
      (clock.get(userId) ?? T0 + Math.floor(rnd() * 20 * DAY)) + Math.floor(rnd() * 20 * HOUR);
    clock.set(userId, at);
    const type = pick([
      'check_in',
      'check_in',
      'check_in',
      'purchase',
      'purchase',
      'view',
      'view',
      'share',
    ] as const);
    events.push({
      id: `${prefix}-e${i}-${randomBytes(3).toString('hex')}`,
      userId,
      type,
      at,
      amount: type === 'purchase' ? 1000 + Math.floor(rnd() * 39_000) : 0,
      currency: rnd() < 0.9 ? 'CNY' : 'USD',
      channel: rnd() < 0.5 ? 'wechat' : 'weibo',
    });
  }
  // ~5 % duplicates: the same message again, somewhat later in the stream
  const sends: GenEvent[] = [];
  const later: { at: number; e: GenEvent }[] = [];
  events.forEach((e, i) => {
    sends.push(e);
    if (rnd() < 0.05) later.push({ at: i + 1 + Math.floor(rnd() * 200), e });
    while (later.length && later[0]!.at <= i) sends.push(later.shift()!.e);
    later.sort((a, b) => a.at - b.at);
  });
  sends.push(...later.map((l) => l.e));
  return { events, sends };
}

function toMessage(e: GenEvent) {
  if (e.type === 'purchase') {
    const m = createEvent(TransactionEventSchema, {
      eventId: e.id,
      userId: e.userId,
      type: TransactionType.PURCHASE,
      occurredAt: timestampFromDate(new Date(e.at)),
      orderId: `o-${e.id}`,
      amount: BigInt(e.amount),
      currency: e.currency,
      source: 'bench',
    });
    return {
      topic: TOPICS.TRANSACTION_EVENTS,
      message: {
        key: e.userId,
        value: Buffer.from(encodeEvent(TransactionEventSchema, m)),
        headers: { [HEADERS.CONTENT_TYPE]: 'application/x-protobuf', [HEADERS.EVENT_ID]: e.id },
      },
    };
  }
  const m = createEvent(EngagementEventSchema, {
    eventId: e.id,
    userId: e.userId,
    type: e.type,
    occurredAt: timestampFromDate(new Date(e.at)),
    attributes: toAttributes(e.type === 'share' ? { channel: e.channel } : {}),
    source: 'bench',
  });
  return {
    topic: TOPICS.ENGAGEMENT_EVENTS,
    message: {
      key: e.userId,
      value: Buffer.from(encodeEvent(EngagementEventSchema, m)),
      headers: { [HEADERS.CONTENT_TYPE]: 'application/x-protobuf', [HEADERS.EVENT_ID]: e.id },
    },
  };
}

const decodeGrantCommand = (payload: Uint8Array) =>
  decodeEvent(GrantBadgeCommandSchema, payload, 'application/x-protobuf');

function expectedGrants(events: GenEvent[], ruleIds: Map<string, string>): Set<string> {
  const byUser = new Map<string, GenEvent[]>();
  for (const e of events) byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
  const keys = new Set<string>();
  for (const [userId, es] of byUser) {
    es.sort((a, b) => a.at - b.at);
    for (const rule of BENCH_RULES)
      for (const k of rule.oracle(es)) keys.add(`${ruleIds.get(rule.key)}|${userId}|${k}`);
  }
  return keys;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** Cumulative histogram buckets of a metric (summed over labels) from the worker's /metrics. */
async function scrapeHistogram(port: number, name: string): Promise<Map<number, number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const buckets = new Map<number, number>();
  const re = new RegExp(`^${name}_bucket\\{.*le="([^"]+)".*\\} (\\d+(?:\\.\\d+)?)$`, 'gm');
  for (const m of text.matchAll(re)) {
    const le = m[1] === '+Inf' ? Infinity : Number(m[1]);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(m[2]));
  }
  return buckets;
}

/** Sum of a metric's samples (over labels matching `labels`, e.g. `group="…"`). */
async function scrapeTotal(port: number, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  let total = 0;
  const re = new RegExp(`^${name}(?:\\{([^}]*)\\})? (\\S+)$`, 'gm');
  for (const m of text.matchAll(re)) if ((m[1] ?? '').includes(labels)) total += Number(m[2]);
  return total;
}

/** Messages the rule worker has handled (processed or recognised as duplicates). */
const ruleMessagesHandled = (port: number) =>
  scrapeTotal(port, 'events_processed_total', `consumer="${GROUP}"`);

/**
 * The badge worker's grant-commands consumer: batch transactions (time, count, histogram, how
 * many in plain SQL), the per-command pick-up → commit histogram, commands handled, grants and
 * refusals.
 */
async function scrapeBadgeWorker(port: number) {
  const group = `group="${BADGE_GROUP}"`;
  return {
    batch: await scrapeHistogram(port, 'kafka_batch_processing_seconds'),
    batchSeconds: await scrapeTotal(port, 'kafka_batch_processing_seconds_sum', group),
    batchCalls: await scrapeTotal(port, 'kafka_batch_processing_seconds_count', group),
    command: await scrapeHistogram(port, 'badge_command_processing_seconds'),
    commands: await scrapeTotal(port, 'events_processed_total', `consumer="${BADGE_GROUP}"`),
    sequential: await scrapeTotal(port, 'badge_commands_applied_total', 'path="sequential"'),
    sqlBatches: await scrapeTotal(port, 'badge_command_batches_total', 'transaction="sql"'),
    grants: await scrapeTotal(port, 'badge_grants_total'),
    rejections: await scrapeTotal(port, 'badge_grant_rejections_total'),
  };
}
type BadgeWorkerScrape = Awaited<ReturnType<typeof scrapeBadgeWorker>>;

/** Where the badge worker's time went between two scrapes over `wallMs` of wall time. */
function badgeWorkerBreakdown(before: BadgeWorkerScrape, after: BadgeWorkerScrape, wallMs: number) {
  const calls = after.batchCalls - before.batchCalls;
  const seconds = after.batchSeconds - before.batchSeconds;
  const commands = after.commands - before.commands;
  return {
    commands,
    grants: after.grants - before.grants,
    rejections: after.rejections - before.rejections,
    /** commands applied one by one through the grant service (not set-based) */
    sequential: after.sequential - before.sequential,
    batches: calls,
    /** committed in a plain SQL transaction (the others: in the grant service's Prisma one) */
    sql_batches: after.sqlBatches - before.sqlBatches,
    commands_per_batch: calls > 0 ? Math.round((commands / calls) * 10) / 10 : 0,
    batch_mean_ms: calls > 0 ? Math.round((seconds / calls) * 10_000) / 10 : 0,
    batch_p50_ms: bucketQuantile(before.batch, after.batch, 50),
    batch_p99_ms: bucketQuantile(before.batch, after.batch, 99),
    /** per command: batch picked up → its transaction committed */
    command_p50_ms: bucketQuantile(before.command, after.command, 50),
    command_p99_ms: bucketQuantile(before.command, after.command, 99),
    /** batch transaction time ÷ wall time (above 1 when lanes overlap) */
    handler_busy: Math.round((seconds / (wallMs / 1000)) * 100) / 100,
  };
}

/** Upper bucket bound below which p % of the observations between two scrapes fall. */
function bucketQuantile(
  before: Map<number, number>,
  after: Map<number, number>,
  p: number,
): number {
  const les = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  if (total <= 0) return 0;
  for (const le of les)
    if ((after.get(le) ?? 0) - (before.get(le) ?? 0) >= (p / 100) * total) return le * 1000;
  return Infinity;
}

/** Set when a worker process exits before the benchmark stops it: every wait then fails. */
let workerExit: string | undefined;
let stopping = false;

async function waitUntil(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  every = 50,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return Date.now();
    if (workerExit) throw new Error(`${workerExit} while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}

/** Once the counters say done: the database holds every event's inbox row and every grant. */
const inDatabase = (pool: pg.Pool, events: number, grants: number, phase: string) =>
  waitUntil(
    async () =>
      (await processedEvents(pool, GROUP)) >= events && (await ruleUserBadgeCount(pool)) >= grants,
    300_000,
    `${phase} to be in the database`,
    200,
  );

// ---------------------------------------------------------------------------------------------
// main
// ---------------------------------------------------------------------------------------------

async function main() {
  const logger = createLogger({ name: 'bench', level: 'silent' });
  log(
    `cores ${cpus().length}; events ${env.BENCH_EVENTS}, users ${env.BENCH_USERS}; latency ${env.BENCH_RATE}/s × ${env.BENCH_LATENCY_SECONDS}s`,
  );
  const mock = startMockKafka({ brokers: 1, topics: { ...TOPIC_PARTITIONS } });
  const db = await createScratchDatabase(
    env.BENCH_DATABASE_ADMIN_URL,
    inheritedEnv(),
    env.BENCH_KEEP_DB === '1',
  );
  log(`database ${db.name} ready`);
  let worker: ChildProcess | undefined;
  let badgeWorker: ChildProcess | undefined;
  const kafka = createKafka({ brokers: mock.brokers, clientId: 'bench', logger });
  const producer = createProducer({ kafka, logger, registry: new Registry() });
  let probe: GrantProbe | undefined;
  try {
    // real badges (PUBLISHED, unlimited, repeatable, no cap), one per rule, so every rule grant
    // command is applied by the badge worker
    const badgeIds = await createBenchBadges(db.prisma, BENCH_RULES.length);
    // rules, published through the real service
    const service = createRuleService(createRuleRepository(db.prisma));
    const ruleIds = new Map<string, string>();
    for (const [i, r] of BENCH_RULES.entries()) {
      const created = await service.create(identityFixture, {
        name: r.key,
        badgeId: badgeIds[i]!,
        ...r.input,
      });
      await service.publish(identityFixture, { id: created.id, lockVersion: created.lockVersion });
      ruleIds.set(r.key, created.id);
    }

    // the real rule worker and the real badge worker, each in its own process
    const secrets = randomBytes(32).toString('hex');
    const startWorker = async (
      name: string,
      root: string,
      extraEnv: string,
      profileDir: string | undefined,
      own: NodeJS.ProcessEnv,
    ) => {
      const extra = Object.fromEntries(
        extraEnv
          .split(/\s+/)
          .filter(Boolean)
          .map((kv) => kv.split('=') as [string, string]),
      );
      const metricsPort = await freePort();
      const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
      const child = spawn(
        `${root}node_modules/.bin/tsx`,
        [...profile, '--conditions=@badge/source', 'src/worker.ts'],
        {
          cwd: root,
          env: {
            ...inheritedEnv(),
            NODE_ENV: 'production',
            DATABASE_URL: db.url,
            REDIS_URL: env.REDIS_URL,
            KAFKA_BROKERS: mock.bootstrap,
            INTERNAL_IDENTITY_SECRETS: secrets,
            METRICS_PORT: String(metricsPort),
            LOG_LEVEL: env.LOG_LEVEL,
            ...own,
            ...extra,
          },
          stdio: ['ignore', 2, 2], // the workers' logs go to stderr (LOG_LEVEL)
        },
      );
      child.once('exit', (code, signal) => {
        if (stopping) return;
        workerExit = `the ${name} exited early (${signal ?? `code ${code}`})`;
        log(workerExit);
      });
      return { child, metricsPort };
    };
    const rule = await startWorker(
      'rule worker',
      fileURLToPath(new URL('..', import.meta.url)),
      env.BENCH_WORKER_ENV,
      env.BENCH_WORKER_PROFILE,
      {},
    );
    worker = rule.child;
    const metricsPort = rule.metricsPort;
    const badge = await startWorker(
      'badge worker',
      fileURLToPath(new URL('../../badge/', import.meta.url)),
      env.BENCH_BADGE_WORKER_ENV,
      env.BENCH_BADGE_WORKER_PROFILE,
      // no expiry sweep (nothing expires) and no batch-task polling: grant commands only
      { BADGE_EXPIRY_SWEEP_INTERVAL_MS: '0', BADGE_BATCH_POLL_INTERVAL_MS: '0' },
    );
    badgeWorker = badge.child;
    await producer.start();
    probe =
      env.BENCH_PROBE === 'outbox'
        ? outboxProbe(db.pool)
        : env.BENCH_PROBE === 'command-topic'
          ? commandTopicProbe(kafka)
          : badgeGrantedProbe(kafka);
    await probe.start();

    // warm-up: both workers are up and joined, and the probe sees grants, once one event went
    // all the way through (a WeChat share → first_wechat_share → a badge grant)
    const warmEvent: GenEvent = {
      id: `warmup-${randomBytes(4).toString('hex')}`,
      userId: 'warmup',
      type: 'share',
      at: Date.now(),
      amount: 0,
      currency: 'CNY',
      channel: 'wechat',
    };
    const expectedWarm = expectedGrants([warmEvent], ruleIds);
    const warm = toMessage(warmEvent);
    await producer.send(warm.topic, [warm.message]);
    await waitUntil(
      async () =>
        (await processedEvents(db.pool, GROUP)) >= 1 &&
        (await ruleUserBadgeCount(db.pool)) >= expectedWarm.size &&
        probe!.seen.size >= expectedWarm.size,
      120_000,
      'the workers to start',
      100,
    );
    log('workers ready');

    // phase 1: throughput
    const a = workload('a', env.BENCH_USERS, env.BENCH_EVENTS);
    const expectedA = expectedGrants(a.events, ruleIds);
    const messagesA = a.sends.map(toMessage);
    log(
      `phase 1: ${a.sends.length} messages (${a.events.length} unique), ${expectedA.size} expected grants`,
    );
    const badgeBefore1 = await scrapeBadgeWorker(badge.metricsPort);
    const ruleBefore1 = await ruleMessagesHandled(metricsPort);
    const grantsBefore1 = await scrapeTotal(badge.metricsPort, 'badge_grants_total');
    const t0 = Date.now();
    for (let i = 0; i < messagesA.length; i += 1000) {
      const chunk = messagesA.slice(i, i + 1000);
      await producer.sendBatch(
        [TOPICS.ENGAGEMENT_EVENTS, TOPICS.TRANSACTION_EVENTS].map((topic) => ({
          topic,
          messages: chunk.filter((m) => m.topic === topic).map((m) => m.message),
        })),
      );
    }
    const produced = Date.now();
    // rule side done: every message handled by the rule worker; end to end done: every expected
    // badge grant committed by the badge worker. Both are watched through the workers' own
    // counters (cheap to scrape), not by counting rows: a count(*) over the growing inbox every
    // 20 ms took a large share of the database's CPU away from the system under test. The
    // database is then checked once, exactly, at the end.
    let ruleDone: number | undefined;
    const t1 = await waitUntil(
      async () => {
        ruleDone ??=
          (await ruleMessagesHandled(metricsPort)) - ruleBefore1 >= a.sends.length
            ? Date.now()
            : undefined;
        return (
          ruleDone !== undefined &&
          (await scrapeTotal(badge.metricsPort, 'badge_grants_total')) - grantsBefore1 >=
            expectedA.size
        );
      },
      600_000,
      'phase 1 to complete',
    );
    await inDatabase(db.pool, a.events.length + 1, expectedWarm.size + expectedA.size, 'phase 1');
    const throughput = a.sends.length / ((t1 - t0) / 1000);
    const badgePhase1 = badgeWorkerBreakdown(
      badgeBefore1,
      await scrapeBadgeWorker(badge.metricsPort),
      t1 - t0,
    );
    log(
      `phase 1: produced in ${produced - t0} ms, rule side done in ${ruleDone! - t0} ms, badge grants committed in ${t1 - t0} ms → ${Math.round(throughput)} events/s end to end`,
    );
    log(`phase 1 badge worker: ${JSON.stringify(badgePhase1)}`);

    // let the probe see phase 1's grants before measuring latency
    await waitUntil(
      async () => probe!.seen.size >= expectedWarm.size + expectedA.size,
      300_000,
      'the probe to see phase 1',
      50,
    );
    log(`phase 1 grants seen by the probe after ${Date.now() - t0} ms`);

    // phase 2: latency at a fixed offered rate
    const total = Math.round(env.BENCH_RATE * env.BENCH_LATENCY_SECONDS);
    const b = workload('b', Math.max(100, Math.round(env.BENCH_USERS / 2)), total);
    const expectedB = expectedGrants(b.events, ruleIds);
    const messagesB = b.sends.map((e) => ({ e, m: toMessage(e) }));
    const sentAt = new Map<string, number>();
    const metricsBefore = {
      processing: await scrapeHistogram(metricsPort, 'rule_event_processing_seconds'),
      latency: await scrapeHistogram(metricsPort, 'rule_event_latency_seconds'),
      badge: await scrapeBadgeWorker(badge.metricsPort),
    };
    const tickMs = env.BENCH_LINGER_MS;
    const perTick = env.BENCH_RATE / (1000 / tickMs);
    log(
      `phase 2: ${messagesB.length} messages at ${env.BENCH_RATE}/s, ${expectedB.size} expected grants`,
    );
    const start = Date.now();
    let sent = 0;
    while (sent < messagesB.length) {
      const due = Math.min(
        messagesB.length,
        Math.floor(((Date.now() - start) / tickMs + 1) * perTick),
      );
      if (due > sent) {
        const slice = messagesB.slice(sent, due);
        const now = Date.now();
        for (const { e } of slice) if (!sentAt.has(e.id)) sentAt.set(e.id, now);
        await producer.sendBatch(
          [TOPICS.ENGAGEMENT_EVENTS, TOPICS.TRANSACTION_EVENTS].map((topic) => ({
            topic,
            messages: slice.filter((x) => x.m.topic === topic).map((x) => x.m.message),
          })),
        );
        sent = due;
      }
      await sleep(Math.max(0, start + Math.ceil(sent / perTick) * tickMs - Date.now()));
    }
    const offered = messagesB.length / ((Date.now() - start) / 1000);
    const expectedAll = expectedWarm.size + expectedA.size + expectedB.size;
    await waitUntil(
      async () =>
        (await ruleMessagesHandled(metricsPort)) - ruleBefore1 >= a.sends.length + b.sends.length,
      300_000,
      'phase 2 to complete',
    );
    await inDatabase(db.pool, a.events.length + b.events.length + 1, expectedAll, 'phase 2');
    await waitUntil(
      async () => probe!.seen.size >= expectedAll,
      60_000,
      'the probe to see every grant',
    );
    const metricsAfter = {
      processing: await scrapeHistogram(metricsPort, 'rule_event_processing_seconds'),
      latency: await scrapeHistogram(metricsPort, 'rule_event_latency_seconds'),
      badge: await scrapeBadgeWorker(badge.metricsPort),
    };
    // where the time goes (bucket upper bounds): Kafka timestamp → commit, and worker pick-up → commit
    const breakdown = {
      kafka_to_commit_p50_ms: bucketQuantile(metricsBefore.latency, metricsAfter.latency, 50),
      kafka_to_commit_p99_ms: bucketQuantile(metricsBefore.latency, metricsAfter.latency, 99),
      pickup_to_commit_p50_ms: bucketQuantile(
        metricsBefore.processing,
        metricsAfter.processing,
        50,
      ),
      pickup_to_commit_p99_ms: bucketQuantile(
        metricsBefore.processing,
        metricsAfter.processing,
        99,
      ),
    };
    log(`phase 2 worker histograms (bucket bounds): ${JSON.stringify(breakdown)}`);
    const badgePhase2 = badgeWorkerBreakdown(
      metricsBefore.badge,
      metricsAfter.badge,
      Date.now() - start,
    );
    log(`phase 2 badge worker: ${JSON.stringify(badgePhase2)}`);
    const latencies = [...probe.seen.values()]
      .filter((o) => sentAt.has(o.sourceRef))
      .map((o) => o.seenAt - sentAt.get(o.sourceRef)!)
      .sort((x, y) => x - y);

    // accounting over warm-up and both phases, on the badge grants: each RULE user_badge row is
    // mapped back to (rule, user, event) through the grant command its idempotency key names
    const commands = new Map<string, ReturnType<typeof decodeGrantCommand>>();
    let commandRows = 0;
    for (const p of await allOutboxGrants(db.pool)) {
      const c = decodeGrantCommand(p);
      commands.set(c.commandId, c);
      commandRows++;
    }
    const limitOne = new Set(
      BENCH_RULES.filter((r) => r.input.perUserGrantLimit === 1).map((r) => ruleIds.get(r.key)!),
    );
    const keyOf = (c: ReturnType<typeof decodeGrantCommand>) =>
      `${c.ruleId}|${c.userId}|${limitOne.has(c.ruleId) ? '1' : c.sourceRef}`;
    const expected = new Set([...expectedWarm, ...expectedA, ...expectedB]);
    const rows = await allRuleUserBadges(db.pool);
    const actual = new Map<string, number>();
    let unmapped = 0;
    for (const row of rows) {
      const c = commands.get(row.idempotencyKey);
      if (!c || c.userId !== row.userId || c.badgeId !== row.badgeId) {
        unmapped++;
        continue;
      }
      actual.set(keyOf(c), (actual.get(keyOf(c)) ?? 0) + row.quantity);
    }
    const lost = [...expected].filter((k) => !actual.has(k)).length;
    const unexpected = [...actual.keys()].filter((k) => !expected.has(k)).length + unmapped;
    const duplicates = [...actual.values()].reduce((s, n) => s + (n - 1), 0);
    // the rule side alone, for comparison: commands per expected grant
    const commandKeys = new Map<string, number>();
    for (const c of commands.values())
      commandKeys.set(keyOf(c), (commandKeys.get(keyOf(c)) ?? 0) + 1);

    const result = {
      bench: 'pipeline',
      events: a.sends.length,
      unique_events: a.events.length,
      users: env.BENCH_USERS,
      rules: BENCH_RULES.length,
      end_to_end: true,
      events_per_sec: Math.round(throughput),
      unique_events_per_sec: Math.round(a.events.length / ((t1 - t0) / 1000)),
      throughput_seconds: Math.round((t1 - t0) / 10) / 100,
      rule_side_events_per_sec: Math.round(a.sends.length / ((ruleDone! - t0) / 1000)),
      offered_rate: Math.round(offered),
      latency_events: messagesB.length,
      latency_samples: latencies.length,
      p50_ms: percentile(latencies, 50),
      p95_ms: percentile(latencies, 95),
      p99_ms: percentile(latencies, 99),
      max_ms: latencies.at(-1) ?? 0,
      expected_grants: expected.size,
      grants: actual.size,
      lost,
      duplicates,
      unexpected,
      badge_grant_rows: rows.length,
      commands: commands.size,
      command_rows: commandRows,
      commands_lost: [...expected].filter((k) => !commandKeys.has(k)).length,
      commands_duplicate: [...commandKeys.values()].reduce((s, n) => s + (n - 1), 0),
      probe: probe.name,
      worker_histograms: breakdown,
      badge_worker: { phase1: badgePhase1, phase2: badgePhase2 },
      cores: cpus().length,
      node: process.version,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    stopping = true;
    await probe?.stop().catch(() => undefined);
    await producer.stop().catch(() => undefined);
    await Promise.all(
      [worker, badgeWorker].map(async (child) => {
        if (!child || child.exitCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(15_000)]);
      }),
    );
    await db.drop();
    mock.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `[bench:pipeline] failed: ${err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exit(1);
  },
);
