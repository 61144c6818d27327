import { readFileSync } from 'node:fs';
import type { SubgraphModule } from '@badge/service-kit/graphql';
import { notificationPermissions } from './notification.permissions.js';
import { notificationResolvers } from './notification.resolvers.js';

export const notificationModule: SubgraphModule = {
  typeDefs: readFileSync(new URL('./notification.graphql', import.meta.url), 'utf8'),
  resolvers: notificationResolvers,
  permissions: notificationPermissions,
};
