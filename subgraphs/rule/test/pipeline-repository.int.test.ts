// The rule pipeline's batch transaction without row locks (src/consumers/pipeline.repository.ts):
// when two workers meet on the same (rule, user) — only during a rebalance — the later write is
// refused with a retryable ConcurrentAggregateUpdateError instead of overwriting the first, and
// nothing of the refused transaction (inbox rows, outbox rows) is committed.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient } from '@badge/db';
import { testDatabaseUrl, uniqueId } from '@badge/testing';
import {
  ConcurrentAggregateUpdateError,
  createPipelineRepository,
  isTransientPipelineError,
  type PipelineRepository,
} from '../src/consumers/pipeline.repository.js';
import type { AggregateRow } from '../src/engine/serialize.js';
import { publishedRule } from './helpers.js';

let prisma: PrismaClient;
let pipeline: PipelineRepository;
beforeAll(() => {
  prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 4 });
  pipeline = createPipelineRepository(prisma);
});
afterAll(async () => {
  await prisma.$disconnect();
});

const row = (ruleId: string, userId: string, eventCount: number): AggregateRow => ({
  ruleId,
  userId,
  timezone: 'Asia/Shanghai',
  eventCount,
  sumValue: '199.5000',
  window: { e: [{ t: 1_795_000_000_000, v: 199.5, id: 'e-1' }] },
  windowStart: new Date('2026-11-01T00:00:00.000Z'),
  currentStreak: 2,
  longestStreak: 3,
  lastActiveDate: new Date('2026-11-20T00:00:00.000Z'),
  distinctDays: 2,
  periodStart: new Date('2026-11-15T00:00:00.000Z'),
  firstEventAt: new Date('2026-11-19T08:00:00.000Z'),
  lastEventAt: new Date('2026-11-20T09:30:00.123Z'),
  lastEventId: 'e-1',
  version: 1,
});

const entry = (messageId: string) => ({
  consumer: uniqueId('consumer'),
  messageId,
  topic: 'badge.engagement.events',
  partition: 0,
  offset: '42',
});

type Tx = Parameters<Parameters<PipelineRepository['transaction']>[0]>[0];

/**
 * Two transactions that both read before either writes (what a rebalance can cause): each runs
 * `read`, waits until the other has read too, then runs `write` and commits. Resolves with the
 * outcome of each and the value of the one that committed.
 */
async function race<R>(
  read: (tx: Tx) => Promise<R>,
  write: (tx: Tx, read: R, who: 0 | 1) => Promise<void>,
) {
  let bothRead!: () => void;
  const barrier = new Promise<void>((resolve) => (bothRead = resolve));
  let reads = 0;
  const run = (who: 0 | 1) =>
    pipeline.transaction(async (tx) => {
      const value = await read(tx);
      if (++reads === 2) bothRead();
      await barrier;
      await write(tx, value, who);
    });
  const outcomes = await Promise.allSettled([run(0), run(1)]);
  const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
  const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
  return { winner, losers };
}

describe('pipeline repository', () => {
  it('writes and reads back an aggregate with every column', async () => {
    const rule = await publishedRule(prisma, { templateCode: 'first_event', eventTypes: ['x'] });
    const userId = uniqueId('user');
    await pipeline.transaction(async (tx) => {
      await tx.saveAggregates([], [row(rule.id, userId, 1)]);
      await tx.saveGrantCounts([
        { ruleId: rule.id, userId, grantCount: 1, lastGrantedAt: new Date('2026-11-20T09:30:00Z') },
      ]);
    });
    const [loaded] = await pipeline.transaction((tx) =>
      tx.loadAggregates([{ ruleId: rule.id, userId }]),
    );
    expect(loaded).toMatchObject({
      ruleId: rule.id,
      userId,
      timezone: 'Asia/Shanghai',
      eventCount: 1,
      sumValue: '199.5000',
      window: { e: [{ t: 1_795_000_000_000, v: 199.5, id: 'e-1' }] },
      lastActiveDate: '2026-11-20',
      lastEventId: 'e-1',
      version: 1,
      grantCount: 1,
      lastGrantedAt: new Date('2026-11-20T09:30:00Z'),
    });
    expect(loaded!.lastEventAt?.toISOString()).toBe('2026-11-20T09:30:00.123Z');
  });

  it('refuses the later of two concurrent updates of one aggregate and rolls it back whole', async () => {
    const rule = await publishedRule(prisma, { templateCode: 'first_event', eventTypes: ['x'] });
    const userId = uniqueId('user');
    await pipeline.transaction((tx) => tx.saveAggregates([], [row(rule.id, userId, 1)]));
    const pair = { ruleId: rule.id, userId };
    const messages = [randomUUID(), randomUUID()];

    const { winner, losers } = await race(
      async (tx) => (await tx.loadAggregates([pair]))[0]!.version,
      async (tx, version, who) => {
        await tx.claimInbox([entry(messages[who]!)]);
        await tx.saveAggregates(
          [{ ...row(rule.id, userId, 10 + who), expectedVersion: version }],
          [],
        );
      },
    );

    expect(winner).toBeGreaterThanOrEqual(0);
    expect(losers).toHaveLength(1);
    const error = losers[0]!.reason as Error;
    expect(error).toBeInstanceOf(ConcurrentAggregateUpdateError);
    expect(isTransientPipelineError(error)).toBe(true);
    const stored = await prisma.ruleUserAggregate.findUniqueOrThrow({
      where: { ruleId_userId: pair },
    });
    expect(stored).toMatchObject({ eventCount: 10 + winner, version: 2 });
    // the refused transaction's inbox row is gone: its message is processed again on retry
    expect(await prisma.ruleInboxMessage.count({ where: { messageId: messages[winner]! } })).toBe(
      1,
    );
    expect(
      await prisma.ruleInboxMessage.count({ where: { messageId: messages[1 - winner]! } }),
    ).toBe(0);
  });

  it('refuses the later of two concurrent first inserts of one aggregate', async () => {
    const rule = await publishedRule(prisma, { templateCode: 'first_event', eventTypes: ['x'] });
    const userId = uniqueId('user');
    const pair = { ruleId: rule.id, userId };

    const { winner, losers } = await race(
      (tx) => tx.loadAggregates([pair]),
      async (tx, loaded, who) => {
        expect(loaded).toEqual([]);
        await tx.saveAggregates([], [row(rule.id, userId, 20 + who)]);
      },
    );

    expect(losers).toHaveLength(1);
    expect(losers[0]!.reason).toBeInstanceOf(ConcurrentAggregateUpdateError);
    const stored = await prisma.ruleUserAggregate.findUniqueOrThrow({
      where: { ruleId_userId: pair },
    });
    expect(stored.eventCount).toBe(20 + winner);
  });

  it('classifies a constraint violation from plain SQL as permanent', async () => {
    const rule = await publishedRule(prisma, { templateCode: 'first_event', eventTypes: ['x'] });
    const error = await pipeline
      .transaction((tx) => tx.saveAggregates([], [{ ...row(rule.id, uniqueId('user'), -1) }]))
      .catch((err: unknown) => err);
    expect(error).toMatchObject({ code: '23514' });
    expect(isTransientPipelineError(error)).toBe(false);
  });
});
