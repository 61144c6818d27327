// The database refuses what the domain forbids — checked against the migrated test database.
// Every test creates its own rows (unique codes/keys), so the file runs in parallel with others.
import { randomUUID, createHash } from 'node:crypto';
import { testDatabaseUrl, uniqueId } from '@badge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPrismaClient,
  databaseErrorInfo,
  isCheckViolation,
  isForeignKeyViolation,
  isUniqueViolation,
  type PrismaClient,
} from '../src/index.js';
import { createBadge, createBenefit, rejectionOf } from './fixtures.js';

let prisma: PrismaClient;

beforeAll(() => {
  prisma = createPrismaClient({ url: testDatabaseUrl(), poolMax: 4 });
});

afterAll(async () => {
  await prisma.$disconnect();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('idempotency keys', () => {
  it('refuses a second user-badge grant with the same idempotency key (P2002)', async () => {
    const badge = await createBadge(prisma);
    const grant = {
      userId: uniqueId('user'),
      badgeId: badge.id,
      source: 'RULE' as const,
      idempotencyKey: uniqueId('grant'),
    };
    await prisma.userBadge.create({ data: grant });

    const error = await rejectionOf(
      prisma.userBadge.create({ data: { ...grant, userId: uniqueId('other-user') } }),
    );

    expect(error).toMatchObject({ code: 'P2002' });
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'idempotency_key')).toBe(true);
    expect(isUniqueViolation(error, 'some_other_column')).toBe(false);
    expect(await prisma.userBadge.count({ where: { idempotencyKey: grant.idempotencyKey } })).toBe(
      1,
    );
  });

  it('refuses a second benefit grant with the same idempotency key (P2002)', async () => {
    const benefit = await createBenefit(prisma);
    const grant = {
      userId: uniqueId('user'),
      benefitId: benefit.id,
      source: 'MANUAL' as const,
      idempotencyKey: uniqueId('benefit-grant'),
    };
    await prisma.benefitGrant.create({ data: grant });

    const error = await rejectionOf(prisma.benefitGrant.create({ data: grant }));

    expect(isUniqueViolation(error, 'idempotency_key')).toBe(true);
    expect(
      await prisma.benefitGrant.count({ where: { idempotencyKey: grant.idempotencyKey } }),
    ).toBe(1);
  });

  it('reports a unique violation from raw SQL as P2010 with SQLSTATE 23505', async () => {
    const badge = await createBadge(prisma);
    const key = uniqueId('raw-grant');
    const insert = () => prisma.$executeRaw`
      INSERT INTO badge.user_badge (id, user_id, badge_id, source, idempotency_key)
      VALUES (${randomUUID()}::uuid, ${uniqueId('user')}, ${badge.id}::uuid, 'BATCH', ${key})`;
    await insert();

    const error = await rejectionOf(insert());

    expect(error).toMatchObject({ code: 'P2010' });
    expect(isUniqueViolation(error)).toBe(true);
    expect(isCheckViolation(error)).toBe(false);
  });

  it('allows only one auto-benefit grant per badge grant and benefit, whatever the key', async () => {
    const benefit = await createBenefit(prisma);
    const sourceBadgeGrantId = randomUUID();
    const auto = {
      userId: uniqueId('user'),
      benefitId: benefit.id,
      source: 'AUTO' as const,
      sourceBadgeGrantId,
    };
    await prisma.benefitGrant.create({ data: { ...auto, idempotencyKey: uniqueId('auto') } });

    const error = await rejectionOf(
      prisma.benefitGrant.create({ data: { ...auto, idempotencyKey: uniqueId('auto') } }),
    );

    expect(isUniqueViolation(error)).toBe(true);
  });
});

