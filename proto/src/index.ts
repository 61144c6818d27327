// @badge/proto — event contracts (badge.events.v1) shared by producers and consumers.
// See README.md for topics, keys, headers, the JSON form and the versioning rules.

export * from './gen/badge/events/v1/common_pb.js';
export * from './gen/badge/events/v1/engagement_pb.js';
export * from './gen/badge/events/v1/transaction_pb.js';
export * from './gen/badge/events/v1/badge_pb.js';
export * from './gen/badge/events/v1/benefit_pb.js';
export * from './gen/badge/events/v1/notification_pb.js';
export * from './gen/badge/events/v1/audit_pb.js';
export * from './gen/badge/events/v1/redemption_pb.js';

export {
  TOPICS,
  TOPIC_PARTITIONS,
  EVENT_TYPES,
  EVENT_REGISTRY,
  HEADERS,
  CONTENT_TYPES,
  eventTypeOf,
  topicOf,
  isEventType,
  type Topic,
  type EventType,
  type EventSchema,
  type ContentType,
} from './topics.js';
export { InvalidEventError, isInvalidEventError, type EventIssue } from './errors.js';
export { validateEvent, eventIssues, MAX_ID_LENGTH, type EventMessage } from './validate.js';
export {
  encodeEvent,
  encodeEventJson,
  decodeEvent,
  decodeByType,
  createEvent,
  messageIdOf,
  toOutboxRecord,
  type EventPayload,
  type DecodedEvent,
  type OutboxRecord,
} from './codec.js';
export {
  toAttributeValue,
  toAttributes,
  fromAttributeValue,
  fromAttributes,
  type AttributePlain,
  type AttributeMap,
} from './attributes.js';

// Protobuf runtime helpers, so consumers need no direct @bufbuild/protobuf dependency.
export { create, type MessageShape, type MessageInitShape } from '@bufbuild/protobuf';
export {
  timestampDate,
  timestampFromDate,
  timestampNow,
  type Timestamp,
} from '@bufbuild/protobuf/wkt';
