import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { statsPermissions } from './stats.permissions.js';
import { statsResolvers } from './stats.resolvers.js';

/** Console dashboard figures: grants per day, active grants and grantees, top badges. */
export const statsModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./stats.graphql', import.meta.url), 'utf8'),
  resolvers: statsResolvers,
  permissions: statsPermissions,
};
