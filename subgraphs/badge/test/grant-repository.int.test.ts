/**
 * The batched statements of the worker's hot path on the real database — each part reads its rows
 * from ONE JSON parameter (json_to_recordset): balance updates and inserts with their guards
 * (stale read, one-time, per-user cap, null cap), grants with and without expiry, log rows with
 * jsonb metadata and nulls, balances by pair, stock reservations, the batch inbox claim.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, sqlDatabase, type PrismaClient, type SqlExecutor } from '@badge/db';
import { testDatabaseUrl, uniqueId } from '@badge/testing';
import { createInboxRepository } from '../src/consumers/inbox.repository.js';
import {
  balanceKey,
  createGrantBatchRepository,
} from '../src/modules/user-badge/grant-batch.repository.js';
import { createBadge, requireBadges } from './helpers.js';

let prisma: PrismaClient;
const repo = createGrantBatchRepository();

beforeAll(() => {
  prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 2 });
});
afterAll(async () => {
  await prisma?.$disconnect();
});

const balanceOf = (userId: string, badgeId: string) =>
  prisma.userBadgeBalance.findUnique({
    where: { userId_badgeId: { userId, badgeId } },
    select: { activeQuantity: true, totalGranted: true },
  });

type InTransaction = <T>(fn: (sql: SqlExecutor) => Promise<T>) => Promise<T>;

// The same statements run in the worker's plain SQL transaction and, for batches that also need
// the grant service, inside a Prisma transaction (through the repository's adapter).
describe.each<[string, () => InTransaction]>([
  ['plain SQL', () => (fn) => sqlDatabase(prisma).transaction(fn)],
  ['a Prisma transaction', () => (fn) => prisma.$transaction((tx) => fn(repo.inPrisma(tx)))],
])('grant batch repository in %s', (_name, transport) => {
  let inTransaction: InTransaction;
  beforeAll(() => {
    inTransaction = transport();
  });

  it('writeBatchGrants applies the guarded balance updates/inserts, grants and logs, and counts them', async () => {
    const repeatable = await createBadge(prisma, { isRepeatable: true }); // per-user cap: null
    const oneTime = await createBadge(prisma, { isRepeatable: false, perUserCap: 1 });
    const capped = await createBadge(prisma, { isRepeatable: true, perUserCap: 2 });
    const [u1, u2, u3, u4] = Array.from({ length: 4 }, () => uniqueId('u')) as [
      string,
      string,
      string,
      string,
    ];
    await prisma.userBadgeBalance.createMany({
      data: [
        { userId: u1, badgeId: repeatable.id, activeQuantity: 1, totalGranted: 1 },
        { userId: u2, badgeId: repeatable.id, activeQuantity: 1, totalGranted: 1 },
        { userId: u4, badgeId: oneTime.id, activeQuantity: 0, totalGranted: 1 },
      ],
    });
    const at = new Date(Date.now() - 60_000);
    const expiresAt = new Date(at.getTime() + 86_400_123);
    const g1 = randomUUID();
    const g2 = randomUUID();
    const metadata = { note: 'quote " and \\ and 徽章', nested: { n: 1, list: [1, null, true] } };

    const written = await inTransaction((sql) =>
      repo.writeBatchGrants(sql, {
        updates: [
          // matches its read, repeatable, no cap: updated
          {
            userId: u1,
            badgeId: repeatable.id,
            quantity: 2,
            isRepeatable: true,
            perUserCap: null,
            activeQuantity: 1,
            totalGranted: 1,
          },
          // stale read: not updated
          {
            userId: u2,
            badgeId: repeatable.id,
            quantity: 1,
            isRepeatable: true,
            perUserCap: null,
            activeQuantity: 0,
            totalGranted: 0,
          },
          // per-user cap reached: not updated
          {
            userId: u4,
            badgeId: oneTime.id,
            quantity: 1,
            isRepeatable: false,
            perUserCap: 1,
            activeQuantity: 0,
            totalGranted: 1,
          },
        ],
        inserts: [
          { userId: u1, badgeId: oneTime.id, quantity: 1, isRepeatable: false, perUserCap: 1 },
          { userId: u1, badgeId: capped.id, quantity: 3, isRepeatable: true, perUserCap: 2 },
          { userId: u3, badgeId: repeatable.id, quantity: 2, isRepeatable: true, perUserCap: null },
        ],
        grants: [
          {
            id: g1,
            userId: u1,
            badgeId: repeatable.id,
            quantity: 2,
            source: 'RULE',
            sourceRef: 'evt-1',
            idempotencyKey: uniqueId('k'),
            grantedAt: at,
            expiresAt: null,
          },
          {
            id: g2,
            userId: u1,
            badgeId: oneTime.id,
            quantity: 1,
            source: 'BATCH',
            sourceRef: null,
            idempotencyKey: uniqueId('k'),
            grantedAt: new Date(at.getTime() + 1),
            expiresAt,
          },
        ],
        logs: [
          {
            at,
            userBadgeId: g1,
            userId: u1,
            badgeId: repeatable.id,
            action: 'GRANT',
            delta: 2,
            quantityAfter: 3,
            source: 'RULE',
            sourceRef: 'evt-1',
            actorType: 'ADMIN',
            actorId: 'admin-1',
            reason: 'because',
            idempotencyKey: 'log-key',
            metadata,
          },
          {
            at: new Date(at.getTime() + 1),
            userBadgeId: g2,
            userId: u1,
            badgeId: oneTime.id,
            action: 'GRANT',
            delta: 1,
            quantityAfter: null,
            source: null,
            sourceRef: null,
            actorType: 'SYSTEM',
            actorId: null,
            reason: null,
            idempotencyKey: null,
          },
        ],
      }),
    );

    expect(written).toEqual({ updated: 1, inserted: 2, grants: 2, logs: 2 });
    expect(await balanceOf(u1, repeatable.id)).toEqual({ activeQuantity: 3, totalGranted: 3 });
    expect(await balanceOf(u2, repeatable.id)).toEqual({ activeQuantity: 1, totalGranted: 1 });
    expect(await balanceOf(u4, oneTime.id)).toEqual({ activeQuantity: 0, totalGranted: 1 });
    expect(await balanceOf(u1, oneTime.id)).toEqual({ activeQuantity: 1, totalGranted: 1 });
    expect(await balanceOf(u1, capped.id)).toBeNull();
    expect(await balanceOf(u3, repeatable.id)).toEqual({ activeQuantity: 2, totalGranted: 2 });

    const grants = await prisma.userBadge.findMany({
      where: { userId: u1 },
      orderBy: { grantedAt: 'asc' },
    });
    expect(
      grants.map((r) => [
        r.id,
        r.badgeId,
        r.quantity,
        r.status,
        r.source,
        r.sourceRef,
        r.grantedAt,
        r.expiresAt,
        r.createdAt,
      ]),
    ).toEqual([
      [g1, repeatable.id, 2, 'ACTIVE', 'RULE', 'evt-1', at, null, at],
      [
        g2,
        oneTime.id,
        1,
        'ACTIVE',
        'BATCH',
        null,
        new Date(at.getTime() + 1),
        expiresAt,
        new Date(at.getTime() + 1),
      ],
    ]);

    const logs = await prisma.userBadgeLog.findMany({
      where: { userId: u1 },
      orderBy: { createdAt: 'asc' },
    });
    expect(logs).toEqual([
      expect.objectContaining({
        userBadgeId: g1,
        badgeId: repeatable.id,
        action: 'GRANT',
        delta: 2,
        quantityAfter: 3,
        source: 'RULE',
        sourceRef: 'evt-1',
        actorType: 'ADMIN',
        actorId: 'admin-1',
        reason: 'because',
        idempotencyKey: 'log-key',
        metadata,
        createdAt: at,
      }),
      expect.objectContaining({
        userBadgeId: g2,
        badgeId: oneTime.id,
        delta: 1,
        quantityAfter: null,
        source: null,
        sourceRef: null,
        actorType: 'SYSTEM',
        actorId: null,
        reason: null,
        idempotencyKey: null,
        metadata: null,
        createdAt: new Date(at.getTime() + 1),
      }),
    ]);
    // SQL NULL, not a JSON null
    const [raw] = await prisma.$queryRaw<{ isNull: boolean }[]>`
      SELECT metadata IS NULL AS "isNull" FROM badge.user_badge_log WHERE user_badge_id = ${g2}::uuid`;
    expect(raw?.isNull).toBe(true);
  });

  it('writeBatchGrants with empty parts writes nothing', async () => {
    expect(
      await inTransaction((sql) =>
        repo.writeBatchGrants(sql, { updates: [], inserts: [], grants: [], logs: [] }),
      ),
    ).toEqual({ updated: 0, inserted: 0, grants: 0, logs: 0 });
  });

  it('findBalances returns the balances of the pairs that have one', async () => {
    const a = await createBadge(prisma);
    const b = await createBadge(prisma);
    const user = uniqueId('u');
    const other = uniqueId('u');
    await prisma.userBadgeBalance.createMany({
      data: [
        { userId: user, badgeId: a.id, activeQuantity: 2, totalGranted: 5 },
        { userId: other, badgeId: b.id, activeQuantity: 1, totalGranted: 1 },
      ],
    });
    const balances = await inTransaction((sql) =>
      repo.findBalances(sql, [
        { userId: user, badgeId: a.id },
        { userId: user, badgeId: b.id }, // no row
        { userId: other, badgeId: b.id },
      ]),
    );
    expect(balances).toEqual(
      new Map([
        [balanceKey(user, a.id), { activeQuantity: 2, totalGranted: 5 }],
        [balanceKey(other, b.id), { activeQuantity: 1, totalGranted: 1 }],
      ]),
    );
  });

  it('findBatchBadges reads the grantable fields and the graph flags, with the same types', async () => {
    const from = new Date('2026-01-01T00:00:00.000Z');
    const until = new Date('2027-01-01T00:00:00.000Z');
    const plain = await createBadge(prisma, {
      validityKind: 'FIXED',
      validFrom: from,
      validUntil: until,
      totalStock: 7,
      perUserCap: 3,
    });
    const prerequisite = await createBadge(prisma);
    const target = await createBadge(prisma, { validityKind: 'RELATIVE', validDays: 30 });
    await requireBadges(prisma, target.id, [{ items: [{ requiredBadgeId: prerequisite.id }] }]);

    const rows = await inTransaction((sql) =>
      repo.findBatchBadges(sql, [plain.id, prerequisite.id, target.id, randomUUID()]),
    );

    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows).toHaveLength(3);
    expect(byId.get(plain.id)).toEqual({
      id: plain.id,
      code: plain.code,
      status: 'PUBLISHED',
      totalStock: 7,
      remainingStock: 7,
      perUserCap: 3,
      isRepeatable: false,
      validityKind: 'FIXED',
      validFrom: from,
      validUntil: until,
      validDays: null,
      isAutoCascade: expect.any(Boolean) as boolean,
      hasPrerequisites: false,
      hasDependents: false,
    });
    expect(byId.get(prerequisite.id)).toMatchObject({
      hasPrerequisites: false,
      hasDependents: true,
    });
    expect(byId.get(target.id)).toMatchObject({
      validityKind: 'RELATIVE',
      validDays: 30,
      validFrom: null,
      hasPrerequisites: true,
      hasDependents: false,
    });
    expect(await inTransaction((sql) => repo.findBatchBadges(sql, []))).toEqual([]);
  });

  it('existingIdempotencyKeys, lockAll and lockStock', async () => {
    const badge = await createBadge(prisma, { totalStock: 4 });
    const unlimited = await createBadge(prisma);
    const key = uniqueId('key');
    await prisma.userBadge.create({
      data: { userId: uniqueId('u'), badgeId: badge.id, source: 'RULE', idempotencyKey: key },
    });

    const [existing, stock] = await inTransaction(async (sql) => {
      await repo.lockAll(sql, [uniqueId('lock'), uniqueId('lock')]);
      return [
        await repo.existingIdempotencyKeys(sql, [key, uniqueId('key')]),
        await repo.lockStock(sql, [badge.id, unlimited.id]),
      ] as const;
    });

    expect(existing).toEqual(new Set([key]));
    expect(stock).toEqual(new Map([[badge.id, 4]])); // only badges with a finite stock
  });

  it('reserveStocks reserves only what fits and reports how many badges it reserved', async () => {
    const plenty = await createBadge(prisma, { totalStock: 5 });
    const scarce = await createBadge(prisma, { totalStock: 1 });
    const reserved = await inTransaction((sql) =>
      repo.reserveStocks(sql, [
        { badgeId: plenty.id, quantity: 3 },
        { badgeId: scarce.id, quantity: 2 },
      ]),
    );
    expect(reserved).toBe(1);
    const stock = async (id: string) =>
      (await prisma.badge.findUniqueOrThrow({ where: { id } })).remainingStock;
    expect(await stock(plenty.id)).toBe(2);
    expect(await stock(scarce.id)).toBe(1);
  });
});

/** A new message of the grant commands topic, as the consumer hands it to the inbox. */
const inboxEntry = (consumer: string, partition: number, offset: string) => ({
  consumer,
  messageId: randomUUID(),
  topic: 'badge.grant.commands',
  partition,
  offset,
});

