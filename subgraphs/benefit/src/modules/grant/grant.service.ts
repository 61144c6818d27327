import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, hasScope, type Identity } from '@badge/service-kit';
import { actorOf, auditRecord } from '../../shared/audit.js';
import type { UnitOfWork } from '../../shared/db.repository.js';
import { Effects } from '../../shared/effects.js';
import { decodeCursor, toConnection, ZPageArgs, type Connection } from '../../shared/pagination.js';
import {
  iso,
  parseInput,
  ZId,
  ZIdempotencyKey,
  ZInstant,
  ZReason,
  ZUserId,
} from '../../shared/validation.js';
import type { ClawbackService } from './clawback.service.js';
import { payloadOf, type GrantEngine } from './grant-engine.js';
import type {
  BenefitGrantSource,
  BenefitGrantStatus,
  FulfilmentStatus,
  GrantRepository,
  GrantRow,
} from './grant.repository.js';
import {
  FULFILMENT_TRANSITIONS,
  isRetryableCode,
  parseFailure,
  type ClawbackRecord,
  type FailureCode,
} from './grant.rules.js';

export interface GrantDto {
  id: string;
  userId: string;
  benefitId: string;
  status: BenefitGrantStatus;
  source: BenefitGrantSource;
  quantity: number;
  sourceBadgeId: string | null;
  sourceBadgeGrantId: string | null;
  redemptionId: string | null;
  failureCode: FailureCode | null;
  failureReason: string | null;
  isRetryable: boolean;
  attempts: number;
  points: number | null;
  fulfilment: {
    status: FulfilmentStatus;
    carrier: string | null;
    trackingNumber: string | null;
    updatedAt: string | null;
  } | null;
  externalRef: string | null;
  usedAt: string | null;
  grantedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  clawback: ClawbackRecord | null;
  createdAt: string;
  updatedAt: string;
}

