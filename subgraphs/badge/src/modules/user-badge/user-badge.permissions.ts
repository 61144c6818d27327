import { allow, isSelf, or, type IRules } from '@badge/service-kit';
import { isHolder, kind, perm, scope } from '../../shared/rules.js';

/** A user's data: the end user themself, console readers, partners with read:users. */
const userRead = or(isSelf, perm('user:badge:read'), scope('read:users'));

/** A grant row: its holder, console readers and the admins who just granted/revoked it. */
const grantRead = or(
  isHolder,
  perm('user:badge:read'),
  perm('grant:grant:read'),
  perm('grant:revoke:read'),
  perm('grant:grant:write'),
  perm('grant:revoke:write'),
  perm('grant:task:read'),
  scope('read:users'),
);

export const userBadgePermissions: IRules = {
  Query: {
    badgeUser: userRead,
    // End users may ask, but the service answers null for grants that are not theirs.
    userBadge: or(
      perm('user:badge:read'),
      perm('grant:grant:read'),
      scope('read:users'),
      kind('user'),
    ),
    badgeHolders: or(perm('grant:grant:read'), perm('user:badge:read')),
  },
  Mutation: {
    grantBadge: perm('grant:grant:write'),
    revokeBadge: perm('grant:revoke:write'),
    pinBadge: isSelf,
    unpinBadge: isSelf,
    reorderBadgeWall: isSelf,
  },
  User: userRead,
  UserBadge: grantRead,
  // Containers: access is decided by the field that returns them.
  UserBadgeConnection: allow,
  UserBadgeLogEntry: allow,
  UserBadgeLogConnection: allow,
  BadgeWall: allow,
  BadgeWallItem: allow,
  BadgeWallPayload: allow,
  GrantBadgePayload: allow,
  RevokeBadgePayload: allow,
};
