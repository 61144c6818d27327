import type { RuleContext } from '../../context.js';
import type { RuleDto, RuleVersionDto } from './rule.service.js';

type Args<T> = { input: T };

export const ruleResolvers = {
  Query: {
    rules: (_: unknown, args: unknown, ctx: RuleContext) => ctx.rules.list(args),
    rule: (_: unknown, args: { id: string }, ctx: RuleContext) => ctx.loaders.rule.load(args.id),
    dryRunRule: (_: unknown, args: Args<unknown>, ctx: RuleContext) => ctx.rules.dryRun(args.input),
  },
  Mutation: {
    createRule: async (_: unknown, args: Args<unknown>, ctx: RuleContext) => ({
      rule: await ctx.rules.create(ctx.identity, args.input),
    }),
    updateRule: async (_: unknown, args: Args<unknown>, ctx: RuleContext) => ({
      rule: await ctx.rules.update(ctx.identity, args.input),
    }),
    deleteRule: (_: unknown, args: Args<unknown>, ctx: RuleContext) =>
      ctx.rules.delete(ctx.identity, args.input),
    publishRule: async (_: unknown, args: Args<unknown>, ctx: RuleContext) => ({
      rule: await ctx.rules.publish(ctx.identity, args.input),
    }),
    disableRule: async (_: unknown, args: Args<unknown>, ctx: RuleContext) => ({
      rule: await ctx.rules.disable(ctx.identity, args.input),
    }),
  },
  Rule: {
    __resolveReference: (ref: { id: string }, ctx: RuleContext) => ctx.loaders.rule.load(ref.id),
    badge: (r: RuleDto) => ({ id: r.badgeId }),
    template: (r: RuleDto, _: unknown, ctx: RuleContext) =>
      ctx.loaders.templateByCode.load(r.templateCode),
    versions: (r: RuleDto, _: unknown, ctx: RuleContext) => ctx.loaders.versions.load(r.id),
    version: async (r: RuleDto, args: { version: number }, ctx: RuleContext) =>
      (await ctx.loaders.versions.load(r.id)).find((v) => v.version === args.version) ?? null,
    hasUnpublishedChanges: async (r: RuleDto, _: unknown, ctx: RuleContext) =>
      ctx.rules.hasUnpublishedChanges(r, await ctx.loaders.versions.load(r.id)),
  },
  RuleVersion: {
    badge: (v: RuleVersionDto) => ({ id: v.badgeId }),
  },
};
