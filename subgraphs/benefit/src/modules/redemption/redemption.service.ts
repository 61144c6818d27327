import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AppError,
  hasPermission,
  hasScope,
  toLocalizedText,
  type Identity,
  type LocalizedTextDto,
} from '@badge/service-kit';
import { actorOf, auditRecord, SERVER_SERVICE } from '../../shared/audit.js';
import type { UnitOfWork } from '../../shared/db.repository.js';
import { Effects } from '../../shared/effects.js';
import { consumeBadgesRecord } from '../../shared/events.js';
import type { BenefitMetrics } from '../../metrics.js';
import { decodeCursor, toConnection, ZPageArgs, type Connection } from '../../shared/pagination.js';
import {
  iso,
  parseInput,
  toStoredText,
  ZCode,
  ZId,
  ZIdempotencyKey,
  ZInstant,
  ZLocalizedTextInput,
  ZRequiredLocalizedText,
  ZUserId,
} from '../../shared/validation.js';
import type { BenefitRepository } from '../benefit/benefit.repository.js';
import type { GrantEngine } from '../grant/grant-engine.js';
import type {
  RedemptionRepository,
  RedemptionRow,
  RedemptionRuleStatus,
  RedemptionState,
  RuleRow,
} from './redemption.repository.js';

export interface RedemptionRuleDto {
  id: string;
  code: string;
  name: LocalizedTextDto;
  description: LocalizedTextDto | null;
  benefitId: string;
  benefitQuantity: number;
  status: RedemptionRuleStatus;
  perUserLimit: number | null;
  activeFrom: string | null;
  activeUntil: string | null;
  items: { badgeId: string; quantity: number }[];
  isActiveNow: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RedemptionDto {
  id: string;
  userId: string;
  ruleId: string;
  benefitId: string;
  status: RedemptionState;
  failureReason: string | null;
  requestedBy: string | null;
  items: { badgeId: string; quantity: number }[];
  consumedUserBadgeIds: string[];
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
  failedAt: string | null;
  compensatedAt: string | null;
}

/** Why a rule cannot be redeemed now (null: it can). */
export function ruleInactiveReason(
  rule: Pick<RuleRow, 'status' | 'activeFrom' | 'activeUntil'>,
  now: Date,
): { reason: string; message: string } | null {
  if (rule.status !== 'ACTIVE')
    return { reason: 'RULE_NOT_ACTIVE', message: `redemption rule is ${rule.status}` };
  if (rule.activeFrom && now < rule.activeFrom)
    return {
      reason: 'RULE_NOT_STARTED',
      message: `redemption opens at ${rule.activeFrom.toISOString()}`,
    };
  if (rule.activeUntil && now >= rule.activeUntil)
    return {
      reason: 'RULE_ENDED',
      message: `redemption closed at ${rule.activeUntil.toISOString()}`,
    };
  return null;
}

export const stateOf = (row: Pick<RedemptionRow, 'status' | 'failedAt'>): RedemptionState =>
  row.status === 'PENDING' && row.failedAt ? 'COMPENSATING' : row.status;

export const toRuleDto = (r: RuleRow, now = new Date()): RedemptionRuleDto => ({
  id: r.id,
  code: r.code,
  name: toLocalizedText(r.name) ?? { zhCN: r.code, enUS: r.code },
  description: toLocalizedText(r.description),
  benefitId: r.benefitId,
  benefitQuantity: r.benefitQuantity,
  status: r.status,
  perUserLimit: r.perUserLimit,
  activeFrom: iso(r.activeFrom),
  activeUntil: iso(r.activeUntil),
  items: r.items.map((i) => ({ badgeId: i.badgeId, quantity: i.quantity })),
  isActiveNow: ruleInactiveReason(r, now) === null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const toRedemptionDto = (r: RedemptionRow): RedemptionDto => ({
  id: r.id,
  userId: r.userId,
  ruleId: r.redemptionRuleId,
  benefitId: r.benefitId,
  status: stateOf(r),
  failureReason: r.failureReason,
  requestedBy: r.requestedBy,
  items: r.items.map((i) => ({ badgeId: i.badgeId, quantity: i.quantity })),
  consumedUserBadgeIds: [...new Set(r.items.flatMap((i) => i.consumedUserBadgeIds))],
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  completedAt: iso(r.completedAt),
  failedAt: iso(r.failedAt),
  compensatedAt: iso(r.compensatedAt),
});

const RULE_STATUSES = ['DRAFT', 'ACTIVE', 'DISABLED'] as const;
const STATES = ['PENDING', 'COMPLETED', 'FAILED', 'COMPENSATING', 'COMPENSATED'] as const;

const ZItems = z
  .array(z.object({ badgeId: ZId, quantity: z.number().int().min(1).max(1_000) }).strict())
  .min(1, 'needs at least one badge')
  .max(5, 'at most 5 badges')
  .refine(
    (items) => new Set(items.map((i) => i.badgeId)).size === items.length,
    'a badge appears twice',
  );

const ZWindow = {
  perUserLimit: z.number().int().min(1).max(1_000_000).nullish(),
  activeFrom: ZInstant.nullish(),
  activeUntil: ZInstant.nullish(),
};

const ZCreateRuleInput = z
  .object({
    code: ZCode,
    name: ZRequiredLocalizedText(100),
    description: ZLocalizedTextInput(2000).nullish(),
    benefitId: ZId,
    benefitQuantity: z.number().int().min(1).max(1_000).nullish(),
    items: ZItems,
    ...ZWindow,
  })
  .strict()
  .refine((v) => !v.activeFrom || !v.activeUntil || v.activeFrom < v.activeUntil, {
    path: ['activeUntil'],
    message: 'must be after activeFrom',
  });

const ZUpdateRuleInput = z
  .object({
    id: ZId,
    name: ZRequiredLocalizedText(100).optional(),
    description: ZLocalizedTextInput(2000).nullish(),
    benefitQuantity: z.number().int().min(1).max(1_000).optional(),
    items: ZItems.optional(),
    ...ZWindow,
  })
  .strict();

const ZRuleListInput = ZPageArgs.extend({
  filter: z
    .object({
      status: z.enum(RULE_STATUSES).nullish(),
      benefitId: ZId.nullish(),
      badgeId: ZId.nullish(),
    })
    .nullish(),
});

const ZRedemptionListInput = ZPageArgs.extend({
  filter: z
    .object({
      userId: ZUserId.nullish(),
      redemptionRuleId: ZId.nullish(),
      benefitId: ZId.nullish(),
      status: z.enum(STATES).nullish(),
    })
    .nullish(),
});
const ZUserListInput = ZPageArgs.extend({ status: z.enum(STATES).nullish() });

const ZRedeemInput = z
  .object({ userId: ZUserId, redemptionRuleId: ZId, idempotencyKey: ZIdempotencyKey.nullish() })
  .strict();

/** Console readers of the domain see every rule; others only ACTIVE ones. */
const seesAllRules = (identity: Identity) =>
  identity.kind === 'admin' || identity.kind === 'service';

/** End users see their own redemptions; partners and console readers any. */
const canSeeAnyRedemption = (identity: Identity) =>
  identity.kind === 'admin' ||
  identity.kind === 'service' ||
  hasScope(identity, 'read:redemption') ||
  hasScope(identity, 'write:redemption');

export function createRedemptionService(deps: {
  uow: UnitOfWork;
  redemptions: RedemptionRepository;
  benefits: BenefitRepository;
  engine: GrantEngine;
  metrics: BenefitMetrics;
}) {
  const { uow, redemptions, engine } = deps;
  const ruleAudit =
    (identity: Identity, action: string) => (before: RuleRow | null, after: RuleRow) => [
      auditRecord(identity, {
        action,
        targetType: 'RedemptionRule',
        targetId: after.id,
        ...(before ? { before } : {}),
        after,
      }),
    ];

  const checkBenefit = async (benefitId: string, quantity: number) => {
    const benefit = await deps.benefits.findById(benefitId);
    if (!benefit) throw new AppError('NOT_FOUND', 'benefit not found', { id: benefitId });
    if (benefit.status === 'ARCHIVED')
      throw new AppError('INVALID_STATE', 'an archived benefit cannot be redeemed', {
        reason: 'ARCHIVED',
      });
    if (benefit.type === 'COUPON' && quantity !== 1)
      throw new AppError('BAD_USER_INPUT', 'invalid redemption rule', {
        issues: [
          { path: 'benefitQuantity', message: 'a COUPON benefit gives one code per redemption' },
        ],
      });
  };

  const transition = async (
    identity: Identity,
    input: unknown,
    action: string,
    from: readonly RedemptionRuleStatus[],
    to: RedemptionRuleStatus,
  ) => {
    const { id } = parseInput(z.object({ id: ZId }), input, 'redemption rule id');
    const row = await redemptions.updateRule(
      id,
      (before) => {
        if (!from.includes(before.status))
          throw new AppError(
            'INVALID_STATE',
            `cannot ${action} a ${before.status} redemption rule`,
            {
              reason: 'ILLEGAL_TRANSITION',
              from: before.status,
              to,
              allowedFrom: from,
            },
          );
        return { data: { status: to } };
      },
      ruleAudit(identity, `benefit.redemption_rule.${action}`),
    );
    if (!row) throw new AppError('NOT_FOUND', 'redemption rule not found', { id });
    return toRuleDto(row);
  };

  return {
    // ---- rules ----------------------------------------------------------------------------
    async listRules(identity: Identity, input: unknown): Promise<Connection<RedemptionRuleDto>> {
      const v = parseInput(ZRuleListInput, input, 'redemption rule filter');
      const f = v.filter ?? {};
      const statuses: RedemptionRuleStatus[] = seesAllRules(identity)
        ? f.status
          ? [f.status]
          : []
        : ['ACTIVE'];
      const q = {
        ...(statuses.length ? { statuses } : {}),
        ...(f.benefitId ? { benefitId: f.benefitId } : {}),
        ...(f.badgeId ? { badgeId: f.badgeId } : {}),
      };
      if (!seesAllRules(identity) && f.status && f.status !== 'ACTIVE')
        return toConnection(
          [],
          v.first,
          (r: RuleRow) => toRuleDto(r),
          async () => 0,
        );
      const cursor = decodeCursor(v.after);
      const rows = await redemptions.rulePage({
        ...q,
        ...(cursor ? { after: cursor } : {}),
        take: v.first + 1,
      });
      return toConnection(
        rows,
        v.first,
        (r) => toRuleDto(r),
        () => redemptions.ruleCount(q),
      );
    },

    async getRule(identity: Identity, input: unknown): Promise<RedemptionRuleDto | null> {
      const { id } = parseInput(z.object({ id: ZId }), input, 'redemption rule id');
      const row = await redemptions.ruleById(id);
      if (!row || (!seesAllRules(identity) && row.status !== 'ACTIVE')) return null;
      return toRuleDto(row);
    },

    async rulesByIds(ids: readonly string[]): Promise<(RedemptionRuleDto | null)[]> {
      const rows = new Map(
        (await redemptions.rulesByIds(ids.filter((id) => ZId.safeParse(id).success))).map((r) => [
          r.id,
          toRuleDto(r),
        ]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },

    async createRule(identity: Identity, input: unknown): Promise<RedemptionRuleDto> {
      const v = parseInput(ZCreateRuleInput, input, 'redemption rule');
      const benefitQuantity = v.benefitQuantity ?? 1;
      await checkBenefit(v.benefitId, benefitQuantity);
      const row = await redemptions.createRule(
        {
          id: randomUUID(),
          code: v.code,
          name: toStoredText(v.name),
          description: v.description ? toStoredText(v.description) : null,
          benefitId: v.benefitId,
          benefitQuantity,
          status: 'DRAFT',
          perUserLimit: v.perUserLimit ?? null,
          activeFrom: v.activeFrom ?? null,
          activeUntil: v.activeUntil ?? null,
          createdBy: actorOf(identity),
        },
        v.items,
        (after) => ruleAudit(identity, 'benefit.redemption_rule.create')(null, after),
      );
      return toRuleDto(row);
    },

    /** Texts, limit and window any time; badges and quantity only while DRAFT. */
    async updateRule(identity: Identity, input: unknown): Promise<RedemptionRuleDto> {
      const raw = (input ?? {}) as Record<string, unknown>;
      const v = parseInput(ZUpdateRuleInput, input, 'redemption rule');
      const current = await redemptions.ruleById(v.id);
      if (!current) throw new AppError('NOT_FOUND', 'redemption rule not found', { id: v.id });
      if (v.benefitQuantity !== undefined) await checkBenefit(current.benefitId, v.benefitQuantity);
      const row = await redemptions.updateRule(
        v.id,
        (before) => {
          if ((v.items || v.benefitQuantity !== undefined) && before.status !== 'DRAFT')
            throw new AppError('INVALID_STATE', 'badges and quantity change only while DRAFT', {
              reason: 'NOT_DRAFT',
            });
          const activeFrom = 'activeFrom' in raw ? (v.activeFrom ?? null) : before.activeFrom;
          const activeUntil = 'activeUntil' in raw ? (v.activeUntil ?? null) : before.activeUntil;
          if (activeFrom && activeUntil && activeFrom >= activeUntil)
            throw new AppError('BAD_USER_INPUT', 'invalid redemption rule', {
              issues: [{ path: 'activeUntil', message: 'must be after activeFrom' }],
            });
          return {
            data: {
              ...(v.name ? { name: toStoredText(v.name) } : {}),
              ...('description' in raw
                ? { description: v.description ? toStoredText(v.description) : null }
                : {}),
              ...(v.benefitQuantity !== undefined ? { benefitQuantity: v.benefitQuantity } : {}),
              ...('perUserLimit' in raw ? { perUserLimit: v.perUserLimit ?? null } : {}),
              activeFrom,
              activeUntil,
            },
            ...(v.items ? { items: v.items } : {}),
          };
        },
        ruleAudit(identity, 'benefit.redemption_rule.update'),
      );
      if (!row) throw new AppError('NOT_FOUND', 'redemption rule not found', { id: v.id });
      return toRuleDto(row);
    },

    activateRule: (identity: Identity, input: unknown) =>
      transition(identity, input, 'activate', ['DRAFT', 'DISABLED'], 'ACTIVE'),
    disableRule: (identity: Identity, input: unknown) =>
      transition(identity, input, 'disable', ['ACTIVE'], 'DISABLED'),

    // ---- redemptions ---------------------------------------------------------------------
    async get(identity: Identity, input: unknown): Promise<RedemptionDto | null> {
      const { id } = parseInput(z.object({ id: ZId }), input, 'redemption id');
      const row = await redemptions.findById(id);
      if (!row) return null;
      if (!canSeeAnyRedemption(identity) && row.userId !== identity.subject) return null;
      return toRedemptionDto(row);
    },

    async byIds(ids: readonly string[]): Promise<(RedemptionDto | null)[]> {
      const rows = new Map(
        (await redemptions.findByIds(ids.filter((id) => ZId.safeParse(id).success))).map((r) => [
          r.id,
          toRedemptionDto(r),
        ]),
      );
      return ids.map((id) => rows.get(id) ?? null);
    },

    async list(input: unknown): Promise<Connection<RedemptionDto>> {
      const v = parseInput(ZRedemptionListInput, input, 'redemption filter');
      const f = v.filter ?? {};
      const q = {
        ...(f.userId ? { userId: f.userId } : {}),
        ...(f.redemptionRuleId ? { ruleId: f.redemptionRuleId } : {}),
        ...(f.benefitId ? { benefitId: f.benefitId } : {}),
        ...(f.status ? { state: f.status } : {}),
      };
      const cursor = decodeCursor(v.after);
      const rows = await redemptions.page({
        ...q,
        ...(cursor ? { after: cursor } : {}),
        take: v.first + 1,
      });
      return toConnection(rows, v.first, toRedemptionDto, () => redemptions.count(q));
    },

    async listForUser(userId: string, input: unknown): Promise<Connection<RedemptionDto>> {
      const v = parseInput(ZUserListInput, input, 'redemption filter');
      const q = { userId, ...(v.status ? { state: v.status } : {}) };
      const cursor = decodeCursor(v.after);
      const rows = await redemptions.page({
        ...q,
        ...(cursor ? { after: cursor } : {}),
        take: v.first + 1,
      });
      return toConnection(rows, v.first, toRedemptionDto, () => redemptions.count(q));
    },

    /**
     * Redeems a rule for a user — step one of the saga, in ONE transaction under the user's lock:
     * the rule and its benefit are checked (typed errors: INVALID_STATE, LIMIT_EXCEEDED,
     * OUT_OF_STOCK), the benefit's stock is reserved atomically (and a coupon code RESERVED),
     * the Redemption is written PENDING with its items and a PENDING grant, and the
     * ConsumeBadgesCommand (`redeem:<id>`) plus the audit record go to the outbox. Nothing is
     * consumed yet: the badge worker answers `badge.consumed.v1` and the benefit worker finishes.
     * Idempotent per (user, idempotencyKey).
     */
    async redeem(
      identity: Identity,
      input: unknown,
    ): Promise<{ redemption: RedemptionDto; isDuplicate: boolean }> {
      const v = parseInput(ZRedeemInput, input, 'redemption');
      if (
        identity.kind === 'user'
          ? identity.subject !== v.userId
          : !hasPermission(identity, 'benefit:redemption:write') &&
            !hasScope(identity, 'write:redemption')
      )
        throw new AppError('FORBIDDEN', 'not allowed to redeem for this user');
      const key = `${v.userId}:${v.idempotencyKey ?? randomUUID()}`;
      const fx = new Effects();
      const result = await uow.run(async (tx) => {
        await uow.lockUser(tx, v.userId);
        const existing = await redemptions.findByKey(tx, key);
        if (existing) {
          if (existing.redemptionRuleId !== v.redemptionRuleId)
            throw new AppError('CONFLICT', 'idempotency key already used for another redemption', {
              reason: 'IDEMPOTENCY_KEY_REUSED',
            });
          return { row: existing, isDuplicate: true };
        }
        const rule = await redemptions.ruleInTx(tx, v.redemptionRuleId);
        if (!rule)
          throw new AppError('NOT_FOUND', 'redemption rule not found', { id: v.redemptionRuleId });
        const inactive = ruleInactiveReason(rule, new Date());
        if (inactive)
          throw new AppError('INVALID_STATE', inactive.message, { reason: inactive.reason });
        if (rule.perUserLimit !== null) {
          const used = await redemptions.countCounting(tx, rule.id, v.userId);
          if (used >= rule.perUserLimit)
            throw new AppError(
              'LIMIT_EXCEEDED',
              `redeemed ${used} of at most ${rule.perUserLimit} times`,
              {
                reason: 'RULE_LIMIT_REACHED',
                limit: rule.perUserLimit,
              },
            );
        }
        const id = randomUUID();
        const items = rule.items.map((i) => ({ badgeId: i.badgeId, quantity: i.quantity }));
        const row = await redemptions.insert(
          tx,
          {
            id,
            userId: v.userId,
            redemptionRuleId: rule.id,
            benefitId: rule.benefitId,
            idempotencyKey: key,
            requestedBy: actorOf(identity),
          },
          items,
        );
        await engine.place(
          tx,
          {
            userId: v.userId,
            benefitId: rule.benefitId,
            quantity: rule.benefitQuantity,
            source: 'REDEMPTION',
            idempotencyKey: `redemption:${id}`,
            redemptionId: id,
            actor: actorOf(identity),
            hold: true,
          },
          fx,
        );
        await uow.writeOutbox(tx, [
          consumeBadgesRecord(row, actorOf(identity), {
            producer: SERVER_SERVICE,
            correlationId: id,
          }),
          auditRecord(identity, {
            action: 'benefit.redemption.request',
            targetType: 'Redemption',
            targetId: id,
            after: { ...toRedemptionDto(row), ruleCode: rule.code },
          }),
        ]);
        fx.onCommit(() => deps.metrics.redemptions.inc({ status: 'PENDING' }));
        return { row, isDuplicate: false };
      });
      await engine.settle(fx);
      return { redemption: toRedemptionDto(result.row), isDuplicate: result.isDuplicate };
    },
  };
}
export type RedemptionService = ReturnType<typeof createRedemptionService>;
