import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { pipelinePermissions } from './pipeline.permissions.js';
import { pipelineResolvers } from './pipeline.resolvers.js';

/** The event pipeline for the console: dead letters, consumer lag, dead-letter replay. */
export const pipelineModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./pipeline.graphql', import.meta.url), 'utf8'),
  resolvers: pipelineResolvers,
  permissions: pipelinePermissions,
};
