import {
  BenefitGrantedSchema,
  BenefitGrantFailedSchema,
  BenefitGrantFailureReason,
  BenefitGrantSource as ProtoGrantSource,
  BenefitRevocationReason,
  BenefitRevokedSchema,
  BenefitType as ProtoBenefitType,
  ConsumeBadgesCommandSchema,
  createEvent,
  RestoreBadgesCommandSchema,
  timestampFromDate,
  toOutboxRecord,
  type OutboxRecord,
} from '@badge/proto';
import { injectTraceHeaders } from '@badge/service-kit';
import type { FailureCode } from '../modules/grant/grant.rules.js';

type BenefitTypeName = 'COUPON' | 'POINTS' | 'PHYSICAL' | 'PRIVILEGE' | 'CUSTOM';
type GrantSourceName = 'AUTO' | 'REDEMPTION' | 'MANUAL';

const TYPE: Record<BenefitTypeName, ProtoBenefitType> = {
  COUPON: ProtoBenefitType.COUPON,
  POINTS: ProtoBenefitType.POINTS,
  PHYSICAL: ProtoBenefitType.PHYSICAL,
  PRIVILEGE: ProtoBenefitType.PRIVILEGE,
  CUSTOM: ProtoBenefitType.CUSTOM,
};
const SOURCE: Record<GrantSourceName, ProtoGrantSource> = {
  AUTO: ProtoGrantSource.BADGE,
  REDEMPTION: ProtoGrantSource.REDEMPTION,
  MANUAL: ProtoGrantSource.MANUAL,
};
const FAILURE: Record<FailureCode, BenefitGrantFailureReason> = {
  OUT_OF_STOCK: BenefitGrantFailureReason.OUT_OF_STOCK,
  USER_LIMIT_REACHED: BenefitGrantFailureReason.USER_LIMIT_REACHED,
  BENEFIT_UNAVAILABLE: BenefitGrantFailureReason.BENEFIT_UNAVAILABLE,
  COUPON_POOL_EXHAUSTED: BenefitGrantFailureReason.COUPON_POOL_EXHAUSTED,
  INSUFFICIENT_BADGES: BenefitGrantFailureReason.INSUFFICIENT_BADGES,
  EXTERNAL_ERROR: BenefitGrantFailureReason.EXTERNAL_ERROR,
  EXTERNAL_REJECTED: BenefitGrantFailureReason.EXTERNAL_ERROR,
  INTERNAL_ERROR: BenefitGrantFailureReason.INTERNAL_ERROR,
};
export const REVOCATION = {
  BADGE_REVOKED: BenefitRevocationReason.BADGE_REVOKED,
  REFUND: BenefitRevocationReason.REFUND,
  MANUAL: BenefitRevocationReason.MANUAL,
  REDEMPTION_CANCELLED: BenefitRevocationReason.REDEMPTION_CANCELLED,
} as const;

/** Correlation of a flow: what caused this message, and who produced it. */
export interface Causation {
  producer: string;
  /** The first message of the chain (kept from the incoming event when it has one). */
  correlationId?: string;
  /** The message that directly caused this one. */
  causationId?: string;
}

function traceAndMetadata(c: Causation) {
  const headers = injectTraceHeaders();
  return {
    ...(headers.traceparent
      ? { trace: { traceparent: headers.traceparent, tracestate: headers.tracestate ?? '' } }
      : {}),
    metadata: {
      producer: c.producer,
      correlationId: c.correlationId ?? c.causationId ?? '',
      causationId: c.causationId ?? '',
    },
  };
}

export interface GrantFacts {
  id: string;
  userId: string;
  benefitId: string;
  quantity: number;
  source: GrantSourceName;
  idempotencyKey: string;
  sourceBadgeId: string | null;
  sourceBadgeGrantId: string | null;
  redemptionId: string | null;
  attempts: number;
  expiresAt: Date | null;
}

export interface BenefitFacts {
  code: string;
  type: BenefitTypeName;
}

