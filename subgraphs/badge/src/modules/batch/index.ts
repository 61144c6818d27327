import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { batchPermissions } from './batch.permissions.js';
import { batchResolvers } from './batch.resolvers.js';

/** CSV batch grant/revoke tasks (the worker processes them; see batch.processor.ts). */
export const batchModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./batch.graphql', import.meta.url), 'utf8'),
  resolvers: batchResolvers,
  permissions: batchPermissions,
};
