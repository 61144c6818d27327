import { equals, toBinary, type MessageShape } from '@bufbuild/protobuf';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLES } from '../test/samples.js';
import {
  BadgeGrantedSchema,
  BadgeSource,
  CONTENT_TYPES,
  EVENT_REGISTRY,
  EVENT_TYPES,
  EngagementEventSchema,
  GrantBadgeCommandSchema,
  HEADERS,
  InvalidEventError,
  NotificationRequestedSchema,
  RevokeBadgeCommandSchema,
  TOPICS,
  TOPIC_PARTITIONS,
  TransactionEventSchema,
  TransactionType,
  create,
  createEvent,
  decodeByType,
  decodeEvent,
  encodeEvent,
  encodeEventJson,
  eventIssues,
  eventTypeOf,
  fromAttributes,
  isEventType,
  isInvalidEventError,
  messageIdOf,
  toAttributes,
  toOutboxRecord,
  topicOf,
  type EventSchema,
} from './index.js';

const ALL_TYPES = Object.values(EVENT_TYPES);

/** Runs `fn`, expecting an InvalidEventError, and returns it. */
function invalid(fn: () => unknown): InvalidEventError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEventError);
    return error as InvalidEventError;
  }
  throw new Error('expected an InvalidEventError');
}

function engagementJson(patch: Record<string, unknown>): string {
  return JSON.stringify({
    eventId: 'evt-1',
    userId: 'u-1',
    type: 'check_in',
    occurredAt: '2025-03-01T08:30:00Z',
    ...patch,
  });
}

function transactionJson(patch: Record<string, unknown>): string {
  return JSON.stringify({
    eventId: 'evt-2',
    userId: 'u-1',
    type: 'TRANSACTION_TYPE_PURCHASE',
    occurredAt: '2025-03-01T08:30:00Z',
    orderId: 'ORD-1',
    amount: '12900',
    currency: 'CNY',
    ...patch,
  });
}

describe('round trips', () => {
  it.each(ALL_TYPES)('%s survives protobuf binary', (type) => {
    const { schema } = EVENT_REGISTRY[type];
    const message = SAMPLES[type]();
    const bytes = encodeEvent(schema, message);
    expect(bytes[0]).not.toBe(0x7b); // never mistaken for JSON when sniffing
    const decoded = decodeEvent(schema, bytes, CONTENT_TYPES.PROTOBUF);
    expect(equals(schema, decoded, message)).toBe(true);
    // Sniffed (no content-type) and from a Node Buffer, as KafkaJS delivers it.
    expect(equals(schema, decodeEvent(schema, Buffer.from(bytes)), message)).toBe(true);
  });

  it.each(ALL_TYPES)('%s survives the JSON form', (type) => {
    const { schema } = EVENT_REGISTRY[type];
    const message = SAMPLES[type]();
    const json = encodeEventJson(schema, message);
    expect(json.startsWith('{')).toBe(true);
    expect(
      equals(schema, decodeEvent(schema, json, 'application/json; charset=utf-8'), message),
    ).toBe(true);
    expect(equals(schema, decodeEvent(schema, new TextEncoder().encode(json)), message)).toBe(true);
  });

  it('writes int64 as strings, enums as names and timestamps as RFC 3339 in JSON', () => {
    const json = JSON.parse(
      encodeEventJson(TransactionEventSchema, SAMPLES['transaction.event.v1']()),
    ) as Record<string, unknown>;
    expect(json).toMatchObject({
      type: 'TRANSACTION_TYPE_REFUND',
      amount: '9007199254740993',
      occurredAt: '2025-03-02T10:00:00Z',
      items: [{ amount: '5100', quantity: 2 }],
    });
  });

  it('accepts int64 as an exact JSON number', () => {
    expect(decodeEvent(TransactionEventSchema, transactionJson({ amount: 12900 })).amount).toBe(
      12900n,
    );
  });

  it('decodeByType returns a typed, discriminated message', () => {
    for (const type of ALL_TYPES) {
      const { schema } = EVENT_REGISTRY[type];
      const decoded = decodeByType(type, encodeEvent(schema, SAMPLES[type]()));
      expect(decoded.type).toBe(type);
      expect(decoded.message.$typeName).toBe(schema.typeName);
    }
    const decoded = decodeByType(
      EVENT_TYPES.BadgeGranted,
      encodeEvent(BadgeGrantedSchema, SAMPLES['badge.granted.v1']()),
    );
    if (decoded.type !== EVENT_TYPES.BadgeGranted) throw new Error('unreachable');
    expect(decoded.message.userBadgeId).toBe('ub-1');
  });
});

