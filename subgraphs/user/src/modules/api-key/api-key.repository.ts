import type { Prisma } from '@badge/db';
import { insertOutboxRecords, isUniqueViolation, type PrismaClient } from '@badge/db';
import { AppError } from '@badge/service-kit';
import type { AuditBuilder } from '../../audit.js';

export interface ApiKeyRow {
  id: string;
  name: string;
  description: string | null;
  prefix: string;
  scopes: string[];
  rateLimitPerMinute: number | null;
  expiresAt: Date | null;
  isEnabled: boolean;
  lastUsedAt: Date | null;
  createdBy: string | null;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

// Never select key_hash into rows that leave the repository (only lookups compare it in SQL).
const select = {
  id: true,
  name: true,
  description: true,
  prefix: true,
  scopes: true,
  rateLimitPerMinute: true,
  expiresAt: true,
  isEnabled: true,
  lastUsedAt: true,
  createdBy: true,
  revokedAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type ApiKeyState = 'ACTIVE' | 'DISABLED' | 'EXPIRED';

export interface ApiKeyListFilter {
  state?: ApiKeyState | undefined;
  search?: string | undefined;
}

export interface ApiKeyPatch {
  name?: string;
  description?: string | null;
  scopes?: string[];
  rateLimitPerMinute?: number | null;
  expiresAt?: Date | null;
  isEnabled?: boolean;
  prefix?: string;
  keyHash?: string;
  revokedAt?: Date;
}

export function createApiKeyRepository(prisma: PrismaClient) {
  const stateWhere = (state: ApiKeyState | undefined, now: Date): Prisma.ApiKeyWhereInput => {
    switch (state) {
      case 'ACTIVE':
        return { isEnabled: true, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
      case 'DISABLED':
        return { isEnabled: false };
      case 'EXPIRED':
        return { isEnabled: true, expiresAt: { lte: now } };
      default:
        return {};
    }
  };

  return {
    async create(
      data: {
        name: string;
        description: string | null;
        prefix: string;
        keyHash: string;
        scopes: string[];
        rateLimitPerMinute: number | null;
        expiresAt: Date | null;
        createdBy: string | null;
      },
      audit: AuditBuilder<ApiKeyRow>,
    ): Promise<ApiKeyRow> {
      try {
        return await prisma.$transaction(async (tx) => {
          const row = await tx.apiKey.create({ data, select });
          await insertOutboxRecords(tx, 'user', audit(null, row));
          return row;
        });
      } catch (err) {
        // A prefix collision (48 random bits) is astronomically unlikely; surface it as a retryable conflict.
        if (isUniqueViolation(err))
          throw new AppError('CONFLICT', 'key collision, please try again');
        throw err;
      }
    },

    findByIds(ids: readonly string[]): Promise<ApiKeyRow[]> {
      return prisma.apiKey.findMany({ where: { id: { in: [...ids] }, revokedAt: null }, select });
    },

    /** The key with this SHA-256 hash, deleted ones included (the caller decides). */
    findByHash(keyHash: string): Promise<ApiKeyRow | null> {
      return prisma.apiKey.findUnique({ where: { keyHash }, select });
    },

    /** Keys not deleted, newest first; `after` = (createdAt, id) of the previous page's last row. */
    async list(
      filter: ApiKeyListFilter,
      page: { take: number; after?: { createdAt: Date; id: string } | undefined },
      now: Date,
    ): Promise<{ rows: ApiKeyRow[]; totalCount: number }> {
      const base: Prisma.ApiKeyWhereInput = {
        AND: [
          { revokedAt: null },
          stateWhere(filter.state, now),
          filter.search
            ? {
                OR: [
                  { name: { contains: filter.search, mode: 'insensitive' } },
                  { prefix: { startsWith: filter.search } },
                ],
              }
            : {},
        ],
      };
      const [rows, totalCount] = await Promise.all([
        prisma.apiKey.findMany({
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
          select,
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          take: page.take,
        }),
        prisma.apiKey.count({ where: base }),
      ]);
      return { rows, totalCount };
    },

    /** Changes a key that is not deleted (null when there is none) and audits the change. */
    async update(
      id: string,
      patch: ApiKeyPatch | ((before: ApiKeyRow) => ApiKeyPatch),
      audit: AuditBuilder<ApiKeyRow>,
    ): Promise<ApiKeyRow | null> {
      try {
        return await prisma.$transaction(async (tx) => {
          const [locked] = await tx.$queryRaw<{ id: string }[]>`
            SELECT id::text FROM "user".api_key WHERE id = ${id}::uuid AND revoked_at IS NULL FOR UPDATE`;
          if (!locked) return null;
          const before = await tx.apiKey.findUniqueOrThrow({ where: { id }, select });
          const data = typeof patch === 'function' ? patch(before) : patch;
          const after = await tx.apiKey.update({ where: { id }, data, select });
          await insertOutboxRecords(tx, 'user', audit(before, after));
          return after;
        });
      } catch (err) {
        if (isUniqueViolation(err))
          throw new AppError('CONFLICT', 'key collision, please try again');
        throw err;
      }
    },

    /** Last-used times, batched (fire-and-forget from the lookup path); never moves backwards. */
    async touchLastUsed(entries: ReadonlyMap<string, Date>): Promise<void> {
      const ids = [...entries.keys()];
      const times = ids.map((id) => entries.get(id)!.toISOString());
      await prisma.$executeRaw`
        UPDATE "user".api_key k SET last_used_at = v.at
        FROM unnest(${ids}::uuid[], ${times}::timestamptz[]) AS v(id, at)
        WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at < v.at)`;
    },
  };
}
export type ApiKeyRepository = ReturnType<typeof createApiKeyRepository>;
