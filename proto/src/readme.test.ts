// The README's JSON examples are the documentation producers copy: parse every one of them, so the
// docs cannot drift from the contracts.
import { equals } from '@bufbuild/protobuf';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EVENT_REGISTRY,
  EVENT_TYPES,
  InvalidEventError,
  TOPICS,
  decodeEvent,
  encodeEvent,
  encodeEventJson,
  type EventSchema,
} from './index.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

interface Example {
  readonly message: string;
  readonly valid: boolean;
  readonly path: string | undefined;
  readonly json: string;
  readonly line: number;
}

const EXAMPLE = /<!-- (invalid-)?example: (\w+)(?: path=(\S+))? -->\s*```json\n([\s\S]*?)```/g;
const examples: Example[] = [...README.matchAll(EXAMPLE)].map((m) => ({
  valid: m[1] === undefined,
  message: m[2] ?? '',
  path: m[3],
  json: m[4] ?? '',
  line: README.slice(0, m.index).split('\n').length,
}));

function schemaNamed(name: string): EventSchema {
  const entry = Object.values(EVENT_REGISTRY).find(
    (e) => e.schema.typeName === `badge.events.v1.${name}`,
  );
  if (entry === undefined) throw new Error(`README example names unknown message ${name}`);
  return entry.schema;
}

describe('README', () => {
  it('annotates every JSON code block as an example', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    expect(README.match(/```json\n/g)?.length).toBe(examples.length);
    const families = new Set(examples.filter((e) => e.valid).map((e) => e.message));
    expect(families).toContain('EngagementEvent');
    expect(families).toContain('TransactionEvent');
    expect(examples.some((e) => e.valid && e.json.includes('TRANSACTION_TYPE_PURCHASE'))).toBe(
      true,
    );
    expect(examples.some((e) => e.valid && e.json.includes('TRANSACTION_TYPE_REFUND'))).toBe(true);
  });

  it.each(
    examples.filter((e) => e.valid).map((e) => [`${e.message} (line ${e.line})`, e] as const),
  )('example %s parses and round-trips', (_name, example) => {
    const schema = schemaNamed(example.message);
    const fromJson = decodeEvent(schema, example.json, 'application/json');
    const fromBinary = decodeEvent(schema, encodeEvent(schema, fromJson), 'application/x-protobuf');
    expect(equals(schema, fromBinary, fromJson)).toBe(true);
    // The canonical re-encoding parses to the same message as the documented text.
    expect(equals(schema, decodeEvent(schema, encodeEventJson(schema, fromJson)), fromJson)).toBe(
      true,
    );
  });

  it.each(
    examples.filter((e) => !e.valid).map((e) => [`${e.message} (line ${e.line})`, e] as const),
  )('invalid example %s is rejected at the documented path', (_name, example) => {
    const schema = schemaNamed(example.message);
    let error: unknown;
    try {
      decodeEvent(schema, example.json, 'application/json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).path).toBe(example.path);
  });

  it('lists every topic and event type', () => {
    for (const topic of Object.values(TOPICS)) expect(README).toContain(`\`${topic}\``);
    for (const type of Object.values(EVENT_TYPES)) expect(README).toContain(`\`${type}\``);
  });
});