describe('stock', () => {
  it('refuses negative remaining stock on a badge (CHECK 23514)', async () => {
    const badge = await createBadge(prisma, { totalStock: 10, remainingStock: 1 });

    const error = await rejectionOf(
      prisma.badge.update({ where: { id: badge.id }, data: { remainingStock: { decrement: 2 } } }),
    );

    expect(isCheckViolation(error)).toBe(true);
    expect(isCheckViolation(error, 'badge_remaining_stock_non_negative')).toBe(true);
    expect(databaseErrorInfo(error)).toMatchObject({ sqlState: '23514' });
    expect(isUniqueViolation(error)).toBe(false);
    expect((await prisma.badge.findUniqueOrThrow({ where: { id: badge.id } })).remainingStock).toBe(
      1,
    );
  });

  it('lets stock reach exactly zero (the boundary is allowed)', async () => {
    const badge = await createBadge(prisma, { totalStock: 1, remainingStock: 1 });
    const updated = await prisma.badge.update({
      where: { id: badge.id },
      data: { remainingStock: { decrement: 1 } },
    });
    expect(updated.remainingStock).toBe(0);
  });

  it('refuses negative total stock and remaining above total on a badge', async () => {
    // (-1 total also breaks remaining <= total; PostgreSQL reports whichever CHECK it tests first)
    const negativeTotal = await rejectionOf(
      createBadge(prisma, { totalStock: -1, remainingStock: 0 }),
    );
    expect(isCheckViolation(negativeTotal)).toBe(true);

    const aboveTotal = await rejectionOf(createBadge(prisma, { totalStock: 5, remainingStock: 6 }));
    expect(isCheckViolation(aboveTotal, 'badge_remaining_stock_within_total')).toBe(true);

    const halfUnlimited = await rejectionOf(
      createBadge(prisma, { totalStock: 5, remainingStock: null }),
    );
    expect(isCheckViolation(halfUnlimited, 'badge_stock_both_or_neither')).toBe(true);
  });

  it('refuses remaining above total through raw SQL too (P2010 carrying 23514)', async () => {
    const badge = await createBadge(prisma, { totalStock: 3, remainingStock: 3 });

    const error = await rejectionOf(
      prisma.$executeRaw`UPDATE badge.badge SET remaining_stock = remaining_stock + 1 WHERE id = ${badge.id}::uuid`,
    );

    expect(error).toMatchObject({ code: 'P2010' });
    expect(isCheckViolation(error, 'badge_remaining_stock_within_total')).toBe(true);
  });

  it('refuses negative remaining stock and remaining above total on a benefit', async () => {
    const benefit = await createBenefit(prisma, { totalStock: 2, remainingStock: 0 });

    const negative = await rejectionOf(
      prisma.benefit.update({
        where: { id: benefit.id },
        data: { remainingStock: { decrement: 1 } },
      }),
    );
    expect(isCheckViolation(negative, 'benefit_remaining_stock_non_negative')).toBe(true);

    const aboveTotal = await rejectionOf(
      prisma.benefit.update({ where: { id: benefit.id }, data: { remainingStock: 3 } }),
    );
    expect(isCheckViolation(aboveTotal, 'benefit_remaining_stock_within_total')).toBe(true);
  });

  it('refuses a CHECK violation inside an interactive transaction and rolls it back', async () => {
    const badge = await createBadge(prisma, { totalStock: 1, remainingStock: 1 });
    const key = uniqueId('tx-grant');

    const error = await rejectionOf(
      prisma.$transaction(async (tx) => {
        await tx.userBadge.create({
          data: {
            userId: uniqueId('user'),
            badgeId: badge.id,
            source: 'RULE',
            idempotencyKey: key,
          },
        });
        await tx.badge.update({
          where: { id: badge.id },
          data: { remainingStock: { decrement: 2 } },
        });
      }),
    );

    expect(isCheckViolation(error)).toBe(true);
    expect(await prisma.userBadge.count({ where: { idempotencyKey: key } })).toBe(0);
  });
});

