import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { grantPermissions } from './grant.permissions.js';
import { grantResolvers } from './grant.resolvers.js';

export const grantModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./grant.graphql', import.meta.url), 'utf8'),
  resolvers: grantResolvers,
  permissions: grantPermissions,
};
