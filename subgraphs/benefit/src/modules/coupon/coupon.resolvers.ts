import type { BenefitContext } from '../../context.js';
import type { BenefitDto } from '../benefit/benefit.service.js';

type Args = Record<string, unknown>;

export const couponResolvers = {
  Query: {
    couponCodes: (_: unknown, args: Args, ctx: BenefitContext) => ctx.coupons.list(args),
  },
  Mutation: {
    uploadCouponCodes: (_: unknown, args: { input: unknown }, ctx: BenefitContext) =>
      ctx.coupons.upload(ctx.identity, args.input),
    generateCouponCodes: (_: unknown, args: { input: unknown }, ctx: BenefitContext) =>
      ctx.coupons.generate(ctx.identity, args.input),
  },
  Benefit: {
    couponPool: (benefit: BenefitDto, _: unknown, ctx: BenefitContext) =>
      benefit.type === 'COUPON' ? ctx.loaders.couponPool.load(benefit.id) : null,
  },
};
