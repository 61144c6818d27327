/**
 * The one grant service on the real database: stock under concurrency, caps, idempotency,
 * validity, revoke with dependency behaviours, consumption, and the expiry sweep.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@badge/db';
import { testDatabaseUrl, uniqueId } from '@badge/testing';
import { AfterCommit } from '../src/shared/after-commit.js';
import type { Services } from '../src/services.js';
import {
  activeQuantity,
  createBadge,
  errorOf,
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
  fixture = await startFixture({ poolMax: 10 });
  ({ prisma, services } = fixture);
});
afterAll(async () => {
  await fixture?.stop();
});

const revoke = (userId: string, badgeId: string, extra: Record<string, unknown> = {}) =>
  services.grants.revokeNow(
    {
      userId,
      badgeId,
      quantity: 1,
      kind: 'REVOKED',
      source: 'MANUAL',
      sourceRef: null,
      reason: 'test',
      actor: { type: 'ADMIN', id: 'test-admin' },
      ...extra,
    },
    new AfterCommit(),
  );

describe('grant service', () => {
  it('grants: user badge, balance, log and BadgeGranted in the outbox', async () => {
    const badge = await createBadge(prisma, { validityKind: 'RELATIVE', validDays: 30 });
    const userId = uniqueId('u');
    const result = await grant(services, { userId, badgeId: badge.id, reason: 'welcome' });
    expect(result.isDuplicate).toBe(false);
    expect(result.activeQuantity).toBe(1);
    const expiresIn = result.userBadge.expiresAt!.getTime() - result.userBadge.grantedAt.getTime();
    expect(expiresIn).toBe(30 * 86_400_000);
    const logs = await prisma.userBadgeLog.findMany({ where: { userId } });
    expect(logs.map((l) => [l.action, l.delta, l.quantityAfter, l.reason])).toEqual([
      ['GRANT', 1, 1, 'welcome'],
    ]);
    expect(await outboxRows(prisma, 'badge.granted.v1', result.userBadge.id)).toHaveLength(1);
  });

  it('grants only PUBLISHED badges, inside their fixed validity window', async () => {
    const userId = uniqueId('u');
    for (const status of ['DRAFT', 'OFFLINE', 'ARCHIVED'] as const) {
      const badge = await createBadge(prisma, { status });
      const err = await errorOf(grant(services, { userId, badgeId: badge.id }));
      expect([err.code, err.details?.reason, err.details?.status]).toEqual([
        'INVALID_STATE',
        'BADGE_NOT_PUBLISHED',
        status,
      ]);
    }
    const ended = await createBadge(prisma, {
      validityKind: 'FIXED',
      validFrom: new Date(Date.now() - 7 * 86_400_000),
      validUntil: new Date(Date.now() - 86_400_000),
    });
    expect((await errorOf(grant(services, { userId, badgeId: ended.id }))).details?.reason).toBe(
      'VALIDITY_ENDED',
    );
    const unknown = await errorOf(grant(services, { userId, badgeId: randomUUID() }));
    expect([unknown.code, unknown.details?.reason]).toEqual(['NOT_FOUND', 'BADGE_NOT_FOUND']);
    expect(await prisma.userBadge.count({ where: { userId } })).toBe(0);
  });

  it('never oversells: 100 concurrent grants for the last 10 units → exactly 10 succeed', async () => {
    const badge = await createBadge(prisma, { totalStock: 500, remainingStock: 10 });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        grant(services, { userId: uniqueId(`stock${i}`), badgeId: badge.id }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [r.reason as { code: string }] : [],
    );
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(90);
    expect(new Set(refused.map((e) => e.code))).toEqual(new Set(['OUT_OF_STOCK']));
    const row = await prisma.badge.findUniqueOrThrow({ where: { id: badge.id } });
    expect(row.remainingStock).toBe(0);
    expect(await prisma.userBadge.count({ where: { badgeId: badge.id } })).toBe(10);
    // sold out: nothing was half-written for the refused ones
    expect(await prisma.userBadgeBalance.count({ where: { badgeId: badge.id } })).toBe(10);
  });

  it('holds one-time and per-user caps under concurrency', async () => {
    const oneTime = await createBadge(prisma);
    const userId = uniqueId('u');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => grant(services, { userId, badgeId: oneTime.id })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as { details: { reason: string } }).details.reason] : [],
    );
    expect(new Set(reasons)).toEqual(new Set(['ONE_TIME']));

    const capped = await createBadge(prisma, { isRepeatable: true, perUserCap: 3 });
    const capResults = await Promise.allSettled(
      Array.from({ length: 10 }, () => grant(services, { userId, badgeId: capped.id })),
    );
    expect(capResults.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(await activeQuantity(prisma, userId, capped.id)).toBe(3);
    const over = await errorOf(grant(services, { userId, badgeId: capped.id }));
    expect([over.code, over.details?.reason]).toEqual(['LIMIT_EXCEEDED', 'PER_USER_CAP']);
  });

  it('returns the first grant for a repeated idempotency key (also concurrently)', async () => {
    const badge = await createBadge(prisma, { isRepeatable: true, totalStock: 100 });
    const userId = uniqueId('u');
    const idempotencyKey = `test:${randomUUID()}`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        grant(services, { userId, badgeId: badge.id, idempotencyKey }),
      ),
    );
    expect(new Set(results.map((r) => r.userBadge.id)).size).toBe(1);
    expect(results.filter((r) => !r.isDuplicate)).toHaveLength(1);
    expect(await activeQuantity(prisma, userId, badge.id)).toBe(1);
    const row = await prisma.badge.findUniqueOrThrow({ where: { id: badge.id } });
    expect(row.remainingStock).toBe(99);
    const other = await errorOf(
      grant(services, { userId: uniqueId('u'), badgeId: badge.id, idempotencyKey }),
    );
    expect([other.code, other.details?.reason]).toEqual(['CONFLICT', 'IDEMPOTENCY_CONFLICT']);
  });

  it('requires prerequisites and consumes the ones marked so', async () => {
    const a = await createBadge(prisma, { isRepeatable: true });
    const b = await createBadge(prisma);
    const target = await createBadge(prisma, { isAutoCascade: false });
    const neverHeld = await createBadge(prisma);
    await requireBadges(prisma, target.id, [
      { items: [{ requiredBadgeId: a.id, requiredQuantity: 2, consumesPrerequisite: true }] },
      { operator: 'OR', items: [{ requiredBadgeId: b.id }, { requiredBadgeId: neverHeld.id }] },
    ]);
    const userId = uniqueId('u');
    await grant(services, { userId, badgeId: a.id });
    await grant(services, { userId, badgeId: b.id });
    const unmet = await errorOf(grant(services, { userId, badgeId: target.id }));
    expect(unmet.details?.reason).toBe('PREREQUISITES_NOT_MET');
    await grant(services, { userId, badgeId: a.id });
    const granted = await grant(services, { userId, badgeId: target.id });
    expect(granted.isDuplicate).toBe(false);
    expect(await activeQuantity(prisma, userId, a.id)).toBe(0); // spent
    expect(await activeQuantity(prisma, userId, b.id)).toBe(1); // not marked: kept
    const consumed = await prisma.userBadge.findMany({ where: { userId, badgeId: a.id } });
    expect(consumed.map((c) => [c.status, c.consumedBy])).toEqual([
      ['CONSUMED', granted.userBadge.id],
      ['CONSUMED', granted.userBadge.id],
    ]);
    const revokedEvents = await outboxRows(prisma, 'badge.revoked.v1', userId);
    expect(revokedEvents).toHaveLength(2);
  });
});

describe('revoke', () => {
  it('revokes with a reason and cascades only where the dependency says CASCADE', async () => {
    const prerequisite = await createBadge(prisma);
    const cascading = await createBadge(prisma, { isAutoCascade: false });
    const keeping = await createBadge(prisma, { isAutoCascade: false });
    const orDependent = await createBadge(prisma, { isAutoCascade: false });
    const other = await createBadge(prisma);
    await requireBadges(prisma, cascading.id, [
      { items: [{ requiredBadgeId: prerequisite.id, revokeBehavior: 'CASCADE' }] },
    ]);
    await requireBadges(prisma, keeping.id, [
      { items: [{ requiredBadgeId: prerequisite.id, revokeBehavior: 'KEEP' }] },
    ]);
    await requireBadges(prisma, orDependent.id, [
      {
        operator: 'OR',
        items: [
          { requiredBadgeId: prerequisite.id, revokeBehavior: 'CASCADE' },
          { requiredBadgeId: other.id },
        ],
      },
    ]);
    const userId = uniqueId('u');
    const trigger = await grant(services, { userId, badgeId: prerequisite.id });
    await grant(services, { userId, badgeId: other.id });
    for (const b of [cascading, keeping, orDependent])
      await grant(services, { userId, badgeId: b.id });

    const result = await revoke(userId, prerequisite.id, { reason: 'refund' });
    expect(result.remainingQuantity).toBe(0);
    expect(result.userBadges.map((u) => [u.status, u.revokeReason])).toEqual([
      ['REVOKED', 'refund'],
    ]);
    expect(await activeQuantity(prisma, userId, cascading.id)).toBe(0);
    expect(await activeQuantity(prisma, userId, keeping.id)).toBe(1);
    expect(await activeQuantity(prisma, userId, orDependent.id)).toBe(1); // still met through `other`
    const cascade = await prisma.cascadeLog.findMany({ where: { userId } });
    expect(
      cascade.map((c) => [c.action, c.targetBadgeId, c.triggerUserBadgeId, c.result, c.depth]),
    ).toEqual([['REVOKE', cascading.id, trigger.userBadge.id, 'SUCCESS', 1]]);

    const notHeld = await errorOf(revoke(userId, prerequisite.id));
    expect([notHeld.code, notHeld.details?.reason]).toEqual(['INVALID_STATE', 'NOT_HELD']);
  });

  it('is idempotent with a key and takes the soonest-to-expire units first', async () => {
    const badge = await createBadge(prisma, { isRepeatable: true });
    const userId = uniqueId('u');
    const later = await grant(services, { userId, badgeId: badge.id, quantity: 2 });
    await prisma.userBadge.update({
      where: { id: later.userBadge.id },
      data: { expiresAt: new Date(Date.now() + 10 * 86_400_000) },
    });
    const sooner = await grant(services, { userId, badgeId: badge.id });
    await prisma.userBadge.update({
      where: { id: sooner.userBadge.id },
      data: { expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const idempotencyKey = `test:${randomUUID()}`;
    const first = await revoke(userId, badge.id, { quantity: 2, idempotencyKey });
    const again = await revoke(userId, badge.id, { quantity: 2, idempotencyKey });
    expect(again.isDuplicate).toBe(true);
    expect(first.userBadges.map((u) => [u.id, u.status, u.quantity])).toEqual([
      [sooner.userBadge.id, 'REVOKED', 1],
      [later.userBadge.id, 'ACTIVE', 1],
    ]);
    expect(await activeQuantity(prisma, userId, badge.id)).toBe(1);
    const tooMany = await errorOf(revoke(userId, badge.id, { quantity: 5 }));
    expect(tooMany.details).toMatchObject({
      reason: 'INSUFFICIENT_QUANTITY',
      held: 1,
      requested: 5,
    });
  });
});

describe('expiry sweep', () => {
  it('expires due grants once, logs, emits BadgeExpired and leaves the rest', async () => {
    const badge = await createBadge(prisma, {
      isRepeatable: true,
      validityKind: 'RELATIVE',
      validDays: 1,
    });
    const userId = uniqueId('u');
    const due = await grant(services, { userId, badgeId: badge.id });
    const notDue = await grant(services, { userId, badgeId: badge.id });
    await prisma.userBadge.update({
      where: { id: due.userBadge.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    const first = await services.grants.expireDue({ batchSize: 1000 });
    expect(first.expired).toBeGreaterThanOrEqual(1);
    const rows = await prisma.userBadge.findMany({
      where: { userId },
      orderBy: { grantedAt: 'asc' },
    });
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [due.userBadge.id, 'EXPIRED'],
      [notDue.userBadge.id, 'ACTIVE'],
    ]);
    expect(await activeQuantity(prisma, userId, badge.id)).toBe(1);
    const logs = await prisma.userBadgeLog.findMany({ where: { userId, action: 'EXPIRE' } });
    expect(logs.map((l) => [l.userBadgeId, l.delta, l.quantityAfter])).toEqual([
      [due.userBadge.id, -1, 1],
    ]);
    expect(await outboxRows(prisma, 'badge.expired.v1', due.userBadge.id)).toHaveLength(1);

    await services.grants.expireDue({ batchSize: 1000 });
    expect(await prisma.userBadgeLog.count({ where: { userId, action: 'EXPIRE' } })).toBe(1);
    expect(await outboxRows(prisma, 'badge.expired.v1', due.userBadge.id)).toHaveLength(1);
  });

  it('works through many due grants in batches', async () => {
    const badge = await createBadge(prisma, { isRepeatable: true });
    const users = Array.from({ length: 12 }, () => uniqueId('u'));
    const grants = await Promise.all(
      users.map((userId) => grant(services, { userId, badgeId: badge.id })),
    );
    await prisma.userBadge.updateMany({
      where: { id: { in: grants.map((g) => g.userBadge.id) } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const result = await services.grants.expireDue({ batchSize: 5 });
    expect(result.batches).toBeGreaterThanOrEqual(3);
    expect(await prisma.userBadge.count({ where: { badgeId: badge.id, status: 'EXPIRED' } })).toBe(
      12,
    );
  });
});

describe('the expiry job (job:expire, the CronJob entry point)', () => {
  it('runs one pass against DATABASE_URL, logs a summary and exits 0', async () => {
    const badge = await createBadge(prisma, { isRepeatable: true });
    const userId = uniqueId('u');
    const granted = await grant(services, { userId, badgeId: badge.id });
    await prisma.userBadge.update({
      where: { id: granted.userBadge.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const { code, output } = await new Promise<{ code: number | null; output: string }>(
      (resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', '--conditions=@badge/source', 'src/jobs/expire-badges.ts'],
          {
            cwd: new URL('..', import.meta.url).pathname,
            env: { DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'info' },
          },
        );
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('error', reject);
        child.on('close', (exitCode) => resolve({ code: exitCode, output }));
      },
    );
    expect(code, output).toBe(0);
    expect(output).toContain('"msg":"expiry sweep done"');
    const row = await prisma.userBadge.findUniqueOrThrow({ where: { id: granted.userBadge.id } });
    expect(row.status).toBe('EXPIRED');
  });
});
