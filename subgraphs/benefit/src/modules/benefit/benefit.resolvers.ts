import type { BenefitContext } from '../../context.js';
import type { TListBenefitsInput } from './benefit.service.js';

export const benefitResolvers = {
  Query: {
    benefits: (_: unknown, args: TListBenefitsInput, ctx: BenefitContext) =>
      ctx.benefits.list(args),
  },
  Benefit: {
    __resolveReference: (ref: { id: string }, ctx: BenefitContext) =>
      ctx.loaders.benefit.load(ref.id),
  },
};
