import { allow, type IRules } from '@badge/service-kit';
import { perm } from '../../shared/rules.js';

const overview = perm('stats:overview:read');

export const statsPermissions: IRules = {
  Query: { benefitStats: overview },
  BenefitStats: overview,
  // A value type: whoever reached it through a guarded field may read it.
  DailyCount: allow,
};
