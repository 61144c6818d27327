import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { operationLogPermissions } from './operation-log.permissions.js';
import { operationLogResolvers } from './operation-log.resolvers.js';

export const operationLogModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./operation-log.graphql', import.meta.url), 'utf8'),
  resolvers: operationLogResolvers,
  permissions: operationLogPermissions,
};
