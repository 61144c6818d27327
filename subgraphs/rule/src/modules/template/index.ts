import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { templatePermissions } from './template.permissions.js';
import { templateResolvers } from './template.resolvers.js';

export const templateModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./template.graphql', import.meta.url), 'utf8'),
  resolvers: templateResolvers,
  permissions: templatePermissions,
};
