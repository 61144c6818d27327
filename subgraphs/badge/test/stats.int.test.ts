/**
 * The dashboard's badgeStats through the real subgraph on a database of its own: the figures are
 * totals over every row, so this file must not share the project's database with the others.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@badge/db';
import { buildModulesSchema, fieldsWithoutRule } from '@badge/service-kit/graphql';
import {
  createTestDatabase,
  identities,
  uniqueId,
  type TestDatabase,
  type TestSubgraph,
} from '@badge/testing';
import { modules } from '../src/modules/index.js';
import { createBadge, grant, startFixture, type Fixture } from './helpers.js';

let database: TestDatabase;
let fixture: Fixture;
let prisma: PrismaClient;
let subgraph: TestSubgraph;

const DAY = 24 * 60 * 60 * 1000;
const stats = identities.admin(['stats:overview:read']);
const utcDay = (at: Date) => at.toISOString().slice(0, 10);
/** Noon UTC `daysAgo` days before today (so the day is unambiguous). */
const noonDaysAgo = (daysAgo: number) => {
  const now = new Date();
  return new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 12) - daysAgo * DAY,
  );
};

/** A user_badge row (and its balance) granted at `grantedAt`, as the grant service writes them. */
async function grantedAt(
  userId: string,
  badgeId: string,
  at: Date,
  status: 'ACTIVE' | 'REVOKED' = 'ACTIVE',
) {
  await prisma.userBadge.create({
    data: {
      userId,
      badgeId,
      source: 'MANUAL',
      status,
      idempotencyKey: uniqueId('idem'),
      grantedAt: at,
      ...(status === 'REVOKED' ? { revokedAt: at } : {}),
    },
  });
  const active = status === 'ACTIVE' ? 1 : 0;
  await prisma.userBadgeBalance.upsert({
    where: { userId_badgeId: { userId, badgeId } },
    create: { userId, badgeId, activeQuantity: active, totalGranted: 1 },
    update: { activeQuantity: { increment: active }, totalGranted: { increment: 1 } },
  });
}

let popular: { id: string; code: string };
let second: { id: string; code: string };
let third: { id: string; code: string };

beforeAll(async () => {
  database = await createTestDatabase({ migrate: true });
  fixture = await startFixture({ url: database.url, poolMax: 4 });
  ({ prisma, subgraph } = fixture);
  [popular, second, third] = [
    await createBadge(prisma),
    await createBadge(prisma),
    await createBadge(prisma),
  ];
  // Today: three grants through the grant service, to two users (one user holds two badges).
  await grant(fixture.services, { userId: 'u1', badgeId: popular.id });
  await grant(fixture.services, { userId: 'u2', badgeId: popular.id });
  await grant(fixture.services, { userId: 'u1', badgeId: second.id });
  // 2 days ago: two grants to u3; 5 days ago: one, since revoked; 20 days ago: one, outside 14.
  await grantedAt('u3', popular.id, noonDaysAgo(2));
  await grantedAt('u3', third.id, noonDaysAgo(2));
  await grantedAt('u4', second.id, noonDaysAgo(5), 'REVOKED');
  await grantedAt('u5', third.id, noonDaysAgo(20));
}, 120_000);

afterAll(async () => {
  await fixture?.stop();
  await database?.drop();
});

const QUERY = `query($days: Int, $limit: Int) {
  badgeStats(days: $days) {
    grantsByDay { day count }
    grantsInWindow
    activeGrants
    activeUsers
    topBadges(limit: $limit) { holders badge { id code } }
  }
}`;

interface Stats {
  grantsByDay: { day: string; count: number }[];
  grantsInWindow: number;
  activeGrants: number;
  activeUsers: number;
  topBadges: { holders: number; badge: { id: string; code: string } }[];
}

describe('badge subgraph: badgeStats', () => {
  it('has a shield rule for every field', () => {
    const { schema, rules } = buildModulesSchema(modules);
    expect(fieldsWithoutRule(schema, rules)).toEqual([]);
  });

  it('counts grants per UTC day over 14 days by default, oldest first, empty days as 0', async () => {
    const res = await subgraph.request<{ badgeStats: Stats }>(stats, QUERY);
    expect(res.errors).toBeUndefined();
    const s = res.data!.badgeStats;
    expect(s.grantsByDay).toHaveLength(14);
    expect(s.grantsByDay[13]).toEqual({ day: utcDay(new Date()), count: 3 });
    expect(s.grantsByDay[0]!.day).toBe(utcDay(noonDaysAgo(13)));
    const byDay = Object.fromEntries(s.grantsByDay.map((d) => [d.day, d.count]));
    expect(byDay[utcDay(noonDaysAgo(2))]).toBe(2);
    expect(byDay[utcDay(noonDaysAgo(5))]).toBe(1); // revoked since, but granted that day
    expect(s.grantsByDay.filter((d) => d.count === 0)).toHaveLength(11);
    expect(s.grantsInWindow).toBe(6);
    expect(s.activeUsers).toBe(4); // u1, u2, u3, u4 (u5 was 20 days ago)
    expect(s.activeGrants).toBe(6); // all ACTIVE rows, the one 20 days ago included
    expect(s.topBadges).toEqual([
      { holders: 3, badge: { id: popular.id, code: popular.code } },
      { holders: 2, badge: { id: third.id, code: third.code } },
      { holders: 1, badge: { id: second.id, code: second.code } }, // u4's was revoked
    ]);
  });

  it('narrows the window with days and the list with limit', async () => {
    const res = await subgraph.request<{ badgeStats: Stats }>(stats, QUERY, {
      days: 1,
      limit: 1,
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.badgeStats).toMatchObject({
      grantsByDay: [{ day: utcDay(new Date()), count: 3 }],
      grantsInWindow: 3,
      activeUsers: 2,
      activeGrants: 6,
      topBadges: [{ holders: 3, badge: { id: popular.id } }],
    });
    const wide = await subgraph.request<{ badgeStats: Stats }>(stats, QUERY, { days: 90 });
    expect(wide.data!.badgeStats.grantsByDay).toHaveLength(90);
    expect(wide.data!.badgeStats.grantsInWindow).toBe(7);
    expect(wide.data!.badgeStats.activeUsers).toBe(5);
  });

  it('refuses days outside 1..90 and limit outside 1..50', async () => {
    for (const variables of [{ days: 0 }, { days: 91 }, { limit: 0 }, { limit: 51 }]) {
      const res = await subgraph.request(stats, QUERY, variables);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });

  it('needs stats:overview:read; a stats reader may read the top badges themselves', async () => {
    const denied = await subgraph.request(
      identities.admin(['badge:badge:read']),
      '{ badgeStats { grantsInWindow } }',
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const partner = await subgraph.request(
      identities.partner(['*']),
      '{ badgeStats { activeGrants } }',
    );
    expect(partner.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const named = await subgraph.request<{
      badgeStats: { topBadges: { badge: { code: string; name: { enUS: string } } }[] };
    }>(stats, '{ badgeStats { topBadges(limit: 1) { badge { code name { enUS } } } } }');
    expect(named.errors).toBeUndefined();
    expect(named.data?.badgeStats.topBadges).toEqual([
      { badge: { code: popular.code, name: { enUS: 'Badge' } } },
    ]);
  });
});
