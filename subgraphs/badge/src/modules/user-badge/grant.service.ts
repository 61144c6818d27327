import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  BadgeExpiredSchema,
  BadgesConsumedSchema,
  BadgesRestoredSchema,
  BadgeGrantedSchema,
  BadgeRevokedSchema,
  BadgeSource,
  GrantBadgeCommandSchema,
  OperationRecordedSchema,
  RevocationKind,
  createEvent,
  timestampFromDate,
  toOutboxRecord,
  type ConsumeBadgesCommand,
  type GrantBadgeCommand,
  type RestoreBadgesCommand,
  type RevokeBadgeCommand,
} from '@badge/proto';
import {
  injectTraceHeaders,
  operationRecorded,
  type Identity,
  type Logger,
} from '@badge/service-kit';
import { AfterCommit } from '../../shared/after-commit.js';
import type { BadgeMetrics } from '../../metrics.js';
import { ZId, ZUserId, parseInput } from '../../shared/validation.js';
import { areDependenciesSatisfied, consumptionPlan } from '../dependency/dependency-graph.js';
import type {
  BadgeActorType,
  GrantRepository,
  GrantableBadge,
  GroupWithItems,
  Tx,
  UserBadgeRow,
  UserBadgeSource,
} from './grant.repository.js';
import { isSkipReason, refusal, refusalReason, type RefusalReason } from './refusals.js';

export type { Tx };

export interface Actor {
  type: BadgeActorType;
  /** Admin subject, end-user id, API key id or service name. */
  id: string | null;
}

/** An admin action to audit (OperationRecorded) with the change; its id is the grant's sourceRef. */
export interface AuditContext {
  identity: Identity;
  operationId: string;
  action: string;
  service: string;
}

export interface GrantRequest {
  userId: string;
  badgeId: string;
  quantity: number;
  source: UserBadgeSource;
  sourceRef: string | null;
  /** Unique per grant: a second grant with the same key returns the first (isDuplicate). */
  idempotencyKey: string;
  reason?: string | null;
  actor: Actor;
  commandId?: string;
  ruleId?: string;
  ruleVersion?: number;
  correlationId?: string;
  audit?: AuditContext;
}

export interface GrantResult {
  userBadge: UserBadgeRow;
  isDuplicate: boolean;
  /** Active units of the badge the user holds after the grant. */
  activeQuantity: number;
}

export interface RevokeRequest {
  userId: string;
  badgeId: string;
  quantity: number;
  /** Take from this grant only; otherwise the soonest-to-expire grants first. */
  userBadgeId?: string;
  kind: 'REVOKED' | 'CONSUMED';
  source: UserBadgeSource;
  sourceRef: string | null;
  reason?: string | null;
  actor: Actor;
  /** Makes the revoke idempotent (batch rows, console retries); commands have the inbox. */
  idempotencyKey?: string;
  commandId?: string;
  correlationId?: string;
  audit?: AuditContext;
}

export interface RevokeResult {
  /** The grants taken from, as they are after the change. */
  userBadges: UserBadgeRow[];
  removedQuantity: number;
  remainingQuantity: number;
  isDuplicate: boolean;
}

export interface ExpirySweepResult {
  expired: number;
  skippedLocked: number;
  batches: number;
}

const MAX_QUANTITY = 1000;
/** Cascades deeper than this stop (the graph is acyclic; this only bounds pathological chains). */
export const MAX_CASCADE_DEPTH = 16;

const SOURCE_TO_PROTO: Record<UserBadgeSource, BadgeSource> = {
  RULE: BadgeSource.RULE,
  MANUAL: BadgeSource.MANUAL,
  BATCH: BadgeSource.BATCH,
  CASCADE: BadgeSource.CASCADE,
  REDEMPTION: BadgeSource.REDEMPTION,
};
const SOURCE_FROM_PROTO = new Map<BadgeSource, UserBadgeSource>(
  Object.entries(SOURCE_TO_PROTO).map(([k, v]) => [v, k as UserBadgeSource]),
);

const ZQuantity = z.number().int().min(1, 'must be at least 1').max(MAX_QUANTITY);
const ZReason = z.string().max(500).nullish();
const ZGrantRequest = z.object({
  userId: ZUserId,
  badgeId: z.string(),
  quantity: ZQuantity,
  idempotencyKey: z.string().trim().min(1).max(512),
  reason: ZReason,
});
const ZRevokeRequest = z.object({
  userId: ZUserId,
  badgeId: z.string(),
  quantity: ZQuantity,
  userBadgeId: ZId.optional(),
  reason: ZReason,
  idempotencyKey: z.string().trim().min(1).max(512).optional(),
});

/** Advisory lock keys: a user's badge changes are serialised; so are grants of one key. */
export const userLock = (userId: string) => `badge:user:${userId}`;
export const keyLock = (key: string) => `badge:grant-key:${key}`;
export const isUuid = (v: string) => ZId.safeParse(v).success;

/** Whether the grant request passes input validation unchanged (nothing trimmed or refused). */
export function isCleanGrantRequest(request: GrantRequest): boolean {
  const parsed = ZGrantRequest.safeParse(request);
  return (
    parsed.success &&
    parsed.data.userId === request.userId &&
    parsed.data.idempotencyKey === request.idempotencyKey &&
    (parsed.data.reason ?? null) === (request.reason ?? null)
  );
}
const DAY_MS = 86_400_000;

