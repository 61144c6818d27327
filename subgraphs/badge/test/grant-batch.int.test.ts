/**
 * The grant batch service (what the worker's consumer runs per batch) on the real database, with
 * a batch chosen by the test: which commands take the set-based path, balances and "units after"
 * for several grants of one badge in one batch, limits and stock across paths, refusals isolated
 * in their savepoint, cascades through the sequential path.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlDatabase, type PrismaClient } from '@badge/db';
import {
  BadgeGrantedSchema,
  BadgeSource,
  createEvent,
  decodeEvent,
  GrantBadgeCommandSchema,
  RevokeBadgeCommandSchema,
  type MessageInitShape,
} from '@badge/proto';
import { uniqueId } from '@badge/testing';
import { createRepositories } from '../src/db.js';
import {
  createGrantBatchService,
  SequentialPathNeeded,
  type BatchCommand,
} from '../src/modules/user-badge/grant-batch.service.js';
import type { Services } from '../src/services.js';
import { AfterCommit } from '../src/shared/after-commit.js';
import {
  activeQuantity,
  createBadge,
  grant,
  metricValue,
  outboxRows,
  requireBadges,
  startFixture,
  type Fixture,
} from './helpers.js';

let fixture: Fixture;
let prisma: PrismaClient;
let services: Services;

beforeAll(async () => {
  fixture = await startFixture({ poolMax: 6 });
  ({ prisma, services } = fixture);
});
afterAll(async () => {
  await fixture?.stop();
});

function grantCommand(init: MessageInitShape<typeof GrantBadgeCommandSchema>): BatchCommand {
  const message = createEvent(GrantBadgeCommandSchema, {
    commandId: `rule:${uniqueId('c')}`,
    quantity: 1,
    source: BadgeSource.RULE,
    sourceRef: `evt-${uniqueId()}`,
    actor: 'rule-worker',
    ...init,
  });
  return { command: { type: 'grant', message }, inContext: (fn) => fn() };
}

type Transaction = 'prisma' | 'sql';

/**
 * One batch in one transaction, as the consumer runs it (applyCommands in a Prisma transaction,
 * or applyAllSetBased in a plain SQL one); callbacks after the commit.
 */
async function applyBatch(commands: BatchCommand[], transaction: Transaction = 'prisma') {
  const after = new AfterCommit();
  const outcome =
    transaction === 'prisma'
      ? await prisma.$transaction((tx) => services.grantBatches.applyCommands(tx, commands, after))
      : await sqlDatabase(prisma).transaction((sql) =>
          services.grantBatches.applyAllSetBased(sql, commands, after),
        );
  after.run();
  return { outcome, hasOutboxRows: after.hasOutboxRows };
}

const metric = (name: string, labels: Record<string, string>) =>
  metricValue(fixture.registry, name, labels);

