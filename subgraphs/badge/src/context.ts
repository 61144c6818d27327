import DataLoader from 'dataloader';
import { hasPermission, type AuthContext, type Identity } from '@badge/service-kit';
import type { Services } from './services.js';
import type { BadgeDto } from './modules/catalog/badge.service.js';
import type { BadgeCategoryDto, BadgeSeriesDto } from './modules/catalog/catalog.service.js';
import type { BadgeDependencyGroupDto } from './modules/dependency/dependency.service.js';
import type { UserBadgeDto } from './modules/user-badge/user-badge.service.js';

export interface BadgeContext
  extends AuthContext, Omit<Services, 'metrics' | 'grants' | 'grantBatches'> {
  loaders: {
    category: DataLoader<string, BadgeCategoryDto | null>;
    series: DataLoader<string, BadgeSeriesDto | null>;
    seriesOfCategory: DataLoader<string, BadgeSeriesDto[]>;
    badge: DataLoader<string, BadgeDto | null>;
    dependencyGroups: DataLoader<string, BadgeDependencyGroupDto[]>;
    dependents: DataLoader<string, string[]>;
    userBadge: DataLoader<string, UserBadgeDto | null>;
  };
}

/**
 * Per-request context: the services (shared by all requests) and DataLoaders, so entity
 * references (`_entities`) and nested fields are fetched in one query per type and request.
 */
export function createContextFactory(services: Services) {
  const { catalog, badges, dependencies, userBadges, batches, stats } = services;
  return (identity: Identity): BadgeContext => {
    const seesDisabledSeries =
      hasPermission(identity, 'badge:series:read') ||
      hasPermission(identity, 'badge:category:read');
    return {
      identity,
      catalog,
      badges,
      dependencies,
      userBadges,
      batches,
      stats,
      loaders: {
        category: new DataLoader((ids: readonly string[]) => catalog.categoriesByIds(ids)),
        series: new DataLoader((ids: readonly string[]) => catalog.seriesByIds(ids)),
        seriesOfCategory: new DataLoader(async (ids: readonly string[]) =>
          (await catalog.seriesOfCategories(ids)).map((list) =>
            seesDisabledSeries ? list : list.filter((s) => s.isEnabled),
          ),
        ),
        badge: new DataLoader((ids: readonly string[]) => badges.byIds(ids)),
        dependencyGroups: new DataLoader((ids: readonly string[]) =>
          dependencies.groupsOfBadges(ids),
        ),
        dependents: new DataLoader((ids: readonly string[]) =>
          dependencies.dependentIdsOf(identity, ids),
        ),
        userBadge: new DataLoader((ids: readonly string[]) => userBadges.byIds(ids)),
      },
    };
  };
}
