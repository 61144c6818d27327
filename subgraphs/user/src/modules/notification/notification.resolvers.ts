import type { UserContext } from '../../context.js';
import type { UserDto } from '../user/user.service.js';
import type {
  NotificationDto,
  TDeliveriesArgs,
  TMarkReadArgs,
  TNotificationsArgs,
  TSetPreferencesArgs,
} from './notification.service.js';

export const notificationResolvers = {
  Query: {
    notificationDeliveries: (_: unknown, args: TDeliveriesArgs, ctx: UserContext) =>
      ctx.notifications.listDeliveries(args),
  },
  Mutation: {
    markNotificationsRead: async (_: unknown, args: TMarkReadArgs, ctx: UserContext) => ({
      updated: await ctx.notifications.markRead(ctx.identity, args),
    }),
    setNotificationPreferences: async (
      _: unknown,
      args: TSetPreferencesArgs,
      ctx: UserContext,
    ) => ({
      preferences: await ctx.notifications.setPreferences(ctx.identity, args),
    }),
  },
  User: {
    notifications: (user: UserDto, args: TNotificationsArgs, ctx: UserContext) =>
      ctx.notifications.listForUser(user.internalId, args),
    unreadNotificationCount: (user: UserDto, _: unknown, ctx: UserContext) =>
      ctx.loaders.unreadCount.load(user.internalId),
    notificationPreferences: (user: UserDto, _: unknown, ctx: UserContext) =>
      ctx.notifications.preferences(user.internalId),
  },
  Notification: {
    deliveries: (n: NotificationDto, _: unknown, ctx: UserContext) =>
      ctx.loaders.deliveries.load(n.id),
  },
};