describe('grant batch service', () => {
  it.each<Transaction>(['prisma', 'sql'])(
    'applies several grants of one badge to one user set-based, with exact units after (%s)',
    async (transaction) => {
      const badge = await createBadge(prisma, { isRepeatable: true, perUserCap: 10 });
      const userId = uniqueId('u');
      const other = uniqueId('u');
      await grant(services, { userId: other, badgeId: badge.id, quantity: 2 });
      const commands = [
        grantCommand({ userId, badgeId: badge.id }),
        grantCommand({ userId, badgeId: badge.id, quantity: 2 }),
        grantCommand({ userId: other, badgeId: badge.id }),
        grantCommand({ userId, badgeId: badge.id }),
      ];
      const grantsBefore = await metric('badge_grants_total', { source: 'RULE' });
      const { outcome, hasOutboxRows } = await applyBatch(commands, transaction);
      expect(outcome).toEqual({ fast: 4, sequential: 0 });
      expect(hasOutboxRows).toBe(true);
      expect(await metric('badge_grants_total', { source: 'RULE' })).toBe(grantsBefore + 5);

      const rows = await prisma.userBadge.findMany({
        where: { userId },
        orderBy: { grantedAt: 'asc' },
      });
      expect(rows.map((r) => [r.idempotencyKey, r.quantity, r.source])).toEqual([
        [commands[0]!.command.message.commandId, 1, 'RULE'],
        [commands[1]!.command.message.commandId, 2, 'RULE'],
        [commands[3]!.command.message.commandId, 1, 'RULE'],
      ]);
      const balance = await prisma.userBadgeBalance.findUniqueOrThrow({
        where: { userId_badgeId: { userId, badgeId: badge.id } },
      });
      expect([balance.activeQuantity, balance.totalGranted]).toEqual([4, 4]);
      expect(await activeQuantity(prisma, other, badge.id)).toBe(3);
      const logs = await prisma.userBadgeLog.findMany({
        where: { userId },
        orderBy: { createdAt: 'asc' },
      });
      expect(logs.map((l) => [l.action, l.delta, l.quantityAfter, l.actorType, l.actorId])).toEqual(
        [
          ['GRANT', 1, 1, 'SYSTEM', 'rule-worker'],
          ['GRANT', 2, 3, 'SYSTEM', 'rule-worker'],
          ['GRANT', 1, 4, 'SYSTEM', 'rule-worker'],
        ],
      );
      const events = (await outboxRows(prisma, 'badge.granted.v1', userId))
        .map((r) => decodeEvent(BadgeGrantedSchema, r.payload))
        .sort((a, b) => a.totalQuantity - b.totalQuantity);
      expect(
        events.map((e) => [e.userBadgeId, e.quantity, e.totalQuantity, e.commandId, e.badgeCode]),
      ).toEqual(
        rows.map((r, i) => [
          r.id,
          r.quantity,
          [1, 3, 4][i],
          r.idempotencyKey,
          expect.any(String) as string,
        ]),
      );
    },
  );

  it('sends refusals, cascades and stock overflow through the sequential path only for their users', async () => {
    const repeatable = await createBadge(prisma, { isRepeatable: true });
    const oneTime = await createBadge(prisma, { isRepeatable: false });
    const stocked = await createBadge(prisma, { isRepeatable: true, totalStock: 1 });
    const trigger = await createBadge(prisma, { isRepeatable: true });
    const dependent = await createBadge(prisma);
    await requireBadges(prisma, dependent.id, [{ items: [{ requiredBadgeId: trigger.id }] }]);
    const [fastUser, oneTimeUser, stockA, stockB, cascadeUser] = Array.from({ length: 5 }, () =>
      uniqueId('u'),
    ) as [string, string, string, string, string];
    const refusedBefore = await metric('badge_grant_rejections_total', { reason: 'ONE_TIME' });
    const soldOutBefore = await metric('badge_grant_rejections_total', { reason: 'OUT_OF_STOCK' });

    const { outcome } = await applyBatch([
      grantCommand({ userId: fastUser, badgeId: repeatable.id }),
      grantCommand({ userId: oneTimeUser, badgeId: oneTime.id }),
      grantCommand({ userId: oneTimeUser, badgeId: oneTime.id }), // ONE_TIME, its savepoint only
      grantCommand({ userId: oneTimeUser, badgeId: repeatable.id }),
      grantCommand({ userId: stockA, badgeId: stocked.id }),
      grantCommand({ userId: stockB, badgeId: stocked.id }), // does not fit: OUT_OF_STOCK
      grantCommand({ userId: cascadeUser, badgeId: trigger.id }), // has a dependent
      grantCommand({ userId: fastUser, badgeId: repeatable.id }),
    ]);
    expect(outcome).toEqual({ fast: 3, sequential: 5 });

    expect(await activeQuantity(prisma, fastUser, repeatable.id)).toBe(2);
    expect(await activeQuantity(prisma, oneTimeUser, oneTime.id)).toBe(1);
    expect(await activeQuantity(prisma, oneTimeUser, repeatable.id)).toBe(1);
    expect(
      (await activeQuantity(prisma, stockA, stocked.id)) +
        (await activeQuantity(prisma, stockB, stocked.id)),
    ).toBe(1);
    expect(
      (await prisma.badge.findUniqueOrThrow({ where: { id: stocked.id } })).remainingStock,
    ).toBe(0);
    expect(await metric('badge_grant_rejections_total', { reason: 'ONE_TIME' })).toBe(
      refusedBefore + 1,
    );
    expect(await metric('badge_grant_rejections_total', { reason: 'OUT_OF_STOCK' })).toBe(
      soldOutBefore + 1,
    );
    // the cascade command of the trigger's grant is in the outbox (applied later by the worker)
    const [triggerGrant] = await prisma.userBadge.findMany({
      where: { userId: cascadeUser, badgeId: trigger.id },
    });
    expect(
      await outboxRows(
        prisma,
        'badge.grant.command.v1',
        `cascade:${dependent.id}:${triggerGrant!.id}`,
      ),
    ).toHaveLength(1);
  });

  it('treats an idempotency key that already has a grant as a duplicate, not a second grant', async () => {
    const badge = await createBadge(prisma, { isRepeatable: true });
    const userId = uniqueId('u');
    const command = grantCommand({ userId, badgeId: badge.id });
    await applyBatch([command]);
    const { outcome } = await applyBatch([command]); // (the inbox normally stops this earlier)
    expect(outcome).toEqual({ fast: 0, sequential: 1 });
    expect(await prisma.userBadge.count({ where: { userId } })).toBe(1);
    expect(await activeQuantity(prisma, userId, badge.id)).toBe(1);
  });

  it('applyAllSetBased refuses, before writing anything, a batch with a command that needs the grant service', async () => {
    const repeatable = await createBadge(prisma, { isRepeatable: true, totalStock: 10 });
    const oneTime = await createBadge(prisma, { isRepeatable: false });
    const scarce = await createBadge(prisma, { isRepeatable: true, totalStock: 1 });
    const trigger = await createBadge(prisma, { isRepeatable: true });
    const dependent = await createBadge(prisma);
    await requireBadges(prisma, dependent.id, [{ items: [{ requiredBadgeId: trigger.id }] }]);
    const holder = uniqueId('u');
    await grant(services, { userId: holder, badgeId: oneTime.id });
    const done = grantCommand({ userId: uniqueId('u'), badgeId: repeatable.id });
    await applyBatch([done], 'sql');

    // each is a plain grant command (mayAllBeSetBased) that only the batch's reads show to need
    // the grant service: already held, sold out, has a dependent, key already granted
    const needsService = [
      grantCommand({ userId: holder, badgeId: oneTime.id }),
      grantCommand({ userId: uniqueId('u'), badgeId: scarce.id, quantity: 2 }),
      grantCommand({ userId: uniqueId('u'), badgeId: trigger.id }),
      done,
    ];
    for (const command of needsService) {
      const fast = grantCommand({ userId: uniqueId('u'), badgeId: repeatable.id });
      const batch = [fast, command];
      expect(services.grantBatches.mayAllBeSetBased(batch)).toBe(true);
      const outboxBefore = await prisma.badgeOutboxEvent.count();
      await expect(applyBatch(batch, 'sql')).rejects.toBeInstanceOf(SequentialPathNeeded);
      // rolled back whole: not even the set-based command of the batch was written
      expect(
        await prisma.userBadge.count({ where: { idempotencyKey: fast.command.message.commandId } }),
      ).toBe(0);
      expect(await prisma.badgeOutboxEvent.count()).toBe(outboxBefore);
    }
    expect(
      (await prisma.badge.findUniqueOrThrow({ where: { id: repeatable.id } })).remainingStock,
    ).toBe(9);
    expect(
      (await prisma.badge.findUniqueOrThrow({ where: { id: scarce.id } })).remainingStock,
    ).toBe(1);
  });

  it('skips the plain SQL attempt for a while for a badge that just sent one back (sold out), not for a user reason', async () => {
    let now = Date.now();
    const repositories = createRepositories(prisma);
    const batchService = createGrantBatchService({
      repository: repositories.grant,
      batches: repositories.grantBatch,
      grants: services.grants,
      metrics: services.metrics,
      service: 'badge-worker',
      now: () => now,
    });
    const soldOut = await createBadge(prisma, {
      isRepeatable: true,
      totalStock: 1,
      remainingStock: 0,
    });
    const oneTime = await createBadge(prisma, { isRepeatable: false });
    const other = await createBadge(prisma, { isRepeatable: true });
    const holder = uniqueId('u');
    await grant(services, { userId: holder, badgeId: oneTime.id });
    const of = (badgeId: string, userId = uniqueId('u')) => grantCommand({ userId, badgeId });
    const attempt = (items: BatchCommand[]) =>
      sqlDatabase(prisma).transaction((sql) =>
        batchService.applyAllSetBased(sql, items, new AfterCommit()),
      );

    expect(batchService.mayAllBeSetBased([of(soldOut.id)])).toBe(true);
    await expect(attempt([of(soldOut.id)])).rejects.toBeInstanceOf(SequentialPathNeeded);
    expect(batchService.mayAllBeSetBased([of(soldOut.id)])).toBe(false);
    expect(batchService.mayAllBeSetBased([of(other.id), of(soldOut.id)])).toBe(false);
    expect(batchService.mayAllBeSetBased([of(other.id)])).toBe(true);

    // the user already holds the one-time badge: that user's reason, the badge stays eligible
    await expect(attempt([of(oneTime.id, holder)])).rejects.toBeInstanceOf(SequentialPathNeeded);
    expect(batchService.mayAllBeSetBased([of(oneTime.id)])).toBe(true);

    now += 10_001;
    expect(batchService.mayAllBeSetBased([of(soldOut.id)])).toBe(true);
  });

  it('mayAllBeSetBased is false for revokes, cascades and unclean requests', () => {
    const userId = uniqueId('u');
    const badgeId = randomUUID();
    const revoke: BatchCommand = {
      command: {
        type: 'revoke',
        message: createEvent(RevokeBadgeCommandSchema, {
          commandId: uniqueId('c'),
          userId,
          badgeId,
          quantity: 1,
        }),
      },
      inContext: (fn) => fn(),
    };
    const { mayAllBeSetBased } = services.grantBatches;
    expect(mayAllBeSetBased([grantCommand({ userId, badgeId })])).toBe(true);
    expect(mayAllBeSetBased([grantCommand({ userId, badgeId }), revoke])).toBe(false);
    expect(mayAllBeSetBased([grantCommand({ userId, badgeId, source: BadgeSource.CASCADE })])).toBe(
      false,
    );
    expect(mayAllBeSetBased([grantCommand({ userId, badgeId: 'not-a-uuid' })])).toBe(false);
    expect(mayAllBeSetBased([grantCommand({ userId: ` ${userId}`, badgeId })])).toBe(false);
  });
});
