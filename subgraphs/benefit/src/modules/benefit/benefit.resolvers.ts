import type { BenefitContext } from '../../context.js';
import type { TListBenefitsInput } from './benefit.service.js';

type Args = Record<string, unknown>;

export const benefitResolvers = {
  Query: {
    benefits: (_: unknown, args: TListBenefitsInput, ctx: BenefitContext) =>
      ctx.benefits.list(ctx.identity, args),
    benefit: (_: unknown, args: Args, ctx: BenefitContext) => ctx.benefits.get(ctx.identity, args),
    benefitCatalog: (_: unknown, args: Args, ctx: BenefitContext) => ctx.benefits.catalog(args),
  },
  Mutation: {
    createBenefit: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      benefit: await ctx.benefits.create(ctx.identity, args.input),
    }),
    updateBenefit: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      benefit: await ctx.benefits.update(ctx.identity, args.input),
    }),
    publishBenefit: async (_: unknown, args: Args, ctx: BenefitContext) => ({
      benefit: await ctx.benefits.transition(ctx.identity, 'publish', args),
    }),
    offlineBenefit: async (_: unknown, args: Args, ctx: BenefitContext) => ({
      benefit: await ctx.benefits.transition(ctx.identity, 'offline', args),
    }),
    archiveBenefit: async (_: unknown, args: Args, ctx: BenefitContext) => ({
      benefit: await ctx.benefits.transition(ctx.identity, 'archive', args),
    }),
  },
  Benefit: {
    __resolveReference: (ref: { id: string }, ctx: BenefitContext) =>
      ctx.loaders.benefit.load(ref.id),
  },
};
