import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { redemptionPermissions } from './redemption.permissions.js';
import { redemptionResolvers } from './redemption.resolvers.js';

export const redemptionModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./redemption.graphql', import.meta.url), 'utf8'),
  resolvers: redemptionResolvers,
  permissions: redemptionPermissions,
};
