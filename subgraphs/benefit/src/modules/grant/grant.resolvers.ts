import type { BenefitContext } from '../../context.js';
import type { GrantDto } from './grant.service.js';

type Args = Record<string, unknown>;

export const grantResolvers = {
  Query: {
    benefitGrant: (_: unknown, args: Args, ctx: BenefitContext) =>
      ctx.grants.get(ctx.identity, args),
    benefitGrants: (_: unknown, args: Args, ctx: BenefitContext) => ctx.grants.list(args),
  },
  Mutation: {
    grantBenefit: (_: unknown, args: { input: unknown }, ctx: BenefitContext) =>
      ctx.grants.grantManually(ctx.identity, args.input),
    retryBenefitGrant: async (_: unknown, args: Args, ctx: BenefitContext) => ({
      grant: await ctx.grants.retry(ctx.identity, args),
    }),
    revokeBenefitGrant: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      grant: await ctx.grants.revoke(ctx.identity, args.input),
    }),
    updateBenefitFulfilment: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      grant: await ctx.grants.updateFulfilment(ctx.identity, args.input),
    }),
    markBenefitGrantUsed: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      grant: await ctx.grants.markUsed(ctx.identity, args.input),
    }),
  },
  BenefitGrant: {
    __resolveReference: (ref: { id: string }, ctx: BenefitContext) =>
      ctx.loaders.grant.load(ref.id),
    benefit: (grant: GrantDto, _: unknown, ctx: BenefitContext) =>
      ctx.loaders.benefit.load(grant.benefitId),
    sourceBadge: (grant: GrantDto) =>
      grant.sourceBadgeId ? { __typename: 'Badge', id: grant.sourceBadgeId } : null,
    redemption: (grant: GrantDto, _: unknown, ctx: BenefitContext) =>
      grant.redemptionId ? ctx.loaders.redemption.load(grant.redemptionId) : null,
    couponCode: (grant: GrantDto, _: unknown, ctx: BenefitContext) =>
      grant.status === 'PENDING' ? null : ctx.loaders.couponCode.load(grant.id),
  },
};
