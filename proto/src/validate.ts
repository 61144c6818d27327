import { isUnknownEnum, type DescEnum, type MessageShape } from '@bufbuild/protobuf';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import {
  BadgeSource,
  BadgeSourceSchema,
  RevocationKindSchema,
  type BadgeExpired,
  type BadgeGranted,
  type BadgeRevoked,
  type GrantBadgeCommand,
  type RevokeBadgeCommand,
} from './gen/badge/events/v1/badge_pb.js';
import {
  BenefitGrantFailureReasonSchema,
  BenefitGrantSourceSchema,
  BenefitRevocationReasonSchema,
  BenefitTypeSchema,
  type BenefitGranted,
  type BenefitGrantFailed,
  type BenefitRevoked,
} from './gen/badge/events/v1/benefit_pb.js';
import type { AttributeValue } from './gen/badge/events/v1/common_pb.js';
import type { EngagementEvent } from './gen/badge/events/v1/engagement_pb.js';
import {
  NotificationChannelSchema,
  type NotificationRequested,
} from './gen/badge/events/v1/notification_pb.js';
import {
  TransactionType,
  TransactionTypeSchema,
  type TransactionEvent,
} from './gen/badge/events/v1/transaction_pb.js';
import type { OperationRecorded } from './gen/badge/events/v1/audit_pb.js';
import { ActorTypeSchema } from './gen/badge/events/v1/audit_pb.js';
import type {
  BadgesConsumed,
  BadgesRestored,
  ConsumeBadgesCommand,
  RestoreBadgesCommand,
} from './gen/badge/events/v1/redemption_pb.js';
import { InvalidEventError, type EventIssue } from './errors.js';
import type { EventSchema } from './topics.js';

/** Any event or command message. */
export type EventMessage = MessageShape<EventSchema>;

/** Longest accepted identifier (event ids, user ids, badge ids...). */
export const MAX_ID_LENGTH = 128;

// RFC 3339 range of google.protobuf.Timestamp: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
const MIN_SECONDS = -62_135_596_800n;
const MAX_SECONDS = 253_402_300_799n;
const ATTRIBUTE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const ENGAGEMENT_TYPE = /^[a-z][a-z0-9_]{0,63}$/;
const TEMPLATE_CODE = /^[a-z][a-z0-9_.]{0,63}$/;
const CURRENCY = /^[A-Z]{3}$/;
const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

class Checker {
  readonly issues: EventIssue[] = [];

  add(path: string, reason: string): void {
    this.issues.push({ path, reason });
  }

  /** A required (or, with `required = false`, optional) identifier. */
  id(path: string, value: string, required = true): void {
    if (value.trim() === '') {
      if (required) this.add(path, value === '' ? 'is required' : 'must not be blank');
      return;
    }
    if (value.length > MAX_ID_LENGTH) this.add(path, `must be at most ${MAX_ID_LENGTH} characters`);
    else if (value !== value.trim()) this.add(path, 'must not have leading or trailing whitespace');
  }

  text(path: string, value: string, max: number): void {
    if (value.length > max) this.add(path, `must be at most ${max} characters`);
  }

  pattern(path: string, value: string, re: RegExp, what: string, required = true): void {
    if (value === '') {
      if (required) this.add(path, 'is required');
    } else if (!re.test(value)) this.add(path, `must be ${what}`);
  }

  timestamp(path: string, ts: Timestamp | undefined, required = true): void {
    if (ts === undefined) {
      if (required) this.add(path, 'is required');
      return;
    }
    if (ts.seconds < MIN_SECONDS || ts.seconds > MAX_SECONDS) {
      this.add(path, 'must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z');
    } else if (ts.nanos < 0 || ts.nanos > 999_999_999) {
      this.add(path, 'has nanos out of range 0..999999999');
    }
  }

  enumValue(path: string, desc: DescEnum, value: number, required = true): void {
    if (isUnknownEnum(desc, value)) {
      this.add(path, `has unknown ${desc.typeName} value ${value}`);
    } else if (required && value === 0) {
      this.add(path, `is required (${desc.values[0]?.name ?? 'the zero value'} is not allowed)`);
    }
  }

