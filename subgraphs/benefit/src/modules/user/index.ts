import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { userPermissions } from './user.permissions.js';
import { userResolvers } from './user.resolvers.js';

export const userModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./user.graphql', import.meta.url), 'utf8'),
  resolvers: userResolvers,
  permissions: userPermissions,
};
