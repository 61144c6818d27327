import {
  create,
  fromBinary,
  fromJsonString,
  toBinary,
  toJsonString,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf';
import { reflect } from '@bufbuild/protobuf/reflect';
import { TimestampSchema, timestampNow } from '@bufbuild/protobuf/wkt';
import { randomUUID } from 'node:crypto';
import { InvalidEventError } from './errors.js';
import { jsonIssue } from './json-path.js';
import {
  CONTENT_TYPES,
  EVENT_REGISTRY,
  HEADERS,
  eventTypeOf,
  isEventType,
  type ContentType,
  type EventSchema,
  type EventType,
  type Topic,
} from './topics.js';
import { validateEvent, type EventMessage } from './validate.js';

/** A Kafka message value: bytes as received (Buffer is a Uint8Array), or a JSON string. */
export type EventPayload = Uint8Array | string;

const OPEN_BRACE = 0x7b; // '{'
const utf8 = new TextDecoder('utf-8', { fatal: true });

type Format = 'json' | 'protobuf';

function formatOf(payload: EventPayload, contentType: string | null | undefined): Format {
  const mediaType = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  switch (mediaType) {
    case CONTENT_TYPES.JSON:
      return 'json';
    case CONTENT_TYPES.PROTOBUF:
    case 'application/protobuf':
    case 'application/vnd.google.protobuf':
      if (typeof payload === 'string') {
        throw new InvalidEventError([
          { path: '$', reason: 'is a string but content-type says protobuf' },
        ]);
      }
      return 'protobuf';
    case '':
      return typeof payload === 'string' || payload[0] === OPEN_BRACE ? 'json' : 'protobuf';
    default:
      throw new InvalidEventError([
        {
          path: '$',
          reason: `has unsupported content-type "${contentType ?? ''}" (use ${CONTENT_TYPES.PROTOBUF} or ${CONTENT_TYPES.JSON})`,
        },
      ]);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Encodes a message as protobuf binary (the platform's wire format) after validating it.
 * @throws InvalidEventError when the message breaks the contract.
 */
export function encodeEvent<S extends EventSchema>(
  schema: S,
  message: MessageShape<S>,
): Uint8Array {
  validateEvent(message);
  return toBinary(schema, message);
}

/**
 * Encodes a message in the documented JSON form (proto3 canonical JSON mapping) after validating
 * it. For producers that cannot speak protobuf, fixtures and logs.
 * @throws InvalidEventError when the message breaks the contract.
 */
export function encodeEventJson<S extends EventSchema>(
  schema: S,
  message: MessageShape<S>,
): string {
  validateEvent(message);
  return toJsonString(schema, message);
}

/**
 * Decodes and validates a payload. The format is taken from `contentType`
 * (`application/x-protobuf` or `application/json`, parameters such as `; charset=utf-8` are
 * ignored); without one, a string or a payload starting with `{` is JSON and anything else is
 * protobuf binary. JSON follows the proto3 JSON mapping strictly: unknown fields and unknown enum
 * names are rejected.
 * @throws InvalidEventError for an empty, malformed or invalid payload.
 */
export function decodeEvent<S extends EventSchema>(
  schema: S,
  payload: EventPayload | null | undefined,
  contentType?: string | null,
): MessageShape<S> {
  const fail = (path: string, reason: string, cause?: unknown): InvalidEventError =>
    new InvalidEventError([{ path, reason }], schema.typeName, { cause });
  if (payload === null || payload === undefined || payload.length === 0)
    throw fail('$', 'is empty');
  let format: Format;
  try {
    format = formatOf(payload, contentType);
  } catch (error) {
    if (error instanceof InvalidEventError) throw fail(error.path, error.reason);
    throw error;
  }
  let message: MessageShape<S>;
  if (format === 'json') {
    let text: string;
    try {
      text = typeof payload === 'string' ? payload : utf8.decode(payload);
    } catch (error) {
      throw fail('$', 'is not valid UTF-8', error);
    }
    try {
      message = fromJsonString(schema, text, { ignoreUnknownFields: false });
    } catch (error) {
      if (error instanceof Error && error.cause instanceof SyntaxError) {
        throw fail('$', `is malformed JSON: ${error.cause.message}`, error);
      }
      const issue = jsonIssue(schema, JSON.parse(text) as JsonValue) ?? {
        path: '$',
        reason: `is invalid: ${reasonOf(error)}`,
      };
      throw fail(issue.path, issue.reason, error);
    }
  } else {
    try {
      message = fromBinary(schema, typeof payload === 'string' ? new Uint8Array() : payload);
    } catch (error) {
      throw fail('$', `is malformed protobuf: ${reasonOf(error)}`, error);
    }
  }
  validateEvent(message);
  return message;
}

/** A decoded message tagged with its event type, for topics that carry several types. */
export type DecodedEvent = {
  [T in EventType]: {
    readonly type: T;
    readonly message: MessageShape<(typeof EVENT_REGISTRY)[T]['schema']>;
  };
}[EventType];

/**
 * Decodes a payload whose type is given by the `x-event-type` header (see {@link EVENT_TYPES});
 * switch on `.type` to get the typed message.
 * @throws InvalidEventError for an unknown or missing event type, or an invalid payload.
 */
export function decodeByType(
  eventType: string | null | undefined,
  payload: EventPayload | null | undefined,
  contentType?: string | null,
): DecodedEvent {
  if (eventType === null || eventType === undefined || !isEventType(eventType)) {
    throw new InvalidEventError([
      { path: '$', reason: `has unknown event type "${eventType ?? ''}"` },
    ]);
  }
  const message = decodeEvent(EVENT_REGISTRY[eventType].schema, payload, contentType);
  return { type: eventType, message } as DecodedEvent;
}

/**
 * Creates a message with `event_id` / `command_id` (a random UUID) and `occurred_at` /
 * `issued_at` (now) filled in unless `init` sets them. Does not validate: `encodeEvent` does.
 */
export function createEvent<S extends EventSchema>(
  schema: S,
  init?: MessageInitShape<S>,
): MessageShape<S> {
  const message = create(schema, init);
  const r = reflect(schema, message);
  const named = (name: string) => schema.fields.find((f) => f.name === name);
  // Events carry event_id + occurred_at, commands command_id + issued_at (BadgeGranted also has a
  // command_id, which refers to another message and must not be invented).
  const id = named('event_id') ?? named('command_id');
  const time = named('occurred_at') ?? named('issued_at');
  if (id !== undefined && r.get(id) === '') r.set(id, randomUUID());
  if (time !== undefined && !r.isSet(time)) r.set(time, reflect(TimestampSchema, timestampNow()));
  return message;
}

/** The deduplication id of a message: its `event_id`, or `command_id` for commands. */
export function messageIdOf(message: EventMessage): string {
  switch (message.$typeName) {
    case 'badge.events.v1.GrantBadgeCommand':
    case 'badge.events.v1.RevokeBadgeCommand':
    case 'badge.events.v1.ConsumeBadgesCommand':
    case 'badge.events.v1.RestoreBadgesCommand':
      return message.commandId;
    default:
      return message.eventId;
  }
}

/** A row for `<schema>.outbox_event` (docs/CONTRACTS.md), also a ready-to-send Kafka message. */
export interface OutboxRecord {
  readonly topic: Topic;
  /** Kafka message key = user id. */
  readonly key: string;
  readonly eventType: EventType;
  readonly payload: Uint8Array;
  /** content-type, x-event-type, x-event-id and, when the message has them, traceparent/tracestate. */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Validates and encodes a message with its topic, key, event type and headers.
 * @throws InvalidEventError when the message breaks the contract.
 */
export function toOutboxRecord<S extends EventSchema>(
  schema: S,
  message: MessageShape<S>,
  contentType: ContentType = CONTENT_TYPES.PROTOBUF,
): OutboxRecord {
  const eventType = eventTypeOf(schema);
  const payload =
    contentType === CONTENT_TYPES.JSON
      ? new TextEncoder().encode(encodeEventJson(schema, message))
      : encodeEvent(schema, message);
  const event: EventMessage = message;
  const headers: Record<string, string> = {
    [HEADERS.CONTENT_TYPE]: contentType,
    [HEADERS.EVENT_TYPE]: eventType,
    [HEADERS.EVENT_ID]: messageIdOf(event),
  };
  if (event.trace?.traceparent) headers[HEADERS.TRACEPARENT] = event.trace.traceparent;
  if (event.trace?.tracestate) headers[HEADERS.TRACESTATE] = event.trace.tracestate;
  return { topic: EVENT_REGISTRY[eventType].topic, key: event.userId, eventType, payload, headers };
}
