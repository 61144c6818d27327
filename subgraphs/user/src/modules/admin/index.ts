import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { adminPermissions } from './admin.permissions.js';
import { adminResolvers } from './admin.resolvers.js';

export const adminModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./admin.graphql', import.meta.url), 'utf8'),
  resolvers: adminResolvers,
  permissions: adminPermissions,
};
