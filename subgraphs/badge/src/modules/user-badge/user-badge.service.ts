import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, type Identity } from '@badge/service-kit';
import { AfterCommit } from '../../shared/after-commit.js';
import { SERVER_SERVICE } from '../../shared/audit.js';
import {
  ZPageArgs,
  ZTimeIdKey,
  decodeCursor,
  toConnection,
  type Connection,
} from '../../shared/pagination.js';
import { ZId, ZUserId, parseInput } from '../../shared/validation.js';
import type { Actor, GrantService } from './grant.service.js';
import type { UserBadgeRow } from './grant.repository.js';
import type { UserBadgeLogRow, UserBadgeRepository } from './user-badge.repository.js';

export interface UserBadgeDto {
  id: string;
  userId: string;
  badgeId: string;
  quantity: number;
  status: UserBadgeRow['status'];
  source: UserBadgeRow['source'];
  sourceRef: string | null;
  grantedAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  consumedAt: string | null;
  isPinned: boolean;
  wallOrder: number | null;
}

export interface UserBadgeLogDto {
  id: string;
  userBadgeId: string | null;
  userId: string;
  badgeId: string;
  action: UserBadgeLogRow['action'];
  delta: number;
  quantityAfter: number | null;
  source: UserBadgeLogRow['source'];
  sourceRef: string | null;
  actorType: UserBadgeLogRow['actorType'];
  actorId: string | null;
  reason: string | null;
  createdAt: string;
}

export interface BadgeWallItemDto {
  userId: string;
  badgeId: string;
  isEarned: boolean;
  quantity: number;
  isPinned: boolean;
  wallOrder: number | null;
  firstGrantedAt: string | null;
  lastGrantedAt: string | null;
  nextExpiresAt: string | null;
}

export interface BadgeWallDto {
  userId: string;
  items: BadgeWallItemDto[];
  earnedCount: number;
  pinnedCount: number;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toUserBadgeDto = (row: UserBadgeRow): UserBadgeDto => ({
  id: row.id,
  userId: row.userId,
  badgeId: row.badgeId,
  quantity: row.quantity,
  status: row.status,
  source: row.source,
  sourceRef: row.sourceRef,
  grantedAt: row.grantedAt.toISOString(),
  expiresAt: iso(row.expiresAt),
  revokedAt: iso(row.revokedAt),
  revokeReason: row.revokeReason,
  consumedAt: iso(row.consumedAt),
  isPinned: row.isPinned,
  wallOrder: row.wallOrder,
});

const toLogDto = (row: UserBadgeLogRow): UserBadgeLogDto => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
});

const STATUSES = ['ACTIVE', 'EXPIRED', 'REVOKED', 'CONSUMED'] as const;
/** At most this many badges pinned on one wall. */
export const MAX_PINNED = 12;
/** Catalogue tiles (not yet earned) on one wall, besides the earned ones. */
const MAX_WALL_BADGES = 500;

const ZUserBadgesArgs = ZPageArgs.extend({
  status: z.enum(STATUSES).nullish(),
  badgeId: ZId.nullish(),
});
const ZHistoryArgs = ZPageArgs.extend({ badgeId: ZId.nullish() });
const ZReason = z.string().trim().min(1, 'a reason is required').max(500);
const ZClientKey = z.string().trim().min(1).max(128).nullish();
const ZGrantInput = z
  .object({
    userId: ZUserId,
    badgeId: ZId,
    quantity: z.number().int().min(1).max(1000).nullish(),
    reason: ZReason,
    idempotencyKey: ZClientKey,
  })
  .strict();
const ZRevokeInput = z
  .object({
    userId: ZUserId,
    badgeId: ZId,
    quantity: z.number().int().min(1).max(1000).nullish(),
    userBadgeId: ZId.nullish(),
    reason: ZReason,
    idempotencyKey: ZClientKey,
  })
  .strict();

export const actorOf = (identity: Identity): Actor => ({
  type:
    identity.kind === 'admin'
      ? 'ADMIN'
      : identity.kind === 'user'
        ? 'USER'
        : identity.kind === 'partner'
          ? 'API_KEY'
          : 'SYSTEM',
  id: identity.kind === 'partner' ? (identity.apiKeyId ?? identity.subject) : identity.subject,
});

