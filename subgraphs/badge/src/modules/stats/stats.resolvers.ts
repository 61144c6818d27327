import type { BadgeContext } from '../../context.js';
import type { BadgeHolderCountDto, BadgeStatsDto } from './stats.service.js';

export const statsResolvers = {
  Query: {
    badgeStats: (_: unknown, args: { days?: unknown }, ctx: BadgeContext) =>
      ctx.stats.window(args.days),
  },
  BadgeStats: {
    grantsByDay: (w: BadgeStatsDto, _: unknown, ctx: BadgeContext) => ctx.stats.grantsByDay(w),
    grantsInWindow: (w: BadgeStatsDto, _: unknown, ctx: BadgeContext) =>
      ctx.stats.grantsInWindow(w),
    activeGrants: (_w: BadgeStatsDto, _: unknown, ctx: BadgeContext) => ctx.stats.activeGrants(),
    activeUsers: (w: BadgeStatsDto, _: unknown, ctx: BadgeContext) => ctx.stats.activeUsers(w),
    topBadges: (_w: BadgeStatsDto, args: { limit?: unknown }, ctx: BadgeContext) =>
      ctx.stats.topBadges(args.limit),
  },
  BadgeHolderCount: {
    badge: (h: BadgeHolderCountDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.load(h.badgeId),
  },
};
