import { toLocalizedText, type LocalizedTextDto } from '@badge/service-kit';
import type { CatalogRepository, CategoryRow } from './catalog.repository.js';

export interface BadgeCategoryDto {
  id: string;
  code: string;
  name: LocalizedTextDto;
  description: LocalizedTextDto | null;
  iconUrl: string | null;
  displayOrder: number;
  isEnabled: boolean;
  createdAt: string;
}

const toDto = (row: CategoryRow): BadgeCategoryDto => ({
  id: row.id,
  code: row.code,
  name: toLocalizedText(row.name) ?? { zhCN: null, enUS: null },
  description: toLocalizedText(row.description),
  iconUrl: row.iconUrl,
  displayOrder: row.displayOrder,
  isEnabled: row.isEnabled,
  createdAt: row.createdAt.toISOString(),
});

export function createCatalogService(repository: CatalogRepository) {
  return {
    async listCategories(includeDisabled: boolean): Promise<BadgeCategoryDto[]> {
      return (await repository.listCategories({ includeDisabled })).map(toDto);
    },
    async categoriesByIds(ids: readonly string[]): Promise<(BadgeCategoryDto | null)[]> {
      const rows = new Map(
        (await repository.findCategoriesByIds(ids)).map((r) => [r.id, toDto(r)]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },
  };
}
export type CatalogService = ReturnType<typeof createCatalogService>;
