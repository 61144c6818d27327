import { allow, and, isSelf, or, type IRules } from '@badge/service-kit';
import { isSelfId, isSelfInput, isSuperAdmin, perm, scope } from '../../auth.js';

const viewUsers = perm('user:view:read');
const viewUserBadges = perm('user:badge:read');
const readUsersScope = scope('read:users');

/** Non-PII profile: the user, console readers (user view or a user's badges), partners (read:users). */
const profile = or(isSelf, viewUsers, viewUserBadges, readUsersScope);
/** Masked PII: the user or the console's user view. */
const maskedPii = or(isSelf, viewUsers);
/** Plaintext PII: the user, or a super admin who may view users (no dedicated permission exists). */
const plainPii = or(isSelf, and(viewUsers, isSuperAdmin));

export const userPermissions: IRules = {
  Query: {
    user: or(isSelfId, viewUsers, viewUserBadges, readUsersScope),
    users: viewUsers,
  },
  Mutation: {
    // No write permission for end users exists in the vocabulary: the user themself, a super
    // admin, or a partner key with every scope (a trusted client backend).
    upsertUser: or(isSelfInput, isSuperAdmin, scope('*')),
    updateWallPreference: isSelf,
  },
  User: {
    id: profile,
    nickname: profile,
    avatarUrl: profile,
    locale: profile,
    timezone: profile,
    status: profile,
    createdAt: profile,
    updatedAt: profile,
    maskedPhone: maskedPii,
    maskedEmail: maskedPii,
    phone: plainPii,
    email: plainPii,
    wallPreference: profile,
  },
  UserConnection: allow,
  WallPreference: allow,
  UserPayload: allow,
  WallPreferencePayload: allow,
};
