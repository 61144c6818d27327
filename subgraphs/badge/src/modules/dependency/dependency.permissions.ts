import { allow, type IRules } from '@badge/service-kit';
import { canReadCatalog, perm } from '../../shared/rules.js';

export const dependencyPermissions: IRules = {
  Query: { cascadeLogs: perm('badge:dependency:read') },
  Mutation: { setBadgeDependencies: perm('badge:dependency:write') },
  // Prerequisites are catalogue information (client apps show "requires …").
  Badge: { dependencyGroups: canReadCatalog, dependents: canReadCatalog },
  BadgeDependencyGroup: allow,
  BadgeDependency: allow,
  BadgeDependenciesPayload: allow,
  CascadeLogEntry: allow,
  CascadeLogConnection: allow,
};
