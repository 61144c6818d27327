import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { autoBenefitPermissions } from './auto-benefit.permissions.js';
import { autoBenefitResolvers } from './auto-benefit.resolvers.js';

export const autoBenefitModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./auto-benefit.graphql', import.meta.url), 'utf8'),
  resolvers: autoBenefitResolvers,
  permissions: autoBenefitPermissions,
};
