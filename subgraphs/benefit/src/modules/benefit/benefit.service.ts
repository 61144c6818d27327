import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AppError,
  toLocalizedText,
  type Identity,
  type LocalizedTextDto,
} from '@badge/service-kit';
import { actorOf, auditRecord } from '../../shared/audit.js';
import { decodeCursor, toConnection, ZPageArgs, type Connection } from '../../shared/pagination.js';
import {
  hasEveryLocale,
  iso,
  parseInput,
  toStoredText,
  ZCode,
  ZId,
  ZInstant,
  ZJsonObjectText,
  ZLocalizedTextInput,
  ZRequiredLocalizedText,
  ZUrl,
} from '../../shared/validation.js';
import type {
  BenefitRepository,
  BenefitRow,
  BenefitStatus,
  BenefitType,
  BenefitValidityKind,
  BenefitWrite,
} from './benefit.repository.js';
import { isAvailableNow, nextStatus, readConfig, type LifecycleAction } from './benefit.rules.js';

export interface BenefitDto {
  id: string;
  code: string;
  type: BenefitType;
  name: LocalizedTextDto;
  description: LocalizedTextDto | null;
  imageUrl: string | null;
  status: BenefitStatus;
  totalStock: number | null;
  remainingStock: number | null;
  perUserLimit: number | null;
  version: number;
  validity: {
    kind: BenefitValidityKind;
    validFrom: string | null;
    validUntil: string | null;
    validDays: number | null;
  };
  config: {
    points: number | null;
    faceValue: string | null;
    currency: string | null;
    sku: string | null;
    privilegeCode: string | null;
    extraJson: string | null;
  };
  isAvailable: boolean;
  createdAt: string;
  updatedAt: string;
}

