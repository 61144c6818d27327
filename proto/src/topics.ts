import {
  BadgeExpiredSchema,
  BadgeGrantedSchema,
  BadgeRevokedSchema,
  GrantBadgeCommandSchema,
  RevokeBadgeCommandSchema,
} from './gen/badge/events/v1/badge_pb.js';
import {
  BenefitGrantedSchema,
  BenefitGrantFailedSchema,
  BenefitRevokedSchema,
} from './gen/badge/events/v1/benefit_pb.js';
import { EngagementEventSchema } from './gen/badge/events/v1/engagement_pb.js';
import { NotificationRequestedSchema } from './gen/badge/events/v1/notification_pb.js';
import { OperationRecordedSchema } from './gen/badge/events/v1/audit_pb.js';
import {
  BadgesConsumedSchema,
  BadgesRestoredSchema,
  ConsumeBadgesCommandSchema,
  RestoreBadgesCommandSchema,
} from './gen/badge/events/v1/redemption_pb.js';
import { TransactionEventSchema } from './gen/badge/events/v1/transaction_pb.js';

/** Kafka topics (docs/CONTRACTS.md). Every message is keyed by user id. */
export const TOPICS = {
  ENGAGEMENT_EVENTS: 'badge.engagement.events',
  TRANSACTION_EVENTS: 'badge.transaction.events',
  NOTIFICATIONS: 'badge.notifications',
  AUDIT_EVENTS: 'badge.audit.events',
  DLQ: 'badge.dlq',
  GRANT_COMMANDS: 'badge.grant.commands',
  BADGE_EVENTS: 'badge.badge.events',
  BENEFIT_EVENTS: 'badge.benefit.events',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

/** Partition count of each topic (docs/CONTRACTS.md). */
export const TOPIC_PARTITIONS: { readonly [T in Topic]: number } = {
  'badge.engagement.events': 3,
  'badge.transaction.events': 3,
  'badge.notifications': 3,
  'badge.audit.events': 3,
  'badge.dlq': 1,
  'badge.grant.commands': 3,
  'badge.badge.events': 3,
  'badge.benefit.events': 3,
};

/**
 * Event type of each message, sent in the `x-event-type` header and stored in
 * `outbox_event.event_type`. Topics that carry several types (grant commands, badge events,
 * benefit events) are dispatched on it.
 */
export const EVENT_TYPES = {
  EngagementEvent: 'engagement.event.v1',
  TransactionEvent: 'transaction.event.v1',
  GrantBadgeCommand: 'badge.grant.command.v1',
  RevokeBadgeCommand: 'badge.revoke.command.v1',
  BadgeGranted: 'badge.granted.v1',
  BadgeRevoked: 'badge.revoked.v1',
  BadgeExpired: 'badge.expired.v1',
  BenefitGranted: 'benefit.granted.v1',
  BenefitRevoked: 'benefit.revoked.v1',
  BenefitGrantFailed: 'benefit.grant_failed.v1',
  NotificationRequested: 'notification.requested.v1',
  OperationRecorded: 'operation.recorded.v1',
  ConsumeBadgesCommand: 'badge.consume.command.v1',
  RestoreBadgesCommand: 'badge.restore.command.v1',
  BadgesConsumed: 'badge.consumed.v1',
  BadgesRestored: 'badge.restored.v1',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** Schema and topic of every event type. */
export const EVENT_REGISTRY = {
  'engagement.event.v1': { schema: EngagementEventSchema, topic: TOPICS.ENGAGEMENT_EVENTS },
  'transaction.event.v1': { schema: TransactionEventSchema, topic: TOPICS.TRANSACTION_EVENTS },
  'badge.grant.command.v1': { schema: GrantBadgeCommandSchema, topic: TOPICS.GRANT_COMMANDS },
  'badge.revoke.command.v1': { schema: RevokeBadgeCommandSchema, topic: TOPICS.GRANT_COMMANDS },
  'badge.granted.v1': { schema: BadgeGrantedSchema, topic: TOPICS.BADGE_EVENTS },
  'badge.revoked.v1': { schema: BadgeRevokedSchema, topic: TOPICS.BADGE_EVENTS },
  'badge.expired.v1': { schema: BadgeExpiredSchema, topic: TOPICS.BADGE_EVENTS },
  'benefit.granted.v1': { schema: BenefitGrantedSchema, topic: TOPICS.BENEFIT_EVENTS },
  'benefit.revoked.v1': { schema: BenefitRevokedSchema, topic: TOPICS.BENEFIT_EVENTS },
  'benefit.grant_failed.v1': { schema: BenefitGrantFailedSchema, topic: TOPICS.BENEFIT_EVENTS },
  'notification.requested.v1': { schema: NotificationRequestedSchema, topic: TOPICS.NOTIFICATIONS },
  'operation.recorded.v1': { schema: OperationRecordedSchema, topic: TOPICS.AUDIT_EVENTS },
  'badge.consume.command.v1': { schema: ConsumeBadgesCommandSchema, topic: TOPICS.GRANT_COMMANDS },
  'badge.restore.command.v1': { schema: RestoreBadgesCommandSchema, topic: TOPICS.GRANT_COMMANDS },
  'badge.consumed.v1': { schema: BadgesConsumedSchema, topic: TOPICS.BADGE_EVENTS },
  'badge.restored.v1': { schema: BadgesRestoredSchema, topic: TOPICS.BADGE_EVENTS },
} as const satisfies {
  readonly [T in EventType]: { readonly schema: unknown; readonly topic: Topic };
};

/** Any of the event and command schemas. */
export type EventSchema = (typeof EVENT_REGISTRY)[EventType]['schema'];

/** Kafka / outbox header names. */
export const HEADERS = {
  /** `application/x-protobuf` (default for platform producers) or `application/json`. */
  CONTENT_TYPE: 'content-type',
  /** One of {@link EVENT_TYPES}. */
  EVENT_TYPE: 'x-event-type',
  /** The event id or command id (deduplication key). */
  EVENT_ID: 'x-event-id',
  /** W3C trace context. */
  TRACEPARENT: 'traceparent',
  TRACESTATE: 'tracestate',
} as const;

/** Accepted payload content types. */
export const CONTENT_TYPES = {
  PROTOBUF: 'application/x-protobuf',
  JSON: 'application/json',
} as const;
export type ContentType = (typeof CONTENT_TYPES)[keyof typeof CONTENT_TYPES];

const TYPE_BY_NAME: ReadonlyMap<string, EventType> = new Map(
  Object.values(EVENT_TYPES).map((type) => [EVENT_REGISTRY[type].schema.typeName, type]),
);

/** Event type of a schema, e.g. `badge.granted.v1` for `BadgeGrantedSchema`. */
export function eventTypeOf(schema: EventSchema): EventType {
  const type = TYPE_BY_NAME.get(schema.typeName);
  if (type === undefined) throw new TypeError(`not an event schema: ${schema.typeName}`);
  return type;
}

/** Topic a schema's messages are published to. */
export function topicOf(schema: EventSchema): Topic {
  return EVENT_REGISTRY[eventTypeOf(schema)].topic;
}

/** True for the names in {@link EVENT_TYPES}. */
export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_REGISTRY, value);
}
