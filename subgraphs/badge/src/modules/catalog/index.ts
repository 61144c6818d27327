import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { catalogPermissions } from './catalog.permissions.js';
import { catalogResolvers } from './catalog.resolvers.js';

/** Categories, series and badges: CRUD, search and pagination, lifecycle. */
export const catalogModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./catalog.graphql', import.meta.url), 'utf8'),
  resolvers: catalogResolvers,
  permissions: catalogPermissions,
};
