import { requirePermission, type IRules } from '@badge/service-kit';

const read = requirePermission('benefit:benefit:read');

export const benefitPermissions: IRules = {
  Query: { benefits: read },
  Benefit: read,
};
