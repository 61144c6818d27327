import type { BadgeContext } from '../../context.js';

export const catalogResolvers = {
  Query: {
    badgeCategories: (_: unknown, args: { includeDisabled?: boolean | null }, ctx: BadgeContext) =>
      ctx.catalog.listCategories(args.includeDisabled ?? false),
  },
  BadgeCategory: {
    __resolveReference: (ref: { id: string }, ctx: BadgeContext) =>
      ctx.loaders.category.load(ref.id),
  },
};
