import type { RuleContext } from '../../context.js';

export const templateResolvers = {
  Query: {
    ruleTemplates: (_: unknown, args: { includeDisabled?: boolean | null }, ctx: RuleContext) =>
      ctx.templates.list(args.includeDisabled ?? false),
  },
  RuleTemplate: {
    __resolveReference: (ref: { id: string }, ctx: RuleContext) =>
      ctx.loaders.template.load(ref.id),
  },
};
