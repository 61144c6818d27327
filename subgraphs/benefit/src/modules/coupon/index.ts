import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { couponPermissions } from './coupon.permissions.js';
import { couponResolvers } from './coupon.resolvers.js';

export const couponModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./coupon.graphql', import.meta.url), 'utf8'),
  resolvers: couponResolvers,
  permissions: couponPermissions,
};
