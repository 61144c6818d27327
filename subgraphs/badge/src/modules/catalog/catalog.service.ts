import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AppError,
  hasPermission,
  toLocalizedText,
  type Identity,
  type LocalizedTextDto,
} from '@badge/service-kit';
import { auditOf } from '../../shared/audit.js';
import { ZPageArgs, decodeCursor, toConnection, type Connection } from '../../shared/pagination.js';
import {
  ZCode,
  ZId,
  ZInstant,
  ZLocalizedTextInput,
  ZRequiredLocalizedText,
  ZUrl,
  parseInput,
  toStoredText,
} from '../../shared/validation.js';
import type { CatalogRepository, CategoryRow, SeriesRow } from './catalog.repository.js';

export interface BadgeCategoryDto {
  id: string;
  code: string;
  name: LocalizedTextDto;
  description: LocalizedTextDto | null;
  iconUrl: string | null;
  displayOrder: number;
  isEnabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface BadgeSeriesDto {
  id: string;
  categoryId: string;
  code: string;
  name: LocalizedTextDto;
  description: LocalizedTextDto | null;
  coverUrl: string | null;
  displayOrder: number;
  isEnabled: boolean;
  startsAt: string | null;
  endsAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const EMPTY_TEXT: LocalizedTextDto = { zhCN: null, enUS: null };

const toCategoryDto = (row: CategoryRow): BadgeCategoryDto => ({
  id: row.id,
  code: row.code,
  name: toLocalizedText(row.name) ?? EMPTY_TEXT,
  description: toLocalizedText(row.description),
  iconUrl: row.iconUrl,
  displayOrder: row.displayOrder,
  isEnabled: row.isEnabled,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const toSeriesDto = (row: SeriesRow): BadgeSeriesDto => ({
  id: row.id,
  categoryId: row.categoryId,
  code: row.code,
  name: toLocalizedText(row.name) ?? EMPTY_TEXT,
  description: toLocalizedText(row.description),
  coverUrl: row.coverUrl,
  displayOrder: row.displayOrder,
  isEnabled: row.isEnabled,
  startsAt: row.startsAt?.toISOString() ?? null,
  endsAt: row.endsAt?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const ZCategoryFields = {
  name: ZRequiredLocalizedText(100),
  description: ZLocalizedTextInput(1000).nullish(),
  iconUrl: ZUrl.nullish(),
  displayOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  isEnabled: z.boolean().optional(),
};
const ZCreateCategoryInput = z.object({ code: ZCode, ...ZCategoryFields }).strict();
const ZUpdateCategoryInput = z
  .object({
    id: ZId,
    ...ZCategoryFields,
    name: ZCategoryFields.name.optional(),
  })
  .strict();

const ZSeriesFields = {
  categoryId: ZId,
  name: ZRequiredLocalizedText(100),
  description: ZLocalizedTextInput(1000).nullish(),
  coverUrl: ZUrl.nullish(),
  displayOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  isEnabled: z.boolean().optional(),
  startsAt: ZInstant.nullish(),
  endsAt: ZInstant.nullish(),
};
const windowOrdered = (v: { startsAt?: Date | null; endsAt?: Date | null }) =>
  !v.startsAt || !v.endsAt || v.startsAt < v.endsAt;
const ZCreateSeriesInput = z
  .object({ code: ZCode, ...ZSeriesFields })
  .strict()
  .refine(windowOrdered, { message: 'startsAt must be before endsAt', path: ['endsAt'] });
const ZUpdateSeriesInput = z
  .object({
    id: ZId,
    name: ZSeriesFields.name.optional(),
    description: ZSeriesFields.description,
    coverUrl: ZSeriesFields.coverUrl,
    displayOrder: ZSeriesFields.displayOrder,
    isEnabled: ZSeriesFields.isEnabled,
    startsAt: ZSeriesFields.startsAt,
    endsAt: ZSeriesFields.endsAt,
  })
  .strict()
  .refine(windowOrdered, { message: 'startsAt must be before endsAt', path: ['endsAt'] });

const ZSeriesListArgs = ZPageArgs.extend({
  categoryId: ZId.nullish(),
  search: z.string().trim().max(100).nullish(),
  includeDisabled: z.boolean().nullish(),
});

const SERIES_CURSOR = z.tuple([z.number().int(), z.iso.datetime(), z.guid()]);

const optionalText = <T>(v: T | null | undefined, map: (v: T) => Record<string, string>) =>
  v === undefined ? undefined : v === null ? null : map(v);

/** Categories and series: the console's catalogue structure (and read-only for client apps). */
export function createCatalogService(repository: CatalogRepository) {
  const isCatalogAdmin = (identity: Identity) =>
    hasPermission(identity, 'badge:category:read') || hasPermission(identity, 'badge:series:read');

  return {
    async listCategories(
      identity: Identity,
      includeDisabled: boolean,
    ): Promise<BadgeCategoryDto[]> {
      const showDisabled = includeDisabled && hasPermission(identity, 'badge:category:read');
      return (await repository.listCategories({ includeDisabled: showDisabled })).map(
        toCategoryDto,
      );
    },
    async categoriesByIds(ids: readonly string[]): Promise<(BadgeCategoryDto | null)[]> {
      const valid = ids.filter((id) => ZId.safeParse(id).success);
      const rows = new Map(
        (await repository.findCategoriesByIds(valid)).map((r) => [r.id, toCategoryDto(r)]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },
    async seriesByIds(ids: readonly string[]): Promise<(BadgeSeriesDto | null)[]> {
      const valid = ids.filter((id) => ZId.safeParse(id).success);
      const rows = new Map(
        (await repository.findSeriesByIds(valid)).map((r) => [r.id, toSeriesDto(r)]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },
    async seriesOfCategories(categoryIds: readonly string[]): Promise<BadgeSeriesDto[][]> {
      const rows = await repository.findSeriesByCategory(categoryIds);
      return categoryIds.map((id) => rows.filter((r) => r.categoryId === id).map(toSeriesDto));
    },
    async listSeries(identity: Identity, args: unknown): Promise<Connection<BadgeSeriesDto>> {
      const input = parseInput(ZSeriesListArgs, args, 'series filter');
      const query = {
        ...(input.categoryId ? { categoryId: input.categoryId } : {}),
        ...(input.search ? { search: input.search } : {}),
        includeDisabled: Boolean(input.includeDisabled) && isCatalogAdmin(identity),
      };
      const after = decodeCursor(input.after, SERIES_CURSOR);
      const rows = await repository.listSeries({
        ...query,
        ...(after ? { after } : {}),
        take: input.first + 1,
      });
      return toConnection(
        rows,
        input.first,
        toSeriesDto,
        (r) => [r.displayOrder, r.createdAt.toISOString(), r.id],
        () => repository.countSeries({ ...query, take: 0 }),
      );
    },

    async createCategory(identity: Identity, input: unknown): Promise<BadgeCategoryDto> {
      const v = parseInput(ZCreateCategoryInput, input, 'category');
      const row = await repository.createCategory(
        randomUUID(),
        {
          code: v.code,
          name: toStoredText(v.name),
          ...(v.description !== undefined
            ? { description: optionalText(v.description, toStoredText) }
            : {}),
          ...(v.iconUrl !== undefined ? { iconUrl: v.iconUrl } : {}),
          ...(v.displayOrder !== undefined ? { displayOrder: v.displayOrder } : {}),
          ...(v.isEnabled !== undefined ? { isEnabled: v.isEnabled } : {}),
        },
        auditOf(identity, {
          module: 'badge',
          action: 'category.create',
          targetType: 'BadgeCategory',
        }),
      );
      return toCategoryDto(row);
    },
    async updateCategory(identity: Identity, input: unknown): Promise<BadgeCategoryDto> {
      const v = parseInput(ZUpdateCategoryInput, input, 'category');
      const row = await repository.updateCategory(
        v.id,
        {
          ...(v.name ? { name: toStoredText(v.name) } : {}),
          ...(v.description !== undefined
            ? { description: optionalText(v.description, toStoredText) }
            : {}),
          ...(v.iconUrl !== undefined ? { iconUrl: v.iconUrl } : {}),
          ...(v.displayOrder !== undefined ? { displayOrder: v.displayOrder } : {}),
          ...(v.isEnabled !== undefined ? { isEnabled: v.isEnabled } : {}),
        },
        auditOf(identity, {
          module: 'badge',
          action: 'category.update',
          targetType: 'BadgeCategory',
        }),
      );
      if (!row) throw new AppError('NOT_FOUND', 'badge category not found', { id: v.id });
      return toCategoryDto(row);
    },

    /** Deletes a category without series or badges (CONFLICT otherwise: disable it instead). */
    async deleteCategory(identity: Identity, id: unknown): Promise<string> {
      const v = parseInput(z.object({ id: ZId }), { id }, 'category');
      const result = await repository.deleteCategory(
        v.id,
        auditOf(identity, {
          module: 'badge',
          action: 'category.delete',
          targetType: 'BadgeCategory',
        }),
      );
      if (result === null)
        throw new AppError('NOT_FOUND', 'badge category not found', { id: v.id });
      if (result === 'in-use')
        throw new AppError(
          'CONFLICT',
          'the category still has series or badges; disable it instead',
          {
            reason: 'IN_USE',
          },
        );
      return v.id;
    },
    /** Deletes a series without badges (CONFLICT otherwise: disable it instead). */
    async deleteSeries(identity: Identity, id: unknown): Promise<string> {
      const v = parseInput(z.object({ id: ZId }), { id }, 'series');
      const result = await repository.deleteSeries(
        v.id,
        auditOf(identity, { module: 'badge', action: 'series.delete', targetType: 'BadgeSeries' }),
      );
      if (result === null) throw new AppError('NOT_FOUND', 'badge series not found', { id: v.id });
      if (result === 'in-use')
        throw new AppError('CONFLICT', 'the series still has badges; disable it instead', {
          reason: 'IN_USE',
        });
      return v.id;
    },

    async createSeries(identity: Identity, input: unknown): Promise<BadgeSeriesDto> {
      const v = parseInput(ZCreateSeriesInput, input, 'series');
      const row = await repository.createSeries(
        randomUUID(),
        {
          categoryId: v.categoryId,
          code: v.code,
          name: toStoredText(v.name),
          ...(v.description !== undefined
            ? { description: optionalText(v.description, toStoredText) }
            : {}),
          ...(v.coverUrl !== undefined ? { coverUrl: v.coverUrl } : {}),
          ...(v.displayOrder !== undefined ? { displayOrder: v.displayOrder } : {}),
          ...(v.isEnabled !== undefined ? { isEnabled: v.isEnabled } : {}),
          ...(v.startsAt !== undefined ? { startsAt: v.startsAt } : {}),
          ...(v.endsAt !== undefined ? { endsAt: v.endsAt } : {}),
        },
        auditOf(identity, { module: 'badge', action: 'series.create', targetType: 'BadgeSeries' }),
      );
      return toSeriesDto(row);
    },
    async updateSeries(identity: Identity, input: unknown): Promise<BadgeSeriesDto> {
      const v = parseInput(ZUpdateSeriesInput, input, 'series');
      const row = await repository.updateSeries(
        v.id,
        {
          ...(v.name ? { name: toStoredText(v.name) } : {}),
          ...(v.description !== undefined
            ? { description: optionalText(v.description, toStoredText) }
            : {}),
          ...(v.coverUrl !== undefined ? { coverUrl: v.coverUrl } : {}),
          ...(v.displayOrder !== undefined ? { displayOrder: v.displayOrder } : {}),
          ...(v.isEnabled !== undefined ? { isEnabled: v.isEnabled } : {}),
          ...(v.startsAt !== undefined ? { startsAt: v.startsAt } : {}),
          ...(v.endsAt !== undefined ? { endsAt: v.endsAt } : {}),
        },
        auditOf(identity, { module: 'badge', action: 'series.update', targetType: 'BadgeSeries' }),
      );
      if (!row) throw new AppError('NOT_FOUND', 'badge series not found', { id: v.id });
      return toSeriesDto(row);
    },
  };
}
export type CatalogService = ReturnType<typeof createCatalogService>;
