import type { Prisma } from '@badge/db';
import {
  insertOutboxRecords,
  type PrismaClient,
  type UserStatus,
  type WallLayout,
  type WallSort,
} from '@badge/db';
import type { AuditBuilder } from '../../audit.js';

export interface UserRow {
  id: string;
  externalId: string;
  nickname: string | null;
  avatarUrl: string | null;
  phoneCiphertext: Uint8Array | null;
  phoneKeyId: string | null;
  phoneBlindIndex: string | null;
  emailCiphertext: Uint8Array | null;
  emailKeyId: string | null;
  emailBlindIndex: string | null;
  timezone: string;
  locale: string;
  status: UserStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** An encrypted PII field as stored: ciphertext, key id and blind index together (or all null). */
export interface StoredPii {
  ciphertext: Uint8Array;
  keyId: string;
  blindIndex: string;
}

export interface UserChanges {
  nickname?: string | null;
  avatarUrl?: string | null;
  timezone?: string;
  locale?: string;
  status?: UserStatus;
  phone?: StoredPii | null;
  email?: StoredPii | null;
}

export interface UserSearchFilter {
  externalId?: string | undefined;
  phoneBlindIndex?: string | undefined;
  emailBlindIndex?: string | undefined;
  nickname?: string | undefined;
  status?: UserStatus | undefined;
}

const piiData = (field: 'phone' | 'email', value: StoredPii | null | undefined) => {
  if (value === undefined) return {};
  return {
    [`${field}Ciphertext`]: value ? Buffer.from(value.ciphertext) : null,
    [`${field}KeyId`]: value?.keyId ?? null,
    [`${field}BlindIndex`]: value?.blindIndex ?? null,
  };
};

export interface WallPreferenceRow {
  userId: string;
  layout: WallLayout;
  sort: WallSort;
  isPublic: boolean;
  showLocked: boolean;
  showExpired: boolean;
}

export type WallPreferenceChanges = Partial<Omit<WallPreferenceRow, 'userId'>>;

export function createUserRepository(prisma: PrismaClient) {
  return {
    /** Stored wall preferences of some users (internal ids); absent users use the defaults. */
    findWallPreferences(userIds: readonly string[]): Promise<WallPreferenceRow[]> {
      return prisma.wallPreference.findMany({
        where: { userId: { in: [...userIds] } },
        select: {
          userId: true,
          layout: true,
          sort: true,
          isPublic: true,
          showLocked: true,
          showExpired: true,
        },
      });
    },

    /** Sets a user's wall preferences (creating the user row on first contact), audited. */
    async updateWallPreference(
      externalId: string,
      changes: WallPreferenceChanges,
      audit: AuditBuilder<WallPreferenceRow>,
    ): Promise<WallPreferenceRow> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`
          INSERT INTO "user"."user" (id, external_id) VALUES (gen_random_uuid(), ${externalId})
          ON CONFLICT (external_id) DO NOTHING`;
        const user = await tx.user.findUniqueOrThrow({
          where: { externalId },
          select: { id: true },
        });
        const select = {
          userId: true,
          layout: true,
          sort: true,
          isPublic: true,
          showLocked: true,
          showExpired: true,
        } as const;
        const before = await tx.wallPreference.findUnique({ where: { userId: user.id }, select });
        const after = await tx.wallPreference.upsert({
          where: { userId: user.id },
          create: { userId: user.id, ...changes },
          update: { ...changes, updatedAt: new Date() },
          select,
        });
        await insertOutboxRecords(tx, 'user', audit(before, after));
        return after;
      });
    },

    findByExternalIds(externalIds: readonly string[]): Promise<UserRow[]> {
      return prisma.user.findMany({ where: { externalId: { in: [...externalIds] } } });
    },

    /**
     * Creates the user when the external id is new, then applies `changes` — one transaction
     * with the audit record. Concurrent upserts of one id serialise on the row lock.
     */
    async upsert(
      externalId: string,
      changes: UserChanges,
      audit: AuditBuilder<UserRow>,
    ): Promise<{ row: UserRow; created: boolean }> {
      return prisma.$transaction(async (tx) => {
        const inserted = await tx.$executeRaw`
          INSERT INTO "user"."user" (id, external_id) VALUES (gen_random_uuid(), ${externalId})
          ON CONFLICT (external_id) DO NOTHING`;
        await tx.$executeRaw`SELECT 1 FROM "user"."user" WHERE external_id = ${externalId} FOR UPDATE`;
        const before = await tx.user.findUniqueOrThrow({ where: { externalId } });
        const after = await tx.user.update({
          where: { externalId },
          data: {
            ...(changes.nickname !== undefined ? { nickname: changes.nickname } : {}),
            ...(changes.avatarUrl !== undefined ? { avatarUrl: changes.avatarUrl } : {}),
            ...(changes.timezone !== undefined ? { timezone: changes.timezone } : {}),
            ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
            ...(changes.status !== undefined ? { status: changes.status } : {}),
            ...piiData('phone', changes.phone),
            ...piiData('email', changes.email),
            updatedAt: new Date(),
          },
        });
        const created = inserted === 1;
        await insertOutboxRecords(tx, 'user', audit(created ? null : before, after));
        return { row: after, created };
      });
    },

    /** Console search, newest first; `after` = (createdAt, id) of the previous page's last row. */
    async search(
      filter: UserSearchFilter,
      page: { take: number; after?: { createdAt: Date; id: string } | undefined },
    ): Promise<{ rows: UserRow[]; totalCount: number }> {
      const base: Prisma.UserWhereInput = {
        ...(filter.externalId ? { externalId: filter.externalId } : {}),
        ...(filter.phoneBlindIndex ? { phoneBlindIndex: filter.phoneBlindIndex } : {}),
        ...(filter.emailBlindIndex ? { emailBlindIndex: filter.emailBlindIndex } : {}),
        ...(filter.nickname
          ? { nickname: { contains: filter.nickname, mode: 'insensitive' } }
          : {}),
        ...(filter.status ? { status: filter.status } : {}),
      };
      const [rows, totalCount] = await Promise.all([
        prisma.user.findMany({
          where: page.after
            ? {
                AND: [
                  base,
                  {
                    OR: [
                      { createdAt: { lt: page.after.createdAt } },
                      { createdAt: page.after.createdAt, id: { lt: page.after.id } },
                    ],
                  },
                ],
              }
            : base,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: page.take,
        }),
        prisma.user.count({ where: base }),
      ]);
      return { rows, totalCount };
    },

    /** Users with PII under one of `keyIds` (re-encryption job), in id order. */
    findByKeyIds(
      keyIds: readonly string[],
      afterId: string | null,
      take: number,
    ): Promise<UserRow[]> {
      return prisma.user.findMany({
        where: {
          ...(afterId ? { id: { gt: afterId } } : {}),
          OR: [{ phoneKeyId: { in: [...keyIds] } }, { emailKeyId: { in: [...keyIds] } }],
        },
        orderBy: { id: 'asc' },
        take,
      });
    },

    /** Users with PII under a key id that is not in `knownKeyIds` (undecryptable here). */
    countWithUnknownKeys(knownKeyIds: readonly string[]): Promise<number> {
      return prisma.user.count({
        where: {
          OR: [
            { phoneKeyId: { notIn: [...knownKeyIds] } },
            { emailKeyId: { notIn: [...knownKeyIds] } },
          ],
        },
      });
    },

    /**
     * Replaces a user's ciphertexts when they are still the ones that were read (optimistic: a
     * concurrent profile update wins and the job picks the row up on its next run).
     */
    async replaceCiphertexts(
      row: UserRow,
      next: {
        phone?: { ciphertext: Uint8Array; keyId: string };
        email?: { ciphertext: Uint8Array; keyId: string };
      },
    ): Promise<boolean> {
      const updated = await prisma.user.updateMany({
        where: {
          id: row.id,
          phoneKeyId: row.phoneKeyId,
          emailKeyId: row.emailKeyId,
          phoneBlindIndex: row.phoneBlindIndex,
          emailBlindIndex: row.emailBlindIndex,
        },
        data: {
          ...(next.phone
            ? { phoneCiphertext: Buffer.from(next.phone.ciphertext), phoneKeyId: next.phone.keyId }
            : {}),
          ...(next.email
            ? { emailCiphertext: Buffer.from(next.email.ciphertext), emailKeyId: next.email.keyId }
            : {}),
        },
      });
      return updated.count === 1;
    },
  };
}
export type UserRepository = ReturnType<typeof createUserRepository>;
