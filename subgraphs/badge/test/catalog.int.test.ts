import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '@badge/db';
import { buildModulesSchema, fieldsWithoutRule } from '@badge/service-kit/graphql';
import { identities, uniqueId, type TestSubgraph } from '@badge/testing';
import { modules } from '../src/modules/index.js';
import { startFixture, type Fixture } from './helpers.js';

let fixture: Fixture;
let prisma: PrismaClient;
let subgraph: TestSubgraph;

beforeAll(async () => {
  fixture = await startFixture();
  ({ prisma, subgraph } = fixture);
});
afterAll(async () => {
  await fixture?.stop();
});

const reader = identities.admin(['badge:category:read']);

describe('badge subgraph: catalogue', () => {
  it('has a shield rule for every field', () => {
    const { schema, rules } = buildModulesSchema(modules);
    expect(fieldsWithoutRule(schema, rules)).toEqual([]);
  });

  it('lists categories in display order, hiding disabled ones unless asked', async () => {
    const code = uniqueId('cat');
    const disabled = await prisma.badgeCategory.create({
      data: {
        code,
        name: { 'zh-CN': '测试', 'en-US': 'Test' },
        isEnabled: false,
        displayOrder: -1,
      },
    });
    const visible = await subgraph.request<{ badgeCategories: { code: string }[] }>(
      reader,
      '{ badgeCategories { code } }',
    );
    expect(visible.data?.badgeCategories.map((c) => c.code)).not.toContain(code);
    const all = await subgraph.request<{
      badgeCategories: { code: string; name: { enUS: string; zhCN: string } }[];
    }>(reader, '{ badgeCategories(includeDisabled: true) { code name { enUS zhCN } } }');
    expect(all.data?.badgeCategories.find((c) => c.code === code)?.name).toEqual({
      enUS: 'Test',
      zhCN: '测试',
    });
    expect(disabled.id).toBeTruthy();
  });

  it('resolves BadgeCategory entities in one batch (_entities contract)', async () => {
    const a = await prisma.badgeCategory.create({
      data: { code: uniqueId('cat'), name: { 'en-US': 'A' } },
    });
    const b = await prisma.badgeCategory.create({
      data: { code: uniqueId('cat'), name: { 'en-US': 'B' } },
    });
    const res = await subgraph.request<{
      _entities: ({ id: string; name: { enUS: string } } | null)[];
    }>(
      reader,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on BadgeCategory { id name { enUS } } } }',
      {
        r: [
          { __typename: 'BadgeCategory', id: b.id },
          { __typename: 'BadgeCategory', id: a.id },
          { __typename: 'BadgeCategory', id: '00000000-0000-0000-0000-000000000000' },
        ],
      },
    );
    expect(res.data?._entities).toEqual([
      { id: b.id, name: { enUS: 'B' } },
      { id: a.id, name: { enUS: 'A' } },
      null,
    ]);
  });

  it('denies callers without the permission and requests without a gateway identity', async () => {
    const denied = await subgraph.request(identities.admin([]), '{ badgeCategories { code } }');
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const direct = await subgraph.request(undefined, '{ badgeCategories { code } }');
    expect(direct.status).toBe(401);
  });
});