/** A user's badges for the console and client apps, the badge wall, and manual grant/revoke. */
export function createUserBadgeService(deps: {
  repository: UserBadgeRepository;
  grants: GrantService;
}) {
  const { repository } = deps;

  async function wall(userId: string, categoryId?: string): Promise<BadgeWallDto> {
    const held = await repository.heldBadges(userId);
    const heldById = new Map(held.map((h) => [h.badgeId, h]));
    const badges = await repository.wallBadges(
      [...heldById.keys()],
      MAX_WALL_BADGES + held.length,
      categoryId,
    );
    const catalogueRank = new Map(badges.map((b, i) => [b.id, i]));
    const items: BadgeWallItemDto[] = badges.map((b) => {
      const h = heldById.get(b.id);
      return {
        userId,
        badgeId: b.id,
        isEarned: Boolean(h),
        quantity: h?.quantity ?? 0,
        isPinned: h?.isPinned ?? false,
        wallOrder: h?.wallOrder ?? null,
        firstGrantedAt: iso(h?.firstGrantedAt ?? null),
        lastGrantedAt: iso(h?.lastGrantedAt ?? null),
        nextExpiresAt: iso(h?.nextExpiresAt ?? null),
      };
    });
    // Pinned first, then earned badges by wall order (then most recent), then locked catalogue tiles.
    const group = (i: BadgeWallItemDto) => (i.isPinned ? 0 : i.isEarned ? 1 : 2);
    items.sort(
      (a, b) =>
        group(a) - group(b) ||
        (a.wallOrder ?? Number.MAX_SAFE_INTEGER) - (b.wallOrder ?? Number.MAX_SAFE_INTEGER) ||
        (b.lastGrantedAt ?? '').localeCompare(a.lastGrantedAt ?? '') ||
        (catalogueRank.get(a.badgeId) ?? 0) - (catalogueRank.get(b.badgeId) ?? 0),
    );
    return {
      userId,
      items,
      earnedCount: items.filter((i) => i.isEarned).length,
      pinnedCount: items.filter((i) => i.isPinned).length,
    };
  }

  async function requireHeld(userId: string, badgeId: string) {
    const held = await repository.heldBadges(userId);
    if (!held.some((h) => h.badgeId === badgeId))
      throw new AppError('INVALID_STATE', 'only badges the user holds can be placed on the wall', {
        reason: 'NOT_HELD',
        badgeId,
      });
    return held;
  }

  return {
    async listForUser(userId: string, args: unknown): Promise<Connection<UserBadgeDto>> {
      const v = parseInput(ZUserBadgesArgs, args, 'user badge filter');
      const query = {
        userId,
        ...(v.status ? { status: v.status } : {}),
        ...(v.badgeId ? { badgeId: v.badgeId } : {}),
      };
      const after = decodeCursor(v.after, ZTimeIdKey);
      const rows = await repository.listUserBadges({
        ...query,
        ...(after ? { after } : {}),
        take: v.first + 1,
      });
      return toConnection(
        rows,
        v.first,
        toUserBadgeDto,
        (r) => [r.grantedAt.toISOString(), r.id],
        () => repository.countUserBadges({ ...query, take: 0 }),
      );
    },
    async holders(args: unknown): Promise<Connection<UserBadgeDto>> {
      const v = parseInput(ZUserBadgesArgs.extend({ badgeId: ZId }), args, 'holder filter');
      const query = { badgeId: v.badgeId, ...(v.status ? { status: v.status } : {}) };
      const after = decodeCursor(v.after, ZTimeIdKey);
      const rows = await repository.listUserBadges({
        ...query,
        ...(after ? { after } : {}),
        take: v.first + 1,
      });
      return toConnection(
        rows,
        v.first,
        toUserBadgeDto,
        (r) => [r.grantedAt.toISOString(), r.id],
        () => repository.countUserBadges({ ...query, take: 0 }),
      );
    },
    async history(userId: string, args: unknown): Promise<Connection<UserBadgeLogDto>> {
      const v = parseInput(ZHistoryArgs, args, 'history filter');
      const query = { userId, ...(v.badgeId ? { badgeId: v.badgeId } : {}) };
      const after = decodeCursor(v.after, ZTimeIdKey);
      const rows = await repository.listLogs({
        ...query,
        ...(after ? { after } : {}),
        take: v.first + 1,
      });
      return toConnection(
        rows,
        v.first,
        toLogDto,
        (r) => [r.createdAt.toISOString(), r.id],
        () => repository.countLogs({ ...query, take: 0 }),
      );
    },
    /** One grant; end users only see their own (others: null). */
    async get(identity: Identity, id: unknown): Promise<UserBadgeDto | null> {
      const v = parseInput(z.object({ id: ZId }), { id }, 'user badge');
      const [row] = await repository.findUserBadgesByIds([v.id]);
      if (!row) return null;
      if (identity.kind === 'user' && row.userId !== identity.subject) return null;
      return toUserBadgeDto(row);
    },
    async byIds(ids: readonly string[]): Promise<(UserBadgeDto | null)[]> {
      const valid = ids.filter((id) => ZId.safeParse(id).success);
      const rows = new Map(
        (await repository.findUserBadgesByIds(valid)).map((r) => [r.id, toUserBadgeDto(r)]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },

    /** The wall (optionally one category's tiles only, e.g. a tab per category). */
    wall(userId: string, args: { categoryId?: unknown } = {}): Promise<BadgeWallDto> {
      const v = parseInput(
        z.object({ userId: ZUserId, categoryId: ZId.nullish() }),
        { userId, categoryId: args.categoryId },
        'wall',
      );
      return wall(v.userId, v.categoryId ?? undefined);
    },

    async pin(
      identity: Identity,
      userId: unknown,
      badgeId: unknown,
      isPinned: boolean,
    ): Promise<BadgeWallDto> {
      const v = parseInput(z.object({ userId: ZUserId, badgeId: ZId }), { userId, badgeId }, 'pin');
      const held = await requireHeld(v.userId, v.badgeId);
      if (isPinned && !held.find((h) => h.badgeId === v.badgeId)?.isPinned) {
        const pinned = held.filter((h) => h.isPinned).length;
        if (pinned >= MAX_PINNED)
          throw new AppError('LIMIT_EXCEEDED', `at most ${MAX_PINNED} badges can be pinned`, {
            reason: 'PIN_LIMIT',
            max: MAX_PINNED,
          });
      }
      const actor = actorOf(identity);
      await repository.setPinned(v.userId, v.badgeId, isPinned, {
        actorType: actor.type,
        actorId: actor.id ?? '',
      });
      return wall(v.userId);
    },

    async reorder(identity: Identity, userId: unknown, badgeIds: unknown): Promise<BadgeWallDto> {
      const v = parseInput(
        z.object({
          userId: ZUserId,
          badgeIds: z
            .array(ZId)
            .max(MAX_WALL_BADGES)
            .refine((ids) => new Set(ids).size === ids.length, 'a badge appears twice'),
        }),
        { userId, badgeIds },
        'wall order',
      );
      const held = new Set((await repository.heldBadges(v.userId)).map((h) => h.badgeId));
      const notHeld = v.badgeIds.filter((id) => !held.has(id));
      if (notHeld.length)
        throw new AppError('INVALID_STATE', 'only badges the user holds can be ordered', {
          reason: 'NOT_HELD',
          badgeIds: notHeld,
        });
      const actor = actorOf(identity);
      await repository.reorderWall(v.userId, v.badgeIds, {
        actorType: actor.type,
        actorId: actor.id ?? '',
      });
      return wall(v.userId);
    },

    /** Console grant (MANUAL, reason required, audited). A client key makes retries safe. */
    async grantManually(identity: Identity, input: unknown) {
      const v = parseInput(ZGrantInput, input, 'grant');
      const operationId = randomUUID();
      const result = await deps.grants.grantNow(
        {
          userId: v.userId,
          badgeId: v.badgeId,
          quantity: v.quantity ?? 1,
          source: 'MANUAL',
          sourceRef: operationId,
          idempotencyKey: v.idempotencyKey
            ? `manual:${identity.subject}:${v.idempotencyKey}`
            : `manual:${operationId}`,
          reason: v.reason,
          actor: actorOf(identity),
          audit: { identity, operationId, action: 'badge.grant', service: SERVER_SERVICE },
        },
        new AfterCommit(),
      );
      return {
        userBadge: toUserBadgeDto(result.userBadge),
        isDuplicate: result.isDuplicate,
        activeQuantity: result.activeQuantity,
      };
    },

    /** Console revoke (reason required, audited; dependents follow their revokeBehavior). */
    async revokeManually(identity: Identity, input: unknown) {
      const v = parseInput(ZRevokeInput, input, 'revoke');
      const operationId = randomUUID();
      const result = await deps.grants.revokeNow(
        {
          userId: v.userId,
          badgeId: v.badgeId,
          quantity: v.quantity ?? 1,
          ...(v.userBadgeId ? { userBadgeId: v.userBadgeId } : {}),
          kind: 'REVOKED',
          source: 'MANUAL',
          sourceRef: operationId,
          reason: v.reason,
          actor: actorOf(identity),
          ...(v.idempotencyKey
            ? { idempotencyKey: `manual-revoke:${identity.subject}:${v.idempotencyKey}` }
            : {}),
          audit: { identity, operationId, action: 'badge.revoke', service: SERVER_SERVICE },
        },
        new AfterCommit(),
      );
      return {
        userBadges: result.userBadges.map(toUserBadgeDto),
        revokedQuantity: result.removedQuantity,
        remainingQuantity: result.remainingQuantity,
        isDuplicate: result.isDuplicate,
      };
    },
  };
}
export type UserBadgeService = ReturnType<typeof createUserBadgeService>;
