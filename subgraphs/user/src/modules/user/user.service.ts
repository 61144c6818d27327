import { AppError, LOCALES, type Identity } from '@badge/service-kit';
import { z } from 'zod';
import { auditRecord, type AuditBuilder } from '../../audit.js';
import type { PiiCrypto } from '../../crypto/keys.js';
import {
  decodeCursor,
  parseInput,
  toConnection,
  ZConnectionArgs,
  type Connection,
} from '../../pagination.js';
import { maskEmail, maskPhone, normalizeEmail, normalizePhone } from './pii.js';
import type {
  StoredPii,
  UserChanges,
  UserRepository,
  UserRow,
  WallPreferenceRow,
} from './user.repository.js';

export const PHONE_AAD = 'user.phone';
export const EMAIL_AAD = 'user.email';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const ZExternalId = z
  .string()
  .min(1)
  .max(128)
  .refine((v) => v.trim() === v, 'no leading or trailing spaces');

const ZStatus = z.enum(['ACTIVE', 'BLOCKED', 'DELETED']);

export const ZUpsertUserInput = z.object({
  id: ZExternalId,
  nickname: z.string().trim().min(1).max(64).nullish(),
  avatarUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .nullish(),
  locale: z.enum(LOCALES).nullish(),
  timezone: z
    .string()
    .max(64)
    .refine(isTimeZone, 'an IANA time zone such as Asia/Shanghai')
    .nullish(),
  /** null clears it; absent leaves it unchanged. */
  phone: z.string().max(32).nullish(),
  email: z.string().max(320).nullish(),
  status: ZStatus.nullish(),
});
export type TUpsertUserInput = z.input<typeof ZUpsertUserInput>;

export const ZUsersArgs = ZConnectionArgs.extend({
  filter: z
    .object({
      externalId: z.string().trim().max(128).nullish(),
      phone: z.string().max(32).nullish(),
      email: z.string().max(320).nullish(),
      nickname: z.string().trim().max(64).nullish(),
      status: ZStatus.nullish(),
    })
    .nullish(),
});
export type TUsersArgs = z.input<typeof ZUsersArgs>;

const ZCursor = z.tuple([z.iso.datetime(), z.uuid()]);

export const ZUpdateWallPreferenceInput = z.object({
  layout: z.enum(['GRID', 'LIST']).nullish(),
  sort: z.enum(['DISPLAY_ORDER', 'EARNED_AT_DESC', 'EARNED_AT_ASC', 'CATEGORY']).nullish(),
  isPublic: z.boolean().nullish(),
  showLocked: z.boolean().nullish(),
  showExpired: z.boolean().nullish(),
});
export type TUpdateWallPreferenceInput = z.input<typeof ZUpdateWallPreferenceInput>;

export type WallPreferenceDto = Omit<WallPreferenceRow, 'userId'>;
export const DEFAULT_WALL_PREFERENCE: WallPreferenceDto = {
  layout: 'GRID',
  sort: 'DISPLAY_ORDER',
  isPublic: true,
  showLocked: true,
  showExpired: false,
};
const wallDto = ({ userId: _, ...rest }: WallPreferenceRow): WallPreferenceDto => rest;

export interface UserDto {
  /** The external id (the federation key). */
  id: string;
  /** Internal uuid (never exposed in the schema). */
  internalId: string;
  nickname: string | null;
  avatarUrl: string | null;
  locale: string;
  timezone: string;
  status: UserRow['status'];
  maskedPhone: string | null;
  maskedEmail: string | null;
  phone: string | null;
  email: string | null;
  createdAt: string;
  updatedAt: string;
}

