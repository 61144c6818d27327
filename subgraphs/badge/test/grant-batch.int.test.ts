/**
 * The grant batch service (what the worker's consumer runs per batch) on the real database, with
 * a batch chosen by the test: which commands take the set-based path, balances and "units after"
 * for several grants of one badge in one batch, limits and stock across paths, refusals isolated
 * in their savepoint, cascades through the sequential path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@badge/db';
import {
  BadgeGrantedSchema,
  BadgeSource,
  createEvent,
  decodeEvent,
  GrantBadgeCommandSchema,
  type MessageInitShape,
} from '@badge/proto';
import { uniqueId } from '@badge/testing';
import type { BatchCommand } from '../src/modules/user-badge/grant-batch.service.js';
import type { Services } from '../src/services.js';
import { AfterCommit } from '../src/shared/after-commit.js';
import {
  activeQuantity,
  createBadge,
  grant,
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

/** One batch in one transaction, as the consumer runs it; callbacks after the commit. */
async function applyBatch(commands: BatchCommand[]) {
  const after = new AfterCommit();
  const outcome = await prisma.$transaction((tx) =>
    services.grantBatches.applyCommands(tx, commands, after),
  );
  after.run();
  return { outcome, hasOutboxRows: after.hasOutboxRows };
}

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const m = fixture.registry.getSingleMetric(name);
  if (!m) return 0;
  const { values } = await m.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val))
    .reduce((sum, v) => sum + v.value, 0);
}

describe('grant batch service', () => {
  it('applies several grants of one badge to one user set-based, with exact units after', async () => {
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
    const { outcome, hasOutboxRows } = await applyBatch(commands);
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
    expect(logs.map((l) => [l.action, l.delta, l.quantityAfter, l.actorType, l.actorId])).toEqual([
      ['GRANT', 1, 1, 'SYSTEM', 'rule-worker'],
      ['GRANT', 2, 3, 'SYSTEM', 'rule-worker'],
      ['GRANT', 1, 4, 'SYSTEM', 'rule-worker'],
    ]);
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
  });

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
});
