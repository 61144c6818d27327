import type { BadgeContext } from '../../context.js';
import type { BadgeDto } from '../catalog/badge.service.js';
import type { BadgeDependencyDto, CascadeLogDto } from './dependency.service.js';

export const dependencyResolvers = {
  Query: {
    cascadeLogs: (
      _: unknown,
      args: { filter?: Record<string, unknown> | null; first?: unknown; after?: unknown },
      ctx: BadgeContext,
    ) => ctx.dependencies.cascadeLogs({ ...args.filter, first: args.first, after: args.after }),
  },
  Mutation: {
    setBadgeDependencies: async (
      _: unknown,
      args: { input: { badgeId: string } },
      ctx: BadgeContext,
    ) => {
      await ctx.dependencies.setDependencies(ctx.identity, args.input);
      return { badge: await ctx.loaders.badge.load(args.input.badgeId) };
    },
  },
  Badge: {
    dependencyGroups: (badge: BadgeDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.dependencyGroups.load(badge.id),
    dependents: async (badge: BadgeDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.loadMany(await ctx.loaders.dependents.load(badge.id)),
  },
  BadgeDependency: {
    requiredBadge: (item: BadgeDependencyDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.load(item.requiredBadgeId),
  },
  CascadeLogEntry: {
    triggerBadge: (entry: CascadeLogDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.load(entry.triggerBadgeId),
    targetBadge: (entry: CascadeLogDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.load(entry.targetBadgeId),
  },
};
