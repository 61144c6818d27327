import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { rolePermissions } from './role.permissions.js';
import { roleResolvers } from './role.resolvers.js';

export const roleModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./role.graphql', import.meta.url), 'utf8'),
  resolvers: roleResolvers,
  permissions: rolePermissions,
};