describe('other domain invariants', () => {
  it('refuses non-positive quantities and caps', async () => {
    const badge = await createBadge(prisma);
    const zeroQuantity = await rejectionOf(
      prisma.userBadge.create({
        data: {
          userId: uniqueId('user'),
          badgeId: badge.id,
          source: 'MANUAL',
          idempotencyKey: uniqueId('k'),
          quantity: 0,
        },
      }),
    );
    expect(isCheckViolation(zeroQuantity, 'user_badge_quantity_positive')).toBe(true);

    const zeroCap = await rejectionOf(createBadge(prisma, { perUserCap: 0 }));
    expect(isCheckViolation(zeroCap, 'badge_per_user_cap_positive')).toBe(true);
  });

  it('refuses inconsistent validity settings', async () => {
    const relativeWithoutDays = await rejectionOf(
      createBadge(prisma, { validityKind: 'RELATIVE' }),
    );
    expect(isCheckViolation(relativeWithoutDays, 'badge_validity_consistent')).toBe(true);

    const reversedWindow = await rejectionOf(
      createBadge(prisma, {
        validityKind: 'FIXED',
        validFrom: new Date('2026-02-01'),
        validUntil: new Date('2026-01-01'),
      }),
    );
    expect(isCheckViolation(reversedWindow, 'badge_validity_consistent')).toBe(true);

    const relative = await createBadge(prisma, { validityKind: 'RELATIVE', validDays: 30 });
    expect(relative.validDays).toBe(30);
  });

  it('refuses a badge that depends on itself', async () => {
    const badge = await createBadge(prisma);
    const group = await prisma.badgeDependencyGroup.create({ data: { badgeId: badge.id } });

    const error = await rejectionOf(
      prisma.badgeDependency.create({
        data: { groupId: group.id, badgeId: badge.id, requiredBadgeId: badge.id },
      }),
    );

    expect(isCheckViolation(error, 'badge_dependency_not_self')).toBe(true);
  });

  it('keeps coupon codes consistent with their grant', async () => {
    const benefit = await createBenefit(prisma, { type: 'COUPON', config: {} });
    const issuedWithoutGrant = await rejectionOf(
      prisma.couponCode.create({
        data: { benefitId: benefit.id, code: uniqueId('CODE'), status: 'ISSUED' },
      }),
    );
    expect(isCheckViolation(issuedWithoutGrant, 'coupon_code_assigned_has_grant')).toBe(true);

    const code = uniqueId('CODE');
    await prisma.couponCode.create({ data: { benefitId: benefit.id, code } });
    const duplicate = await rejectionOf(
      prisma.couponCode.create({ data: { benefitId: benefit.id, code } }),
    );
    expect(isUniqueViolation(duplicate)).toBe(true);
  });

  it('refuses malformed permission codes and API key hashes', async () => {
    const mismatched = await rejectionOf(
      prisma.permission.create({
        data: {
          code: `test:${uniqueId('r')}:read`,
          module: 'test',
          resource: 'other',
          action: 'read',
        },
      }),
    );
    expect(isCheckViolation(mismatched, 'permission_code_matches_parts')).toBe(true);

    const notHex = await rejectionOf(
      prisma.apiKey.create({
        data: { name: 'partner', prefix: uniqueId('pk'), keyHash: 'not-a-sha256' },
      }),
    );
    expect(isCheckViolation(notHex, 'api_key_key_hash_sha256_hex')).toBe(true);

    const prefix = uniqueId('pk');
    const key = await prisma.apiKey.create({
      data: {
        name: 'partner',
        prefix,
        keyHash: sha256(prefix),
        scopes: ['read:badges', 'write:redemption'],
      },
    });
    expect(key.scopes).toEqual(['read:badges', 'write:redemption']);
  });

  it('keeps published rule versions immutable', async () => {
    const rule = await prisma.rule.create({
      data: {
        name: 'immutable',
        badgeId: randomUUID(),
        templateCode: 'first_event',
        eventTypes: ['checkin'],
      },
    });
    const version = await prisma.ruleVersion.create({
      data: {
        ruleId: rule.id,
        version: 1,
        badgeId: rule.badgeId,
        eventTypes: ['checkin'],
        templateCode: 'first_event',
        params: {},
        publishedBy: 'test',
      },
    });

    const error = await rejectionOf(
      prisma.ruleVersion.update({ where: { id: version.id }, data: { params: { hacked: true } } }),
    );

    expect(databaseErrorInfo(error)?.message).toMatch(/immutable/);
    const duplicate = await rejectionOf(
      prisma.ruleVersion.create({
        data: {
          ruleId: rule.id,
          version: 1,
          badgeId: rule.badgeId,
          eventTypes: ['purchase'],
          templateCode: 'first_event',
          params: {},
          publishedBy: 'test',
        },
      }),
    );
    expect(isUniqueViolation(duplicate)).toBe(true);
  });

  it('refuses to publish a rule without a version', async () => {
    const error = await rejectionOf(
      prisma.rule.create({
        data: {
          name: 'incomplete',
          badgeId: randomUUID(),
          templateCode: 'first_event',
          eventTypes: ['checkin'],
          status: 'PUBLISHED',
        },
      }),
    );
    expect(isCheckViolation(error, 'rule_published_is_complete')).toBe(true);
  });

  it('keeps the operation log append-only', async () => {
    // seq is unique per database; a random high seq avoids colliding with parallel tests.
    const seq = BigInt(1_000_000 + Math.floor(Math.random() * 1_000_000_000));
    const entry = await prisma.operationLog.create({
      data: {
        seq,
        actorType: 'SYSTEM',
        module: 'test',
        action: 'test.append',
        prevHash: sha256(`prev-${seq}`),
        hash: sha256(`entry-${seq}-${randomUUID()}`),
      },
    });

    const update = await rejectionOf(
      prisma.operationLog.update({ where: { id: entry.id }, data: { action: 'tampered' } }),
    );
    expect(databaseErrorInfo(update)?.message).toMatch(/append-only/);
    const remove = await rejectionOf(prisma.operationLog.delete({ where: { id: entry.id } }));
    expect(databaseErrorInfo(remove)?.message).toMatch(/append-only/);
    expect((await prisma.operationLog.findUniqueOrThrow({ where: { id: entry.id } })).action).toBe(
      'test.append',
    );
  });
});

