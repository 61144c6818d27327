import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { dependencyPermissions } from './dependency.permissions.js';
import { dependencyResolvers } from './dependency.resolvers.js';

/** Badge prerequisites (AND/OR groups, cycle detection) and the cascade log. */
export const dependencyModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./dependency.graphql', import.meta.url), 'utf8'),
  resolvers: dependencyResolvers,
  permissions: dependencyPermissions,
};
