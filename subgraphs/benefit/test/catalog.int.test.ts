import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModulesSchema, fieldsWithoutRule } from '@badge/service-kit/graphql';
import { identities, uniqueId } from '@badge/testing';
import { modules } from '../src/modules/index.js';
import { addCoupons, createBenefit, link, startHarness, uuid, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const writer = identities.admin(['benefit:benefit:read', 'benefit:benefit:write']);
const reader = identities.admin(['benefit:benefit:read']);

const CREATE = `mutation($input: CreateBenefitInput!) {
  createBenefit(input: $input) { benefit { id code type status version totalStock remainingStock
    validity { kind validUntil validDays } config { points extraJson } isAvailable name { zhCN enUS } } } }`;

describe('benefit subgraph: catalogue', () => {
  it('has a shield rule for every field', () => {
    const { schema, rules } = buildModulesSchema(modules);
    expect(fieldsWithoutRule(schema, rules)).toEqual([]);
  });

  it('creates, edits and moves a benefit through its lifecycle, audited', async () => {
    const code = uniqueId('points').toLowerCase();
    const created = await h.subgraph.request<{
      createBenefit: {
        benefit: { id: string; status: string; version: number; remainingStock: number };
      };
    }>(writer, CREATE, {
      input: {
        code,
        type: 'POINTS',
        name: { zhCN: '积分', enUS: 'Points' },
        totalStock: 10,
        validity: { kind: 'RELATIVE', validDays: 30 },
        config: { points: 50, extraJson: '{"campaign":"spring"}' },
      },
    });
    expect(created.errors).toBeUndefined();
    const benefit = created.data!.createBenefit.benefit;
    expect(benefit).toMatchObject({ status: 'DRAFT', version: 1, remainingStock: 10 });

    const updated = await h.subgraph.request<{
      updateBenefit: { benefit: { totalStock: number; remainingStock: number; version: number } };
    }>(
      writer,
      `mutation($input: UpdateBenefitInput!) { updateBenefit(input: $input) { benefit { totalStock remainingStock version } } }`,
      { input: { id: benefit.id, expectedVersion: 1, totalStock: 25 } },
    );
    expect(updated.data?.updateBenefit.benefit).toEqual({
      totalStock: 25,
      remainingStock: 25,
      version: 2,
    });

    const stale = await h.subgraph.request(
      writer,
      `mutation($id: ID!) { publishBenefit(id: $id, expectedVersion: 1) { benefit { status } } }`,
      { id: benefit.id },
    );
    expect(stale.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const published = await h.subgraph.request<{
      publishBenefit: { benefit: { status: string; isAvailable: boolean } };
    }>(
      writer,
      `mutation($id: ID!) { publishBenefit(id: $id) { benefit { status isAvailable } } }`,
      { id: benefit.id },
    );
    expect(published.data?.publishBenefit.benefit).toEqual({
      status: 'PUBLISHED',
      isAvailable: true,
    });

    const archive = await h.subgraph.request(
      writer,
      `mutation($id: ID!) { archiveBenefit(id: $id) { benefit { status } } }`,
      { id: benefit.id },
    );
    expect(archive.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'ILLEGAL_TRANSITION', from: 'PUBLISHED' },
    });

    const audit = await h.prisma.benefitOutboxEvent.findMany({
      where: { eventType: 'operation.recorded.v1', key: 'test-admin' },
    });
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses invalid input with typed errors', async () => {
    const bad = await h.subgraph.request(writer, CREATE, {
      input: {
        code: 'Not Snake',
        type: 'COUPON',
        name: {},
        config: { points: 5 },
        validity: { kind: 'FIXED' },
      },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const issues = bad.errors?.[0]?.extensions?.details?.issues as { path: string }[];
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['code', 'name', 'validity.validUntil']),
    );

    const wrongConfig = await h.subgraph.request(writer, CREATE, {
      input: {
        code: uniqueId('c').toLowerCase(),
        type: 'COUPON',
        name: { enUS: 'C' },
        config: { points: 5 },
      },
    });
    expect(wrongConfig.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const incomplete = await createBenefit(h.prisma, { type: 'POINTS', status: 'DRAFT' });
    await h.prisma.benefit.update({ where: { id: incomplete.id }, data: { config: {} } });
    const publish = await h.subgraph.request(
      writer,
      `mutation($id: ID!) { publishBenefit(id: $id) { benefit { status } } }`,
      { id: incomplete.id },
    );
    expect(publish.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'INCOMPLETE' },
    });
  });

  it('keeps the partner list (read:badges) to PUBLISHED benefits', async () => {
    const published = await createBenefit(h.prisma, { status: 'PUBLISHED', stock: 5 });
    const draft = await createBenefit(h.prisma, { status: 'DRAFT' });
    // The persisted partner operation PartnerBenefits.
    const query = `query PartnerBenefits($first: Int) { benefits(status: PUBLISHED, first: $first) { id code type name { zhCN enUS } remainingStock } }`;
    const res = await h.subgraph.request<{ benefits: { id: string }[] }>(
      identities.partner(['read:badges']),
      query,
      { first: 200 },
    );
    expect(res.errors).toBeUndefined();
    const ids = res.data!.benefits.map((b) => b.id);
    expect(ids).toContain(published.id);
    expect(ids).not.toContain(draft.id);

    const asPartnerDraft = await h.subgraph.request<{ benefits: { id: string }[] }>(
      identities.partner(['read:badges']),
      '{ benefits(status: DRAFT, first: 200) { id } }',
    );
    expect(asPartnerDraft.data?.benefits).toEqual([]);
    const denied = await h.subgraph.request(
      identities.partner(['read:users']),
      '{ benefits { id } }',
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const direct = await h.subgraph.request(undefined, '{ benefits { id } }');
    expect(direct.status).toBe(401);
  });

  it('pages the console catalogue with a cursor', async () => {
    const search = uniqueId('page');
    for (let i = 0; i < 3; i++) {
      const b = await createBenefit(h.prisma);
      await h.prisma.benefit.update({ where: { id: b.id }, data: { code: `${search}_${i}` } });
    }
    const q = `query($after: String) { benefitCatalog(filter: { search: "${search}" }, first: 2, after: $after) { nodes { code } pageInfo { endCursor hasNextPage } totalCount } }`;
    const first = await h.subgraph.request<{
      benefitCatalog: {
        nodes: { code: string }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
        totalCount: number;
      };
    }>(reader, q);
    expect(first.data?.benefitCatalog.totalCount).toBe(3);
    expect(first.data?.benefitCatalog.pageInfo.hasNextPage).toBe(true);
    const second = await h.subgraph.request<{
      benefitCatalog: { nodes: { code: string }[]; pageInfo: { hasNextPage: boolean } };
    }>(reader, q, { after: first.data!.benefitCatalog.pageInfo.endCursor });
    expect(second.data?.benefitCatalog.nodes).toHaveLength(1);
    expect(second.data?.benefitCatalog.pageInfo.hasNextPage).toBe(false);
    const bad = await h.subgraph.request(reader, q, { after: 'nonsense' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('uploads and generates coupon codes, deduplicated and validated', async () => {
    const benefit = await createBenefit(h.prisma, { type: 'COUPON', status: 'DRAFT' });
    const upload = await h.subgraph.request<{
      uploadCouponCodes: {
        inserted: number;
        duplicatesInInput: number;
        alreadyInPool: number;
        rejected: { line: number }[];
        pool: { available: number; total: number };
      };
    }>(
      writer,
      `mutation($input: UploadCouponCodesInput!) { uploadCouponCodes(input: $input) {
        inserted duplicatesInInput alreadyInPool rejected { line reason } rejectedCount pool { available total } } }`,
      { input: { benefitId: benefit.id, codes: 'code\nAAAA-0001\nAAAA-0002\nAAAA-0001\nx!\n' } },
    );
    expect(upload.errors).toBeUndefined();
    expect(upload.data?.uploadCouponCodes).toMatchObject({
      inserted: 2,
      duplicatesInInput: 1,
      alreadyInPool: 0,
      rejected: [{ line: 5 }],
      pool: { available: 2, total: 2 },
    });
    const again = await h.subgraph.request<{
      uploadCouponCodes: { inserted: number; alreadyInPool: number };
    }>(
      writer,
      `mutation($input: UploadCouponCodesInput!) { uploadCouponCodes(input: $input) { inserted alreadyInPool } }`,
      { input: { benefitId: benefit.id, codes: 'AAAA-0002\nAAAA-0003' } },
    );
    expect(again.data?.uploadCouponCodes).toEqual({ inserted: 1, alreadyInPool: 1 });

    const generated = await h.subgraph.request<{
      generateCouponCodes: { generated: number; pool: { available: number } };
    }>(
      writer,
      `mutation($input: GenerateCouponCodesInput!) { generateCouponCodes(input: $input) { generated pool { available } } }`,
      { input: { benefitId: benefit.id, prefix: 'GEN-', count: 50, length: 8 } },
    );
    expect(generated.data?.generateCouponCodes).toEqual({ generated: 50, pool: { available: 53 } });

    const list = await h.subgraph.request<{
      couponCodes: { nodes: { maskedCode: string }[]; totalCount: number };
    }>(
      reader,
      `query($id: ID!) { couponCodes(benefitId: $id, status: AVAILABLE, first: 5) { nodes { maskedCode status } totalCount } }`,
      { id: benefit.id },
    );
    expect(list.data?.couponCodes.totalCount).toBe(53);
    expect(list.data?.couponCodes.nodes[0]?.maskedCode).toMatch(/\*/);

    const notCoupon = await createBenefit(h.prisma, { type: 'PRIVILEGE' });
    const refused = await h.subgraph.request(
      writer,
      `mutation($input: UploadCouponCodesInput!) { uploadCouponCodes(input: $input) { inserted } }`,
      { input: { benefitId: notCoupon.id, codes: 'BBBB-0001' } },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'NOT_A_COUPON' },
    });
  });

  it('links badges to benefits (auto-benefits) and shows them on Badge', async () => {
    const badgeId = uuid();
    const benefit = await createBenefit(h.prisma, { type: 'PRIVILEGE' });
    const hidden = await createBenefit(h.prisma, { status: 'DRAFT' });
    const linked = await h.subgraph.request<{
      linkBadgeBenefit: { badgeBenefit: { id: string; quantity: number } };
    }>(
      writer,
      `mutation($input: LinkBadgeBenefitInput!) { linkBadgeBenefit(input: $input) { badgeBenefit { id quantity clawbackOnRevoke badge { id } benefit { id } } } }`,
      { input: { badgeId, benefitId: benefit.id, quantity: 2 } },
    );
    expect(linked.errors).toBeUndefined();
    await link(h.prisma, badgeId, hidden.id);
    const again = await h.subgraph.request(
      writer,
      `mutation($input: LinkBadgeBenefitInput!) { linkBadgeBenefit(input: $input) { badgeBenefit { id } } }`,
      { input: { badgeId, benefitId: benefit.id } },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const coupon = await createBenefit(h.prisma, { type: 'COUPON' });
    const twoCodes = await h.subgraph.request(
      writer,
      `mutation($input: LinkBadgeBenefitInput!) { linkBadgeBenefit(input: $input) { badgeBenefit { id } } }`,
      { input: { badgeId, benefitId: coupon.id, quantity: 2 } },
    );
    expect(twoCodes.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Badge { id benefits { id status } } } }`;
    const asUser = await h.subgraph.request<{
      _entities: { id: string; benefits: { id: string }[] }[];
    }>(identities.user('someone'), entities, {
      r: [
        { __typename: 'Badge', id: badgeId },
        { __typename: 'Badge', id: uuid() },
      ],
    });
    expect(asUser.errors).toBeUndefined();
    expect(asUser.data?._entities[0]).toEqual({
      id: badgeId,
      benefits: [{ id: benefit.id, status: 'PUBLISHED' }],
    });
    expect(asUser.data?._entities[1]?.benefits).toEqual([]);
    const asAdmin = await h.subgraph.request<{ _entities: { benefits: { id: string }[] }[] }>(
      reader,
      entities,
      {
        r: [{ __typename: 'Badge', id: badgeId }],
      },
    );
    expect(asAdmin.data?._entities[0]?.benefits.map((b) => b.id).sort()).toEqual(
      [benefit.id, hidden.id].sort(),
    );
  });

  it('resolves Benefit entities in one batch (_entities contract)', async () => {
    const a = await createBenefit(h.prisma);
    const b = await createBenefit(h.prisma, { status: 'ARCHIVED' });
    const res = await h.subgraph.request<{ _entities: ({ id: string; code: string } | null)[] }>(
      identities.user('u-entities'),
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Benefit { id code status } } }',
      {
        r: [
          { __typename: 'Benefit', id: b.id },
          { __typename: 'Benefit', id: a.id },
          { __typename: 'Benefit', id: '00000000-0000-0000-0000-000000000000' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?._entities).toEqual([
      { id: b.id, code: b.code, status: 'ARCHIVED' },
      { id: a.id, code: a.code, status: 'PUBLISHED' },
      null,
    ]);
  });

  it('keeps console internals from client apps', async () => {
    const benefit = await createBenefit(h.prisma, { type: 'COUPON' });
    await addCoupons(h.prisma, benefit.id, 2);
    const res = await h.subgraph.request<{ benefit: { couponPool: unknown } | null }>(
      identities.user('u-internals'),
      'query($id: ID!) { benefit(id: $id) { id couponPool { available } } }',
      { id: benefit.id },
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const admin = await h.subgraph.request<{ benefit: { couponPool: { available: number } } }>(
      reader,
      'query($id: ID!) { benefit(id: $id) { couponPool { available } } }',
      { id: benefit.id },
    );
    expect(admin.data?.benefit.couponPool.available).toBe(2);
  });
});
