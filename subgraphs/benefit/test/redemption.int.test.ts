import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, uniqueId } from '@badge/testing';
import {
  addCoupons,
  createBenefit,
  createRule,
  outboxFor,
  startHarness,
  uuid,
  type Harness,
} from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const REDEEM = `mutation($input: RedeemInput!) {
  redeem(input: $input) { isDuplicate redemption { id userId status failureReason items { quantity badge { id } } grant { id status } } } }`;

interface RedeemResult {
  redeem: {
    isDuplicate: boolean;
    redemption: {
      id: string;
      userId: string;
      status: string;
      grant: { id: string; status: string } | null;
    };
  };
}

const redeem = (
  identity: Parameters<Harness['subgraph']['request']>[0],
  input: Record<string, unknown>,
) => h.subgraph.request<RedeemResult>(identity, REDEEM, { input });

/** Nothing consumed or reserved for the user: no redemption, no consume command. */
async function assertNothingFor(userId: string) {
  expect(await h.prisma.redemption.count({ where: { userId } })).toBe(0);
  expect(await outboxFor(h.prisma, userId, 'badge.consume.command.v1')).toEqual([]);
  expect(await h.prisma.benefitGrant.count({ where: { userId } })).toBe(0);
}

describe('redemption: request (saga step one)', () => {
  it('reserves stock and a coupon code, writes PENDING and the ConsumeBadgesCommand in one go', async () => {
    const userId = uniqueId('u');
    const [x, y] = [uuid(), uuid()];
    const benefit = await createBenefit(h.prisma, { type: 'COUPON', stock: 5 });
    await addCoupons(h.prisma, benefit.id, 3);
    const rule = await createRule(h.prisma, benefit.id, [
      { badgeId: x, quantity: 2 },
      { badgeId: y, quantity: 1 },
    ]);

    const res = await redeem(identities.user(userId), {
      userId,
      redemptionRuleId: rule.id,
      idempotencyKey: 'k-1',
    });
    expect(res.errors).toBeUndefined();
    const redemption = res.data!.redeem.redemption;
    expect(redemption).toMatchObject({ userId, status: 'PENDING', grant: { status: 'PENDING' } });
    expect(res.data!.redeem.isDuplicate).toBe(false);

    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(4);
    const reserved = await h.prisma.couponCode.findMany({
      where: { benefitId: benefit.id, status: 'RESERVED' },
    });
    expect(reserved.map((c) => c.benefitGrantId)).toEqual([redemption.grant!.id]);

    const commands = await outboxFor(h.prisma, userId, 'badge.consume.command.v1');
    expect(commands).toHaveLength(1);
    const command = commands[0]!;
    expect(command.row.topic).toBe('badge.grant.commands');
    expect(command.event.type).toBe('badge.consume.command.v1');
    if (command.event.type !== 'badge.consume.command.v1') throw new Error('unreachable');
    expect(command.event.message).toMatchObject({
      commandId: `redeem:${redemption.id}`,
      userId,
      redemptionId: redemption.id,
      actor: `user:${userId}`,
    });
    expect(
      command.event.message.items.map((i) => ({ badgeId: i.badgeId, quantity: i.quantity })),
    ).toEqual(
      expect.arrayContaining([
        { badgeId: x, quantity: 2 },
        { badgeId: y, quantity: 1 },
      ]),
    );
    const audit = await outboxFor(h.prisma, userId, 'operation.recorded.v1');
    expect(audit).toHaveLength(1);

    // The same key again: the first redemption, nothing new reserved or sent.
    const again = await redeem(identities.user(userId), {
      userId,
      redemptionRuleId: rule.id,
      idempotencyKey: 'k-1',
    });
    expect(again.data?.redeem).toMatchObject({
      isDuplicate: true,
      redemption: { id: redemption.id },
    });
    expect(await outboxFor(h.prisma, userId, 'badge.consume.command.v1')).toHaveLength(1);
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(4);

    // Visible to its user (redemption(id), User.redemptions), not to others.
    const mine = await h.subgraph.request<{ redemption: { status: string } | null }>(
      identities.user(userId),
      'query($id: ID!) { redemption(id: $id) { status } }',
      { id: redemption.id },
    );
    expect(mine.data?.redemption).toEqual({ status: 'PENDING' });
    const theirs = await h.subgraph.request<{ redemption: unknown }>(
      identities.user('somebody-else'),
      'query($id: ID!) { redemption(id: $id) { status } }',
      { id: redemption.id },
    );
    expect(theirs.data?.redemption).toBeNull();
    const list = await h.subgraph.request<{
      benefitUser: { redemptions: { nodes: { id: string }[]; totalCount: number } };
    }>(
      identities.user(userId),
      'query($u: ID!) { benefitUser(userId: $u) { redemptions { nodes { id } totalCount } } }',
      { u: userId },
    );
    expect(list.data?.benefitUser.redemptions).toEqual({
      nodes: [{ id: redemption.id }],
      totalCount: 1,
    });
    const spy = await h.subgraph.request(
      identities.user('somebody-else'),
      'query($u: ID!) { benefitUser(userId: $u) { redemptions { totalCount } } }',
      { u: userId },
    );
    expect(spy.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses invalid redemptions with typed errors and consumes nothing', async () => {
    const badge = uuid();
    const cases: { name: string; setup: () => Promise<string>; code: string; reason: string }[] = [
      {
        name: 'rule disabled',
        setup: async () =>
          (
            await createRule(
              h.prisma,
              (await createBenefit(h.prisma)).id,
              [{ badgeId: badge, quantity: 1 }],
              {
                status: 'DISABLED',
              },
            )
          ).id,
        code: 'INVALID_STATE',
        reason: 'RULE_NOT_ACTIVE',
      },
      {
        name: 'benefit expired',
        setup: async () => {
          const b = await createBenefit(h.prisma, {
            validFrom: new Date('2020-01-01T00:00:00Z'),
            validUntil: new Date('2021-01-01T00:00:00Z'),
            stock: 3,
          });
          return (await createRule(h.prisma, b.id, [{ badgeId: badge, quantity: 1 }])).id;
        },
        code: 'INVALID_STATE',
        reason: 'BENEFIT_EXPIRED',
      },
      {
        name: 'benefit offline',
        setup: async () =>
          (
            await createRule(h.prisma, (await createBenefit(h.prisma, { status: 'OFFLINE' })).id, [
              { badgeId: badge, quantity: 1 },
            ])
          ).id,
        code: 'INVALID_STATE',
        reason: 'BENEFIT_NOT_PUBLISHED',
      },
      {
        name: 'sold out',
        setup: async () =>
          (
            await createRule(h.prisma, (await createBenefit(h.prisma, { stock: 0 })).id, [
              { badgeId: badge, quantity: 1 },
            ])
          ).id,
        code: 'OUT_OF_STOCK',
        reason: 'OUT_OF_STOCK',
      },
      {
        name: 'coupon pool empty',
        setup: async () =>
          (
            await createRule(h.prisma, (await createBenefit(h.prisma, { type: 'COUPON' })).id, [
              { badgeId: badge, quantity: 1 },
            ])
          ).id,
        code: 'OUT_OF_STOCK',
        reason: 'COUPON_POOL_EXHAUSTED',
      },
      {
        name: 'rule window over',
        setup: async () =>
          (
            await createRule(
              h.prisma,
              (await createBenefit(h.prisma)).id,
              [{ badgeId: badge, quantity: 1 }],
              {
                activeUntil: new Date('2021-01-01T00:00:00Z'),
              },
            )
          ).id,
        code: 'INVALID_STATE',
        reason: 'RULE_ENDED',
      },
    ];
    for (const c of cases) {
      const userId = uniqueId('u');
      const ruleId = await c.setup();
      const rule = await h.prisma.redemptionRule.findUniqueOrThrow({ where: { id: ruleId } });
      const stockBefore = (
        await h.prisma.benefit.findUniqueOrThrow({ where: { id: rule.benefitId } })
      ).remainingStock;
      const res = await redeem(identities.user(userId), { userId, redemptionRuleId: ruleId });
      expect({ name: c.name, ext: res.errors?.[0]?.extensions }).toMatchObject({
        name: c.name,
        ext: { code: c.code, details: { reason: c.reason } },
      });
      await assertNothingFor(userId);
      expect(
        (await h.prisma.benefit.findUniqueOrThrow({ where: { id: rule.benefitId } }))
          .remainingStock,
      ).toBe(stockBefore);
    }

    const missing = await redeem(identities.user('u-missing'), {
      userId: 'u-missing',
      redemptionRuleId: uuid(),
    });
    expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('enforces the per-user limit under 50 concurrent requests of one user', async () => {
    const userId = uniqueId('u');
    const benefit = await createBenefit(h.prisma, { stock: 1000 });
    const rule = await createRule(h.prisma, benefit.id, [{ badgeId: uuid(), quantity: 1 }], {
      perUserLimit: 3,
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        redeem(identities.user(userId), { userId, redemptionRuleId: rule.id }),
      ),
    );
    const ok = results.filter((r) => r.data?.redeem);
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'LIMIT_EXCEEDED');
    expect(ok).toHaveLength(3);
    expect(refused).toHaveLength(47);
    expect(await outboxFor(h.prisma, userId, 'badge.consume.command.v1')).toHaveLength(3);
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(997);
  });

  it('gives the last coupon to exactly one of 20 users redeeming at once', async () => {
    const benefit = await createBenefit(h.prisma, { type: 'COUPON', stock: 1 });
    await addCoupons(h.prisma, benefit.id, 1);
    const rule = await createRule(h.prisma, benefit.id, [{ badgeId: uuid(), quantity: 1 }]);
    const users = Array.from({ length: 20 }, () => uniqueId('u'));
    const results = await Promise.all(
      users.map((userId) => redeem(identities.user(userId), { userId, redemptionRuleId: rule.id })),
    );
    expect(results.filter((r) => r.data?.redeem)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'OUT_OF_STOCK')).toHaveLength(
      19,
    );
    expect(
      (await h.prisma.benefit.findUniqueOrThrow({ where: { id: benefit.id } })).remainingStock,
    ).toBe(0);
    expect(
      await h.prisma.couponCode.count({ where: { benefitId: benefit.id, status: 'RESERVED' } }),
    ).toBe(1);

    // Unlimited stock, one code: the pool decides (SKIP LOCKED), still one winner.
    const poolOnly = await createBenefit(h.prisma, { type: 'COUPON' });
    await addCoupons(h.prisma, poolOnly.id, 1);
    const poolRule = await createRule(h.prisma, poolOnly.id, [{ badgeId: uuid(), quantity: 1 }]);
    const poolResults = await Promise.all(
      Array.from({ length: 20 }, () => uniqueId('u')).map((userId) =>
        redeem(identities.user(userId), { userId, redemptionRuleId: poolRule.id }),
      ),
    );
    expect(poolResults.filter((r) => r.data?.redeem)).toHaveLength(1);
    expect(
      poolResults.filter((r) => r.errors?.[0]?.extensions?.code === 'OUT_OF_STOCK'),
    ).toHaveLength(19);
  });

  it('lets partners (write:redemption) and admins redeem for a user, nobody else', async () => {
    const benefit = await createBenefit(h.prisma);
    const rule = await createRule(h.prisma, benefit.id, [{ badgeId: uuid(), quantity: 1 }]);
    const userId = uniqueId('u');
    const partner = await redeem(identities.partner(['write:redemption'], 'key-1'), {
      userId,
      redemptionRuleId: rule.id,
    });
    expect(partner.errors).toBeUndefined();
    const row = await h.prisma.redemption.findUniqueOrThrow({
      where: { id: partner.data!.redeem.redemption.id },
    });
    expect(row.requestedBy).toBe('apikey:key-1');
    const admin = await redeem(identities.admin(['benefit:redemption:write']), {
      userId,
      redemptionRuleId: rule.id,
    });
    expect(admin.errors).toBeUndefined();

    const other = await redeem(identities.user('not-the-user'), {
      userId,
      redemptionRuleId: rule.id,
    });
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const readOnly = await redeem(identities.partner(['read:redemption']), {
      userId,
      redemptionRuleId: rule.id,
    });
    expect(readOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('manages redemption rules: DRAFT → ACTIVE, clients see only ACTIVE ones', async () => {
    const writer = identities.admin(['benefit:benefit:read', 'benefit:benefit:write']);
    const benefit = await createBenefit(h.prisma, { type: 'COUPON' });
    const badge = uuid();
    const input = {
      code: uniqueId('r').toLowerCase(),
      name: { enUS: 'Two stamps for a coupon' },
      benefitId: benefit.id,
      items: [{ badgeId: badge, quantity: 2 }],
    };
    const twoCodes = await h.subgraph.request(
      writer,
      `mutation($input: CreateRedemptionRuleInput!) { createRedemptionRule(input: $input) { rule { id } } }`,
      { input: { ...input, benefitQuantity: 2 } },
    );
    expect(twoCodes.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const created = await h.subgraph.request<{
      createRedemptionRule: { rule: { id: string; status: string } };
    }>(
      writer,
      `mutation($input: CreateRedemptionRuleInput!) { createRedemptionRule(input: $input) { rule { id status items { quantity badge { id } } benefit { id } } } }`,
      { input },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createRedemptionRule.rule.id;
    const byBadge = `query($b: ID!) { redemptionRules(filter: { badgeId: $b }) { nodes { id status } } }`;
    const hidden = await h.subgraph.request<{ redemptionRules: { nodes: unknown[] } }>(
      identities.user('u-rules'),
      byBadge,
      { b: badge },
    );
    expect(hidden.data?.redemptionRules.nodes).toEqual([]);
    const activated = await h.subgraph.request<{
      activateRedemptionRule: { rule: { status: string } };
    }>(
      writer,
      'mutation($id: ID!) { activateRedemptionRule(id: $id) { rule { status isActiveNow } } }',
      { id },
    );
    expect(activated.data?.activateRedemptionRule.rule.status).toBe('ACTIVE');
    const visible = await h.subgraph.request<{ redemptionRules: { nodes: { id: string }[] } }>(
      identities.user('u-rules'),
      byBadge,
      { b: badge },
    );
    expect(visible.data?.redemptionRules.nodes).toEqual([{ id, status: 'ACTIVE' }]);
    const locked = await h.subgraph.request(
      writer,
      `mutation($input: UpdateRedemptionRuleInput!) { updateRedemptionRule(input: $input) { rule { id } } }`,
      { input: { id, items: [{ badgeId: badge, quantity: 3 }] } },
    );
    expect(locked.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'NOT_DRAFT' },
    });
    const renamed = await h.subgraph.request<{
      updateRedemptionRule: { rule: { perUserLimit: number } };
    }>(
      writer,
      `mutation($input: UpdateRedemptionRuleInput!) { updateRedemptionRule(input: $input) { rule { perUserLimit } } }`,
      { input: { id, perUserLimit: 2 } },
    );
    expect(renamed.data?.updateRedemptionRule.rule.perUserLimit).toBe(2);
  });

  it('resolves Redemption, BenefitGrant and User entities (_entities contract)', async () => {
    const benefit = await createBenefit(h.prisma);
    const rule = await createRule(h.prisma, benefit.id, [{ badgeId: uuid(), quantity: 1 }]);
    const userId = uniqueId('u');
    const res = await redeem(identities.user(userId), { userId, redemptionRuleId: rule.id });
    const { id, grant } = res.data!.redeem.redemption;
    const reader = identities.admin(['benefit:redemption:read', 'benefit:grant:read']);
    const entities = await h.subgraph.request<{ _entities: unknown[] }>(
      reader,
      `query($r: [_Any!]!) { _entities(representations: $r) {
        ... on Redemption { id status rule { id } benefit { id } }
        ... on BenefitGrant { id grantStatus: status source redemption { id } }
        ... on User { id benefitGrants { totalCount } redemptions { nodes { id } } } } }`,
      {
        r: [
          { __typename: 'Redemption', id },
          { __typename: 'BenefitGrant', id: grant!.id },
          { __typename: 'User', id: userId },
          { __typename: 'Redemption', id: uuid() },
        ],
      },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data?._entities).toEqual([
      { id, status: 'PENDING', rule: { id: rule.id }, benefit: { id: benefit.id } },
      { id: grant!.id, grantStatus: 'PENDING', source: 'REDEMPTION', redemption: { id } },
      { id: userId, benefitGrants: { totalCount: 1 }, redemptions: { nodes: [{ id }] } },
      null,
    ]);
  });
});
