import type { PrismaClient } from '@badge/db';

export interface CategoryRow {
  id: string;
  code: string;
  name: unknown;
  description: unknown;
  iconUrl: string | null;
  displayOrder: number;
  isEnabled: boolean;
  createdAt: Date;
}

export function createCatalogRepository(prisma: PrismaClient) {
  return {
    listCategories(options: { includeDisabled: boolean }): Promise<CategoryRow[]> {
      return prisma.badgeCategory.findMany({
        where: options.includeDisabled ? {} : { isEnabled: true },
        orderBy: [{ displayOrder: 'asc' }, { createdAt: 'asc' }],
      });
    },
    findCategoriesByIds(ids: readonly string[]): Promise<CategoryRow[]> {
      return prisma.badgeCategory.findMany({ where: { id: { in: [...ids] } } });
    },
  };
}
export type CatalogRepository = ReturnType<typeof createCatalogRepository>;