function traceOf(): { trace?: { traceparent: string; tracestate: string } } {
  const headers = injectTraceHeaders();
  return headers.traceparent
    ? { trace: { traceparent: headers.traceparent, tracestate: headers.tracestate ?? '' } }
    : {};
}

const requiredIds = (groups: readonly GroupWithItems[]) => [
  ...new Set(groups.flatMap((g) => g.items.map((i) => i.requiredBadgeId))),
];

/**
 * Why `badge` cannot be granted `quantity` units at `now` regardless of the user (not published,
 * outside its FIXED validity, quantity above one-time / per-user cap), or null.
 */
export function grantabilityRefusal(badge: GrantableBadge, quantity: number, now: Date) {
  if (badge.status !== 'PUBLISHED')
    return refusal(
      'INVALID_STATE',
      'BADGE_NOT_PUBLISHED',
      `badge ${badge.code} is ${badge.status}`,
      {
        status: badge.status,
      },
    );
  if (badge.validityKind === 'FIXED') {
    if (badge.validFrom && now < badge.validFrom)
      return refusal('INVALID_STATE', 'NOT_YET_VALID', `badge ${badge.code} is not valid yet`, {
        validFrom: badge.validFrom.toISOString(),
      });
    if (badge.validUntil && now >= badge.validUntil)
      return refusal(
        'INVALID_STATE',
        'VALIDITY_ENDED',
        `the validity of badge ${badge.code} has ended`,
        { validUntil: badge.validUntil.toISOString() },
      );
  }
  if (!badge.isRepeatable && quantity > 1)
    return refusal(
      'LIMIT_EXCEEDED',
      'ONE_TIME',
      `badge ${badge.code} is one-time: quantity must be 1`,
    );
  if (badge.perUserCap !== null && quantity > badge.perUserCap)
    return refusal(
      'LIMIT_EXCEEDED',
      'PER_USER_CAP',
      `at most ${badge.perUserCap} of badge ${badge.code} per user`,
      { perUserCap: badge.perUserCap },
    );
  return null;
}

/** When a grant of `badge` made at `now` expires (FIXED: the window's end; RELATIVE: now + days). */
export function expiryOf(badge: GrantableBadge, now: Date): Date | null {
  return badge.validityKind === 'FIXED'
    ? badge.validUntil
    : badge.validityKind === 'RELATIVE' && badge.validDays
      ? new Date(now.getTime() + badge.validDays * DAY_MS)
      : null;
}

/** The BadgeGranted event of a committed grant (trace context: the active one). */
export function grantedEvent(
  service: string,
  grant: {
    userBadge: Pick<UserBadgeRow, 'id' | 'userId' | 'badgeId' | 'quantity' | 'expiresAt'>;
    badge: Pick<GrantableBadge, 'code'>;
    totalQuantity: number;
    request: Pick<
      GrantRequest,
      'source' | 'sourceRef' | 'commandId' | 'ruleId' | 'ruleVersion' | 'actor' | 'correlationId'
    >;
    now: Date;
  },
) {
  const { userBadge, badge, request: req, now } = grant;
  return createEvent(BadgeGrantedSchema, {
    userBadgeId: userBadge.id,
    userId: userBadge.userId,
    badgeId: userBadge.badgeId,
    quantity: userBadge.quantity,
    totalQuantity: grant.totalQuantity,
    source: SOURCE_TO_PROTO[req.source],
    sourceRef: req.sourceRef ?? '',
    commandId: req.commandId ?? '',
    ruleId: req.ruleId ?? '',
    ruleVersion: req.ruleVersion ?? 0,
    occurredAt: timestampFromDate(now),
    ...(userBadge.expiresAt ? { expiresAt: timestampFromDate(userBadge.expiresAt) } : {}),
    badgeCode: badge.code,
    actor: req.actor.id ?? '',
    metadata: {
      producer: service,
      correlationId: req.correlationId ?? '',
      causationId: req.commandId ?? '',
    },
    ...traceOf(),
  });
}

/**
 * THE grant service: every path that grants or takes badges (console mutation, Kafka grant
 * commands, batch tasks, dependency cascades, expiry) goes through it, inside one database
 * transaction per change:
 *
 *  1. advisory locks on the idempotency key and on the user (one user's badge changes are
 *     serialised, so dependency checks see every committed prerequisite);
 *  2. an existing grant with the same idempotency key is returned (duplicate, not an error);
 *  3. the badge must be PUBLISHED and inside its FIXED validity window;
 *  4. prerequisites (dependency groups) must be met;
 *  5. the balance row is upserted with the one-time / per-user-cap condition in its WHERE;
 *  6. stock is reserved with a conditional UPDATE (zero rows = OUT_OF_STOCK);
 *  7. the user badge, consumption of prerequisites, the log, BadgeGranted (+ the audit record)
 *     and cascade commands for dependents whose prerequisites are now met go in the same
 *     transaction (outbox).
 *
 * Refusals throw AppError with `details.reason` (see refusals.ts); the caller's transaction then
 * rolls back, so nothing of a refused grant remains.
 */
