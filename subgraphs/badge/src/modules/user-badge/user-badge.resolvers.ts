import type { BadgeContext } from '../../context.js';
import type { BadgeWallItemDto, UserBadgeDto, UserBadgeLogDto } from './user-badge.service.js';

type Args = Record<string, unknown>;

export const userBadgeResolvers = {
  Query: {
    badgeUser: (_: unknown, args: { userId: string }) => ({ id: args.userId }),
    userBadge: (_: unknown, args: { id: unknown }, ctx: BadgeContext) =>
      ctx.userBadges.get(ctx.identity, args.id),
    badgeHolders: (_: unknown, args: Args, ctx: BadgeContext) => ctx.userBadges.holders(args),
  },
  Mutation: {
    grantBadge: (_: unknown, args: { input: unknown }, ctx: BadgeContext) =>
      ctx.userBadges.grantManually(ctx.identity, args.input),
    revokeBadge: (_: unknown, args: { input: unknown }, ctx: BadgeContext) =>
      ctx.userBadges.revokeManually(ctx.identity, args.input),
    pinBadge: async (
      _: unknown,
      args: { userId: unknown; badgeId: unknown },
      ctx: BadgeContext,
    ) => ({
      wall: await ctx.userBadges.pin(ctx.identity, args.userId, args.badgeId, true),
    }),
    unpinBadge: async (
      _: unknown,
      args: { userId: unknown; badgeId: unknown },
      ctx: BadgeContext,
    ) => ({
      wall: await ctx.userBadges.pin(ctx.identity, args.userId, args.badgeId, false),
    }),
    reorderBadgeWall: async (
      _: unknown,
      args: { userId: unknown; badgeIds: unknown },
      ctx: BadgeContext,
    ) => ({ wall: await ctx.userBadges.reorder(ctx.identity, args.userId, args.badgeIds) }),
  },
  User: {
    // Any id is a user to this subgraph: the user domain owns who exists.
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    badges: (user: { id: string }, args: Args, ctx: BadgeContext) =>
      ctx.userBadges.listForUser(user.id, args),
    badgeWall: (user: { id: string }, args: { categoryId?: unknown }, ctx: BadgeContext) =>
      ctx.userBadges.wall(user.id, args),
    badgeHistory: (user: { id: string }, args: Args, ctx: BadgeContext) =>
      ctx.userBadges.history(user.id, args),
  },
  UserBadge: {
    __resolveReference: (ref: { id: string }, ctx: BadgeContext) =>
      ctx.loaders.userBadge.load(ref.id),
    badge: (row: UserBadgeDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.load(row.badgeId),
  },
  UserBadgeLogEntry: {
    badge: (row: UserBadgeLogDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.load(row.badgeId),
  },
  BadgeWallItem: {
    badge: (item: BadgeWallItemDto, _: unknown, ctx: BadgeContext) =>
      ctx.loaders.badge.load(item.badgeId),
  },
};
