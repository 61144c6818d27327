import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { progressPermissions } from './progress.permissions.js';
import { progressResolvers } from './progress.resolvers.js';

export const progressModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./progress.graphql', import.meta.url), 'utf8'),
  resolvers: progressResolvers,
  permissions: progressPermissions,
};
