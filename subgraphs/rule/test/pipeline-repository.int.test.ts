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
});

const entry = (messageId: string) => ({
  consumer: uniqueId('consumer'),
  messageId,
  topic: 'badge.engagement.events',
  partition: 0,
  offset: '42',
});

/** Two transactions that both read before either writes (what a rebalance can cause). */
async function race(
  first: Parameters<PipelineRepository['transaction']>[0],
  second: Parameters<PipelineRepository['transaction']>[0],
) {
  let bothRead!: () => void;
  const barrier = new Promise<void>((resolve) => (bothRead = resolve));
  let reads = 0;
  const read = async () => {
    reads += 1;
    if (reads === 2) bothRead();
    await barrier;
  };
  const a = pipeline.transaction(async (tx) => {
    await first(tx);
    await read();
  });
  const b = pipeline.transaction(async (tx) => {
    await read();
    await second(tx);
  });
  return Promise.allSettled([a, b]);
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

  it('refuses the second of two concurrent updates of one aggregate and rolls it back whole', async () => {
    const rule = await publishedRule(prisma, { templateCode: 'first_event', eventTypes: ['x'] });
    const userId = uniqueId('user');
    await pipeline.transaction((tx) => tx.saveAggregates([], [row(rule.id, userId, 1)]));
    const pair = { ruleId: rule.id, userId };
    const lateMessage = randomUUID();

    const [a, b] = await race(
      async (tx) => {
        const [stored] = await tx.loadAggregates([pair]);
        await tx.saveAggregates(
          [{ ...row(rule.id, userId, 2), expectedVersion: stored!.version }],
          [],
        );
      },
      async (tx) => {
        const [stored] = await tx.loadAggregates([pair]);
        expect(await tx.claimInbox([entry(lateMessage)])).toEqual(new Set([lateMessage]));
        await tx.saveAggregates(
          [{ ...row(rule.id, userId, 5), expectedVersion: stored!.version }],
          [],
        );
      },
    );

    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    const error = (b as PromiseRejectedResult).reason as Error;
    expect(error).toBeInstanceOf(ConcurrentAggregateUpdateError);
    expect(isTransientPipelineError(error)).toBe(true);
    const stored = await prisma.ruleUserAggregate.findUniqueOrThrow({
      where: { ruleId_userId: pair },
    });
    expect(stored).toMatchObject({ eventCount: 2, version: 2 });
    // the refused transaction's inbox row is gone: the message will be processed on retry
    expect(await prisma.ruleInboxMessage.count({ where: { messageId: lateMessage } })).toBe(0);
  });

  it('refuses the second of two concurrent first inserts of one aggregate', async () => {
    const rule = await publishedRule(prisma, { templateCode: 'first_event', eventTypes: ['x'] });
    const userId = uniqueId('user');
    const pair = { ruleId: rule.id, userId };

    const [a, b] = await race(
      async (tx) => {
        expect(await tx.loadAggregates([pair])).toEqual([]);
        await tx.saveAggregates([], [row(rule.id, userId, 1)]);
      },
      async (tx) => {
        expect(await tx.loadAggregates([pair])).toEqual([]);
        await tx.saveAggregates([], [row(rule.id, userId, 7)]);
      },
    );

    expect(a.status).toBe('fulfilled');
    expect((b as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrentAggregateUpdateError);
    const stored = await prisma.ruleUserAggregate.findUniqueOrThrow({
      where: { ruleId_userId: pair },
    });
    expect(stored.eventCount).toBe(1);
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