const sourceRefOf = (g: GrantFacts): string =>
  g.source === 'AUTO'
    ? (g.sourceBadgeGrantId ?? '')
    : g.source === 'REDEMPTION'
      ? (g.redemptionId ?? '')
      : g.idempotencyKey;

export function benefitGrantedRecord(
  grant: GrantFacts,
  benefit: BenefitFacts,
  extra: { points: number; couponCode: string | null; actor: string },
  c: Causation,
): OutboxRecord {
  return toOutboxRecord(
    BenefitGrantedSchema,
    createEvent(BenefitGrantedSchema, {
      benefitGrantId: grant.id,
      userId: grant.userId,
      benefitId: grant.benefitId,
      benefitType: TYPE[benefit.type],
      quantity: grant.quantity,
      source: SOURCE[grant.source],
      sourceRef: sourceRefOf(grant),
      badgeId: grant.sourceBadgeId ?? '',
      idempotencyKey: grant.idempotencyKey,
      ...(grant.expiresAt ? { expiresAt: timestampFromDate(grant.expiresAt) } : {}),
      points: BigInt(extra.points),
      couponCode: extra.couponCode ?? '',
      benefitCode: benefit.code,
      actor: extra.actor,
      ...traceAndMetadata(c),
    }),
  );
}

export function benefitGrantFailedRecord(
  grant: GrantFacts,
  benefit: BenefitFacts,
  failure: { code: FailureCode; message: string; retryable: boolean },
  c: Causation,
): OutboxRecord {
  return toOutboxRecord(
    BenefitGrantFailedSchema,
    createEvent(BenefitGrantFailedSchema, {
      benefitGrantId: grant.id,
      userId: grant.userId,
      benefitId: grant.benefitId,
      benefitType: TYPE[benefit.type],
      source: SOURCE[grant.source],
      sourceRef: sourceRefOf(grant),
      badgeId: grant.sourceBadgeId ?? '',
      idempotencyKey: grant.idempotencyKey,
      failureReason: FAILURE[failure.code],
      message: `${failure.code}: ${failure.message}`.slice(0, 2000),
      retryable: failure.retryable,
      attempts: grant.attempts,
      ...traceAndMetadata(c),
    }),
  );
}

export function benefitRevokedRecord(
  grant: GrantFacts,
  benefit: BenefitFacts,
  revocation: {
    reason: BenefitRevocationReason;
    sourceRef: string;
    detail: string;
    actor: string;
  },
  c: Causation,
): OutboxRecord {
  return toOutboxRecord(
    BenefitRevokedSchema,
    createEvent(BenefitRevokedSchema, {
      benefitGrantId: grant.id,
      userId: grant.userId,
      benefitId: grant.benefitId,
      benefitType: TYPE[benefit.type],
      quantity: grant.quantity,
      reason: revocation.reason,
      sourceRef: revocation.sourceRef,
      detail: revocation.detail.slice(0, 1000),
      actor: revocation.actor,
      benefitCode: benefit.code,
      ...traceAndMetadata(c),
    }),
  );
}

export function consumeBadgesRecord(
  redemption: {
    id: string;
    userId: string;
    items: readonly { badgeId: string; quantity: number }[];
  },
  actor: string,
  c: Causation,
): OutboxRecord {
  return toOutboxRecord(
    ConsumeBadgesCommandSchema,
    createEvent(ConsumeBadgesCommandSchema, {
      commandId: `redeem:${redemption.id}`,
      userId: redemption.userId,
      redemptionId: redemption.id,
      items: redemption.items.map((i) => ({ badgeId: i.badgeId, quantity: i.quantity })),
      actor,
      ...traceAndMetadata(c),
    }),
  );
}

export function restoreBadgesRecord(
  redemption: { id: string; userId: string },
  reason: string,
  c: Causation,
): OutboxRecord {
  return toOutboxRecord(
    RestoreBadgesCommandSchema,
    createEvent(RestoreBadgesCommandSchema, {
      commandId: `restore:${redemption.id}`,
      userId: redemption.userId,
      redemptionId: redemption.id,
      reason: reason.slice(0, 1000),
      ...traceAndMetadata(c),
    }),
  );
}
