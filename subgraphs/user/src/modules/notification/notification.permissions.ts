import { allow, isSelf, or, type IRules } from '@badge/service-kit';
import { perm } from '../../auth.js';

const viewUsers = perm('user:view:read');
const selfOrConsole = or(isSelf, viewUsers);

export const notificationPermissions: IRules = {
  Query: { notificationDeliveries: viewUsers },
  Mutation: { markNotificationsRead: isSelf, setNotificationPreferences: isSelf },
  User: {
    notifications: selfOrConsole,
    unreadNotificationCount: selfOrConsole,
    notificationPreferences: selfOrConsole,
  },
  // Reached through User fields guarded above (the user's own, or the console's user view).
  Notification: {
    id: allow,
    type: allow,
    title: allow,
    body: allow,
    data: allow,
    isRead: allow,
    readAt: allow,
    createdAt: allow,
    deliveries: viewUsers,
  },
  NotificationDelivery: allow,
  NotificationConnection: allow,
  NotificationDeliveryConnection: allow,
  NotificationPreference: allow,
  MarkNotificationsReadPayload: allow,
  NotificationPreferencesPayload: allow,
};
