import { requirePermission, type IRules } from '@badge/service-kit';

const read = requirePermission('badge:category:read');

export const catalogPermissions: IRules = {
  Query: { badgeCategories: read },
  BadgeCategory: read,
};
