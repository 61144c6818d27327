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
  ZJsonObjectText,
  ZLocalizedTextInput,
  ZRequiredLocalizedText,
  ZUrl,
  hasEveryLocale,
  parseInput,
  toStoredText,
} from '../../shared/validation.js';
import type {
  BadgeCursor,
  BadgeListQuery,
  BadgeRow,
  BadgeSort,
  BadgeStatus,
  BadgeValidityKind,
  BadgeWrite,
  CatalogRepository,
} from './catalog.repository.js';
import { isEditable, nextStatus, type LifecycleAction } from './lifecycle.js';

export interface BadgeValidityDto {
  kind: BadgeValidityKind;
  validFrom: string | null;
  validUntil: string | null;
  validDays: number | null;
}

export interface BadgeDto {
  id: string;
  code: string;
  categoryId: string;
  seriesId: string | null;
  name: LocalizedTextDto;
  description: LocalizedTextDto | null;
  imageUrl: string | null;
  status: BadgeStatus;
  totalStock: number | null;
  remainingStock: number | null;
  isSoldOut: boolean;
  perUserCap: number | null;
  isRepeatable: boolean;
  validity: BadgeValidityDto;
  isHiddenUntilEarned: boolean;
  isAutoCascade: boolean;
  displayOrder: number;
  metadata: string | null;
  version: number;
  publishedAt: string | null;
  offlineAt: string | null;
  archivedAt: string | null;
  createdBy: string | null;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toBadgeDto = (row: BadgeRow): BadgeDto => ({
  id: row.id,
  code: row.code,
  categoryId: row.categoryId,
  seriesId: row.seriesId,
  name: toLocalizedText(row.name) ?? { zhCN: null, enUS: null },
  description: toLocalizedText(row.description),
  imageUrl: row.imageUrl,
  status: row.status,
  totalStock: row.totalStock,
  remainingStock: row.remainingStock,
  isSoldOut: row.remainingStock !== null && row.remainingStock <= 0,
  perUserCap: row.perUserCap,
  isRepeatable: row.isRepeatable,
  validity: {
    kind: row.validityKind,
    validFrom: iso(row.validFrom),
    validUntil: iso(row.validUntil),
    validDays: row.validDays,
  },
  isHiddenUntilEarned: row.isHiddenUntilEarned,
  isAutoCascade: row.isAutoCascade,
  displayOrder: row.displayOrder,
  metadata:
    row.metadata === null || row.metadata === undefined ? null : JSON.stringify(row.metadata),
  version: row.version,
  publishedAt: iso(row.publishedAt),
  offlineAt: iso(row.offlineAt),
  archivedAt: iso(row.archivedAt),
  createdBy: row.createdBy,
  updatedBy: row.updatedBy,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const STATUSES = ['DRAFT', 'PUBLISHED', 'OFFLINE', 'ARCHIVED'] as const;
const MAX_STOCK = 100_000_000;

const ZValidityInput = z
  .object({
    kind: z.enum(['NONE', 'FIXED', 'RELATIVE']),
    validFrom: ZInstant.nullish(),
    validUntil: ZInstant.nullish(),
    validDays: z.number().int().min(1).max(36_500).nullish(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.kind === 'NONE') {
      if (v.validFrom || v.validUntil || v.validDays) issue('kind', 'NONE takes no dates or days');
    } else if (v.kind === 'FIXED') {
      if (!v.validUntil) issue('validUntil', 'FIXED needs validUntil');
      if (v.validDays) issue('validDays', 'FIXED takes dates, not days');
      if (v.validFrom && v.validUntil && v.validFrom >= v.validUntil)
        issue('validUntil', 'validFrom must be before validUntil');
    } else {
      if (!v.validDays) issue('validDays', 'RELATIVE needs validDays');
      if (v.validFrom || v.validUntil) issue('kind', 'RELATIVE takes days, not dates');
    }
  });

const ZBadgeFields = {
  categoryId: ZId,
  seriesId: ZId.nullish(),
  name: ZRequiredLocalizedText(100),
  description: ZLocalizedTextInput(2000).nullish(),
  imageUrl: ZUrl.nullish(),
  totalStock: z
    .number()
    .int()
    .min(0, 'stock cannot be negative')
    .max(MAX_STOCK, `stock is at most ${MAX_STOCK}`)
    .nullish(),
  perUserCap: z.number().int().min(1, 'per-user cap must be at least 1').max(1_000_000).nullish(),
  isRepeatable: z.boolean().optional(),
  validity: ZValidityInput.nullish(),
  isHiddenUntilEarned: z.boolean().optional(),
  isAutoCascade: z.boolean().optional(),
  displayOrder: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  metadata: ZJsonObjectText.nullish(),
};

const ZCreateBadgeInput = z.object({ code: ZCode, ...ZBadgeFields }).strict();
const ZUpdateBadgeInput = z
  .object({
    id: ZId,
    expectedVersion: z.number().int().min(1),
    code: ZCode.optional(),
    ...ZBadgeFields,
    categoryId: ZId.optional(),
    name: ZBadgeFields.name.optional(),
  })
  .strict();

const ZBadgeListArgs = ZPageArgs.extend({
  filter: z
    .object({
      status: z.array(z.enum(STATUSES)).max(4).nullish(),
      categoryId: ZId.nullish(),
      seriesId: ZId.nullish(),
      search: z.string().trim().max(100).nullish(),
      isHiddenUntilEarned: z.boolean().nullish(),
    })
    .strict()
    .nullish(),
  sort: z.enum(['DISPLAY_ORDER', 'CREATED_AT_DESC', 'UPDATED_AT_DESC']).nullish(),
});

const cursorSchema = (sort: BadgeSort) =>
  sort === 'DISPLAY_ORDER'
    ? z.tuple([z.number().int(), z.iso.datetime(), z.guid()])
    : z.tuple([z.iso.datetime(), z.guid()]);

const validityWrite = (
  v: z.infer<typeof ZValidityInput> | null,
): Pick<BadgeWrite, 'validityKind' | 'validFrom' | 'validUntil' | 'validDays'> =>
  v === null || v.kind === 'NONE'
    ? { validityKind: 'NONE', validFrom: null, validUntil: null, validDays: null }
    : v.kind === 'FIXED'
      ? {
          validityKind: 'FIXED',
          validFrom: v.validFrom ?? null,
          validUntil: v.validUntil ?? null,
          validDays: null,
        }
      : {
          validityKind: 'RELATIVE',
          validFrom: null,
          validUntil: null,
          validDays: v.validDays ?? null,
        };

/** Badges: console CRUD, lifecycle, and the catalogue client apps and partners read. */
export function createBadgeService(repository: CatalogRepository) {
  /** Admins (badge:badge:read) see every state; everyone else the public catalogue. */
  const isBadgeAdmin = (identity: Identity) => hasPermission(identity, 'badge:badge:read');
  const holderOf = (identity: Identity) => (identity.kind === 'user' ? identity.subject : null);

  async function checkPlacement(categoryId: string, seriesId: string | null | undefined) {
    const [category] = await repository.findCategoriesByIds([categoryId]);
    if (!category)
      throw new AppError('NOT_FOUND', 'badge category not found', { field: 'categoryId' });
    if (seriesId) {
      const [series] = await repository.findSeriesByIds([seriesId]);
      if (!series) throw new AppError('NOT_FOUND', 'badge series not found', { field: 'seriesId' });
      if (series.categoryId !== categoryId)
        throw new AppError('BAD_USER_INPUT', 'the series belongs to another category', {
          field: 'seriesId',
        });
    }
  }

  function fieldsOf(v: Partial<z.infer<typeof ZCreateBadgeInput>>): BadgeWrite {
    const text = (t: Parameters<typeof toStoredText>[0] | null | undefined) =>
      t === undefined ? undefined : t === null ? null : toStoredText(t);
    const w: BadgeWrite = {};
    if (v.code !== undefined) w.code = v.code;
    if (v.categoryId !== undefined) w.categoryId = v.categoryId;
    if (v.seriesId !== undefined) w.seriesId = v.seriesId;
    if (v.name) w.name = toStoredText(v.name);
    if (v.description !== undefined) w.description = text(v.description) ?? null;
    if (v.imageUrl !== undefined) w.imageUrl = v.imageUrl;
    if (v.perUserCap !== undefined) w.perUserCap = v.perUserCap;
    if (v.isRepeatable !== undefined) w.isRepeatable = v.isRepeatable;
    if (v.validity !== undefined) Object.assign(w, validityWrite(v.validity));
    if (v.isHiddenUntilEarned !== undefined) w.isHiddenUntilEarned = v.isHiddenUntilEarned;
    if (v.isAutoCascade !== undefined) w.isAutoCascade = v.isAutoCascade;
    if (v.displayOrder !== undefined) w.displayOrder = v.displayOrder;
    if (v.metadata !== undefined) w.metadata = v.metadata;
    return w;
  }

  async function transition(
    identity: Identity,
    action: LifecycleAction,
    id: unknown,
    expectedVersion: unknown,
  ): Promise<BadgeDto> {
    const v = parseInput(
      z.object({ id: ZId, expectedVersion: z.number().int().min(1).nullish() }),
      { id, expectedVersion },
      'badge',
    );
    const row = await repository.transitionBadge(
      v.id,
      v.expectedVersion ?? undefined,
      (current) => {
        const next = nextStatus(action, current.status);
        if (action === 'publish') {
          if (!hasEveryLocale(toLocalizedText(current.name)))
            throw new AppError(
              'INVALID_STATE',
              'a badge needs a name in every locale to be published',
              {
                reason: 'INCOMPLETE',
                field: 'name',
              },
            );
          if (
            current.validityKind === 'FIXED' &&
            current.validUntil &&
            current.validUntil <= new Date()
          )
            throw new AppError('INVALID_STATE', 'the validity window of this badge has ended', {
              reason: 'VALIDITY_ENDED',
              field: 'validity',
            });
        }
        return next;
      },
      identity.subject,
      auditOf(identity, { module: 'badge', action: `badge.${action}`, targetType: 'Badge' }),
    );
    if (row === null) throw new AppError('NOT_FOUND', 'badge not found', { id: v.id });
    if (row === 'version')
      throw new AppError('CONFLICT', 'the badge was changed meanwhile; reload and retry', {
        reason: 'VERSION_MISMATCH',
      });
    return toBadgeDto(row);
  }

  return {
    async list(identity: Identity, args: unknown): Promise<Connection<BadgeDto>> {
      const input = parseInput(ZBadgeListArgs, args, 'badge filter');
      const sort: BadgeSort = input.sort ?? 'DISPLAY_ORDER';
      const f = input.filter ?? {};
      const query: Omit<BadgeListQuery, 'take'> = {
        sort,
        ...(f.categoryId ? { categoryId: f.categoryId } : {}),
        ...(f.seriesId ? { seriesId: f.seriesId } : {}),
        ...(f.search ? { search: f.search } : {}),
        ...(isBadgeAdmin(identity)
          ? {
              ...(f.status?.length ? { statuses: f.status } : {}),
              ...(typeof f.isHiddenUntilEarned === 'boolean'
                ? { isHiddenUntilEarned: f.isHiddenUntilEarned }
                : {}),
            }
          : { publicFor: { holderId: holderOf(identity) } }),
      };
      const after: BadgeCursor | undefined = decodeCursor(input.after, cursorSchema(sort));
      const rows = await repository.listBadges({
        ...query,
        ...(after ? { after } : {}),
        take: input.first + 1,
      });
      return toConnection(
        rows,
        input.first,
        toBadgeDto,
        (r) =>
          sort === 'DISPLAY_ORDER'
            ? [r.displayOrder, r.createdAt.toISOString(), r.id]
            : [(sort === 'CREATED_AT_DESC' ? r.createdAt : r.updatedAt).toISOString(), r.id],
        () => repository.countBadges({ ...query, take: 0 }),
      );
    },

    /** One badge by id or code, as the caller may see it (null when not visible to them). */
    async get(
      identity: Identity,
      args: { id?: unknown; code?: unknown },
    ): Promise<BadgeDto | null> {
      const v = parseInput(
        z
          .object({ id: ZId.nullish(), code: z.string().max(64).nullish() })
          .refine((a) => Boolean(a.id) !== Boolean(a.code), 'give exactly one of id and code'),
        args,
        'badge lookup',
      );
      const row = v.id
        ? ((await repository.findBadgesByIds([v.id]))[0] ?? null)
        : await repository.findBadgeByCode(v.code!);
      if (!row) return null;
      if (isBadgeAdmin(identity)) return toBadgeDto(row);
      if (row.status !== 'PUBLISHED') return null;
      if (row.isHiddenUntilEarned) {
        const holder = holderOf(identity);
        if (!holder || !(await repository.hasEarned(holder, row.id))) return null;
      }
      return toBadgeDto(row);
    },

    /** Batched lookup for DataLoaders and entity references (no visibility filter: holders see
     *  their OFFLINE/ARCHIVED badges, and the caller already passed the field's rule). */
    async byIds(ids: readonly string[]): Promise<(BadgeDto | null)[]> {
      const valid = ids.filter((id) => ZId.safeParse(id).success);
      const rows = new Map(
        (await repository.findBadgesByIds(valid)).map((r) => [r.id, toBadgeDto(r)]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },

    async create(identity: Identity, input: unknown): Promise<BadgeDto> {
      const v = parseInput(ZCreateBadgeInput, input, 'badge');
      await checkPlacement(v.categoryId, v.seriesId);
      const row = await repository.createBadge(
        randomUUID(),
        {
          ...fieldsOf(v),
          code: v.code,
          categoryId: v.categoryId,
          name: toStoredText(v.name),
          totalStock: v.totalStock ?? null,
          createdBy: identity.subject,
        },
        auditOf(identity, { module: 'badge', action: 'badge.create', targetType: 'Badge' }),
      );
      return toBadgeDto(row);
    },

    /**
     * Edits a badge at `expectedVersion`. Holders' data stays consistent: existing grants keep
     * their expiry (validity changes apply to new grants), the code is frozen once the badge has
     * left DRAFT (events and notifications carry it), stock can never drop below the units already
     * granted, and ARCHIVED badges are read-only.
     */
    async update(identity: Identity, input: unknown): Promise<BadgeDto> {
      const v = parseInput(ZUpdateBadgeInput, input, 'badge');
      const fields = fieldsOf(v);
      const [existing] = await repository.findBadgesByIds([v.id]);
      if (!existing) throw new AppError('NOT_FOUND', 'badge not found', { id: v.id });
      if (v.categoryId !== undefined || v.seriesId !== undefined)
        await checkPlacement(
          v.categoryId ?? existing.categoryId,
          v.seriesId === undefined ? existing.seriesId : v.seriesId,
        );
      const result = await repository.updateBadge(
        v.id,
        v.expectedVersion,
        { ...fields, updatedBy: identity.subject },
        v.totalStock === undefined ? undefined : { total: v.totalStock },
        (current) => {
          if (!isEditable(current.status))
            throw new AppError('INVALID_STATE', 'an archived badge cannot be edited', {
              reason: 'ARCHIVED',
              status: current.status,
            });
          if (v.code !== undefined && v.code !== current.code && current.status !== 'DRAFT')
            throw new AppError(
              'INVALID_STATE',
              'the code of a badge is fixed once it was published',
              {
                reason: 'CODE_FROZEN',
                field: 'code',
              },
            );
          if (
            current.status === 'PUBLISHED' &&
            v.name &&
            !hasEveryLocale(toLocalizedText(toStoredText(v.name)))
          )
            throw new AppError('BAD_USER_INPUT', 'a published badge needs a name in every locale', {
              field: 'name',
            });
        },
        auditOf(identity, { module: 'badge', action: 'badge.update', targetType: 'Badge' }),
      );
      if (result === null) throw new AppError('NOT_FOUND', 'badge not found', { id: v.id });
      if (result === 'version')
        throw new AppError('CONFLICT', 'the badge was changed meanwhile; reload and retry', {
          reason: 'VERSION_MISMATCH',
        });
      if (result === 'stock')
        throw new AppError(
          'BAD_USER_INPUT',
          'total stock cannot be below the units already granted',
          {
            field: 'totalStock',
            reason: 'STOCK_BELOW_GRANTED',
          },
        );
      return toBadgeDto(result);
    },

    /**
     * Deletes a DRAFT badge that was never granted, used by a batch task or required by another
     * badge; anything else keeps its history: offline and archive it instead.
     */
    async remove(identity: Identity, id: unknown): Promise<string> {
      const v = parseInput(z.object({ id: ZId }), { id }, 'badge');
      const result = await repository.deleteBadge(
        v.id,
        auditOf(identity, { module: 'badge', action: 'badge.delete', targetType: 'Badge' }),
      );
      if (result === null) throw new AppError('NOT_FOUND', 'badge not found', { id: v.id });
      if (result === 'state')
        throw new AppError(
          'INVALID_STATE',
          'only DRAFT badges can be deleted; archive it instead',
          {
            reason: 'NOT_DRAFT',
          },
        );
      if (result === 'in-use')
        throw new AppError('CONFLICT', 'the badge is in use (grants, tasks or dependents)', {
          reason: 'IN_USE',
        });
      return v.id;
    },

    publish: (identity: Identity, id: unknown, expectedVersion?: unknown) =>
      transition(identity, 'publish', id, expectedVersion),
    offline: (identity: Identity, id: unknown, expectedVersion?: unknown) =>
      transition(identity, 'offline', id, expectedVersion),
    archive: (identity: Identity, id: unknown, expectedVersion?: unknown) =>
      transition(identity, 'archive', id, expectedVersion),
  };
}
export type BadgeService = ReturnType<typeof createBadgeService>;