describe('inbox repository: processBatchOnce', () => {
  it('claims the new message ids of a batch and passes them to the effect', async () => {
    const inbox = createInboxRepository(prisma);
    const consumer = uniqueId('consumer');
    const entry = (offset: string) => inboxEntry(consumer, 3, offset);
    const seen = entry('1');
    await inbox.processBatchOnce([seen], async () => undefined);
    const fresh = [entry('9007199254740993'), entry('2')];

    const result = await inbox.processBatchOnce([seen, ...fresh], async (_tx, ids) => [...ids]);

    expect(new Set(result)).toEqual(new Set(fresh.map((e) => e.messageId)));
    const rows = await prisma.badgeInboxMessage.findMany({
      where: { consumer },
      orderBy: { kafkaOffset: 'asc' },
    });
    expect(rows.map((r) => [r.messageId, r.topic, r.partition, r.kafkaOffset])).toEqual([
      [seen.messageId, 'badge.grant.commands', 3, 1n],
      [fresh[1]!.messageId, 'badge.grant.commands', 3, 2n],
      [fresh[0]!.messageId, 'badge.grant.commands', 3, 9007199254740993n],
    ]);
    expect(await inbox.processBatchOnce([], async (_tx, ids) => ids.size)).toBe(0);
  });
});

describe('inbox repository: processBatchOnceSql', () => {
  it('claims like processBatchOnce, and a failing effect leaves no inbox row', async () => {
    const inbox = createInboxRepository(prisma);
    const consumer = uniqueId('consumer');
    const entry = (offset: string) => inboxEntry(consumer, 1, offset);
    const seen = entry('1');
    await inbox.processBatchOnce([seen], async () => undefined);
    const fresh = entry('2');
    const failing = entry('3');

    expect(await inbox.processBatchOnceSql([seen, fresh], async (_sql, ids) => [...ids])).toEqual([
      fresh.messageId,
    ]);
    await expect(
      inbox.processBatchOnceSql([failing], async () => {
        throw new Error('effect failed');
      }),
    ).rejects.toThrow('effect failed');

    const rows = await prisma.badgeInboxMessage.findMany({ where: { consumer } });
    expect(new Set(rows.map((r) => r.messageId))).toEqual(
      new Set([seen.messageId, fresh.messageId]),
    );
  });
});
