/**
 * The dashboard's benefitStats through the real subgraph on a database of its own: the figures are
 * totals over every row, so this file must not share the project's database with the others.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@badge/db';
import { buildModulesSchema, fieldsWithoutRule } from '@badge/service-kit/graphql';
import { createTestDatabase, identities, uniqueId, type TestDatabase } from '@badge/testing';
import { modules } from '../src/modules/index.js';
import { createBenefit, createRule, startHarness, type Harness } from './helpers.js';

let database: TestDatabase;
let h: Harness;
let prisma: PrismaClient;

const DAY = 24 * 60 * 60 * 1000;
const stats = identities.admin(['stats:overview:read']);
const utcDay = (at: Date) => at.toISOString().slice(0, 10);
const noonDaysAgo = (daysAgo: number) => {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12) - daysAgo * DAY,
  );
};

async function benefitGrant(
  benefitId: string,
  status: 'GRANTED' | 'REVOKED' | 'FAILED',
  grantedAt: Date | null,
) {
  await prisma.benefitGrant.create({
    data: {
      userId: uniqueId('u'),
      benefitId,
      status,
      source: 'MANUAL',
      idempotencyKey: uniqueId('idem'),
      grantedAt,
      ...(status === 'REVOKED' ? { revokedAt: new Date() } : {}),
    },
  });
}

async function redemption(
  benefitId: string,
  ruleId: string,
  status: 'COMPLETED' | 'FAILED' | 'PENDING',
  completedAt: Date | null,
) {
  await prisma.redemption.create({
    data: {
      id: randomUUID(),
      userId: uniqueId('u'),
      redemptionRuleId: ruleId,
      benefitId,
      status,
      idempotencyKey: uniqueId('idem'),
      completedAt,
      ...(status === 'FAILED' ? { failedAt: new Date(), failureReason: 'test' } : {}),
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase({ migrate: true });
  h = await startHarness(undefined, { url: database.url });
  prisma = h.prisma;
  const benefit = await createBenefit(prisma);
  const rule = await createRule(prisma, benefit.id, [{ badgeId: randomUUID(), quantity: 1 }]);
  // Today: one grant through the console mutation (the real path), one written directly.
  const granted = await h.subgraph.request(
    identities.admin(['benefit:benefit:write']),
    `mutation($input: GrantBenefitInput!) { grantBenefit(input: $input) { grant { status } } }`,
    { input: { userId: uniqueId('u'), benefitId: benefit.id, reason: 'stats test' } },
  );
  expect(granted.errors).toBeUndefined();
  await benefitGrant(benefit.id, 'GRANTED', noonDaysAgo(0));
  // 3 days ago: one granted and revoked since (still a grant of that day); never granted: FAILED.
  await benefitGrant(benefit.id, 'REVOKED', noonDaysAgo(3));
  await benefitGrant(benefit.id, 'FAILED', null);
  // 40 days ago: outside the default window.
  await benefitGrant(benefit.id, 'GRANTED', noonDaysAgo(40));
  // Redemptions: 2 completed 1 day ago, 1 completed today, a failed and a pending one.
  await redemption(benefit.id, rule.id, 'COMPLETED', noonDaysAgo(1));
  await redemption(benefit.id, rule.id, 'COMPLETED', noonDaysAgo(1));
  await redemption(benefit.id, rule.id, 'COMPLETED', noonDaysAgo(0));
  await redemption(benefit.id, rule.id, 'FAILED', null);
  await redemption(benefit.id, rule.id, 'PENDING', null);
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await database?.drop();
});

const QUERY = `query($days: Int) {
  benefitStats(days: $days) {
    grantsByDay { day count }
    redemptionsByDay { day count }
    grantsInWindow
    redemptionsInWindow
  }
}`;

interface Stats {
  grantsByDay: { day: string; count: number }[];
  redemptionsByDay: { day: string; count: number }[];
  grantsInWindow: number;
  redemptionsInWindow: number;
}

describe('benefit subgraph: benefitStats', () => {
  it('has a shield rule for every field', () => {
    const { schema, rules } = buildModulesSchema(modules);
    expect(fieldsWithoutRule(schema, rules)).toEqual([]);
  });

  it('counts delivered grants and completed redemptions per UTC day, 14 days by default', async () => {
    const res = await h.subgraph.request<{ benefitStats: Stats }>(stats, QUERY);
    expect(res.errors).toBeUndefined();
    const s = res.data!.benefitStats;
    expect(s.grantsByDay).toHaveLength(14);
    expect(s.redemptionsByDay).toHaveLength(14);
    expect(s.grantsByDay.map((d) => d.day)).toEqual(s.redemptionsByDay.map((d) => d.day));
    expect(s.grantsByDay[0]!.day).toBe(utcDay(noonDaysAgo(13)));
    const nonZero = (series: { day: string; count: number }[]) => series.filter((d) => d.count > 0);
    expect(nonZero(s.grantsByDay)).toEqual([
      { day: utcDay(noonDaysAgo(3)), count: 1 },
      { day: utcDay(noonDaysAgo(0)), count: 2 },
    ]);
    expect(nonZero(s.redemptionsByDay)).toEqual([
      { day: utcDay(noonDaysAgo(1)), count: 2 },
      { day: utcDay(noonDaysAgo(0)), count: 1 },
    ]);
    expect(s.grantsInWindow).toBe(3);
    expect(s.redemptionsInWindow).toBe(3);

    const wide = await h.subgraph.request<{ benefitStats: Stats }>(stats, QUERY, { days: 90 });
    expect(wide.data!.benefitStats).toMatchObject({ grantsInWindow: 4, redemptionsInWindow: 3 });
    const today = await h.subgraph.request<{ benefitStats: Stats }>(stats, QUERY, { days: 1 });
    expect(today.data!.benefitStats).toEqual({
      grantsByDay: [{ day: utcDay(new Date()), count: 2 }],
      redemptionsByDay: [{ day: utcDay(new Date()), count: 1 }],
      grantsInWindow: 2,
      redemptionsInWindow: 1,
    });
  });

  it('refuses days outside 1..90', async () => {
    for (const days of [0, 91]) {
      const res = await h.subgraph.request(stats, QUERY, { days });
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('needs stats:overview:read', async () => {
    const denied = await h.subgraph.request(
      identities.admin(['benefit:grant:read', 'benefit:redemption:read']),
      '{ benefitStats { grantsInWindow } }',
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
