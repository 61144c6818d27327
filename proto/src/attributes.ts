import { create } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { AttributeValueSchema, type AttributeValue } from './gen/badge/events/v1/common_pb.js';

/**
 * A plain attribute value, as rule conditions see it (CEL types): string, int (bigint),
 * double (number), bool, timestamp (Date) or a list of those.
 */
export type AttributePlain = string | bigint | number | boolean | Date | readonly AttributePlain[];

/** Attribute maps as generated (`attributes` fields). */
export type AttributeMap = { [key: string]: AttributeValue };

/**
 * Builds a typed value. A bigint or a safe-integer number becomes `int_value`, any other number
 * `double_value` (build `{ kind: { case: 'doubleValue', value } }` yourself to force a double).
 */
export function toAttributeValue(value: AttributePlain): AttributeValue {
  if (typeof value === 'string')
    return create(AttributeValueSchema, { kind: { case: 'stringValue', value } });
  if (typeof value === 'boolean')
    return create(AttributeValueSchema, { kind: { case: 'boolValue', value } });
  if (typeof value === 'bigint')
    return create(AttributeValueSchema, { kind: { case: 'intValue', value } });
  if (typeof value === 'number') {
    return Number.isSafeInteger(value)
      ? create(AttributeValueSchema, { kind: { case: 'intValue', value: BigInt(value) } })
      : create(AttributeValueSchema, { kind: { case: 'doubleValue', value } });
  }
  if (value instanceof Date) {
    return create(AttributeValueSchema, {
      kind: { case: 'timestampValue', value: timestampFromDate(value) },
    });
  }
  return create(AttributeValueSchema, {
    kind: { case: 'listValue', value: { values: value.map((item) => toAttributeValue(item)) } },
  });
}

/** Builds an `attributes` map from plain values (see {@link toAttributeValue}). */
export function toAttributes(values: Readonly<Record<string, AttributePlain>>): AttributeMap {
  const map: AttributeMap = {};
  for (const [key, value] of Object.entries(values)) map[key] = toAttributeValue(value);
  return map;
}

/** The plain value of a typed attribute; `undefined` when no kind is set. */
export function fromAttributeValue(value: AttributeValue): AttributePlain | undefined {
  const { kind } = value;
  switch (kind.case) {
    case 'timestampValue':
      return timestampDate(kind.value);
    case 'listValue':
      return kind.value.values.flatMap((item) => {
        const plain = fromAttributeValue(item);
        return plain === undefined ? [] : [plain];
      });
    case undefined:
      return undefined;
    default:
      return kind.value;
  }
}

/** Plain values of an `attributes` map, e.g. for a CEL activation. Entries without a value are skipped. */
export function fromAttributes(map: {
  readonly [key: string]: AttributeValue;
}): Record<string, AttributePlain> {
  const plain: Record<string, AttributePlain> = {};
  for (const [key, value] of Object.entries(map)) {
    const v = fromAttributeValue(value);
    if (v !== undefined) plain[key] = v;
  }
  return plain;
}
