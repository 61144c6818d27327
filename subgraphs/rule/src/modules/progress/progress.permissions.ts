import { allow, isSelf, or, type IRules } from '@badge/service-kit';
import { userBadgeRead } from '../shared.permissions.js';

export const progressPermissions: IRules = {
  User: {
    id: allow,
    badgeProgress: or(isSelf, userBadgeRead),
  },
  // Reached only through User.badgeProgress, which decides access.
  BadgeProgress: allow,
};