describe('inbox and outbox (docs/CONTRACTS.md)', () => {
  const inboxes = [
    ['badge', (p: PrismaClient) => p.badgeInboxMessage],
    ['rule', (p: PrismaClient) => p.ruleInboxMessage],
    ['benefit', (p: PrismaClient) => p.benefitInboxMessage],
    ['user', (p: PrismaClient) => p.userInboxMessage],
  ] as const;

  it.each(inboxes)(
    'refuses a duplicate %s inbox row for the same (consumer, message_id)',
    async (_schema, delegate) => {
      const row = {
        consumer: uniqueId('consumer'),
        messageId: randomUUID(),
        topic: 'badge.engagement.events',
        partition: 0,
        kafkaOffset: 42n,
      };
      const inbox = delegate(prisma) as unknown as {
        create(args: { data: typeof row }): Promise<unknown>;
      };
      await inbox.create({ data: row });

      const error = await rejectionOf(
        inbox.create({ data: { ...row, partition: 1, kafkaOffset: 43n } }),
      );

      expect(isUniqueViolation(error)).toBe(true);
      // same message id for another consumer is a different row
      await inbox.create({ data: { ...row, consumer: uniqueId('consumer') } });
    },
  );

  it('fills outbox defaults (id, headers, attempts, created_at) in the database', async () => {
    const key = uniqueId('user');
    const [row] = await prisma.$queryRaw<
      Array<{ id: string; headers: unknown; attempts: number; published_at: Date | null }>
    >`
      INSERT INTO "user".outbox_event (topic, key, event_type, payload)
      VALUES ('badge.notifications', ${key}, 'notification.created.v1', ${Buffer.from([1, 2, 3])})
      RETURNING id, headers, attempts, published_at`;

    expect(row).toMatchObject({ headers: {}, attempts: 0, published_at: null });
    expect(row?.id).toMatch(/^[0-9a-f-]{36}$/);
    const read = await prisma.userOutboxEvent.findFirstOrThrow({ where: { key } });
    expect([...read.payload]).toEqual([1, 2, 3]);
  });
});

describe('foreign keys', () => {
  it('refuses a user badge for a badge that does not exist (P2003)', async () => {
    const error = await rejectionOf(
      prisma.userBadge.create({
        data: {
          userId: uniqueId('user'),
          badgeId: randomUUID(),
          source: 'MANUAL',
          idempotencyKey: uniqueId('k'),
        },
      }),
    );

    expect(error).toMatchObject({ code: 'P2003' });
    expect(isForeignKeyViolation(error)).toBe(true);
    expect(isForeignKeyViolation(error, 'user_badge_badge_id_fkey')).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
  });

  it('refuses deleting a badge that users hold', async () => {
    const badge = await createBadge(prisma);
    await prisma.userBadge.create({
      data: {
        userId: uniqueId('user'),
        badgeId: badge.id,
        source: 'MANUAL',
        idempotencyKey: uniqueId('k'),
      },
    });

    const error = await rejectionOf(prisma.badge.delete({ where: { id: badge.id } }));

    expect(isForeignKeyViolation(error)).toBe(true);
  });

  it('refuses a rule whose template does not exist', async () => {
    const error = await rejectionOf(
      prisma.rule.create({
        data: { name: 'orphan', badgeId: randomUUID(), templateCode: uniqueId('no_such_template') },
      }),
    );
    expect(isForeignKeyViolation(error)).toBe(true);
  });
});