describe('registry', () => {
  it('maps every event type to a schema and topic, and back', () => {
    for (const type of ALL_TYPES) {
      const { schema, topic } = EVENT_REGISTRY[type];
      expect(eventTypeOf(schema)).toBe(type);
      expect(topicOf(schema)).toBe(topic);
      expect(type).toMatch(/^[a-z_]+(\.[a-z_]+)*\.v1$/);
      expect(schema.typeName.startsWith('badge.events.v1.')).toBe(true);
      expect(isEventType(type)).toBe(true);
    }
    expect(isEventType('badge.granted.v2')).toBe(false);
    expect(isEventType('toString')).toBe(false);
  });

  it('has exactly the topics and partition counts of docs/CONTRACTS.md', () => {
    const contracts = readFileSync(new URL('../../docs/CONTRACTS.md', import.meta.url), 'utf8');
    const section = contracts.slice(contracts.indexOf('## Kafka topics'));
    const documented = new Map(
      [...section.matchAll(/`(badge\.[a-z.]+)` \((\d+)/g)].map(
        (m) => [m[1], Number(m[2])] as const,
      ),
    );
    expect(documented.size).toBeGreaterThanOrEqual(7);
    expect(new Set(Object.values(TOPICS))).toEqual(new Set(documented.keys()));
    expect(new Map(Object.entries(TOPIC_PARTITIONS))).toEqual(documented);
  });
});

describe('producer helpers', () => {
  it('createEvent fills event_id and occurred_at, keeping given values', () => {
    const before = Date.now();
    const e = createEvent(EngagementEventSchema, { userId: 'u-1', type: 'view' });
    expect(e.eventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(Number(e.occurredAt?.seconds) * 1000).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000,
    );
    expect(createEvent(EngagementEventSchema).eventId).not.toBe(e.eventId);
    const given = createEvent(EngagementEventSchema, {
      eventId: 'mine',
      userId: 'u-1',
      type: 'view',
      occurredAt: { seconds: 1n, nanos: 0 },
    });
    expect(given.eventId).toBe('mine');
    expect(given.occurredAt?.seconds).toBe(1n);
    expect(() => encodeEvent(EngagementEventSchema, e)).not.toThrow();
  });

  it('createEvent fills command_id and issued_at of commands', () => {
    const c = createEvent(GrantBadgeCommandSchema, {
      userId: 'u-1',
      badgeId: 'b-1',
      quantity: 1,
      source: BadgeSource.RULE,
      sourceRef: 'evt-1',
      ruleId: 'r-1',
      ruleVersion: 1,
    });
    expect(c.commandId).not.toBe('');
    expect(c.issuedAt).toBeDefined();
    expect(messageIdOf(c)).toBe(c.commandId);
    expect(() => encodeEvent(GrantBadgeCommandSchema, c)).not.toThrow();
    // A reference to another message's command id is never invented.
    const granted = createEvent(BadgeGrantedSchema);
    expect(granted.eventId).not.toBe('');
    expect(granted.commandId).toBe('');
  });

  it('toOutboxRecord gives topic, key = user id, event type, headers and payload', () => {
    const message = SAMPLES['badge.granted.v1']();
    const record = toOutboxRecord(BadgeGrantedSchema, message);
    expect(record).toMatchObject({
      topic: TOPICS.BADGE_EVENTS,
      key: 'u-1',
      eventType: 'badge.granted.v1',
      headers: {
        [HEADERS.CONTENT_TYPE]: 'application/x-protobuf',
        [HEADERS.EVENT_TYPE]: 'badge.granted.v1',
        [HEADERS.EVENT_ID]: 'evt-3',
        [HEADERS.TRACEPARENT]: message.trace?.traceparent,
        [HEADERS.TRACESTATE]: 'vendor=abc',
      },
    });
    const decoded = decodeByType(
      record.headers[HEADERS.EVENT_TYPE],
      record.payload,
      record.headers[HEADERS.CONTENT_TYPE],
    );
    expect(
      equals(
        BadgeGrantedSchema,
        decoded.message as MessageShape<typeof BadgeGrantedSchema>,
        message,
      ),
    ).toBe(true);

    const json = toOutboxRecord(
      RevokeBadgeCommandSchema,
      SAMPLES['badge.revoke.command.v1'](),
      CONTENT_TYPES.JSON,
    );
    expect(json.topic).toBe(TOPICS.GRANT_COMMANDS);
    expect(json.headers[HEADERS.EVENT_ID]).toBe('cmd-2');
    expect(new TextDecoder().decode(json.payload).startsWith('{')).toBe(true);
    expect(
      decodeByType(json.eventType, json.payload, json.headers[HEADERS.CONTENT_TYPE]).type,
    ).toBe('badge.revoke.command.v1');
  });

  it('converts attributes to and from plain (CEL) values', () => {
    const plain = fromAttributes(
      toAttributes({ s: 'x', i: 3, big: 2n ** 62n, d: 4.5, b: false, t: new Date(0), l: [1, 'a'] }),
    );
    expect(plain).toEqual({
      s: 'x',
      i: 3n,
      big: 2n ** 62n,
      d: 4.5,
      b: false,
      t: new Date(0),
      l: [1n, 'a'],
    });
  });
});

describe('invalid input', () => {
  const engagement = (patch: Record<string, unknown>) => () =>
    decodeEvent(EngagementEventSchema, engagementJson(patch), CONTENT_TYPES.JSON);
  const transaction = (patch: Record<string, unknown>) => () =>
    decodeEvent(TransactionEventSchema, transactionJson(patch), CONTENT_TYPES.JSON);

  it.each([
    ['missing event_id', engagement({ eventId: undefined }), 'event_id', /is required/],
    ['blank event_id', engagement({ eventId: '   ' }), 'event_id', /blank/],
    ['missing user_id', engagement({ userId: '' }), 'user_id', /is required/],
    ['overlong user_id', engagement({ userId: 'u'.repeat(129) }), 'user_id', /at most 128/],
    ['missing occurred_at', engagement({ occurredAt: undefined }), 'occurred_at', /is required/],
    [
      'non-RFC 3339 occurred_at',
      engagement({ occurredAt: '2025-03-01 08:30' }),
      'occurred_at',
      /RFC 3339/,
    ],
    ['bad engagement type', engagement({ type: 'Check In' }), 'type', /snake_case/],
    ['unknown field', engagement({ userid: 'u-1' }), 'userid', /not a field/],
    [
      'bad attribute key',
      engagement({ attributes: { 'store-id': { stringValue: 'x' } } }),
      'attributes["store-id"]',
      /identifier/,
    ],
    [
      'empty attribute',
      engagement({ attributes: { x: {} } }),
      'attributes["x"]',
      /must have a value/,
    ],
    [
      'NaN attribute',
      engagement({ attributes: { x: { doubleValue: 'NaN' } } }),
      'attributes["x"]',
      /finite/,
    ],
    [
      'fractional int attribute',
      engagement({ attributes: { x: { intValue: 1.5 } } }),
      'attributes["x"].int_value',
      /int64/,
    ],
    [
      'bad list element',
      engagement({ attributes: { x: { listValue: { values: [{ boolValue: true }, {}] } } } }),
      'attributes["x"][1]',
      /must have a value/,
    ],
    [
      'unknown enum name',
      transaction({ type: 'TRANSACTION_TYPE_GIFT' }),
      'type',
      /TransactionType.*TRANSACTION_TYPE_GIFT/,
    ],
    [
      'unspecified enum',
      transaction({ type: 'TRANSACTION_TYPE_UNSPECIFIED' }),
      'type',
      /is required/,
    ],
    ['negative amount (string)', transaction({ amount: '-1' }), 'amount', /negative/],
    ['negative amount (number)', transaction({ amount: -1 }), 'amount', /negative/],
    ['fractional amount', transaction({ amount: 12.5 }), 'amount', /int64/],
    [
      'negative item amount',
      transaction({ items: [{ sku: 'a', quantity: 1, amount: '-5' }] }),
      'items[0].amount',
      /negative/,
    ],
    [
      'item without quantity',
      transaction({ items: [{ sku: 'a', amount: '5' }] }),
      'items[0].quantity',
      /at least 1/,
    ],
    [
      'wrongly typed item field',
      transaction({ items: [{ sku: 'a', quantity: 'two' }] }),
      'items[0].quantity',
      /int32/,
    ],
    ['lowercase currency', transaction({ currency: 'cny' }), 'currency', /ISO 4217/],
    [
      'purchase with refund_of_event_id',
      transaction({ refundOfEventId: 'evt-0' }),
      'refund_of_event_id',
      /PURCHASE/,
    ],
    ['missing order_id', transaction({ orderId: '' }), 'order_id', /is required/],
    [
      'malformed JSON',
      () => decodeEvent(EngagementEventSchema, '{"eventId": ', CONTENT_TYPES.JSON),
      '$',
      /malformed JSON/,
    ],
    [
      'JSON array',
      () => decodeEvent(EngagementEventSchema, '[1]', CONTENT_TYPES.JSON),
      '$',
      /JSON object/,
    ],
    [
      'duplicate JSON key',
      () => decodeEvent(EngagementEventSchema, '{"eventId":"a","eventId":"b"}'),
      '$',
      /duplicate/,
    ],
    [
      'invalid UTF-8',
      () => decodeEvent(EngagementEventSchema, new Uint8Array([0x7b, 0xff, 0x7d])),
      '$',
      /UTF-8/,
    ],
    [
      'malformed protobuf',
      () => decodeEvent(EngagementEventSchema, new Uint8Array([0x0a, 0xff])),
      '$',
      /malformed protobuf/,
    ],
    ['empty payload', () => decodeEvent(EngagementEventSchema, new Uint8Array()), '$', /empty/],
    ['null payload (tombstone)', () => decodeEvent(EngagementEventSchema, null), '$', /empty/],
    [
      'unsupported content-type',
      () => decodeEvent(EngagementEventSchema, engagementJson({}), 'text/plain'),
      '$',
      /content-type/,
    ],
    [
      'string declared as protobuf',
      () => decodeEvent(EngagementEventSchema, engagementJson({}), CONTENT_TYPES.PROTOBUF),
      '$',
      /protobuf/,
    ],
    [
      'unknown event type',
      () => decodeByType('badge.granted.v9', new Uint8Array([1])),
      '$',
      /unknown event type/,
    ],
    [
      'missing event type',
      () => decodeByType(undefined, new Uint8Array([1])),
      '$',
      /unknown event type/,
    ],
    [
      'unknown notification channel',
      () =>
        decodeEvent(
          NotificationRequestedSchema,
          JSON.stringify({
            eventId: 'e',
            userId: 'u',
            templateCode: 't',
            occurredAt: '2025-01-01T00:00:00Z',
            channels: ['NOTIFICATION_CHANNEL_PIGEON'],
          }),
        ),
      'channels[0]',
      /NotificationChannel/,
    ],
  ])('%s', (_name, fn, path, reason) => {
    const error = invalid(fn);
    expect(error.path).toBe(path);
    expect(error.reason).toMatch(reason);
    expect(error.issues[0]).toEqual({ path: error.path, reason: error.reason });
    expect(error.message).toContain(path);
    expect(isInvalidEventError(error)).toBe(true);
  });

  it('rejects an unknown enum number in protobuf binary', () => {
    const message = SAMPLES['transaction.event.v1']();
    message.type = 7 as TransactionType; // a value from a newer producer
    const error = invalid(() =>
      decodeEvent(TransactionEventSchema, toBinary(TransactionEventSchema, message)),
    );
    expect(error).toMatchObject({ path: 'type', typeName: 'badge.events.v1.TransactionEvent' });
    expect(error.reason).toMatch(/unknown badge\.events\.v1\.TransactionType value 7/);
  });

  it('rejects a binary payload missing required fields, listing every issue', () => {
    const bytes = toBinary(EngagementEventSchema, create(EngagementEventSchema, { type: 'view' }));
    const error = invalid(() => decodeEvent(EngagementEventSchema, bytes));
    expect(error.issues.map((i) => i.path)).toEqual(['event_id', 'user_id', 'occurred_at']);
    expect(error.message).toMatch(/\(\+2 more\)/);
  });

  it('validates on encode, so producers cannot emit invalid messages', () => {
    const message = SAMPLES['transaction.event.v1']();
    message.amount = -5n;
    expect(invalid(() => encodeEvent(TransactionEventSchema, message)).path).toBe('amount');
    expect(invalid(() => encodeEventJson(TransactionEventSchema, message)).path).toBe('amount');
  });

  it('enforces command rules per source', () => {
    const rule = SAMPLES['badge.grant.command.v1']();
    rule.ruleId = '';
    rule.ruleVersion = 0;
    expect(eventIssues(rule).map((i) => i.path)).toEqual(['rule_id', 'rule_version']);

    const manual = SAMPLES['badge.revoke.command.v1']();
    manual.actor = '';
    manual.quantity = 0;
    manual.sourceRef = '';
    expect(eventIssues(manual).map((i) => i.path)).toEqual(['quantity', 'source_ref', 'actor']);

    const unspecified = SAMPLES['badge.grant.command.v1']();
    unspecified.source = BadgeSource.UNSPECIFIED;
    expect(eventIssues(unspecified)).toContainEqual({
      path: 'source',
      reason: 'is required (BADGE_SOURCE_UNSPECIFIED is not allowed)',
    });
  });

  it('rejects timestamps outside the RFC 3339 range', () => {
    const message = SAMPLES['badge.expired.v1']();
    message.expiresAt = {
      $typeName: 'google.protobuf.Timestamp',
      seconds: 253_402_300_800n,
      nanos: 0,
    };
    expect(eventIssues(message)).toEqual([
      { path: 'expires_at', reason: expect.stringMatching(/between/) as string },
    ]);
  });

  it('every sample is valid, so the failures above come from the patch alone', () => {
    for (const type of ALL_TYPES) expect(eventIssues(SAMPLES[type]())).toEqual([]);
    expect(() => decodeEvent(EngagementEventSchema, engagementJson({}))).not.toThrow();
    expect(() => decodeEvent(TransactionEventSchema, transactionJson({}))).not.toThrow();
    expect(
      decodeEvent(
        TransactionEventSchema,
        transactionJson({ type: 'TRANSACTION_TYPE_REFUND', refundOfEventId: 'evt-0' }),
      ).type,
    ).toBe(TransactionType.REFUND);
  });
});

// Compile-time checks of the public API's typing.
export function typeChecks(schema: EventSchema, bytes: Uint8Array): void {
  const granted = decodeEvent(BadgeGrantedSchema, bytes);
  const id: string = granted.userBadgeId;
  void id;
  // @ts-expect-error a TransactionEvent is not a BadgeGranted
  encodeEvent(BadgeGrantedSchema, SAMPLES['transaction.event.v1']());
  void topicOf(schema);
}
