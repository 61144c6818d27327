import type { BadgeContext } from '../../context.js';
import type { BadgeDto } from './badge.service.js';
import type { BadgeCategoryDto, BadgeSeriesDto } from './catalog.service.js';

type Args = Record<string, unknown>;

export const catalogResolvers = {
  Query: {
    badgeCategories: (_: unknown, args: { includeDisabled?: boolean | null }, ctx: BadgeContext) =>
      ctx.catalog.listCategories(ctx.identity, args.includeDisabled ?? false),
    badgeSeriesList: (_: unknown, args: { filter?: Args | null } & Args, ctx: BadgeContext) =>
      ctx.catalog.listSeries(ctx.identity, {
        ...args.filter,
        first: args.first,
        after: args.after,
      }),
    badges: (_: unknown, args: Args, ctx: BadgeContext) => ctx.badges.list(ctx.identity, args),
    badge: (_: unknown, args: { id?: unknown; code?: unknown }, ctx: BadgeContext) =>
      ctx.badges.get(ctx.identity, args),
  },
  Mutation: {
    createBadgeCategory: async (_: unknown, args: { input: unknown }, ctx: BadgeContext) => ({
      category: await ctx.catalog.createCategory(ctx.identity, args.input),
    }),
    updateBadgeCategory: async (_: unknown, args: { input: unknown }, ctx: BadgeContext) => ({
      category: await ctx.catalog.updateCategory(ctx.identity, args.input),
    }),
    deleteBadgeCategory: async (_: unknown, args: { id: unknown }, ctx: BadgeContext) => ({
      id: await ctx.catalog.deleteCategory(ctx.identity, args.id),
    }),
    deleteBadgeSeries: async (_: unknown, args: { id: unknown }, ctx: BadgeContext) => ({
      id: await ctx.catalog.deleteSeries(ctx.identity, args.id),
    }),
    deleteBadge: async (_: unknown, args: { id: unknown }, ctx: BadgeContext) => ({
      id: await ctx.badges.remove(ctx.identity, args.id),
    }),
    createBadgeSeries: async (_: unknown, args: { input: unknown }, ctx: BadgeContext) => ({
      series: await ctx.catalog.createSeries(ctx.identity, args.input),
    }),
    updateBadgeSeries: async (_: unknown, args: { input: unknown }, ctx: BadgeContext) => ({
      series: await ctx.catalog.updateSeries(ctx.identity, args.input),
    }),
    createBadge: async (_: unknown, args: { input: unknown }, ctx: BadgeContext) => ({
      badge: await ctx.badges.create(ctx.identity, args.input),
    }),
    updateBadge: async (_: unknown, args: { input: unknown }, ctx: BadgeContext) => ({
      badge: await ctx.badges.update(ctx.identity, args.input),
    }),
    publishBadge: async (
      _: unknown,
      args: { id: unknown; expectedVersion?: unknown },
      ctx: BadgeContext,
    ) => ({
      badge: await ctx.badges.publish(ctx.identity, args.id, args.expectedVersion),
    }),
    offlineBadge: async (
      _: unknown,
      args: { id: unknown; expectedVersion?: unknown },
      ctx: BadgeContext,
    ) => ({
      badge: await ctx.badges.offline(ctx.identity, args.id, args.expectedVersion),
    }),
    archiveBadge: async (
      _: unknown,
      args: { id: unknown; expectedVersion?: unknown },
      ctx: BadgeContext,
    ) => ({
      badge: await ctx.badges.archive(ctx.identity, args.id, args.expectedVersion),
    }),
  },
  BadgeCategory: {
    __resolveReference: (ref: { id: string }, ctx: BadgeContext) =>
      ctx.loaders.category.load(ref.id),
    series: (category: BadgeCategoryDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.seriesOfCategory.load(category.id),
  },
  BadgeSeries: {
    __resolveReference: (ref: { id: string }, ctx: BadgeContext) => ctx.loaders.series.load(ref.id),
    category: (series: BadgeSeriesDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.category.load(series.categoryId),
  },
  Badge: {
    __resolveReference: (ref: { id: string }, ctx: BadgeContext) => ctx.loaders.badge.load(ref.id),
    category: (badge: BadgeDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.category.load(badge.categoryId),
    series: (badge: BadgeDto, _: unknown, ctx: BadgeContext) =>
      badge.seriesId ? ctx.loaders.series.load(badge.seriesId) : null,
  },
};
