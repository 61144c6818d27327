import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { statsPermissions } from './stats.permissions.js';
import { statsResolvers } from './stats.resolvers.js';

/** Console dashboard figures: benefit grants and completed redemptions per day. */
export const statsModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./stats.graphql', import.meta.url), 'utf8'),
  resolvers: statsResolvers,
  permissions: statsPermissions,
};