  atLeast(path: string, value: number, min: number): void {
    if (value < min) this.add(path, min === 0 ? 'must not be negative' : `must be at least ${min}`);
  }

  nonNegative(path: string, value: bigint): void {
    if (value < 0n) this.add(path, 'must not be negative');
  }

  attributes(path: string, map: { readonly [key: string]: AttributeValue }): void {
    for (const [key, value] of Object.entries(map)) {
      const at = `${path}[${JSON.stringify(key)}]`;
      if (!ATTRIBUTE_KEY.test(key)) {
        this.add(at, 'key must be an identifier ([A-Za-z_][A-Za-z0-9_]*, at most 64 characters)');
      }
      this.attributeValue(at, value);
    }
  }

  private attributeValue(path: string, value: AttributeValue): void {
    const { kind } = value;
    switch (kind.case) {
      case undefined:
        this.add(
          path,
          'must have a value (stringValue, intValue, doubleValue, boolValue, timestampValue or listValue)',
        );
        break;
      case 'doubleValue':
        if (!Number.isFinite(kind.value)) this.add(path, 'must be a finite number');
        break;
      case 'timestampValue':
        this.timestamp(path, kind.value);
        break;
      case 'listValue':
        kind.value.values.forEach((item, i) => this.attributeValue(`${path}[${i}]`, item));
        break;
      default:
        break;
    }
  }
}

function checkEngagement(c: Checker, m: EngagementEvent): void {
  c.id('event_id', m.eventId);
  c.id('user_id', m.userId);
  c.pattern(
    'type',
    m.type,
    ENGAGEMENT_TYPE,
    'lowercase snake_case (e.g. check_in), at most 64 characters',
  );
  c.timestamp('occurred_at', m.occurredAt);
  c.attributes('attributes', m.attributes);
  c.text('source', m.source, 64);
}

function checkTransaction(c: Checker, m: TransactionEvent): void {
  c.id('event_id', m.eventId);
  c.id('user_id', m.userId);
  c.enumValue('type', TransactionTypeSchema, m.type);
  c.timestamp('occurred_at', m.occurredAt);
  c.id('order_id', m.orderId);
  c.nonNegative('amount', m.amount);
  c.pattern('currency', m.currency, CURRENCY, 'an ISO 4217 code of three upper-case letters');
  c.id('refund_of_event_id', m.refundOfEventId, false);
  if (m.type === TransactionType.PURCHASE && m.refundOfEventId !== '') {
    c.add('refund_of_event_id', 'must be empty for a PURCHASE');
  }
  m.items.forEach((item, i) => {
    const at = `items[${i}]`;
    c.id(`${at}.sku`, item.sku);
    c.atLeast(`${at}.quantity`, item.quantity, 1);
    c.nonNegative(`${at}.amount`, item.amount);
    c.attributes(`${at}.attributes`, item.attributes);
  });
  c.attributes('attributes', m.attributes);
  c.text('source', m.source, 64);
}

function checkBadgeCommand(c: Checker, m: GrantBadgeCommand | RevokeBadgeCommand): void {
  c.id('command_id', m.commandId);
  c.id('user_id', m.userId);
  c.id('badge_id', m.badgeId);
  c.atLeast('quantity', m.quantity, 1);
  c.enumValue('source', BadgeSourceSchema, m.source);
  c.id('source_ref', m.sourceRef);
  if (m.source === BadgeSource.RULE) {
    c.id('rule_id', m.ruleId);
    c.atLeast('rule_version', m.ruleVersion, 1);
  } else {
    c.id('rule_id', m.ruleId, false);
    c.atLeast('rule_version', m.ruleVersion, 0);
  }
  c.id('actor', m.actor, m.source === BadgeSource.MANUAL || m.source === BadgeSource.BATCH);
  c.text('reason', m.reason, 1000);
  c.timestamp('issued_at', m.issuedAt);
  if (m.$typeName === 'badge.events.v1.RevokeBadgeCommand') {
    c.enumValue('kind', RevocationKindSchema, m.kind, false);
    c.id('user_badge_id', m.userBadgeId, false);
  }
}

