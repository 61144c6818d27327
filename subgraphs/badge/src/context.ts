import DataLoader from 'dataloader';
import type { AuthContext, Identity } from '@badge/service-kit';
import type { Repositories } from './db.js';
import {
  createCatalogService,
  type BadgeCategoryDto,
  type CatalogService,
} from './modules/catalog/catalog.service.js';

export interface BadgeContext extends AuthContext {
  catalog: CatalogService;
  loaders: { category: DataLoader<string, BadgeCategoryDto | null> };
}

/** Per-request context: services over repositories, and DataLoaders for batched entity lookups. */
export function createContextFactory(repositories: Repositories) {
  const catalog = createCatalogService(repositories.catalog);
  return (identity: Identity): BadgeContext => ({
    identity,
    catalog,
    loaders: { category: new DataLoader((ids: readonly string[]) => catalog.categoriesByIds(ids)) },
  });
}
