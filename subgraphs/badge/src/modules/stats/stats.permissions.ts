import { allow, type IRules } from '@badge/service-kit';
import { perm } from '../../shared/rules.js';

const overview = perm('stats:overview:read');

// The badges of `topBadges` are read with the catalogue's rules, which let stats readers in
// (shared/rules.ts `canReadCatalog`).
export const statsPermissions: IRules = {
  Query: { badgeStats: overview },
  BadgeStats: overview,
  BadgeHolderCount: overview,
  // A value type: whoever reached it through a guarded field may read it.
  DailyCount: allow,
};
