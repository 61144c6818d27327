import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { benefitPermissions } from './benefit.permissions.js';
import { benefitResolvers } from './benefit.resolvers.js';

export const benefitModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./benefit.graphql', import.meta.url), 'utf8'),
  resolvers: benefitResolvers,
  permissions: benefitPermissions,
};
