import { or, requirePermission, requireScope, type IRules } from '@badge/service-kit';

// Admins with the permission; partners reading the programme's catalogue (scope read:badges).
const read = or(requirePermission('benefit:benefit:read'), requireScope('read:badges'));

export const benefitPermissions: IRules = {
  Query: { benefits: read },
  Benefit: read,
};
