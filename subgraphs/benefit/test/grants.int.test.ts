import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identities, uniqueId } from '@badge/testing';
import { createBenefit, outboxFor, startHarness, type Harness } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const admin = identities.admin([
  'benefit:benefit:read',
  'benefit:benefit:write',
  'benefit:grant:read',
]);

const GRANT = `mutation($input: GrantBenefitInput!) { grantBenefit(input: $input) { isDuplicate grant {
  id status failureCode failureReason isRetryable points externalRef fulfilment { status carrier trackingNumber } } } }`;

interface GrantNode {
  id: string;
  status: string;
  failureCode: string | null;
  failureReason: string | null;
  isRetryable: boolean;
  points: number | null;
  externalRef: string | null;
  fulfilment: { status: string; carrier: string | null; trackingNumber: string | null } | null;
  clawback?: { outcome: string } | null;
}

const grant = (input: Record<string, unknown>) =>
  h.subgraph.request<{ grantBenefit: { isDuplicate: boolean; grant: GrantNode } }>(admin, GRANT, {
    input: { reason: 'goodwill', ...input },
  });

const stockOf = async (id: string) =>
  (await h.prisma.benefit.findUniqueOrThrow({ where: { id } })).remainingStock;

describe('benefit grants: console', () => {
  it('grants by hand, idempotently, and records refusals as FAILED grants', async () => {
    const userId = uniqueId('u');
    const benefit = await createBenefit(h.prisma, { type: 'POINTS', points: 30, stock: 1 });
    const first = await grant({ userId, benefitId: benefit.id, idempotencyKey: 'once' });
    expect(first.errors).toBeUndefined();
    expect(first.data?.grantBenefit).toMatchObject({
      isDuplicate: false,
      grant: {
        status: 'GRANTED',
        points: 30,
        externalRef: expect.stringMatching(/^mem-/) as string,
      },
    });
    const again = await grant({ userId, benefitId: benefit.id, idempotencyKey: 'once' });
    expect(again.data?.grantBenefit).toMatchObject({
      isDuplicate: true,
      grant: { id: first.data!.grantBenefit.grant.id },
    });

    const other = uniqueId('u');
    const soldOut = await grant({ userId: other, benefitId: benefit.id });
    expect(soldOut.data?.grantBenefit.grant).toMatchObject({
      status: 'FAILED',
      failureCode: 'OUT_OF_STOCK',
      isRetryable: false,
    });
    expect(await outboxFor(h.prisma, other, 'benefit.grant_failed.v1')).toHaveLength(1);

    // More stock, then a console retry of the same grant row.
    const raised = await h.subgraph.request(
      admin,
      'mutation($input: UpdateBenefitInput!) { updateBenefit(input: $input) { benefit { remainingStock } } }',
      { input: { id: benefit.id, totalStock: 2 } },
    );
    expect(raised.errors).toBeUndefined();
    const retried = await h.subgraph.request<{ retryBenefitGrant: { grant: GrantNode } }>(
      admin,
      'mutation($id: ID!) { retryBenefitGrant(id: $id) { grant { id status failureCode } } }',
      { id: soldOut.data!.grantBenefit.grant.id },
    );
    expect(retried.data?.retryBenefitGrant.grant).toMatchObject({
      id: soldOut.data!.grantBenefit.grant.id,
      status: 'GRANTED',
      failureCode: null,
    });
    expect(await stockOf(benefit.id)).toBe(0);

    const notRetryable = await h.subgraph.request(
      admin,
      'mutation($id: ID!) { retryBenefitGrant(id: $id) { grant { id } } }',
      { id: first.data!.grantBenefit.grant.id },
    );
    expect(notRetryable.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');

    const unavailable = await grant({
      userId,
      benefitId: (await createBenefit(h.prisma, { status: 'DRAFT' })).id,
    });
    expect(unavailable.data?.grantBenefit.grant).toMatchObject({
      status: 'FAILED',
      failureCode: 'BENEFIT_UNAVAILABLE',
    });
  });

  it('follows the fulfilment of physical goods, and cannot claw back what shipped', async () => {
    const userId = uniqueId('u');
    const benefit = await createBenefit(h.prisma, { type: 'PHYSICAL', stock: 3 });
    const given = await grant({ userId, benefitId: benefit.id });
    const id = given.data!.grantBenefit.grant.id;
    expect(given.data?.grantBenefit.grant.fulfilment).toMatchObject({ status: 'PENDING' });
    const FULFIL = `mutation($input: UpdateBenefitFulfilmentInput!) { updateBenefitFulfilment(input: $input) {
      grant { fulfilment { status carrier trackingNumber } } } }`;
    const shipped = await h.subgraph.request<{ updateBenefitFulfilment: { grant: GrantNode } }>(
      admin,
      FULFIL,
      {
        input: { grantId: id, status: 'SHIPPED', carrier: 'SF', trackingNumber: 'SF123' },
      },
    );
    expect(shipped.data?.updateBenefitFulfilment.grant.fulfilment).toEqual({
      status: 'SHIPPED',
      carrier: 'SF',
      trackingNumber: 'SF123',
    });
    const back = await h.subgraph.request(admin, FULFIL, {
      input: { grantId: id, status: 'PENDING' },
    });
    expect(back.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_STATE',
      details: { reason: 'ILLEGAL_TRANSITION' },
    });
    const REVOKE = `mutation($input: RevokeBenefitGrantInput!) { revokeBenefitGrant(input: $input) {
      grant { status clawback { outcome detail } } } }`;
    const kept = await h.subgraph.request<{ revokeBenefitGrant: { grant: GrantNode } }>(
      admin,
      REVOKE,
      {
        input: { id, reason: 'customer complaint' },
      },
    );
    expect(kept.data?.revokeBenefitGrant.grant).toMatchObject({
      status: 'GRANTED',
      clawback: { outcome: 'NOT_REVOCABLE' },
    });

    // Not yet shipped: cancelled and revoked, the unit back in stock.
    const second = await grant({ userId: uniqueId('u'), benefitId: benefit.id });
    expect(await stockOf(benefit.id)).toBe(1);
    const revoked = await h.subgraph.request<{ revokeBenefitGrant: { grant: GrantNode } }>(
      admin,
      REVOKE,
      {
        input: { id: second.data!.grantBenefit.grant.id, reason: 'duplicate order' },
      },
    );
    expect(revoked.data?.revokeBenefitGrant.grant).toMatchObject({
      status: 'REVOKED',
      clawback: { outcome: 'REVOKED' },
    });
    expect(await stockOf(benefit.id)).toBe(2);
    const row = await h.prisma.benefitGrant.findUniqueOrThrow({
      where: { id: second.data!.grantBenefit.grant.id },
    });
    expect(row.fulfilmentStatus).toBe('CANCELLED');
    const again = await h.subgraph.request(admin, REVOKE, {
      input: { id: second.data!.grantBenefit.grant.id, reason: 'again' },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('INVALID_STATE');
  });

  it('shows end users their own grants only', async () => {
    const userId = uniqueId('u');
    const benefit = await createBenefit(h.prisma);
    const given = await grant({ userId, benefitId: benefit.id });
    const id = given.data!.grantBenefit.grant.id;
    const q = 'query($id: ID!) { benefitGrant(id: $id) { id status benefit { id } } }';
    const mine = await h.subgraph.request<{ benefitGrant: { id: string } | null }>(
      identities.user(userId),
      q,
      {
        id,
      },
    );
    expect(mine.data?.benefitGrant).toEqual({ id, status: 'GRANTED', benefit: { id: benefit.id } });
    const theirs = await h.subgraph.request<{ benefitGrant: unknown }>(
      identities.user('another'),
      q,
      { id },
    );
    expect(theirs.data?.benefitGrant).toBeNull();
    const list = await h.subgraph.request(
      identities.user(userId),
      '{ benefitGrants { totalCount } }',
    );
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const partner = await h.subgraph.request<{
      benefitUser: { benefitGrants: { totalCount: number } };
    }>(
      identities.partner(['read:grants']),
      'query($u: ID!) { benefitUser(userId: $u) { benefitGrants { totalCount } } }',
      { u: userId },
    );
    expect(partner.data?.benefitUser.benefitGrants.totalCount).toBe(1);
    const console = await h.subgraph.request<{ benefitGrants: { nodes: { id: string }[] } }>(
      admin,
      'query($u: ID!) { benefitGrants(filter: { userId: $u, status: GRANTED }) { nodes { id } } }',
      { u: userId },
    );
    expect(console.data?.benefitGrants.nodes).toEqual([{ id }]);
  });
});
