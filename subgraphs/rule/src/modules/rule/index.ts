import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { rulePermissions } from './rule.permissions.js';
import { ruleResolvers } from './rule.resolvers.js';

export const ruleModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./rule.graphql', import.meta.url), 'utf8'),
  resolvers: ruleResolvers,
  permissions: rulePermissions,
};
