import type { BenefitContext } from '../../context.js';
import type { RedemptionDto, RedemptionRuleDto } from './redemption.service.js';

type Args = Record<string, unknown>;

const badgeItems = (items: { badgeId: string; quantity: number }[]) =>
  items.map((i) => ({ badge: { __typename: 'Badge', id: i.badgeId }, quantity: i.quantity }));

export const redemptionResolvers = {
  Query: {
    redemptionRules: (_: unknown, args: Args, ctx: BenefitContext) =>
      ctx.redemptions.listRules(ctx.identity, args),
    redemptionRule: (_: unknown, args: Args, ctx: BenefitContext) =>
      ctx.redemptions.getRule(ctx.identity, args),
    redemption: (_: unknown, args: Args, ctx: BenefitContext) =>
      ctx.redemptions.get(ctx.identity, args),
    redemptions: (_: unknown, args: Args, ctx: BenefitContext) => ctx.redemptions.list(args),
  },
  Mutation: {
    createRedemptionRule: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      rule: await ctx.redemptions.createRule(ctx.identity, args.input),
    }),
    updateRedemptionRule: async (_: unknown, args: { input: unknown }, ctx: BenefitContext) => ({
      rule: await ctx.redemptions.updateRule(ctx.identity, args.input),
    }),
    activateRedemptionRule: async (_: unknown, args: Args, ctx: BenefitContext) => ({
      rule: await ctx.redemptions.activateRule(ctx.identity, args),
    }),
    disableRedemptionRule: async (_: unknown, args: Args, ctx: BenefitContext) => ({
      rule: await ctx.redemptions.disableRule(ctx.identity, args),
    }),
    redeem: (_: unknown, args: { input: unknown }, ctx: BenefitContext) =>
      ctx.redemptions.redeem(ctx.identity, args.input),
  },
  RedemptionRule: {
    benefit: (rule: RedemptionRuleDto, _: unknown, ctx: BenefitContext) =>
      ctx.loaders.benefit.load(rule.benefitId),
    items: (rule: RedemptionRuleDto) => badgeItems(rule.items),
  },
  Redemption: {
    __resolveReference: (ref: { id: string }, ctx: BenefitContext) =>
      ctx.loaders.redemption.load(ref.id),
    rule: (r: RedemptionDto, _: unknown, ctx: BenefitContext) => ctx.loaders.rule.load(r.ruleId),
    benefit: (r: RedemptionDto, _: unknown, ctx: BenefitContext) =>
      ctx.loaders.benefit.load(r.benefitId),
    items: (r: RedemptionDto) => badgeItems(r.items),
    grant: (r: RedemptionDto, _: unknown, ctx: BenefitContext) =>
      ctx.loaders.grantByRedemption.load(r.id),
  },
};