export function toBenefitDto(row: BenefitRow, now = new Date()): BenefitDto {
  const config = readConfig(row.config);
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    name: toLocalizedText(row.name) ?? { zhCN: row.code, enUS: row.code },
    description: toLocalizedText(row.description),
    imageUrl: row.imageUrl,
    status: row.status,
    totalStock: row.totalStock,
    remainingStock: row.remainingStock,
    perUserLimit: row.perUserLimit,
    version: row.version,
    validity: {
      kind: row.validityKind,
      validFrom: iso(row.validFrom),
      validUntil: iso(row.validUntil),
      validDays: row.validDays,
    },
    config: {
      points: config.points,
      faceValue: config.faceValue,
      currency: config.currency,
      sku: config.sku,
      privilegeCode: config.privilegeCode,
      extraJson: Object.keys(config.extra).length ? JSON.stringify(config.extra) : null,
    },
    isAvailable: isAvailableNow(row, now),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Console callers see every status; client apps and partners only PUBLISHED benefits. */
export const seesAllStatuses = (identity: Identity): boolean =>
  identity.kind === 'admin' || identity.kind === 'service';

const STATUSES = ['DRAFT', 'PUBLISHED', 'OFFLINE', 'ARCHIVED'] as const;
const TYPES = ['COUPON', 'POINTS', 'PHYSICAL', 'PRIVILEGE', 'CUSTOM'] as const;

export const ZListBenefitsInput = z.object({
  status: z.enum(STATUSES).nullish(),
  type: z.enum(TYPES).nullish(),
  first: z.number().int().min(1).max(200).default(50),
});
export type TListBenefitsInput = z.input<typeof ZListBenefitsInput>;

const ZCatalogInput = ZPageArgs.extend({
  filter: z
    .object({
      status: z.array(z.enum(STATUSES)).max(4).nullish(),
      type: z.enum(TYPES).nullish(),
      search: z.string().trim().max(100).nullish(),
    })
    .nullish(),
});

const ZStock = z.number().int().min(0, 'must not be negative').max(100_000_000);
const ZLimit = z.number().int().min(1, 'must be at least 1').max(1_000_000);

const ZValidityInput = z
  .object({
    kind: z.enum(['NONE', 'FIXED', 'RELATIVE']),
    validFrom: ZInstant.nullish(),
    validUntil: ZInstant.nullish(),
    validDays: z.number().int().min(1).max(36_500).nullish(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.kind === 'NONE' && (v.validFrom || v.validUntil || v.validDays))
      issue('kind', 'NONE takes no dates and no days');
    if (v.kind === 'FIXED') {
      if (!v.validUntil) issue('validUntil', 'is required for FIXED validity');
      if (v.validDays) issue('validDays', 'is only for RELATIVE validity');
      if (v.validFrom && v.validUntil && v.validFrom >= v.validUntil)
        issue('validUntil', 'must be after validFrom');
    }
    if (v.kind === 'RELATIVE') {
      if (!v.validDays) issue('validDays', 'is required for RELATIVE validity');
      if (v.validFrom || v.validUntil) issue('kind', 'RELATIVE takes no dates');
    }
  });

const ZConfigInput = z
  .object({
    points: z.number().int().min(1).max(100_000_000).nullish(),
    faceValue: z
      .string()
      .regex(/^\d{1,9}(\.\d{1,2})?$/, 'must be a decimal amount such as 10.00')
      .nullish(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CNY')
      .nullish(),
    sku: z.string().trim().min(1).max(64).nullish(),
    privilegeCode: z.string().trim().min(1).max(64).nullish(),
    extraJson: ZJsonObjectText.nullish(),
  })
  .strict();
type TConfigInput = z.infer<typeof ZConfigInput>;

const ZCreateInput = z
  .object({
    code: ZCode,
    type: z.enum(TYPES),
    name: ZRequiredLocalizedText(100),
    description: ZLocalizedTextInput(2000).nullish(),
    imageUrl: ZUrl.nullish(),
    totalStock: ZStock.nullish(),
    perUserLimit: ZLimit.nullish(),
    validity: ZValidityInput.nullish(),
    config: ZConfigInput.nullish(),
  })
  .strict();

const ZUpdateInput = z
  .object({
    id: ZId,
    expectedVersion: z.number().int().min(1).nullish(),
    code: ZCode.optional(),
    name: ZRequiredLocalizedText(100).optional(),
    description: ZLocalizedTextInput(2000).nullish(),
    imageUrl: ZUrl.nullish(),
    totalStock: ZStock.nullish(),
    perUserLimit: ZLimit.nullish(),
    validity: ZValidityInput.optional(),
    config: ZConfigInput.optional(),
  })
  .strict();

const ZTransitionInput = z.object({ id: ZId, expectedVersion: z.number().int().min(1).nullish() });

/** Settings per type: the known keys a type may use, checked on create, update and publish. */
function toConfig(type: BenefitType, input: TConfigInput | null | undefined) {
  const c = input ?? {};
  const wrong = (field: string) =>
    new AppError('BAD_USER_INPUT', `invalid benefit config`, {
      issues: [{ path: `config.${field}`, message: `is not a setting of ${type} benefits` }],
    });
  if (c.points != null && type !== 'POINTS') throw wrong('points');
  if ((c.faceValue != null || c.currency != null) && type !== 'COUPON')
    throw wrong(c.faceValue != null ? 'faceValue' : 'currency');
  if (c.sku != null && type !== 'PHYSICAL') throw wrong('sku');
  if (c.privilegeCode != null && type !== 'PRIVILEGE') throw wrong('privilegeCode');
  const out: Record<string, unknown> = { ...(c.extraJson ?? {}) };
  for (const key of ['points', 'faceValue', 'currency', 'sku', 'privilegeCode'] as const) {
    if (key in out) {
      throw new AppError('BAD_USER_INPUT', 'invalid benefit config', {
        issues: [{ path: 'config.extraJson', message: `must not contain "${key}"` }],
      });
    }
    if (c[key] != null) out[key] = c[key];
  }
  return out;
}

function validityWrite(v: z.infer<typeof ZValidityInput> | null | undefined): BenefitWrite {
  if (!v) return { validityKind: 'NONE', validFrom: null, validUntil: null, validDays: null };
  return {
    validityKind: v.kind,
    validFrom: v.kind === 'FIXED' ? (v.validFrom ?? null) : null,
    validUntil: v.kind === 'FIXED' ? (v.validUntil ?? null) : null,
    validDays: v.kind === 'RELATIVE' ? (v.validDays ?? null) : null,
  };
}

/** Publishing needs a complete benefit: every locale, and the points of a POINTS benefit. */
function assertPublishable(row: BenefitRow): void {
  const issues: { path: string; message: string }[] = [];
  if (!hasEveryLocale(toLocalizedText(row.name)))
    issues.push({ path: 'name', message: 'needs a text in every locale (zhCN, enUS)' });
  if (row.type === 'POINTS' && !readConfig(row.config).points)
    issues.push({ path: 'config.points', message: 'is required to publish a POINTS benefit' });
  if (issues.length)
    throw new AppError('INVALID_STATE', 'benefit is not complete enough to publish', {
      reason: 'INCOMPLETE',
      issues,
    });
}

function checkVersion(row: BenefitRow, expected: number | null | undefined): void {
  if (expected != null && row.version !== expected) {
    throw new AppError('CONFLICT', 'benefit was changed by someone else', {
      reason: 'VERSION_MISMATCH',
      expectedVersion: expected,
      currentVersion: row.version,
    });
  }
}

const ACTION_NAMES: Record<LifecycleAction, string> = {
  publish: 'benefit.publish',
  offline: 'benefit.offline',
  archive: 'benefit.archive',
};

export function createBenefitService(repository: BenefitRepository) {
  const audit =
    (identity: Identity, action: string) => (before: BenefitRow | null, after: BenefitRow) => [
      auditRecord(identity, {
        action,
        targetType: 'Benefit',
        targetId: after.id,
        ...(before ? { before } : {}),
        after,
      }),
    ];

  const mustExist = (row: BenefitRow | null, id: string): BenefitRow => {
    if (!row) throw new AppError('NOT_FOUND', 'benefit not found', { id });
    return row;
  };

  return {
    /** The plain list (`benefits`): partners and client apps see PUBLISHED benefits only. */
    async list(identity: Identity, input: TListBenefitsInput): Promise<BenefitDto[]> {
      const { status, type, first } = parseInput(ZListBenefitsInput, input, 'benefit filter');
      const allowed: readonly BenefitStatus[] = seesAllStatuses(identity)
        ? status
          ? [status]
          : STATUSES
        : !status || status === 'PUBLISHED'
          ? ['PUBLISHED']
          : [];
      if (allowed.length === 0) return [];
      const rows = await repository.list({
        statuses: allowed,
        ...(type ? { type } : {}),
        take: first,
      });
      return rows.map((r) => toBenefitDto(r));
    },

    /** Console list with filters and cursor pagination, newest first. */
    async catalog(input: unknown): Promise<Connection<BenefitDto>> {
      const { first, after, filter } = parseInput(ZCatalogInput, input, 'benefit filter');
      const q = {
        ...(filter?.status?.length ? { statuses: filter.status } : {}),
        ...(filter?.type ? { type: filter.type } : {}),
        ...(filter?.search ? { search: filter.search } : {}),
      };
      const cursor = decodeCursor(after);
      const rows = await repository.page({
        ...q,
        ...(cursor ? { after: cursor } : {}),
        take: first + 1,
      });
      return toConnection(
        rows,
        first,
        (r) => toBenefitDto(r),
        () => repository.count(q),
      );
    },

    async get(
      identity: Identity,
      input: { id?: unknown; code?: unknown },
    ): Promise<BenefitDto | null> {
      const { id, code } = parseInput(
        z
          .object({ id: ZId.nullish(), code: z.string().max(64).nullish() })
          .refine((v) => Boolean(v.id) !== Boolean(v.code), 'give exactly one of id and code'),
        input,
        'benefit lookup',
      );
      const row = id ? await repository.findById(id) : await repository.findByCode(code!);
      if (!row) return null;
      if (!seesAllStatuses(identity) && row.status !== 'PUBLISHED') return null;
      return toBenefitDto(row);
    },

    async byIds(ids: readonly string[]): Promise<(BenefitDto | null)[]> {
      const valid = ids.filter((id) => ZId.safeParse(id).success);
      const rows = new Map((await repository.findByIds(valid)).map((r) => [r.id, toBenefitDto(r)]));
      return ids.map((id) => rows.get(id) ?? null);
    },

    async create(identity: Identity, input: unknown): Promise<BenefitDto> {
      const v = parseInput(ZCreateInput, input, 'benefit');
      const row = await repository.create(
        randomUUID(),
        {
          code: v.code,
          type: v.type,
          name: toStoredText(v.name),
          description: v.description ? toStoredText(v.description) : null,
          imageUrl: v.imageUrl ?? null,
          totalStock: v.totalStock ?? null,
          remainingStock: v.totalStock ?? null,
          perUserLimit: v.perUserLimit ?? null,
          ...validityWrite(v.validity),
          config: toConfig(v.type, v.config),
          updatedBy: actorOf(identity),
        },
        audit(identity, 'benefit.create'),
      );
      return toBenefitDto(row);
    },

    /**
     * Edits a benefit (not ARCHIVED). The code only changes in DRAFT. A new total stock moves the
     * remaining stock by the same difference (refused when more is already granted); going from
     * unlimited to finite starts from the units users already hold.
     */
    async update(identity: Identity, input: unknown): Promise<BenefitDto> {
      const raw = (input ?? {}) as Record<string, unknown>;
      const v = parseInput(ZUpdateInput, input, 'benefit');
      const row = await repository.update(
        v.id,
        async (before, held) => {
          checkVersion(before, v.expectedVersion);
          if (before.status === 'ARCHIVED')
            throw new AppError('INVALID_STATE', 'an archived benefit cannot be edited', {
              reason: 'ARCHIVED',
            });
          const data: BenefitWrite = { updatedBy: actorOf(identity) };
          if (v.code !== undefined && v.code !== before.code) {
            if (before.status !== 'DRAFT')
              throw new AppError('INVALID_STATE', 'the code is fixed once the benefit left DRAFT', {
                reason: 'CODE_FIXED',
              });
            data.code = v.code;
          }
          if (v.name) data.name = toStoredText(v.name);
          if ('description' in raw)
            data.description = v.description ? toStoredText(v.description) : null;
          if ('imageUrl' in raw) data.imageUrl = v.imageUrl ?? null;
          if ('perUserLimit' in raw) data.perUserLimit = v.perUserLimit ?? null;
          if (v.validity) Object.assign(data, validityWrite(v.validity));
          if (v.config) data.config = toConfig(before.type, v.config);
          if ('totalStock' in raw) {
            const total = v.totalStock ?? null;
            if (total === null) {
              data.totalStock = null;
              data.remainingStock = null;
            } else if (before.totalStock === null || before.remainingStock === null) {
              const used = await held();
              if (used > total)
                throw new AppError('INVALID_STATE', `users already hold ${used} units`, {
                  reason: 'STOCK_BELOW_GRANTED',
                  granted: used,
                });
              data.totalStock = total;
              data.remainingStock = total - used;
            } else {
              const remaining = before.remainingStock + (total - before.totalStock);
              if (remaining < 0)
                throw new AppError(
                  'INVALID_STATE',
                  `total stock cannot go below the ${before.totalStock - before.remainingStock} units already given out`,
                  {
                    reason: 'STOCK_BELOW_GRANTED',
                    granted: before.totalStock - before.remainingStock,
                  },
                );
              data.totalStock = total;
              data.remainingStock = remaining;
            }
          }
          return data;
        },
        audit(identity, 'benefit.update'),
      );
      return toBenefitDto(mustExist(row, v.id));
    },

    async transition(
      identity: Identity,
      action: LifecycleAction,
      input: unknown,
    ): Promise<BenefitDto> {
      const v = parseInput(ZTransitionInput, input, 'benefit');
      const row = await repository.update(
        v.id,
        (before) => {
          checkVersion(before, v.expectedVersion);
          const status = nextStatus(action, before.status);
          if (action === 'publish') assertPublishable(before);
          return { status, updatedBy: actorOf(identity) };
        },
        audit(identity, ACTION_NAMES[action]),
      );
      return toBenefitDto(mustExist(row, v.id));
    },
  };
}
export type BenefitService = ReturnType<typeof createBenefitService>;
