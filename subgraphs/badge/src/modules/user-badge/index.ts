import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { userBadgePermissions } from './user-badge.permissions.js';
import { userBadgeResolvers } from './user-badge.resolvers.js';

/** User badges: the User entity's badges, wall and history; console grant and revoke. */
export const userBadgeModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./user-badge.graphql', import.meta.url), 'utf8'),
  resolvers: userBadgeResolvers,
  permissions: userBadgePermissions,
};