export function toGrantDto(row: GrantRow, maxAttempts: number): GrantDto {
  const failure = row.status === 'FAILED' ? parseFailure(row.failureReason) : null;
  const payload = payloadOf(row);
  const f =
    row.fulfilment && typeof row.fulfilment === 'object' && !Array.isArray(row.fulfilment)
      ? (row.fulfilment as Record<string, unknown>)
      : {};
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const clawback = payload.clawback as ClawbackRecord | undefined;
  return {
    id: row.id,
    userId: row.userId,
    benefitId: row.benefitId,
    status: row.status,
    source: row.source,
    quantity: row.quantity,
    sourceBadgeId: row.sourceBadgeId,
    sourceBadgeGrantId: row.sourceBadgeGrantId,
    redemptionId: row.redemptionId,
    failureCode: failure?.code ?? null,
    failureReason: failure?.message ?? null,
    isRetryable:
      row.status === 'FAILED' &&
      row.source !== 'REDEMPTION' &&
      isRetryableCode(failure?.code) &&
      row.attempts < maxAttempts,
    attempts: row.attempts,
    points: typeof payload.points === 'number' ? payload.points : null,
    fulfilment: row.fulfilmentStatus
      ? {
          status: row.fulfilmentStatus,
          carrier: str(f.carrier),
          trackingNumber: str(f.trackingNumber),
          updatedAt: str(f.updatedAt),
        }
      : null,
    externalRef: row.externalRef,
    usedAt: str(payload.usedAt),
    grantedAt: iso(row.grantedAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    revokeReason: row.revokeReason,
    clawback: clawback && typeof clawback === 'object' ? clawback : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const STATUSES = ['PENDING', 'GRANTED', 'FAILED', 'REVOKED', 'EXPIRED'] as const;
const SOURCES = ['AUTO', 'REDEMPTION', 'MANUAL'] as const;

const ZListInput = ZPageArgs.extend({
  filter: z
    .object({
      userId: ZUserId.nullish(),
      benefitId: ZId.nullish(),
      status: z.enum(STATUSES).nullish(),
      source: z.enum(SOURCES).nullish(),
    })
    .nullish(),
});
const ZUserListInput = ZPageArgs.extend({ status: z.enum(STATUSES).nullish() });

const ZGrantInput = z
  .object({
    userId: ZUserId,
    benefitId: ZId,
    quantity: z.number().int().min(1).max(10_000).nullish(),
    reason: ZReason,
    idempotencyKey: ZIdempotencyKey.nullish(),
  })
  .strict();

const ZRevokeInput = z.object({ id: ZId, reason: ZReason }).strict();

const ZFulfilmentInput = z
  .object({
    grantId: ZId,
    status: z.enum(['PENDING', 'PROCESSING', 'SHIPPED', 'DELIVERED', 'RETURNED', 'CANCELLED']),
    carrier: z.string().trim().min(1).max(64).nullish(),
    trackingNumber: z.string().trim().min(1).max(128).nullish(),
  })
  .strict();

const ZUsedInput = z.object({ id: ZId, usedAt: ZInstant.nullish() }).strict();

/** End users see their own grants; partners with read:grants and console readers any. */
const canSeeAnyGrant = (identity: Identity) =>
  identity.kind === 'admin' ||
  identity.kind === 'service' ||
  hasScope(identity, 'read:grants') ||
  hasScope(identity, 'read:redemption') ||
  hasScope(identity, 'write:redemption');

export function createGrantService(deps: {
  uow: UnitOfWork;
  grants: GrantRepository;
  engine: GrantEngine;
  clawback: ClawbackService;
  maxAttempts: number;
}) {
  const { grants, uow, engine } = deps;
  const dto = (row: GrantRow) => toGrantDto(row, deps.maxAttempts);
  const mustFind = async (id: string) => {
    const row = await grants.findById(id);
    if (!row) throw new AppError('NOT_FOUND', 'benefit grant not found', { id });
    return row;
  };

  const adminUpdate = async (
    identity: Identity,
    id: string,
    action: string,
    plan: (grant: GrantRow) => Parameters<GrantRepository['update']>[2],
  ): Promise<GrantDto> => {
    const current = await mustFind(id);
    return dto(
      await uow.run(async (tx) => {
        await uow.lockUser(tx, current.userId);
        const before = await grants.lockById(tx, id);
        if (!before) throw new AppError('NOT_FOUND', 'benefit grant not found', { id });
        const after = await grants.update(tx, id, plan(before));
        await uow.writeOutbox(tx, [
          auditRecord(identity, {
            action,
            targetType: 'BenefitGrant',
            targetId: id,
            before,
            after,
          }),
        ]);
        return after;
      }),
    );
  };

  return {
    async get(identity: Identity, input: { id?: unknown }): Promise<GrantDto | null> {
      const { id } = parseInput(z.object({ id: ZId }), input, 'benefit grant id');
      const row = await grants.findById(id);
      if (!row) return null;
      if (!canSeeAnyGrant(identity) && row.userId !== identity.subject) return null;
      return dto(row);
    },

    async byIds(ids: readonly string[]): Promise<(GrantDto | null)[]> {
      const rows = new Map(
        (await grants.findByIds(ids.filter((id) => ZId.safeParse(id).success))).map((r) => [
          r.id,
          dto(r),
        ]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },

    async byRedemptionIds(ids: readonly string[]): Promise<(GrantDto | null)[]> {
      const rows = new Map(
        (await grants.findByRedemptionIds(ids)).map((r) => [r.redemptionId!, dto(r)]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },

    async couponCodes(grantIds: readonly string[]): Promise<(string | null)[]> {
      const codes = await grants.couponCodes(grantIds);
      return grantIds.map((id) => codes.get(id) ?? null);
    },

    async list(input: unknown): Promise<Connection<GrantDto>> {
      const v = parseInput(ZListInput, input, 'benefit grant filter');
      const f = v.filter ?? {};
      const q = {
        ...(f.userId ? { userId: f.userId } : {}),
        ...(f.benefitId ? { benefitId: f.benefitId } : {}),
        ...(f.status ? { statuses: [f.status] } : {}),
        ...(f.source ? { source: f.source } : {}),
      };
      const cursor = decodeCursor(v.after);
      const rows = await grants.page({
        ...q,
        ...(cursor ? { after: cursor } : {}),
        take: v.first + 1,
      });
      return toConnection(rows, v.first, dto, () => grants.count(q));
    },

    async listForUser(userId: string, input: unknown): Promise<Connection<GrantDto>> {
      const v = parseInput(ZUserListInput, input, 'benefit grant filter');
      const q = { userId, ...(v.status ? { statuses: [v.status] } : {}) };
      const cursor = decodeCursor(v.after);
      const rows = await grants.page({
        ...q,
        ...(cursor ? { after: cursor } : {}),
        take: v.first + 1,
      });
      return toConnection(rows, v.first, dto, () => grants.count(q));
    },

    /**
     * Console grant (source MANUAL): the same checks as any grant (status, validity, stock,
     * per-user limit); a refusal is recorded as a FAILED grant and returned. Idempotent on the
     * client key.
     */
    async grantManually(identity: Identity, input: unknown) {
      const v = parseInput(ZGrantInput, input, 'benefit grant');
      const fx = new Effects();
      const key = `manual:${v.idempotencyKey ?? randomUUID()}`;
      const placed = await uow.run(async (tx) => {
        await uow.lockUser(tx, v.userId);
        const result = await engine.place(
          tx,
          {
            userId: v.userId,
            benefitId: v.benefitId,
            quantity: v.quantity ?? 1,
            source: 'MANUAL',
            idempotencyKey: key,
            actor: actorOf(identity),
          },
          fx,
        );
        if (!result.isDuplicate) {
          await uow.writeOutbox(tx, [
            auditRecord(identity, {
              action: 'benefit.grant',
              targetType: 'BenefitGrant',
              targetId: result.grant.id,
              after: { ...result.grant, reason: v.reason },
            }),
          ]);
        }
        return result;
      });
      if (
        placed.isDuplicate &&
        (placed.grant.userId !== v.userId || placed.grant.benefitId !== v.benefitId)
      )
        throw new AppError('CONFLICT', 'idempotency key already used for another grant', {
          reason: 'IDEMPOTENCY_KEY_REUSED',
        });
      await engine.settle(fx);
      return { grant: dto(await mustFind(placed.grant.id)), isDuplicate: placed.isDuplicate };
    },

    /** Console retry of a FAILED (or stuck PENDING) AUTO or MANUAL grant, whatever its attempts. */
    async retry(identity: Identity, input: unknown): Promise<GrantDto> {
      const { id } = parseInput(z.object({ id: ZId }), input, 'benefit grant id');
      const current = await mustFind(id);
      if (current.source === 'REDEMPTION')
        throw new AppError(
          'INVALID_STATE',
          'a redemption grant is not retried: its redemption was compensated; redeem again',
          { reason: 'REDEMPTION_GRANT' },
        );
      if (current.status !== 'FAILED' && current.status !== 'PENDING')
        throw new AppError('INVALID_STATE', `a ${current.status} grant cannot be retried`, {
          reason: 'NOT_RETRYABLE',
          status: current.status,
        });
      const fx = new Effects();
      await uow.run(async (tx) => {
        await uow.lockUser(tx, current.userId);
        const grant = await grants.lockById(tx, id);
        if (!grant) return;
        const after = await engine.retryInTx(tx, grant, fx);
        await uow.writeOutbox(tx, [
          auditRecord(identity, {
            action: 'benefit.grant.retry',
            targetType: 'BenefitGrant',
            targetId: id,
            before: grant,
            after,
          }),
        ]);
      });
      await engine.settle(fx);
      return dto(await mustFind(id));
    },

    /** Console revoke (clawback with reason MANUAL); the outcome is on the grant's `clawback`. */
    async revoke(identity: Identity, input: unknown): Promise<GrantDto> {
      const v = parseInput(ZRevokeInput, input, 'benefit grant revocation');
      const row = await deps.clawback.revokeOne(
        v.id,
        {
          reason: 'MANUAL',
          sourceRef: actorOf(identity),
          actor: identity.subject,
          detail: v.reason,
        },
        async (tx, before, after) => {
          await uow.writeOutbox(tx, [
            auditRecord(identity, {
              action: 'benefit.grant.revoke',
              targetType: 'BenefitGrant',
              targetId: v.id,
              before,
              after: { ...after, reason: v.reason },
            }),
          ]);
        },
      );
      return dto(row);
    },

    /** PHYSICAL grants: PENDING → PROCESSING → SHIPPED → DELIVERED (→ RETURNED), or CANCELLED before shipping. */
    async updateFulfilment(identity: Identity, input: unknown): Promise<GrantDto> {
      const v = parseInput(ZFulfilmentInput, input, 'fulfilment update');
      return adminUpdate(identity, v.grantId, 'benefit.grant.fulfilment', (grant) => {
        if (!grant.fulfilmentStatus || grant.status !== 'GRANTED')
          throw new AppError('INVALID_STATE', 'only granted PHYSICAL benefits have a fulfilment', {
            reason: 'NO_FULFILMENT',
          });
        if (
          grant.fulfilmentStatus !== v.status &&
          !FULFILMENT_TRANSITIONS[grant.fulfilmentStatus]?.includes(v.status)
        )
          throw new AppError(
            'INVALID_STATE',
            `fulfilment cannot go from ${grant.fulfilmentStatus} to ${v.status}`,
            {
              reason: 'ILLEGAL_TRANSITION',
              from: grant.fulfilmentStatus,
              to: v.status,
              allowed: FULFILMENT_TRANSITIONS[grant.fulfilmentStatus] ?? [],
            },
          );
        const previous =
          grant.fulfilment &&
          typeof grant.fulfilment === 'object' &&
          !Array.isArray(grant.fulfilment)
            ? (grant.fulfilment as Record<string, unknown>)
            : {};
        const history: unknown[] = Array.isArray(previous.history)
          ? (previous.history as unknown[])
          : [];
        const now = new Date().toISOString();
        return {
          fulfilmentStatus: v.status,
          fulfilment: {
            ...previous,
            ...(v.carrier ? { carrier: v.carrier } : {}),
            ...(v.trackingNumber ? { trackingNumber: v.trackingNumber } : {}),
            updatedAt: now,
            history: [...history, { status: v.status, at: now, by: actorOf(identity) }].slice(-50),
          },
        };
      });
    },

    /** Records that a granted benefit was used (e.g. the coupon was redeemed at a POS): no clawback afterwards. */
    async markUsed(identity: Identity, input: unknown): Promise<GrantDto> {
      const v = parseInput(ZUsedInput, input, 'benefit grant use');
      return adminUpdate(identity, v.id, 'benefit.grant.used', (grant) => {
        if (grant.status !== 'GRANTED')
          throw new AppError('INVALID_STATE', `a ${grant.status} grant cannot be used`, {
            reason: 'NOT_GRANTED',
          });
        return {
          payload: { ...payloadOf(grant), usedAt: (v.usedAt ?? new Date()).toISOString() },
        };
      });
    },
  };
}
export type GrantService = ReturnType<typeof createGrantService>;
