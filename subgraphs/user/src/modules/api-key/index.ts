import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { apiKeyPermissions } from './api-key.permissions.js';
import { apiKeyResolvers } from './api-key.resolvers.js';

export const apiKeyModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./api-key.graphql', import.meta.url), 'utf8'),
  resolvers: apiKeyResolvers,
  permissions: apiKeyPermissions,
};
