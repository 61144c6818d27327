import type { BenefitContext } from '../../context.js';
import type { BenefitDto } from '../benefit/benefit.service.js';
import type { BadgeBenefitDto } from './auto-benefit.service.js';

type Args = Record<string, unknown>;

export const autoBenefitResolvers = {
  Query: {
    badgeBenefits: (_: unknown, args: Args, ctx: BenefitContext) => ctx.autoBenefits.list(args),
  },
  Mutation: {
    linkBadgeBenefit: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      badgeBenefit: await ctx.autoBenefits.link(ctx.identity, args.input),
    }),
    updateBadgeBenefit: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      badgeBenefit: await ctx.autoBenefits.update(ctx.identity, args.input),
    }),
    unlinkBadgeBenefit: (_: unknown, args: Args, ctx: BenefitContext) =>
      ctx.autoBenefits.unlink(ctx.identity, args),
  },
  BadgeBenefit: {
    badge: (link: BadgeBenefitDto) => ({ __typename: 'Badge', id: link.badgeId }),
    benefit: (link: BadgeBenefitDto, _: unknown, ctx: BenefitContext) =>
      ctx.loaders.benefit.load(link.benefitId),
  },
  Badge: {
    // Any id is a badge to this subgraph: the badge domain owns which exist.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    benefits: (badge: { id: string }, _: unknown, ctx: BenefitContext) =>
      ctx.loaders.benefitsByBadge.load(badge.id),
  },
  Benefit: {
    badgeLinks: (benefit: BenefitDto, _: unknown, ctx: BenefitContext) =>
      ctx.loaders.linksByBenefit.load(benefit.id),
  },
};
