/**
 * User badges through the real subgraph server: console grant/revoke with typed errors, the
 * User entity (`badges`, `badgeWall`, `badgeHistory`) with its access rules, and the end user's
 * wall arrangement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@badge/db';
import { identities, uniqueId, type TestSubgraph } from '@badge/testing';
import type { Services } from '../src/services.js';
import { createBadge, createCategory, grant, startFixture, type Fixture } from './helpers.js';

let fixture: Fixture;
let prisma: PrismaClient;
let services: Services;
let subgraph: TestSubgraph;

beforeAll(async () => {
  fixture = await startFixture();
  ({ prisma, services, subgraph } = fixture);
});
afterAll(async () => {
  await fixture?.stop();
});

const granter = identities.admin(
  ['grant:grant:write', 'grant:revoke:write', 'badge:badge:read'],
  'admin-7',
);

const GRANT = `mutation($input: GrantBadgeInput!) {
  grantBadge(input: $input) { isDuplicate activeQuantity userBadge { id userId status source sourceRef quantity badge { id } } }
}`;
const REVOKE = `mutation($input: RevokeBadgeInput!) {
  revokeBadge(input: $input) { revokedQuantity remainingQuantity isDuplicate userBadges { id status revokeReason } }
}`;

describe('console grant and revoke', () => {
  it('grants manually with a reason, audited, and returns the first grant on a retried key', async () => {
    const badge = await createBadge(prisma, { isRepeatable: true });
    const userId = uniqueId('u');
    const input = { userId, badgeId: badge.id, reason: 'goodwill', idempotencyKey: 'ticket-42' };
    const first = await subgraph.request<{
      grantBadge: {
        isDuplicate: boolean;
        activeQuantity: number;
        userBadge: { id: string; source: string; sourceRef: string };
      };
    }>(granter, GRANT, { input });
    expect(first.errors).toBeUndefined();
    expect(first.data?.grantBadge).toMatchObject({
      isDuplicate: false,
      activeQuantity: 1,
      userBadge: { source: 'MANUAL' },
    });
    const again = await subgraph.request<typeof first.data>(granter, GRANT, { input });
    expect(again.data?.grantBadge).toMatchObject({
      isDuplicate: true,
      userBadge: { id: first.data!.grantBadge.userBadge.id },
    });
    const log = await prisma.userBadgeLog.findFirstOrThrow({ where: { userId } });
    expect([log.actorType, log.actorId, log.reason]).toEqual(['ADMIN', 'admin-7', 'goodwill']);
    // the grant's sourceRef is the id of its audit record (OperationRecorded)
    const audit = await prisma.badgeOutboxEvent.findMany({
      where: { eventType: 'operation.recorded.v1' },
    });
    expect(
      audit.filter(
        (r) =>
          (r.headers as Record<string, string>)['x-event-id'] ===
          first.data!.grantBadge.userBadge.sourceRef,
      ),
    ).toHaveLength(1);
  });

  it('answers bad grants with typed errors', async () => {
    const userId = uniqueId('u');
    const draft = await createBadge(prisma, { status: 'DRAFT' });
    const soldOut = await createBadge(prisma, { totalStock: 1, remainingStock: 0 });
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ badgeId: '00000000-0000-0000-0000-000000000000' }, 'NOT_FOUND', 'BADGE_NOT_FOUND'],
      [{ badgeId: 'nope' }, 'BAD_USER_INPUT', undefined],
      [{ badgeId: draft.id }, 'INVALID_STATE', 'BADGE_NOT_PUBLISHED'],
      [{ badgeId: soldOut.id }, 'OUT_OF_STOCK', 'OUT_OF_STOCK'],
      [{ badgeId: soldOut.id, reason: '' }, 'BAD_USER_INPUT', undefined],
      [{ badgeId: soldOut.id, quantity: 0 }, 'BAD_USER_INPUT', undefined],
    ];
    for (const [extra, code, reason] of cases) {
      const res = await subgraph.request(granter, GRANT, {
        input: { userId, reason: 'x', ...extra },
      });
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(extra)).toBe(code);
      if (reason) expect(res.errors?.[0]?.extensions?.details?.reason).toBe(reason);
    }
    const forbidden = await subgraph.request(identities.admin(['grant:grant:read']), GRANT, {
      input: { userId, badgeId: draft.id, reason: 'x' },
    });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('revokes with a reason', async () => {
    const badge = await createBadge(prisma);
    const userId = uniqueId('u');
    await grant(services, { userId, badgeId: badge.id });
    const res = await subgraph.request<{
      revokeBadge: {
        revokedQuantity: number;
        remainingQuantity: number;
        userBadges: { status: string; revokeReason: string }[];
      };
    }>(granter, REVOKE, { input: { userId, badgeId: badge.id, reason: 'fraud' } });
    expect(res.data?.revokeBadge).toMatchObject({
      revokedQuantity: 1,
      remainingQuantity: 0,
      userBadges: [{ status: 'REVOKED', revokeReason: 'fraud' }],
    });
    const again = await subgraph.request(granter, REVOKE, {
      input: { userId, badgeId: badge.id, reason: 'fraud' },
    });
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'NOT_HELD' },
    });
  });
});

describe('the User entity', () => {
  const USER_QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User {
    id
    badges(first: 10) { totalCount nodes { status badge { id } } }
    badgeHistory(first: 10) { nodes { action delta actorType reason badge { id } } }
  } } }`;

  it('lets end users read only their own badges (_entities contract)', async () => {
    const badge = await createBadge(prisma);
    const me = uniqueId('u');
    const someoneElse = uniqueId('u');
    await grant(services, { userId: me, badgeId: badge.id, reason: 'hi' });
    type Res = {
      _entities: {
        id: string;
        badges: { totalCount: number; nodes: { status: string; badge: { id: string } }[] };
        badgeHistory: { nodes: unknown[] };
      }[];
    };
    const mine = await subgraph.request<Res>(identities.user(me), USER_QUERY, {
      r: [{ __typename: 'User', id: me }],
    });
    expect(mine.errors).toBeUndefined();
    expect(mine.data?._entities[0]).toMatchObject({
      id: me,
      badges: { totalCount: 1, nodes: [{ status: 'ACTIVE', badge: { id: badge.id } }] },
      badgeHistory: {
        nodes: [
          { action: 'GRANT', delta: 1, actorType: 'ADMIN', reason: 'hi', badge: { id: badge.id } },
        ],
      },
    });
    const theirs = await subgraph.request<Res>(identities.user(me), USER_QUERY, {
      r: [{ __typename: 'User', id: someoneElse }],
    });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const console = await subgraph.request<Res>(identities.admin(['user:badge:read']), USER_QUERY, {
      r: [
        { __typename: 'User', id: me },
        { __typename: 'User', id: someoneElse },
      ],
    });
    expect(console.data?._entities.map((u) => u.badges.totalCount)).toEqual([1, 0]);
    const partner = await subgraph.request<Res>(identities.partner(['read:users']), USER_QUERY, {
      r: [{ __typename: 'User', id: me }],
    });
    expect(partner.data?._entities[0]?.badges.totalCount).toBe(1);
    const badgesOnly = await subgraph.request<Res>(
      identities.partner(['read:badges']),
      USER_QUERY,
      {
        r: [{ __typename: 'User', id: me }],
      },
    );
    expect(badgesOnly.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // a grant row of someone else is not visible to an end user
    const row = await prisma.userBadge.findFirstOrThrow({ where: { userId: me } });
    const other = await subgraph.request<{ userBadge: unknown }>(
      identities.user(someoneElse),
      'query($id: ID!) { userBadge(id: $id) { id } }',
      { id: row.id },
    );
    expect(other.data?.userBadge).toBeNull();
  });

  it('builds the wall: pinned first, then wall order; hidden badges only when held', async () => {
    const categoryId = await createCategory(prisma);
    const [first, second, third] = await Promise.all([
      createBadge(prisma, { categoryId, displayOrder: 1 }),
      createBadge(prisma, { categoryId, displayOrder: 2 }),
      createBadge(prisma, { categoryId, displayOrder: 3, isRepeatable: true }),
    ]);
    const hiddenHeld = await createBadge(prisma, { categoryId, isHiddenUntilEarned: true });
    await createBadge(prisma, { categoryId, isHiddenUntilEarned: true }); // never shown
    const locked = await createBadge(prisma, { categoryId, displayOrder: 9 });
    await createBadge(prisma, { categoryId, status: 'OFFLINE' }); // not held: not shown
    const userId = uniqueId('u');
    for (const b of [first, second, third, third, hiddenHeld])
      await grant(services, { userId, badgeId: b.id });
    const user = identities.user(userId);
    type Wall = {
      items: { isEarned: boolean; quantity: number; isPinned: boolean; badge: { id: string } }[];
      earnedCount: number;
      pinnedCount: number;
    };
    const WALL = '{ items { isEarned quantity isPinned badge { id } } earnedCount pinnedCount }';

    const pinned = await subgraph.request<{ pinBadge: { wall: Wall } }>(
      user,
      `mutation($u: ID!, $b: ID!) { pinBadge(userId: $u, badgeId: $b) { wall ${WALL} } }`,
      { u: userId, b: second.id },
    );
    expect(pinned.errors).toBeUndefined();
    const reordered = await subgraph.request<{ reorderBadgeWall: { wall: Wall } }>(
      user,
      `mutation($u: ID!, $ids: [ID!]!) { reorderBadgeWall(userId: $u, badgeIds: $ids) { wall ${WALL} } }`,
      { u: userId, ids: [hiddenHeld.id, third.id, first.id] },
    );
    expect(reordered.errors).toBeUndefined();
    const byCategory = await subgraph.request<{ badgeUser: { badgeWall: Wall } }>(
      user,
      `query($u: ID!, $c: ID) { badgeUser(userId: $u) { badgeWall(categoryId: $c) ${WALL} } }`,
      { u: userId, c: categoryId },
    );
    const wall = byCategory.data!.badgeUser.badgeWall;
    expect(wall.items.map((i) => [i.badge.id, i.isEarned, i.quantity, i.isPinned])).toEqual([
      [second.id, true, 1, true],
      [hiddenHeld.id, true, 1, false],
      [third.id, true, 2, false],
      [first.id, true, 1, false],
      [locked.id, false, 0, false],
    ]);
    expect([wall.earnedCount, wall.pinnedCount]).toEqual([4, 1]);

    const notMine = await subgraph.request(
      identities.user(uniqueId('intruder')),
      `mutation($u: ID!, $b: ID!) { pinBadge(userId: $u, badgeId: $b) { wall { earnedCount } } }`,
      { u: userId, b: first.id },
    );
    expect(notMine.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notHeld = await subgraph.request(
      user,
      `mutation($u: ID!, $b: ID!) { pinBadge(userId: $u, badgeId: $b) { wall { earnedCount } } }`,
      { u: userId, b: locked.id },
    );
    expect(notHeld.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'NOT_HELD' },
    });
    const unpinned = await subgraph.request<{ unpinBadge: { wall: Wall } }>(
      user,
      `mutation($u: ID!, $b: ID!) { unpinBadge(userId: $u, badgeId: $b) { wall ${WALL} } }`,
      { u: userId, b: second.id },
    );
    expect(unpinned.data?.unpinBadge.wall.pinnedCount).toBe(0);
    const actions = await prisma.userBadgeLog.findMany({
      where: { userId, action: { in: ['PIN', 'UNPIN', 'REORDER'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(actions.map((a) => [a.action, a.actorType, a.actorId])).toEqual([
      ['PIN', 'USER', userId],
      ['REORDER', 'USER', userId],
      ['UNPIN', 'USER', userId],
    ]);
  });

  it('resolves UserBadge entities for their holder and console readers only', async () => {
    const badge = await createBadge(prisma);
    const holder = uniqueId('u');
    const granted = await grant(services, { userId: holder, badgeId: badge.id });
    const QUERY =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on UserBadge { id userId status badge { id } } } }';
    const r = [
      { __typename: 'UserBadge', id: granted.userBadge.id },
      { __typename: 'UserBadge', id: '00000000-0000-0000-0000-000000000000' },
    ];
    const own = await subgraph.request<{ _entities: unknown[] }>(identities.user(holder), QUERY, {
      r,
    });
    expect(own.data?._entities).toEqual([
      { id: granted.userBadge.id, userId: holder, status: 'ACTIVE', badge: { id: badge.id } },
      null,
    ]);
    const stranger = await subgraph.request(identities.user(uniqueId('x')), QUERY, { r: [r[0]] });
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const console = await subgraph.request<{ _entities: unknown[] }>(
      identities.admin(['user:badge:read']),
      QUERY,
      { r: [r[0]] },
    );
    expect(console.data?._entities).toHaveLength(1);
  });

  it('lists the holders of a badge for the console', async () => {
    const badge = await createBadge(prisma);
    const users = [uniqueId('u'), uniqueId('u')];
    for (const userId of users) await grant(services, { userId, badgeId: badge.id });
    const res = await subgraph.request<{
      badgeHolders: { totalCount: number; nodes: { userId: string }[] };
    }>(
      identities.admin(['grant:grant:read', 'badge:badge:read']),
      'query($b: ID!) { badgeHolders(badgeId: $b) { totalCount nodes { userId } } }',
      { b: badge.id },
    );
    expect(res.data?.badgeHolders.totalCount).toBe(2);
    expect(new Set(res.data?.badgeHolders.nodes.map((n) => n.userId))).toEqual(new Set(users));
  });
});
