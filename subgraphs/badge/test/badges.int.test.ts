/**
 * The badge catalogue through the real subgraph server: CRUD with typed errors, the lifecycle
 * (allowed and refused transitions and their effects), search/filter/cursor pagination, public
 * visibility, and the Badge `_entities` contract.
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

const editor = identities.admin([
  'badge:badge:read',
  'badge:badge:write',
  'badge:badge:publish',
  'badge:category:write',
  'badge:series:write',
]);
const reader = identities.admin(['badge:badge:read']);

type BadgeData = {
  id: string;
  code: string;
  status: string;
  version: number;
  totalStock: number | null;
  remainingStock: number | null;
  isSoldOut: boolean;
  validity: { kind: string; validDays: number | null };
};
const BADGE_FIELDS =
  'id code status version totalStock remainingStock isSoldOut validity { kind validDays } name { zhCN enUS }';

async function createViaApi(categoryId: string, extra: Record<string, unknown> = {}) {
  const res = await subgraph.request<{ createBadge: { badge: BadgeData } }>(
    editor,
    `mutation($input: CreateBadgeInput!) { createBadge(input: $input) { badge { ${BADGE_FIELDS} } } }`,
    {
      input: {
        code: uniqueId('api').toLowerCase(),
        categoryId,
        name: { zhCN: '接口徽章', enUS: 'API badge' },
        ...extra,
      },
    },
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createBadge.badge;
}

const transition = (name: string, id: string, expectedVersion?: number) =>
  subgraph.request<Record<string, { badge: BadgeData }>>(
    editor,
    `mutation($id: ID!, $v: Int) { ${name}(id: $id, expectedVersion: $v) { badge { id status version publishedAt offlineAt archivedAt } } }`,
    { id, v: expectedVersion },
  );

describe('badge catalogue API', () => {
  it('creates a badge in DRAFT with stock and validity', async () => {
    const categoryId = await createCategory(prisma);
    const badge = await createViaApi(categoryId, {
      totalStock: 25,
      perUserCap: 2,
      isRepeatable: true,
      validity: { kind: 'RELATIVE', validDays: 90 },
    });
    expect(badge).toMatchObject({
      status: 'DRAFT',
      version: 1,
      totalStock: 25,
      remainingStock: 25,
      isSoldOut: false,
      validity: { kind: 'RELATIVE', validDays: 90 },
    });
    const audit = await prisma.badgeOutboxEvent.findMany({
      where: { eventType: 'operation.recorded.v1' },
    });
    expect(audit.some((r) => Buffer.from(r.payload).includes(Buffer.from(badge.id)))).toBe(true);
  });

  it('refuses invalid input with typed errors the console can show (never a 500)', async () => {
    const categoryId = await createCategory(prisma);
    const cases: [Record<string, unknown>, string][] = [
      [{ totalStock: -1 }, 'BAD_USER_INPUT'],
      [{ code: 'Not A Code' }, 'BAD_USER_INPUT'],
      [{ validity: { kind: 'FIXED' } }, 'BAD_USER_INPUT'],
      [{ validity: { kind: 'RELATIVE', validDays: 0 } }, 'BAD_USER_INPUT'],
      [{ categoryId: '00000000-0000-0000-0000-000000000000' }, 'NOT_FOUND'],
      [{ categoryId: 'not-a-uuid' }, 'BAD_USER_INPUT'],
      [{ name: { zhCN: '', enUS: null } }, 'BAD_USER_INPUT'],
      [{ metadata: '[1,2]' }, 'BAD_USER_INPUT'],
    ];
    for (const [extra, code] of cases) {
      const res = await subgraph.request(
        editor,
        'mutation($input: CreateBadgeInput!) { createBadge(input: $input) { badge { id } } }',
        {
          input: { code: uniqueId('bad').toLowerCase(), categoryId, name: { enUS: 'x' }, ...extra },
        },
      );
      expect(res.status, JSON.stringify(extra)).toBe(200);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(extra)).toBe(code);
      expect(JSON.stringify(res.errors)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    }
    const negative = await subgraph.request(
      editor,
      'mutation($input: CreateBadgeInput!) { createBadge(input: $input) { badge { id } } }',
      {
        input: {
          code: uniqueId('neg').toLowerCase(),
          categoryId,
          name: { enUS: 'x' },
          totalStock: -5,
        },
      },
    );
    expect(negative.errors?.[0]?.extensions?.details).toMatchObject({
      issues: [{ path: 'totalStock', message: 'stock cannot be negative' }],
    });
    const duplicate = await createViaApi(categoryId);
    const again = await subgraph.request(
      editor,
      'mutation($input: CreateBadgeInput!) { createBadge(input: $input) { badge { id } } }',
      { input: { code: duplicate.code, categoryId, name: { enUS: 'x' } } },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const unknown = await transition('publishBadge', '00000000-0000-0000-0000-000000000000');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const badCursor = await subgraph.request(reader, '{ badges(after: "garbage") { totalCount } }');
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('walks the lifecycle: allowed transitions succeed, the others are INVALID_STATE', async () => {
    const categoryId = await createCategory(prisma);
    const badge = await createViaApi(categoryId);

    const archivedPublished = async (id: string) =>
      (await transition('archiveBadge', id)).errors?.[0];
    const offlineDraft = await transition('offlineBadge', badge.id);
    expect(offlineDraft.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'ILLEGAL_TRANSITION', from: 'DRAFT', to: 'OFFLINE' },
    });

    const stale = await transition('publishBadge', badge.id, 99);
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const published = await transition('publishBadge', badge.id, 1);
    expect(published.data?.publishBadge?.badge).toMatchObject({ status: 'PUBLISHED', version: 2 });
    expect((await archivedPublished(badge.id))?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { from: 'PUBLISHED', to: 'ARCHIVED' },
    });

    const userId = uniqueId('holder');
    await grant(services, { userId, badgeId: badge.id });

    const offline = await transition('offlineBadge', badge.id);
    expect(offline.data?.offlineBadge?.badge.status).toBe('OFFLINE');
    // OFFLINE: no new grants, holders keep theirs
    await expect(
      grant(services, { userId: uniqueId('late'), badgeId: badge.id }),
    ).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    expect(await prisma.userBadge.count({ where: { userId, status: 'ACTIVE' } })).toBe(1);

    const republished = await transition('publishBadge', badge.id);
    expect(republished.data?.publishBadge?.badge.status).toBe('PUBLISHED');
    await transition('offlineBadge', badge.id);
    const archived = await transition('archiveBadge', badge.id);
    expect(archived.data?.archiveBadge?.badge.status).toBe('ARCHIVED');
    for (const name of ['publishBadge', 'offlineBadge', 'archiveBadge']) {
      const res = await transition(name, badge.id);
      expect(res.errors?.[0]?.extensions?.code, name).toBe('INVALID_STATE');
    }
    // ARCHIVED: gone from the public catalogue, still on the holder's wall
    const publicView = await subgraph.request<{ badge: unknown }>(
      identities.user(userId),
      'query($id: ID) { badge(id: $id) { id } }',
      { id: badge.id },
    );
    expect(publicView.data?.badge).toBeNull();
    const wall = await subgraph.request<{
      badgeUser: { badgeWall: { items: { badge: { id: string; status: string } }[] } };
    }>(
      identities.user(userId),
      'query($u: ID!) { badgeUser(userId: $u) { badgeWall { items { badge { id status } } } } }',
      { u: userId },
    );
    expect(wall.data?.badgeUser.badgeWall.items.map((i) => i.badge)).toContainEqual({
      id: badge.id,
      status: 'ARCHIVED',
    });
    const edit = await subgraph.request(
      editor,
      'mutation($input: UpdateBadgeInput!) { updateBadge(input: $input) { badge { id } } }',
      { input: { id: badge.id, expectedVersion: 7, displayOrder: 3 } },
    );
    expect(edit.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('publishing needs a name in every locale', async () => {
    const categoryId = await createCategory(prisma);
    const res = await subgraph.request<{ createBadge: { badge: BadgeData } }>(
      editor,
      'mutation($input: CreateBadgeInput!) { createBadge(input: $input) { badge { id } } }',
      {
        input: { code: uniqueId('half').toLowerCase(), categoryId, name: { enUS: 'English only' } },
      },
    );
    const publish = await transition('publishBadge', res.data!.createBadge.badge.id);
    expect(publish.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'INCOMPLETE' },
    });
  });

  it('keeps holders consistent when a published badge is edited', async () => {
    const categoryId = await createCategory(prisma);
    const created = await createViaApi(categoryId, {
      totalStock: 5,
      validity: { kind: 'RELATIVE', validDays: 10 },
    });
    await transition('publishBadge', created.id);
    const userId = uniqueId('u');
    const first = await grant(services, { userId, badgeId: created.id });
    await grant(services, { userId: uniqueId('u'), badgeId: created.id });
    const update = (input: Record<string, unknown>) =>
      subgraph.request<{ updateBadge: { badge: BadgeData } }>(
        editor,
        `mutation($input: UpdateBadgeInput!) { updateBadge(input: $input) { badge { ${BADGE_FIELDS} } } }`,
        { input: { id: created.id, ...input } },
      );
    const frozen = await update({ expectedVersion: 2, code: 'renamed_code' });
    expect(frozen.errors?.[0]?.extensions?.details).toMatchObject({ reason: 'CODE_FROZEN' });
    const below = await update({ expectedVersion: 2, totalStock: 1 });
    expect(below.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { reason: 'STOCK_BELOW_GRANTED' },
    });
    const ok = await update({ expectedVersion: 2, totalStock: 10, validity: { kind: 'NONE' } });
    expect(ok.data?.updateBadge.badge).toMatchObject({
      version: 3,
      totalStock: 10,
      remainingStock: 8,
      validity: { kind: 'NONE', validDays: null },
    });
    const stale = await update({ expectedVersion: 2, displayOrder: 1 });
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // the existing grant keeps the expiry it was granted with
    const row = await prisma.userBadge.findUniqueOrThrow({ where: { id: first.userBadge.id } });
    expect(row.expiresAt).toEqual(first.userBadge.expiresAt);
  });

  it('searches, filters and pages with cursors', async () => {
    const categoryId = await createCategory(prisma);
    const tag = uniqueId('srch').toLowerCase();
    for (let i = 0; i < 5; i++)
      await createBadge(prisma, {
        categoryId,
        code: `${tag}_${i}`,
        displayOrder: i,
        name: { 'zh-CN': `徽章${i}`, 'en-US': `Findable ${tag} ${i}` },
        status: i === 4 ? 'DRAFT' : 'PUBLISHED',
      });
    type Page = {
      badges: {
        nodes: { code: string }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
        totalCount: number;
      };
    };
    const page = (after?: string) =>
      subgraph.request<Page>(
        reader,
        'query($f: BadgeFilterInput, $a: String) { badges(filter: $f, first: 2, after: $a) { nodes { code } pageInfo { endCursor hasNextPage } totalCount } }',
        { f: { categoryId, search: tag.toUpperCase(), status: ['PUBLISHED'] }, a: after },
      );
    const p1 = await page();
    expect(p1.data?.badges.totalCount).toBe(4);
    expect(p1.data?.badges.nodes.map((n) => n.code)).toEqual([`${tag}_0`, `${tag}_1`]);
    const p2 = await page(p1.data!.badges.pageInfo.endCursor);
    expect(p2.data?.badges.nodes.map((n) => n.code)).toEqual([`${tag}_2`, `${tag}_3`]);
    expect(p2.data?.badges.pageInfo.hasNextPage).toBe(false);

    const newest = await subgraph.request<Page>(
      reader,
      'query($f: BadgeFilterInput) { badges(filter: $f, sort: CREATED_AT_DESC, first: 10) { nodes { code } totalCount } }',
      { f: { categoryId } },
    );
    expect(newest.data?.badges.nodes.map((n) => n.code)).toEqual(
      [4, 3, 2, 1, 0].map((i) => `${tag}_${i}`),
    );
  });

  it('shows client apps only published badges, hidden ones once earned', async () => {
    const categoryId = await createCategory(prisma);
    const visible = await createBadge(prisma, { categoryId });
    const hidden = await createBadge(prisma, { categoryId, isHiddenUntilEarned: true });
    const draft = await createBadge(prisma, { categoryId, status: 'DRAFT' });
    const userId = uniqueId('u');
    const list = async (identity: Parameters<TestSubgraph['request']>[0]) =>
      (
        await subgraph.request<{ badges: { nodes: { id: string }[] } }>(
          identity,
          'query($f: BadgeFilterInput) { badges(filter: $f, first: 50) { nodes { id } } }',
          { f: { categoryId, status: ['DRAFT'] } },
        )
      ).data?.badges.nodes.map((n) => n.id);
    expect(await list(identities.user(userId))).toEqual([visible.id]);
    expect(await list(identities.partner(['read:badges']))).toEqual([visible.id]);
    expect(await list(reader)).toEqual([draft.id]); // admins filter by any status
    await grant(services, { userId, badgeId: hidden.id });
    expect(new Set(await list(identities.user(userId)))).toEqual(new Set([visible.id, hidden.id]));
    expect(await list(identities.user(uniqueId('other')))).toEqual([visible.id]);
    const denied = await subgraph.request(
      identities.partner(['read:users']),
      '{ badges { totalCount } }',
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await subgraph.request(identities.anonymous(), '{ badges { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('resolves Badge entities in one batch, null for unknown ids (_entities contract)', async () => {
    const a = await createBadge(prisma);
    const b = await createBadge(prisma, { status: 'ARCHIVED' });
    const badgesByIds = services.badges.byIds.bind(services.badges);
    let calls = 0;
    services.badges.byIds = (ids) => {
      calls += 1;
      return badgesByIds(ids);
    };
    try {
      const res = await subgraph.request<{
        _entities: ({ id: string; code: string; status: string } | null)[];
      }>(
        identities.user(uniqueId('u')),
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Badge { id code status } } }',
        {
          r: [
            { __typename: 'Badge', id: b.id },
            { __typename: 'Badge', id: a.id },
            { __typename: 'Badge', id: '00000000-0000-0000-0000-000000000000' },
            { __typename: 'Badge', id: 'not-a-uuid' },
          ],
        },
      );
      expect(res.errors).toBeUndefined();
      expect(res.data?._entities).toEqual([
        { id: b.id, code: b.code, status: 'ARCHIVED' },
        { id: a.id, code: a.code, status: 'PUBLISHED' },
        null,
        null,
      ]);
      expect(calls).toBe(1);
    } finally {
      services.badges.byIds = badgesByIds;
    }
    const forbidden = await subgraph.request<{ _entities: unknown[] }>(
      identities.admin([]),
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Badge { id code } } }',
      { r: [{ __typename: 'Badge', id: a.id }] },
    );
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('manages categories and series', async () => {
    const admin = identities.admin([
      'badge:category:write',
      'badge:series:write',
      'badge:category:read',
      'badge:series:read',
    ]);
    const code = uniqueId('cat').toLowerCase();
    const cat = await subgraph.request<{ createBadgeCategory: { category: { id: string } } }>(
      admin,
      'mutation($i: CreateBadgeCategoryInput!) { createBadgeCategory(input: $i) { category { id code } } }',
      { i: { code, name: { zhCN: '类', enUS: 'Cat' } } },
    );
    const categoryId = cat.data!.createBadgeCategory.category.id;
    const series = await subgraph.request<{
      createBadgeSeries: { series: { id: string; category: { code: string } } };
    }>(
      admin,
      'mutation($i: CreateBadgeSeriesInput!) { createBadgeSeries(input: $i) { series { id category { code } } } }',
      {
        i: {
          categoryId,
          code: `${code}_s`,
          name: { enUS: 'Summer' },
          startsAt: '2026-06-01T00:00:00Z',
          endsAt: '2026-09-01T00:00:00Z',
        },
      },
    );
    expect(series.data?.createBadgeSeries.series.category.code).toBe(code);
    const window = await subgraph.request(
      admin,
      'mutation($i: CreateBadgeSeriesInput!) { createBadgeSeries(input: $i) { series { id } } }',
      {
        i: {
          categoryId,
          code: `${code}_t`,
          name: { enUS: 'Bad' },
          startsAt: '2026-09-01T00:00:00Z',
          endsAt: '2026-06-01T00:00:00Z',
        },
      },
    );
    expect(window.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const list = await subgraph.request<{
      badgeSeriesList: { nodes: { code: string }[]; totalCount: number };
    }>(
      admin,
      'query($f: BadgeSeriesFilterInput) { badgeSeriesList(filter: $f) { nodes { code } totalCount } }',
      { f: { categoryId } },
    );
    expect(list.data?.badgeSeriesList).toEqual({ nodes: [{ code: `${code}_s` }], totalCount: 1 });
    const disable = await subgraph.request<{
      updateBadgeCategory: { category: { isEnabled: boolean } };
    }>(
      admin,
      'mutation($i: UpdateBadgeCategoryInput!) { updateBadgeCategory(input: $i) { category { isEnabled } } }',
      { i: { id: categoryId, isEnabled: false } },
    );
    expect(disable.data?.updateBadgeCategory.category.isEnabled).toBe(false);
    const denied = await subgraph.request(
      identities.admin(['badge:category:read']),
      'mutation($i: UpdateBadgeCategoryInput!) { updateBadgeCategory(input: $i) { category { id } } }',
      { i: { id: categoryId, isEnabled: true } },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
  it('deletes only what nothing uses: DRAFT badges, empty series and categories', async () => {
    const admin = identities.admin([
      'badge:badge:write',
      'badge:category:write',
      'badge:series:write',
    ]);
    const del = (name: string, id: string) =>
      subgraph.request<Record<string, { id: string }>>(
        admin,
        `mutation($id: ID!) { ${name}(id: $id) { id } }`,
        { id },
      );
    const categoryId = await createCategory(prisma);
    const series = await prisma.badgeSeries.create({
      data: { categoryId, code: uniqueId('s'), name: { 'en-US': 'S' } },
    });
    const draft = await createBadge(prisma, { categoryId, seriesId: series.id, status: 'DRAFT' });
    const published = await createBadge(prisma, { categoryId });

    expect((await del('deleteBadge', published.id)).errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'NOT_DRAFT' },
    });
    expect((await del('deleteBadgeSeries', series.id)).errors?.[0]?.extensions?.code).toBe(
      'CONFLICT',
    );
    expect((await del('deleteBadge', draft.id)).data?.deleteBadge).toEqual({ id: draft.id });
    expect((await del('deleteBadgeSeries', series.id)).data?.deleteBadgeSeries).toEqual({
      id: series.id,
    });
    expect((await del('deleteBadgeCategory', categoryId)).errors?.[0]?.extensions?.code).toBe(
      'CONFLICT',
    );
    await prisma.badge.delete({ where: { id: published.id } });
    expect((await del('deleteBadgeCategory', categoryId)).data?.deleteBadgeCategory).toEqual({
      id: categoryId,
    });
    expect((await del('deleteBadge', draft.id)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