function checkBadgeEvent(c: Checker, m: BadgeGranted | BadgeRevoked | BadgeExpired): void {
  c.id('event_id', m.eventId);
  c.id('user_badge_id', m.userBadgeId);
  c.id('user_id', m.userId);
  c.id('badge_id', m.badgeId);
  c.atLeast('quantity', m.quantity, 1);
  c.timestamp('occurred_at', m.occurredAt);
  switch (m.$typeName) {
    case 'badge.events.v1.BadgeGranted':
      c.enumValue('source', BadgeSourceSchema, m.source);
      c.atLeast('total_quantity', m.totalQuantity, 0);
      c.atLeast('rule_version', m.ruleVersion, 0);
      c.timestamp('expires_at', m.expiresAt, false);
      break;
    case 'badge.events.v1.BadgeRevoked':
      c.enumValue('source', BadgeSourceSchema, m.source);
      c.enumValue('kind', RevocationKindSchema, m.kind, false);
      c.atLeast('remaining_quantity', m.remainingQuantity, 0);
      c.timestamp('expires_at', m.expiresAt, false);
      break;
    case 'badge.events.v1.BadgeExpired':
      c.enumValue('source', BadgeSourceSchema, m.source, false);
      c.timestamp('expires_at', m.expiresAt);
      break;
  }
}

function checkBenefitEvent(
  c: Checker,
  m: BenefitGranted | BenefitRevoked | BenefitGrantFailed,
): void {
  c.id('event_id', m.eventId);
  c.id('user_id', m.userId);
  c.id('benefit_id', m.benefitId);
  c.timestamp('occurred_at', m.occurredAt);
  switch (m.$typeName) {
    case 'badge.events.v1.BenefitGranted':
      c.id('benefit_grant_id', m.benefitGrantId);
      c.enumValue('benefit_type', BenefitTypeSchema, m.benefitType);
      c.atLeast('quantity', m.quantity, 1);
      c.enumValue('source', BenefitGrantSourceSchema, m.source);
      c.nonNegative('points', m.points);
      c.timestamp('expires_at', m.expiresAt, false);
      break;
    case 'badge.events.v1.BenefitRevoked':
      c.id('benefit_grant_id', m.benefitGrantId);
      c.enumValue('benefit_type', BenefitTypeSchema, m.benefitType);
      c.atLeast('quantity', m.quantity, 1);
      c.enumValue('reason', BenefitRevocationReasonSchema, m.reason);
      break;
    case 'badge.events.v1.BenefitGrantFailed':
      c.id('benefit_grant_id', m.benefitGrantId, false);
      c.enumValue('benefit_type', BenefitTypeSchema, m.benefitType, false);
      c.enumValue('source', BenefitGrantSourceSchema, m.source);
      c.enumValue('failure_reason', BenefitGrantFailureReasonSchema, m.failureReason);
      c.atLeast('attempts', m.attempts, 0);
      c.text('message', m.message, 2000);
      break;
  }
}

function checkNotification(c: Checker, m: NotificationRequested): void {
  c.id('event_id', m.eventId);
  c.id('user_id', m.userId);
  c.pattern(
    'template_code',
    m.templateCode,
    TEMPLATE_CODE,
    'lowercase (a-z, 0-9, _ and .), at most 64 characters',
  );
  c.pattern('locale', m.locale, LOCALE, 'a BCP 47 tag such as zh-CN or en-US', false);
  for (const key of Object.keys(m.params)) {
    if (key === '') c.add('params[""]', 'key must not be empty');
  }
  m.channels.forEach((channel, i) =>
    c.enumValue(`channels[${i}]`, NotificationChannelSchema, channel),
  );
  c.timestamp('occurred_at', m.occurredAt);
}

