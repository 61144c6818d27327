import { allow, or, type IRules } from '@badge/service-kit';
import { canReadCatalog, isCatalogClient, perm } from '../../shared/rules.js';

const categoryRead = or(perm('badge:category:read'), canReadCatalog);
const seriesRead = or(perm('badge:series:read'), canReadCatalog);
const badgeAdminRead = perm('badge:badge:read');
const categoryWrite = perm('badge:category:write');
const seriesWrite = perm('badge:series:write');
const badgeWrite = perm('badge:badge:write');
const badgePublish = perm('badge:badge:publish');

export const catalogPermissions: IRules = {
  Query: {
    badgeCategories: or(perm('badge:category:read'), isCatalogClient),
    badgeSeriesList: or(perm('badge:series:read'), isCatalogClient),
    badges: or(badgeAdminRead, isCatalogClient),
    badge: or(badgeAdminRead, isCatalogClient),
  },
  Mutation: {
    createBadgeCategory: categoryWrite,
    updateBadgeCategory: categoryWrite,
    deleteBadgeCategory: categoryWrite,
    createBadgeSeries: seriesWrite,
    updateBadgeSeries: seriesWrite,
    deleteBadgeSeries: seriesWrite,
    createBadge: badgeWrite,
    updateBadge: badgeWrite,
    deleteBadge: badgeWrite,
    publishBadge: badgePublish,
    offlineBadge: badgePublish,
    archiveBadge: badgePublish,
  },
  BadgeCategory: categoryRead,
  BadgeSeries: seriesRead,
  Badge: {
    '*': canReadCatalog,
    metadata: badgeAdminRead,
    createdBy: badgeAdminRead,
    updatedBy: badgeAdminRead,
  },
  // Containers: access is decided by the field that returns them.
  BadgeValidity: allow,
  BadgeConnection: allow,
  BadgeSeriesConnection: allow,
  PageInfo: allow,
  BadgeCategoryPayload: allow,
  BadgeSeriesPayload: allow,
  BadgePayload: allow,
  CatalogDeletePayload: allow,
};
