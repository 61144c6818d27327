import type { BenefitContext } from '../../context.js';
import type { BenefitStatsDto } from './stats.service.js';

export const statsResolvers = {
  Query: {
    benefitStats: (_: unknown, args: { days?: unknown }, ctx: BenefitContext) =>
      ctx.stats.window(args.days),
  },
  BenefitStats: {
    grantsByDay: (w: BenefitStatsDto, _: unknown, ctx: BenefitContext) => ctx.stats.grantsByDay(w),
    redemptionsByDay: (w: BenefitStatsDto, _: unknown, ctx: BenefitContext) =>
      ctx.stats.redemptionsByDay(w),
    grantsInWindow: (w: BenefitStatsDto, _: unknown, ctx: BenefitContext) =>
      ctx.stats.grantsInWindow(w),
    redemptionsInWindow: (w: BenefitStatsDto, _: unknown, ctx: BenefitContext) =>
      ctx.stats.redemptionsInWindow(w),
  },
};