function checkOperation(c: Checker, m: OperationRecorded): void {
  c.id('event_id', m.eventId);
  c.id('user_id', m.userId);
  c.timestamp('occurred_at', m.occurredAt);
  c.enumValue('actor_type', ActorTypeSchema, m.actorType);
  c.id('module', m.module);
  c.id('action', m.action);
  c.text('actor_name', m.actorName, 255);
  c.text('target_type', m.targetType, 64);
  c.text('target_id', m.targetId, 255);
  c.text('user_agent', m.userAgent, 1000);
  for (const field of ['before_json', 'after_json'] as const) {
    const value = field === 'before_json' ? m.beforeJson : m.afterJson;
    if (value === '') continue;
    try {
      JSON.parse(value);
    } catch {
      c.add(field, 'must be empty or a JSON document');
    }
  }
}

function checkRedemptionMessage(
  c: Checker,
  m: ConsumeBadgesCommand | RestoreBadgesCommand | BadgesConsumed | BadgesRestored,
): void {
  c.id('user_id', m.userId);
  c.id('redemption_id', m.redemptionId);
  c.id('command_id', m.commandId);
  switch (m.$typeName) {
    case 'badge.events.v1.ConsumeBadgesCommand':
      c.timestamp('issued_at', m.issuedAt);
      if (m.items.length === 0) c.add('items', 'must contain at least one item');
      m.items.forEach((item, i) => {
        c.id(`items[${i}].badge_id`, item.badgeId);
        c.atLeast(`items[${i}].quantity`, item.quantity, 1);
      });
      break;
    case 'badge.events.v1.RestoreBadgesCommand':
      c.timestamp('issued_at', m.issuedAt);
      c.text('reason', m.reason, 1000);
      break;
    case 'badge.events.v1.BadgesConsumed':
      c.id('event_id', m.eventId);
      c.timestamp('occurred_at', m.occurredAt);
      if (!m.ok && m.failureReason === '') c.add('failure_reason', 'is required when ok is false');
      break;
    case 'badge.events.v1.BadgesRestored':
      c.id('event_id', m.eventId);
      c.timestamp('occurred_at', m.occurredAt);
      break;
  }
}

/** Every contract violation of a message (empty when valid). */
export function eventIssues(message: EventMessage): EventIssue[] {
  const c = new Checker();
  switch (message.$typeName) {
    case 'badge.events.v1.EngagementEvent':
      checkEngagement(c, message);
      break;
    case 'badge.events.v1.TransactionEvent':
      checkTransaction(c, message);
      break;
    case 'badge.events.v1.GrantBadgeCommand':
    case 'badge.events.v1.RevokeBadgeCommand':
      checkBadgeCommand(c, message);
      break;
    case 'badge.events.v1.BadgeGranted':
    case 'badge.events.v1.BadgeRevoked':
    case 'badge.events.v1.BadgeExpired':
      checkBadgeEvent(c, message);
      break;
    case 'badge.events.v1.BenefitGranted':
    case 'badge.events.v1.BenefitRevoked':
    case 'badge.events.v1.BenefitGrantFailed':
      checkBenefitEvent(c, message);
      break;
    case 'badge.events.v1.NotificationRequested':
      checkNotification(c, message);
      break;
    case 'badge.events.v1.OperationRecorded':
      checkOperation(c, message);
      break;
    case 'badge.events.v1.ConsumeBadgesCommand':
    case 'badge.events.v1.RestoreBadgesCommand':
    case 'badge.events.v1.BadgesConsumed':
    case 'badge.events.v1.BadgesRestored':
      checkRedemptionMessage(c, message);
      break;
  }
  return c.issues;
}

/** Throws {@link InvalidEventError} listing every violation when the message breaks the contract. */
export function validateEvent(message: EventMessage): void {
  const issues = eventIssues(message);
  const [first, ...rest] = issues;
  if (first !== undefined) throw new InvalidEventError([first, ...rest], message.$typeName);
}