/** End users: profile, PII encrypted at rest, console search, the federation entity. */
export function createUserService(deps: {
  repository: UserRepository;
  crypto: PiiCrypto;
  phoneDefaultCountryCode: string;
}) {
  const { repository, crypto } = deps;

  const decrypt = (ct: Uint8Array | null, keyId: string | null, aad: string): string | null =>
    ct && keyId ? crypto.cipher.decrypt(ct, keyId, aad) : null;

  const toDto = (row: UserRow): UserDto => {
    const phone = decrypt(row.phoneCiphertext, row.phoneKeyId, PHONE_AAD);
    const email = decrypt(row.emailCiphertext, row.emailKeyId, EMAIL_AAD);
    return {
      id: row.externalId,
      internalId: row.id,
      nickname: row.nickname,
      avatarUrl: row.avatarUrl,
      locale: row.locale,
      timezone: row.timezone,
      status: row.status,
      maskedPhone: phone && maskPhone(phone),
      maskedEmail: email && maskEmail(email),
      phone,
      email,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  };

  // Audit snapshots carry masked PII only.
  const snapshot = (row: UserRow | null) => {
    if (!row) return null;
    const dto = toDto(row);
    return {
      nickname: dto.nickname,
      avatarUrl: dto.avatarUrl,
      locale: dto.locale,
      timezone: dto.timezone,
      status: dto.status,
      phone: dto.maskedPhone,
      email: dto.maskedEmail,
    };
  };

  const phoneOf = (raw: string, field: string): string => {
    const normalized = normalizePhone(raw, deps.phoneDefaultCountryCode);
    if (!normalized)
      throw new AppError('BAD_USER_INPUT', 'invalid phone number', { field, reason: 'not E.164' });
    return normalized;
  };
  const emailOf = (raw: string, field: string): string => {
    const normalized = normalizeEmail(raw);
    if (!normalized) throw new AppError('BAD_USER_INPUT', 'invalid e-mail address', { field });
    return normalized;
  };

  const seal = (kind: 'phone' | 'email', normalized: string): StoredPii => {
    const { ciphertext, keyId } = crypto.cipher.encrypt(
      normalized,
      kind === 'phone' ? PHONE_AAD : EMAIL_AAD,
    );
    return { ciphertext, keyId, blindIndex: crypto.blindIndex(kind, normalized) };
  };

  const byExternalIds = async (ids: readonly string[]): Promise<(UserDto | null)[]> => {
    const rows = new Map((await repository.findByExternalIds(ids)).map((r) => [r.externalId, r]));
    return ids.map((id) => {
      const row = rows.get(id);
      return row ? toDto(row) : null;
    });
  };

  return {
    byExternalIds,
    toDto,

    /** Wall preferences by internal user id (defaults where none are stored). */
    async wallPreferences(userIds: readonly string[]): Promise<WallPreferenceDto[]> {
      const rows = new Map(
        (await repository.findWallPreferences(userIds)).map((r) => [r.userId, wallDto(r)]),
      );
      return userIds.map((id) => rows.get(id) ?? DEFAULT_WALL_PREFERENCE);
    },

    async updateWallPreference(
      identity: Identity,
      userId: string,
      input: TUpdateWallPreferenceInput,
    ): Promise<WallPreferenceDto> {
      const externalId = parseInput(ZExternalId, userId, 'user id');
      const data = parseInput(ZUpdateWallPreferenceInput, input, 'wall preference');
      const changes = Object.fromEntries(
        Object.entries(data).filter(([, v]) => v !== null && v !== undefined),
      );
      const row = await repository.updateWallPreference(externalId, changes, (before, after) => [
        auditRecord(identity, {
          module: 'user',
          action: 'user.wall_preference.update',
          targetType: 'User',
          targetId: externalId,
          before: before ? wallDto(before) : DEFAULT_WALL_PREFERENCE,
          ...(after ? { after: wallDto(after) } : {}),
        }),
      ]);
      return wallDto(row);
    },

    async get(id: string): Promise<UserDto | null> {
      return (await byExternalIds([id]))[0] ?? null;
    },

    /**
     * Creates or updates a user by external id. Phone and e-mail are normalised, encrypted with
     * the current key and indexed; the end user themself may not change their status.
     */
    async upsert(
      identity: Identity,
      input: TUpsertUserInput,
    ): Promise<{ user: UserDto; created: boolean }> {
      const data = parseInput(ZUpsertUserInput, input, 'user');
      if (identity.kind === 'user' && data.status != null)
        throw new AppError('FORBIDDEN', 'users cannot change their own status', {
          field: 'status',
        });
      const changes: UserChanges = {
        ...(data.nickname !== undefined ? { nickname: data.nickname } : {}),
        ...(data.avatarUrl !== undefined ? { avatarUrl: data.avatarUrl } : {}),
        ...(data.locale ? { locale: data.locale } : {}),
        ...(data.timezone ? { timezone: data.timezone } : {}),
        ...(data.status ? { status: data.status } : {}),
        ...(data.phone !== undefined
          ? { phone: data.phone === null ? null : seal('phone', phoneOf(data.phone, 'phone')) }
          : {}),
        ...(data.email !== undefined
          ? { email: data.email === null ? null : seal('email', emailOf(data.email, 'email')) }
          : {}),
      };
      const audit: AuditBuilder<UserRow> = (before, after) => [
        auditRecord(identity, {
          module: 'user',
          action: before ? 'user.update' : 'user.create',
          targetType: 'User',
          targetId: data.id,
          ...(before ? { before: snapshot(before) } : {}),
          ...(after ? { after: snapshot(after) } : {}),
        }),
      ];
      const { row, created } = await repository.upsert(data.id, changes, audit);
      return { user: toDto(row), created };
    },

    /**
     * Console search: exact external id, exact phone or e-mail (through their blind indexes —
     * the database never sees the plaintext), nickname fragment, status.
     */
    async search(args: TUsersArgs): Promise<Connection<UserDto>> {
      const { first, after, filter } = parseInput(ZUsersArgs, args, 'user search');
      const cursor = decodeCursor(after, ZCursor);
      const { rows, totalCount } = await repository.search(
        {
          externalId: filter?.externalId || undefined,
          phoneBlindIndex: filter?.phone
            ? crypto.blindIndex('phone', phoneOf(filter.phone, 'filter.phone'))
            : undefined,
          emailBlindIndex: filter?.email
            ? crypto.blindIndex('email', emailOf(filter.email, 'filter.email'))
            : undefined,
          nickname: filter?.nickname || undefined,
          status: filter?.status ?? undefined,
        },
        {
          take: first + 1,
          after: cursor ? { createdAt: new Date(cursor[0]), id: cursor[1] } : undefined,
        },
      );
      return toConnection(rows, first, totalCount, toDto, (r) => [r.createdAt.toISOString(), r.id]);
    },
  };
}
export type UserService = ReturnType<typeof createUserService>;
