import {
  fromJson,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
} from '@bufbuild/protobuf';
import type { EventIssue } from './errors.js';

// protobuf-es reports *what* is wrong with a JSON payload but not *where*. When a payload fails to
// parse, this walks it against the descriptor and parses each leaf on its own to find the first
// offending field, so producers get paths such as `items[0].quantity` or `attributes["x"]`.
// Only used on the failure path.

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function isWellKnown(message: DescMessage): boolean {
  return message.typeName.startsWith('google.protobuf.');
}

function reasonFor(field: DescField, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const detail = message.replace(/^cannot decode [\w. ]+? from JSON: /, '');
  if (field.enum !== undefined) return `is not a known ${field.enum.typeName} value: ${detail}`;
  if (field.message?.typeName === 'google.protobuf.Timestamp') {
    return `must be an RFC 3339 timestamp such as "2025-03-01T08:30:00Z" (${detail})`;
  }
  return `is invalid: ${detail}`;
}

/** Parses `{ [key]: value }` alone as `schema` and reports the failure at `path`. */
function leaf(
  schema: DescMessage,
  field: DescField,
  key: string,
  value: JsonValue,
  path: string,
): EventIssue | undefined {
  try {
    fromJson(schema, { [key]: value });
    return undefined;
  } catch (error) {
    return { path, reason: reasonFor(field, error) };
  }
}

function fieldIssue(
  schema: DescMessage,
  field: DescField,
  key: string,
  value: JsonValue,
  path: string,
): EventIssue | undefined {
  switch (field.fieldKind) {
    case 'message':
      return isWellKnown(field.message)
        ? leaf(schema, field, key, value, path)
        : jsonIssue(field.message, value, path);
    case 'list': {
      if (!Array.isArray(value)) return { path, reason: 'must be a JSON array' };
      for (const [i, item] of value.entries()) {
        const at = `${path}[${i}]`;
        const issue =
          field.listKind === 'message' && !isWellKnown(field.message)
            ? jsonIssue(field.message, item, at)
            : leaf(schema, field, key, [item], at);
        if (issue) return issue;
      }
      return undefined;
    }
    case 'map': {
      if (!isObject(value)) return { path, reason: 'must be a JSON object' };
      for (const [k, v] of Object.entries(value)) {
        const at = `${path}[${JSON.stringify(k)}]`;
        const issue =
          field.mapKind === 'message' && !isWellKnown(field.message)
            ? jsonIssue(field.message, v, at)
            : leaf(schema, field, key, { [k]: v }, at);
        if (issue) return issue;
      }
      return undefined;
    }
    default:
      return leaf(schema, field, key, value, path);
  }
}

/** The first problem that keeps `json` from parsing as `schema`, or undefined if it parses. */
export function jsonIssue(schema: DescMessage, json: JsonValue, path = ''): EventIssue | undefined {
  const here = path === '' ? '$' : path;
  if (!isObject(json)) return { path: here, reason: `must be a JSON object (${schema.typeName})` };
  for (const [key, value] of Object.entries(json)) {
    const field = schema.fields.find((f) => f.jsonName === key || f.name === key);
    if (field === undefined)
      return { path: join(path, key), reason: `is not a field of ${schema.typeName}` };
    if (value === null) continue; // null means "default value" in the proto3 JSON mapping
    const issue = fieldIssue(schema, field, key, value, join(path, field.name));
    if (issue) return issue;
  }
  try {
    fromJson(schema, json);
    return undefined;
  } catch (error) {
    return {
      path: here,
      reason: `is invalid: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