export function createGrantService(deps: {
  repository: GrantRepository;
  metrics: BadgeMetrics;
  logger: Logger;
  /** Name used as producer / actor of system events (`badge-worker`, `badge-subgraph`). */
  service: string;
}) {
  const { repository: repo, metrics, service } = deps;
  const log = deps.logger.child({ component: 'grant-service' });
  const systemActor: Actor = { type: 'SYSTEM', id: service };

  function auditRecord(audit: AuditContext, targetId: string, after: unknown) {
    const op = operationRecorded(audit.identity, {
      service: audit.service,
      module: 'grant',
      action: audit.action,
      targetType: 'UserBadge',
      targetId,
      after,
    });
    op.eventId = audit.operationId;
    return toOutboxRecord(OperationRecordedSchema, op);
  }

  async function writeOutbox(
    tx: Tx,
    after: AfterCommit,
    records: Parameters<GrantRepository['insertOutbox']>[1],
  ) {
    await repo.insertOutbox(tx, records);
    after.wroteOutbox(records.length);
  }

  async function loadBadge(tx: Tx, badgeId: string): Promise<GrantableBadge> {
    const badge = isUuid(badgeId) ? await repo.findBadge(tx, badgeId) : null;
    if (!badge) throw refusal('NOT_FOUND', 'BADGE_NOT_FOUND', 'badge not found', { badgeId });
    return badge;
  }

  /** Are the user's prerequisites of `badge` met (given the transaction's current view)? */
  async function prerequisitesOf(tx: Tx, userId: string, badgeId: string) {
    const groups = await repo.groupsOf(tx, badgeId);
    const active = groups.length
      ? await repo.activeQuantities(tx, userId, [...requiredIds(groups), badgeId])
      : await repo.activeQuantities(tx, userId, [badgeId]);
    return { groups, active, isMet: areDependenciesSatisfied(groups, active) };
  }

  // ---- grant ------------------------------------------------------------------------------

  async function grant(tx: Tx, request: GrantRequest, after: AfterCommit): Promise<GrantResult> {
    const r = parseInput(ZGrantRequest, request, 'grant');
    const req = { ...request, ...r };
    await repo.lock(tx, keyLock(req.idempotencyKey));
    await repo.lock(tx, userLock(req.userId));

    const existing = await repo.findByIdempotencyKey(tx, req.idempotencyKey);
    if (existing) {
      if (existing.userId !== req.userId || existing.badgeId !== req.badgeId)
        throw refusal(
          'CONFLICT',
          'IDEMPOTENCY_CONFLICT',
          'this idempotency key was already used for another user or badge',
          { userBadgeId: existing.id },
        );
      const balance = await repo.findBalance(tx, req.userId, req.badgeId);
      return {
        userBadge: existing,
        isDuplicate: true,
        activeQuantity: balance?.activeQuantity ?? 0,
      };
    }

    const badge = await loadBadge(tx, req.badgeId);
    const now = new Date();
    const refused = grantabilityRefusal(badge, req.quantity, now);
    if (refused) throw refused;

    const prerequisites = await prerequisitesOf(tx, req.userId, badge.id);
    if (!prerequisites.isMet)
      throw refusal(
        'INVALID_STATE',
        'PREREQUISITES_NOT_MET',
        `the prerequisites of badge ${badge.code} are not met`,
      );

    const balance = await repo.addToBalance(tx, {
      userId: req.userId,
      badgeId: badge.id,
      quantity: req.quantity,
      isRepeatable: badge.isRepeatable,
      perUserCap: badge.perUserCap,
    });
    if (!balance) {
      const current = await repo.findBalance(tx, req.userId, badge.id);
      const oneTime = !badge.isRepeatable && (current?.activeQuantity ?? 0) > 0;
      throw oneTime
        ? refusal('LIMIT_EXCEEDED', 'ONE_TIME', `the user already holds badge ${badge.code}`, {
            activeQuantity: current?.activeQuantity ?? 0,
          })
        : refusal(
            'LIMIT_EXCEEDED',
            'PER_USER_CAP',
            `the user reached the cap of badge ${badge.code}`,
            {
              perUserCap: badge.perUserCap,
              totalGranted: current?.totalGranted ?? 0,
            },
          );
    }
    if (badge.totalStock !== null && !(await repo.reserveStock(tx, badge.id, req.quantity)))
      throw refusal('OUT_OF_STOCK', 'OUT_OF_STOCK', `badge ${badge.code} is sold out`, {
        remainingStock: badge.remainingStock,
      });

    const expiresAt = expiryOf(badge, now);
    const userBadge = await repo.insertUserBadge(tx, {
      id: randomUUID(),
      userId: req.userId,
      badgeId: badge.id,
      quantity: req.quantity,
      source: req.source,
      sourceRef: req.sourceRef,
      idempotencyKey: req.idempotencyKey,
      grantedAt: now,
      expiresAt,
    });

    // Spend prerequisites marked "consumes" (CONSUMED, no clawback downstream).
    const consumed: { userBadgeId: string; badgeId: string; quantity: number }[] = [];
    for (const [requiredBadgeId, quantity] of consumptionPlan(
      prerequisites.groups,
      prerequisites.active,
    )) {
      const requiredBadge = await loadBadge(tx, requiredBadgeId);
      const removal = await removeUnits(
        tx,
        {
          userId: req.userId,
          badgeId: requiredBadgeId,
          quantity,
          kind: 'CONSUMED',
          source: req.source,
          sourceRef: userBadge.id,
          reason: `consumed by badge ${badge.code}`,
          actor: req.actor,
          ...(req.commandId ? { commandId: req.commandId } : {}),
          ...(req.correlationId ? { correlationId: req.correlationId } : {}),
        },
        requiredBadge,
        userBadge.id,
        after,
        0,
      );
      consumed.push(
        ...removal.taken.map((t) => ({
          userBadgeId: t.id,
          badgeId: requiredBadgeId,
          quantity: t.quantity,
        })),
      );
    }

    await repo.insertLog(tx, {
      userBadgeId: userBadge.id,
      userId: req.userId,
      badgeId: badge.id,
      action: 'GRANT',
      delta: req.quantity,
      quantityAfter: balance.activeQuantity,
      source: req.source,
      sourceRef: req.sourceRef,
      actorType: req.actor.type,
      actorId: req.actor.id,
      reason: req.reason ?? null,
      idempotencyKey: req.idempotencyKey,
      ...(consumed.length ? { metadata: { consumed } } : {}),
    });

    const granted = grantedEvent(service, {
      userBadge,
      badge,
      totalQuantity: balance.activeQuantity,
      request: req,
      now,
    });
    const records = [toOutboxRecord(BadgeGrantedSchema, granted)];
    if (req.audit)
      records.push(auditRecord(req.audit, userBadge.id, { ...userBadge, reason: req.reason }));
    await writeOutbox(tx, after, records);

    if (req.source === 'CASCADE' && req.sourceRef && isUuid(req.sourceRef)) {
      const trigger = await repo.findUserBadge(tx, req.sourceRef);
      if (trigger) {
        await repo.insertCascadeLog(tx, {
          userId: req.userId,
          action: 'GRANT',
          triggerBadgeId: trigger.badgeId,
          triggerUserBadgeId: trigger.id,
          targetBadgeId: badge.id,
          resultUserBadgeId: userBadge.id,
          result: 'SUCCESS',
          depth: (await repo.cascadeDepthOf(tx, trigger.id)) + 1,
          ...(consumed.length ? { consumed } : {}),
          reason: req.reason ?? null,
        });
      }
    }

    await cascadeGrants(
      tx,
      { userId: req.userId, badge, userBadge, correlationId: req.correlationId },
      after,
    );
    const source = req.source;
    const quantity = req.quantity;
    after.add(() => metrics.grants.inc({ source }, quantity));
    return { userBadge, isDuplicate: false, activeQuantity: balance.activeQuantity };
  }

  /**
   * After a grant of `badge`: every auto-cascade dependent whose prerequisites are now met gets a
   * GrantBadgeCommand (source CASCADE) in the outbox, with a deterministic command id
   * `cascade:<dependent badge id>:<trigger user badge id>` (the trigger grant identifies the user;
   * ids stay within the 128-character contract limit). The worker applies it like any command,
   * exactly once. Dependents the user already holds are skipped, unless they are repeatable and
   * their dependency consumes prerequisites (each set of spent prerequisites earns one more).
   */
  async function cascadeGrants(
    tx: Tx,
    trigger: {
      userId: string;
      badge: GrantableBadge;
      userBadge: UserBadgeRow;
      correlationId?: string | undefined;
    },
    after: AfterCommit,
  ): Promise<void> {
    const dependentIds = await repo.dependentIds(tx, trigger.badge.id);
    if (!dependentIds.length) return;
    const dependents = await repo.findBadges(tx, dependentIds);
    const records = [];
    for (const dependent of dependents.sort((a, b) => a.id.localeCompare(b.id))) {
      let result: string;
      if (dependent.status !== 'PUBLISHED' || !dependent.isAutoCascade) result = 'inactive';
      else {
        const { groups, active, isMet } = await prerequisitesOf(tx, trigger.userId, dependent.id);
        const consumes = groups.some((g) => g.items.some((i) => i.consumesPrerequisite));
        if (!isMet) result = 'unmet';
        else if ((active.get(dependent.id) ?? 0) > 0 && !(dependent.isRepeatable && consumes))
          result = 'held';
        else {
          result = 'triggered';
          const command = createEvent(GrantBadgeCommandSchema, {
            commandId: `cascade:${dependent.id}:${trigger.userBadge.id}`,
            userId: trigger.userId,
            badgeId: dependent.id,
            quantity: 1,
            source: BadgeSource.CASCADE,
            sourceRef: trigger.userBadge.id,
            reason: `prerequisites of ${dependent.code} met by ${trigger.badge.code}`,
            actor: service,
            metadata: {
              producer: service,
              correlationId: trigger.correlationId ?? '',
              causationId: trigger.userBadge.id,
            },
            ...traceOf(),
          });
          records.push(toOutboxRecord(GrantBadgeCommandSchema, command));
        }
      }
      after.add(() => metrics.cascadeEvaluations.inc({ result }));
    }
    if (records.length) await writeOutbox(tx, after, records);
  }

  // ---- revoke / consume -------------------------------------------------------------------

  async function revoke(tx: Tx, request: RevokeRequest, after: AfterCommit): Promise<RevokeResult> {
    const r = parseInput(ZRevokeRequest, request, 'revoke');
    const req = { ...request, ...r };
    if (req.idempotencyKey) await repo.lock(tx, keyLock(req.idempotencyKey));
    await repo.lock(tx, userLock(req.userId));
    if (req.idempotencyKey && (await repo.hasRemovalWithKey(tx, req.idempotencyKey))) {
      const balance = isUuid(req.badgeId)
        ? await repo.findBalance(tx, req.userId, req.badgeId)
        : null;
      return {
        userBadges: [],
        removedQuantity: 0,
        remainingQuantity: balance?.activeQuantity ?? 0,
        isDuplicate: true,
      };
    }
    const badge = await loadBadge(tx, req.badgeId);
    const removal = await removeUnits(tx, req, badge, null, after, 0);
    return {
      userBadges: removal.userBadges,
      removedQuantity: req.quantity,
      remainingQuantity: removal.remainingQuantity,
      isDuplicate: false,
    };
  }

  /**
   * Takes units from the user's ACTIVE grants of a badge (locked; soonest to expire first),
   * updates the balance, logs, emits BadgeRevoked per grant, and — for revocations (not
   * consumption) — cascades to dependents per their revokeBehavior.
   */
  async function removeUnits(
    tx: Tx,
    req: RevokeRequest,
    badge: GrantableBadge,
    consumedBy: string | null,
    after: AfterCommit,
    depth: number,
  ) {
    const rows = await repo.lockActiveGrants(tx, req.userId, badge.id, req.userBadgeId);
    const held = rows.reduce((sum, row) => sum + row.quantity, 0);
    if (held === 0)
      throw refusal('INVALID_STATE', 'NOT_HELD', `the user holds no active badge ${badge.code}`, {
        ...(req.userBadgeId ? { userBadgeId: req.userBadgeId } : {}),
      });
    if (held < req.quantity)
      throw refusal(
        'INVALID_STATE',
        'INSUFFICIENT_QUANTITY',
        `the user holds only ${held} of badge ${badge.code}`,
        {
          held,
          requested: req.quantity,
        },
      );
    const now = new Date();
    let left = req.quantity;
    const taken: { id: string; quantity: number; row: UserBadgeRow; expiresAt: Date | null }[] = [];
    for (const row of rows) {
      if (left === 0) break;
      const quantity = Math.min(row.quantity, left);
      const updated = await repo.takeFromGrant(tx, row, quantity, {
        kind: req.kind,
        at: now,
        reason: req.reason ?? null,
        consumedBy,
      });
      taken.push({ id: row.id, quantity, row: updated, expiresAt: row.expiresAt });
      left -= quantity;
    }
    const remainingQuantity = await repo.removeFromBalance(tx, req.userId, badge.id, req.quantity);

    const records = [];
    for (const t of taken) {
      await repo.insertLog(tx, {
        userBadgeId: t.id,
        userId: req.userId,
        badgeId: badge.id,
        action: req.kind === 'REVOKED' ? 'REVOKE' : 'CONSUME',
        delta: -t.quantity,
        quantityAfter: remainingQuantity,
        source: req.source,
        sourceRef: req.sourceRef,
        actorType: req.actor.type,
        actorId: req.actor.id,
        reason: req.reason ?? null,
        idempotencyKey: req.idempotencyKey ?? null,
      });
      const revoked = createEvent(BadgeRevokedSchema, {
        userBadgeId: t.id,
        userId: req.userId,
        badgeId: badge.id,
        quantity: t.quantity,
        remainingQuantity,
        source: SOURCE_TO_PROTO[req.source],
        sourceRef: req.sourceRef ?? '',
        commandId: req.commandId ?? '',
        kind: req.kind === 'REVOKED' ? RevocationKind.REVOKED : RevocationKind.CONSUMED,
        reason: req.reason ?? '',
        actor: req.actor.id ?? '',
        occurredAt: timestampFromDate(now),
        ...(t.expiresAt ? { expiresAt: timestampFromDate(t.expiresAt) } : {}),
        badgeCode: badge.code,
        metadata: {
          producer: service,
          correlationId: req.correlationId ?? '',
          causationId: req.commandId ?? consumedBy ?? '',
        },
        ...traceOf(),
      });
      records.push(toOutboxRecord(BadgeRevokedSchema, revoked));
    }
    if (req.audit)
      records.push(
        auditRecord(req.audit, taken[0]!.id, {
          userBadges: taken.map((t) => t.row),
          reason: req.reason,
        }),
      );
    await writeOutbox(tx, after, records);
    const kind = req.kind;
    const source = req.source;
    const quantity = req.quantity;
    after.add(() => metrics.revokes.inc({ kind, source }, quantity));

    if (req.kind === 'REVOKED')
      await cascadeRevokes(
        tx,
        {
          userId: req.userId,
          badge,
          triggerUserBadgeId: taken[0]!.id,
          correlationId: req.correlationId,
        },
        after,
        depth,
      );
    return { userBadges: taken.map((t) => t.row), taken, remainingQuantity };
  }

  /**
   * After a revocation of `badge`: dependents whose dependency on it says CASCADE and whose
   * prerequisites are no longer met lose every active unit (in this transaction, recursively),
   * each step in the cascade log. Dependents with KEEP, or still satisfied through another
   * prerequisite (an OR group), stay.
   */
  async function cascadeRevokes(
    tx: Tx,
    trigger: {
      userId: string;
      badge: GrantableBadge;
      triggerUserBadgeId: string;
      correlationId?: string | undefined;
    },
    after: AfterCommit,
    depth: number,
  ): Promise<void> {
    const dependentIds = await repo.dependentIds(tx, trigger.badge.id, { onlyCascadeRevoke: true });
    for (const dependentId of dependentIds) {
      const { active, isMet } = await prerequisitesOf(tx, trigger.userId, dependentId);
      const holding = active.get(dependentId) ?? 0;
      if (holding === 0) continue;
      if (isMet) {
        after.add(() => metrics.cascadeEvaluations.inc({ result: 'kept' }));
        continue;
      }
      if (depth + 1 > MAX_CASCADE_DEPTH) {
        log.warn(
          { userId: trigger.userId, badgeId: dependentId, depth },
          'cascade revoke depth limit reached',
        );
        continue;
      }
      const dependent = await loadBadge(tx, dependentId);
      const removal = await removeUnits(
        tx,
        {
          userId: trigger.userId,
          badgeId: dependentId,
          quantity: holding,
          kind: 'REVOKED',
          source: 'CASCADE',
          sourceRef: trigger.triggerUserBadgeId,
          reason: `prerequisite ${trigger.badge.code} revoked`,
          actor: systemActor,
          ...(trigger.correlationId ? { correlationId: trigger.correlationId } : {}),
        },
        dependent,
        null,
        after,
        depth + 1,
      );
      await repo.insertCascadeLog(tx, {
        userId: trigger.userId,
        action: 'REVOKE',
        triggerBadgeId: trigger.badge.id,
        triggerUserBadgeId: trigger.triggerUserBadgeId,
        targetBadgeId: dependentId,
        resultUserBadgeId: removal.taken[0]?.id ?? null,
        result: 'SUCCESS',
        depth: depth + 1,
        reason: `prerequisite ${trigger.badge.code} revoked`,
      });
      after.add(() => metrics.cascadeEvaluations.inc({ result: 'revoked' }));
    }
  }

  // ---- commands ---------------------------------------------------------------------------

  const actorOfCommand = (source: UserBadgeSource, actor: string): Actor =>
    source === 'MANUAL' || source === 'BATCH'
      ? { type: 'ADMIN', id: actor || null }
      : { type: 'SYSTEM', id: actor || null };

  function sourceOf(source: BadgeSource): UserBadgeSource {
    const mapped = SOURCE_FROM_PROTO.get(source);
    if (!mapped) throw refusal('BAD_USER_INPUT', 'INVALID_INPUT', `unknown badge source ${source}`);
    return mapped;
  }

  /** The grant request of a GrantBadgeCommand from Kafka: idempotency key = command id. */
  function grantRequestOf(cmd: GrantBadgeCommand): GrantRequest {
    const source = sourceOf(cmd.source);
    return {
      userId: cmd.userId,
      badgeId: cmd.badgeId,
      quantity: cmd.quantity,
      source,
      sourceRef: cmd.sourceRef || null,
      idempotencyKey: cmd.commandId,
      reason: cmd.reason || null,
      actor: actorOfCommand(source, cmd.actor),
      commandId: cmd.commandId,
      ...(cmd.ruleId ? { ruleId: cmd.ruleId, ruleVersion: cmd.ruleVersion } : {}),
      ...(cmd.metadata?.correlationId ? { correlationId: cmd.metadata.correlationId } : {}),
    };
  }

  /** A GrantBadgeCommand from Kafka: idempotency key = command id. */
  function grantCommand(tx: Tx, cmd: GrantBadgeCommand, after: AfterCommit): Promise<GrantResult> {
    return grant(tx, grantRequestOf(cmd), after);
  }

  /** A RevokeBadgeCommand from Kafka (kind CONSUMED for redemptions). */
  function revokeCommand(
    tx: Tx,
    cmd: RevokeBadgeCommand,
    after: AfterCommit,
  ): Promise<RevokeResult> {
    const source = sourceOf(cmd.source);
    return revoke(
      tx,
      {
        userId: cmd.userId,
        badgeId: cmd.badgeId,
        quantity: cmd.quantity,
        ...(cmd.userBadgeId ? { userBadgeId: cmd.userBadgeId } : {}),
        kind: cmd.kind === RevocationKind.CONSUMED ? 'CONSUMED' : 'REVOKED',
        source,
        sourceRef: cmd.sourceRef || null,
        reason: cmd.reason || null,
        actor: actorOfCommand(source, cmd.actor),
        idempotencyKey: cmd.commandId,
        commandId: cmd.commandId,
        ...(cmd.metadata?.correlationId ? { correlationId: cmd.metadata.correlationId } : {}),
      },
      after,
    );
  }

  /**
   * Records a refused command (in the transaction that also writes its inbox row): a structured
   * log line, `badge_grant_rejections_total{reason}`, and for cascade grants a FAILED or SKIPPED
   * cascade log row.
   */
  async function recordRejection(
    tx: Tx,
    command:
      | { type: 'grant'; message: GrantBadgeCommand }
      | { type: 'revoke'; message: RevokeBadgeCommand },
    reason: RefusalReason,
    message: string,
    after: AfterCommit,
  ): Promise<void> {
    const cmd = command.message;
    if (
      command.type === 'grant' &&
      cmd.source === BadgeSource.CASCADE &&
      isUuid(cmd.sourceRef) &&
      isUuid(cmd.badgeId)
    ) {
      const trigger = await repo.findUserBadge(tx, cmd.sourceRef);
      const target = await repo.findBadge(tx, cmd.badgeId);
      if (trigger && target) {
        await repo.insertCascadeLog(tx, {
          userId: cmd.userId,
          action: 'GRANT',
          triggerBadgeId: trigger.badgeId,
          triggerUserBadgeId: trigger.id,
          targetBadgeId: target.id,
          resultUserBadgeId: null,
          result: isSkipReason(reason) ? 'SKIPPED' : 'FAILED',
          depth: (await repo.cascadeDepthOf(tx, trigger.id)) + 1,
          reason: `${reason}: ${message}`,
        });
      }
    }
    log.info(
      {
        command: command.type,
        commandId: cmd.commandId,
        userId: cmd.userId,
        badgeId: cmd.badgeId,
        source: BadgeSource[cmd.source],
        reason,
        message,
      },
      'badge command refused',
    );
    after.add(() => metrics.rejections.inc({ reason }));
  }

  // ---- redemption saga (benefit orchestrates, badge spends and answers) ---------------------

  /**
   * ConsumeBadgesCommand: spends every item or none, under the user's lock (so concurrent
   * redemptions of one user cannot double-spend), and answers BadgesConsumed through the outbox
   * (ok with the consumed grant ids, or not ok with a machine-readable reason). A refusal is an
   * answer, not an error: it is committed with the inbox row.
   */
  async function consumeForRedemption(
    tx: Tx,
    cmd: ConsumeBadgesCommand,
    after: AfterCommit,
  ): Promise<{ ok: boolean; failureReason: string; userBadgeIds: string[] }> {
    await repo.lock(tx, userLock(cmd.userId));
    const wanted = new Map<string, number>();
    for (const item of cmd.items)
      wanted.set(item.badgeId, (wanted.get(item.badgeId) ?? 0) + item.quantity);
    const ids = [...wanted.keys()];
    const badges = new Map(
      (ids.every(isUuid) ? await repo.findBadges(tx, ids) : []).map((b) => [b.id, b]),
    );
    const active = ids.every(isUuid)
      ? await repo.activeQuantities(tx, cmd.userId, ids)
      : new Map<string, number>();
    let failureReason = '';
    if (ids.some((id) => !badges.has(id))) failureReason = 'BADGE_NOT_FOUND';
    else if (ids.some((id) => (active.get(id) ?? 0) < wanted.get(id)!))
      failureReason = 'INSUFFICIENT_BADGES';

    const userBadgeIds: string[] = [];
    if (!failureReason) {
      const actor: Actor =
        cmd.actor === cmd.userId
          ? { type: 'USER', id: cmd.userId }
          : { type: 'SYSTEM', id: cmd.actor || null };
      for (const [badgeId, quantity] of wanted) {
        const removal = await removeUnits(
          tx,
          {
            userId: cmd.userId,
            badgeId,
            quantity,
            kind: 'CONSUMED',
            source: 'REDEMPTION',
            sourceRef: cmd.redemptionId,
            reason: `redemption ${cmd.redemptionId}`,
            actor,
            commandId: cmd.commandId,
            ...(cmd.metadata?.correlationId ? { correlationId: cmd.metadata.correlationId } : {}),
          },
          badges.get(badgeId)!,
          cmd.redemptionId,
          after,
          0,
        );
        userBadgeIds.push(...removal.taken.map((t) => t.id));
      }
    } else {
      after.add(() => metrics.rejections.inc({ reason: failureReason }));
    }
    const answer = createEvent(BadgesConsumedSchema, {
      userId: cmd.userId,
      redemptionId: cmd.redemptionId,
      commandId: cmd.commandId,
      ok: !failureReason,
      failureReason,
      userBadgeIds: [...new Set(userBadgeIds)],
      metadata: {
        producer: service,
        correlationId: cmd.metadata?.correlationId ?? '',
        causationId: cmd.commandId,
      },
      ...traceOf(),
    });
    await writeOutbox(tx, after, [toOutboxRecord(BadgesConsumedSchema, answer)]);
    return { ok: !failureReason, failureReason, userBadgeIds: answer.userBadgeIds };
  }

  /**
   * RestoreBadgesCommand (compensation): gives back exactly what the redemption consumed — a
   * grant consumed whole is reactivated, a grant that lost part of its units gets them back, and
   * a grant consumed meanwhile by something else is re-created for the units. Once per
   * redemption (a second restore only answers again). Answers BadgesRestored.
   */
  async function restoreRedemption(
    tx: Tx,
    cmd: RestoreBadgesCommand,
    after: AfterCommit,
  ): Promise<number> {
    await repo.lock(tx, userLock(cmd.userId));
    let restored = 0;
    if (!(await repo.wasRestored(tx, cmd.userId, cmd.redemptionId))) {
      for (const item of await repo.consumptionOf(tx, cmd.userId, cmd.redemptionId)) {
        const row = await repo.lockUserBadge(tx, item.userBadgeId);
        if (!row) continue;
        let target: UserBadgeRow;
        if (
          row.status === 'CONSUMED' &&
          row.consumedBy === cmd.redemptionId &&
          row.quantity === item.quantity
        )
          target = await repo.reactivateGrant(tx, row.id);
        else if (row.status === 'ACTIVE') target = await repo.addToGrant(tx, row.id, item.quantity);
        else
          target = await repo.insertUserBadge(tx, {
            id: randomUUID(),
            userId: cmd.userId,
            badgeId: item.badgeId,
            quantity: item.quantity,
            source: row.source,
            sourceRef: row.sourceRef,
            idempotencyKey: `restore:${cmd.redemptionId}:${row.id}`,
            grantedAt: row.grantedAt,
            expiresAt: row.expiresAt,
          });
        const activeAfter = await repo.restoreToBalance(
          tx,
          cmd.userId,
          item.badgeId,
          item.quantity,
        );
        await repo.insertLog(tx, {
          userBadgeId: target.id,
          userId: cmd.userId,
          badgeId: item.badgeId,
          action: 'RESTORE',
          delta: item.quantity,
          quantityAfter: activeAfter,
          source: 'REDEMPTION',
          sourceRef: cmd.redemptionId,
          actorType: 'SYSTEM',
          actorId: service,
          reason: cmd.reason || 'redemption compensated',
          idempotencyKey: cmd.commandId,
        });
        restored += item.quantity;
      }
    }
    const answer = createEvent(BadgesRestoredSchema, {
      userId: cmd.userId,
      redemptionId: cmd.redemptionId,
      commandId: cmd.commandId,
      metadata: {
        producer: service,
        correlationId: cmd.metadata?.correlationId ?? '',
        causationId: cmd.commandId,
      },
      ...traceOf(),
    });
    await writeOutbox(tx, after, [toOutboxRecord(BadgesRestoredSchema, answer)]);
    return restored;
  }

  // ---- expiry -----------------------------------------------------------------------------

  /**
   * One expiry pass: repeatedly claims up to `batchSize` due grants (SKIP LOCKED), expires those
   * whose user is not being changed right now (try-lock; the others are picked up by the next
   * pass), updates balances, logs EXPIRE and emits BadgeExpired through the outbox, one
   * transaction per batch. Expiry does not cascade: dependents keep their own validity.
   */
  async function expireDue(options: { batchSize: number; now?: Date }): Promise<ExpirySweepResult> {
    const now = options.now ?? new Date();
    const result: ExpirySweepResult = { expired: 0, skippedLocked: 0, batches: 0 };
    for (;;) {
      const after = new AfterCommit();
      const batch = await repo.transaction(async (tx) => {
        const due = await repo.claimDueGrants(tx, options.batchSize, now);
        if (!due.length) return { claimed: 0, expired: 0 };
        const lockable = new Set<string>();
        for (const userId of [...new Set(due.map((d) => d.userId))].sort())
          if (await repo.tryLock(tx, userLock(userId))) lockable.add(userId);
        const rows = due.filter((d) => lockable.has(d.userId));
        if (!rows.length) return { claimed: due.length, expired: 0 };
        await repo.markExpired(
          tx,
          rows.map((r) => r.id),
        );
        const records = [];
        const processedAt = new Date();
        for (const row of rows) {
          const remaining = await repo.removeFromBalance(tx, row.userId, row.badgeId, row.quantity);
          await repo.insertLog(tx, {
            userBadgeId: row.id,
            userId: row.userId,
            badgeId: row.badgeId,
            action: 'EXPIRE',
            delta: -row.quantity,
            quantityAfter: remaining,
            source: row.source,
            sourceRef: row.sourceRef,
            actorType: 'SYSTEM',
            actorId: service,
            reason: 'validity ended',
            idempotencyKey: null,
          });
          const expired = createEvent(BadgeExpiredSchema, {
            userBadgeId: row.id,
            userId: row.userId,
            badgeId: row.badgeId,
            quantity: row.quantity,
            source: SOURCE_TO_PROTO[row.source],
            sourceRef: row.sourceRef ?? '',
            occurredAt: timestampFromDate(processedAt),
            expiresAt: timestampFromDate(row.expiresAt),
            badgeCode: row.badgeCode,
            metadata: { producer: service, correlationId: '', causationId: '' },
            ...traceOf(),
          });
          records.push(toOutboxRecord(BadgeExpiredSchema, expired));
        }
        await writeOutbox(tx, after, records);
        const count = rows.reduce((sum, r) => sum + r.quantity, 0);
        after.add(() => metrics.expirations.inc(count));
        return { claimed: due.length, expired: rows.length };
      });
      if (batch.claimed === 0) break;
      result.batches += 1;
      result.expired += batch.expired;
      result.skippedLocked += batch.claimed - batch.expired;
      after.run();
      if (batch.claimed < options.batchSize || batch.expired === 0) break;
    }
    return result;
  }

  return {
    grant,
    revoke,
    grantRequestOf,
    grantCommand,
    revokeCommand,
    recordRejection,
    refusalReason,
    consumeForRedemption,
    restoreRedemption,
    expireDue,
    /** A grant in its own transaction (console, batch rows). */
    async grantNow(request: GrantRequest, after: AfterCommit): Promise<GrantResult> {
      const result = await repo.transaction((tx) => grant(tx, request, after));
      after.run();
      return result;
    },
    async revokeNow(request: RevokeRequest, after: AfterCommit): Promise<RevokeResult> {
      const result = await repo.transaction((tx) => revoke(tx, request, after));
      after.run();
      return result;
    },
  };
}
export type GrantService = ReturnType<typeof createGrantService>;
