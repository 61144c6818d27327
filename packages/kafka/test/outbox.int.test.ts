// Outbox relay against a real PostgreSQL table (the exact DDL of docs/CONTRACTS.md, in a
// throw-away schema) and the real mock Kafka broker.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import pg from 'pg';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createOutboxRelay, createPgOutboxStore, outboxNotifyTriggerSql } from '../src/outbox.js';
import type { OutboxRelay } from '../src/outbox.js';
import { createProducer } from '../src/producer.js';
import type { KafkaProducer } from '../src/producer.js';
import { header, startCollector, startTestBroker, uid, waitFor } from './helpers.js';
import type { Collected, TestBroker } from './helpers.js';

const DATABASE_URL =
  // eslint-disable-next-line no-restricted-properties -- test fixture: where the test database is
  process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const outboxDdl = (schema: string): string => `
CREATE SCHEMA "${schema}";
CREATE TABLE "${schema}".outbox_event (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  topic        text        NOT NULL,
  key          text        NOT NULL,
  event_type   text        NOT NULL,
  payload      bytea       NOT NULL,
  headers      jsonb       NOT NULL DEFAULT '{}',
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  published_at timestamptz(3),
  attempts     integer     NOT NULL DEFAULT 0,
  last_error   text
);
CREATE INDEX outbox_event_unpublished_idx ON "${schema}".outbox_event (created_at) WHERE published_at IS NULL;`;

let pool: Pool;
let broker: TestBroker;
let producer: KafkaProducer;
let collector: { messages: Collected[]; stop(): Promise<void> };
const schemas: string[] = [];
const relays: OutboxRelay[] = [];
const TOPIC_A = `ob.a.${uid()}`;
const TOPIC_B = `ob.b.${uid()}`;

async function newSchema(): Promise<string> {
  const schema = `kafka_test_${uid()}`;
  await pool.query(outboxDdl(schema));
  schemas.push(schema);
  return schema;
}

interface RowSpec {
  topic: string;
  key: string;
  payload: Buffer;
  headers?: Record<string, string>;
  createdAt?: Date;
}

async function insertRows(schema: string, rows: RowSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const r of rows) {
    const id = randomUUID();
    await pool.query(
      `INSERT INTO "${schema}".outbox_event (id, topic, key, event_type, payload, headers, created_at)
       VALUES ($1, $2, $3, 'test.event.v1', $4, $5, coalesce($6, now()))`,
      [id, r.topic, r.key, r.payload, JSON.stringify(r.headers ?? {}), r.createdAt ?? null],
    );
    ids.push(id);
  }
  return ids;
}

interface DbRow {
  id: string;
  published_at: Date | null;
  attempts: number;
  last_error: string | null;
}

async function rowsOf(schema: string): Promise<DbRow[]> {
  const { rows } = await pool.query<DbRow>(
    `SELECT id, published_at, attempts, last_error FROM "${schema}".outbox_event ORDER BY created_at`,
  );
  return rows;
}

const byKey = (key: string): Collected[] =>
  collector.messages.filter((m) => m.message.key?.toString() === key);

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: DATABASE_URL, max: 8 });
  broker = startTestBroker({ [TOPIC_A]: 3, [TOPIC_B]: 1 });
  producer = createProducer({
    kafka: broker.kafka,
    logger: broker.logger,
    registry: new Registry(),
  });
  await producer.start();
  collector = await startCollector(broker.kafka, [TOPIC_A, TOPIC_B]);
});

afterAll(async () => {
  await Promise.allSettled(relays.map((r) => r.stop()));
  await collector?.stop();
  await producer?.stop();
  broker?.stop();
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool?.end();
});

describe.concurrent('outbox relay', () => {
  it('publishes rows with key, payload bytes and headers in created_at order, then marks them published', async ({
    expect,
  }) => {
    const schema = await newSchema();
    const user = `user-${uid()}`;
    const other = `user-${uid()}`;
    const t0 = Date.now() - 10_000;
    const payload = Buffer.from([0x08, 0x96, 0x01, 0x00, 0xff]);
    const ids = await insertRows(schema, [
      ...Array.from({ length: 5 }, (_, i) => ({
        topic: TOPIC_A,
        key: user,
        payload: Buffer.from(`seq-${i}`),
        headers: { 'event-id': `e-${i}` },
        createdAt: new Date(t0 + i),
      })),
      {
        topic: TOPIC_B,
        key: other,
        payload,
        headers: {
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          'content-type': 'application/x-protobuf',
        },
        createdAt: new Date(t0 + 2),
      },
    ]);
    const registry = new Registry();
    const relay = createOutboxRelay({
      store: createPgOutboxStore({ pool, schema }),
      producer,
      logger: broker.logger,
      registry,
      batchSize: 2, // several rounds, each waiting for the previous one
      pollIntervalMs: 100,
    });
    relays.push(relay);
    await relay.start();

    await waitFor(() => byKey(user).length === 5 && byKey(other).length === 1, {
      what: 'six messages',
    });
    await waitFor(async () => (await rowsOf(schema)).every((r) => r.published_at !== null), {
      what: 'rows marked published',
    });
    await relay.stop();

    // Same key → same partition, in created_at order.
    const mine = byKey(user);
    expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
    expect(mine.map((m) => m.message.value?.toString())).toEqual([
      'seq-0',
      'seq-1',
      'seq-2',
      'seq-3',
      'seq-4',
    ]);
    expect(mine.map((m) => header(m.message, 'event-id'))).toEqual([
      'e-0',
      'e-1',
      'e-2',
      'e-3',
      'e-4',
    ]);
    expect(mine[0]!.message.timestamp).toBe(String(t0));
    const b = byKey(other)[0]!;
    expect(b.topic).toBe(TOPIC_B);
    expect(b.message.value?.equals(payload)).toBe(true);
    expect(header(b.message, 'content-type')).toBe('application/x-protobuf');
    // The stored trace context wins over the relay's own.
    expect(header(b.message, 'traceparent')).toBe(
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    );

    const rows = await rowsOf(schema);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const r of rows) {
      expect(r.published_at).toBeInstanceOf(Date);
      expect(r.attempts).toBe(1);
    }
    const text = await registry.metrics();
    expect(text).toContain(`outbox_published_total{outbox="${schema}",topic="${TOPIC_A}"} 5`);
    expect(text).toContain(`outbox_published_total{outbox="${schema}",topic="${TOPIC_B}"} 1`);
    expect(text).toContain(`outbox_pending{outbox="${schema}"} 0`);
  });

  it('keeps rows unpublished while the producer fails, and publishes them once it works', async ({
    expect,
  }) => {
    const schema = await newSchema();
    const user = `user-${uid()}`;
    await insertRows(schema, [
      { topic: TOPIC_A, key: user, payload: Buffer.from('one') },
      { topic: TOPIC_A, key: user, payload: Buffer.from('two') },
    ]);
    // A real producer that is not connected: every send fails.
    const broken = createProducer({
      kafka: broker.kafka,
      logger: broker.logger,
      registry: new Registry(),
    });
    const registry = new Registry();
    const store = createPgOutboxStore({ pool, schema });
    const failing = createOutboxRelay({
      store,
      producer: broken,
      logger: broker.logger,
      registry,
      pollIntervalMs: 50,
      backoff: { initialMs: 50, maxMs: 100 },
    });
    relays.push(failing);

    const once = await failing.runOnce();
    expect(once.claimed).toBe(2);
    expect(once.failed).toBe(2);
    expect(once.published).toBe(0);
    let rows = await rowsOf(schema);
    expect(
      rows.every((r) => r.published_at === null && r.attempts === 1 && r.last_error !== null),
    ).toBe(true);
    expect(rows[0]!.last_error).toMatch(/disconnected/i);

    await failing.start();
    await waitFor(async () => (await rowsOf(schema)).every((r) => r.attempts >= 3), {
      what: 'retries with backoff',
    });
    expect(failing.readiness()).toBe(false);
    await failing.stop();
    rows = await rowsOf(schema);
    expect(rows.every((r) => r.published_at === null)).toBe(true);
    expect(byKey(user)).toHaveLength(0);
    const text = await registry.metrics();
    expect(text).toMatch(new RegExp(`outbox_publish_errors_total\\{outbox="${schema}"\\} [3-9]`));
    expect(text).toContain(`outbox_pending{outbox="${schema}"} 2`);

    const working = createOutboxRelay({
      store,
      producer,
      logger: broker.logger,
      registry,
      pollIntervalMs: 50,
    });
    relays.push(working);
    await working.start();
    await waitFor(() => byKey(user).length === 2, { what: 'the rows, published after recovery' });
    await waitFor(async () => (await rowsOf(schema)).every((r) => r.published_at !== null), {
      what: 'marked published',
    });
    expect(working.readiness()).toBe(true);
    await working.stop();
    expect(byKey(user).map((m) => m.message.value?.toString())).toEqual(['one', 'two']);
  });

  it('wakes on NOTIFY (trigger) and on notify() instead of waiting for the poll interval', async ({
    expect,
  }) => {
    const schema = await newSchema();
    await pool.query(outboxNotifyTriggerSql(schema));
    const store = createPgOutboxStore({ pool, schema });
    const listening = createOutboxRelay({
      store,
      producer,
      logger: broker.logger,
      registry: new Registry(),
      pollIntervalMs: 60_000,
      listen: true,
    });
    relays.push(listening);
    await listening.start();
    // The first round runs at start; LISTEN is up once it has.
    await new Promise((r) => setTimeout(r, 300));
    const user = `user-${uid()}`;
    const started = Date.now();
    await insertRows(schema, [{ topic: TOPIC_B, key: user, payload: Buffer.from('listen') }]);
    await waitFor(() => byKey(user).length === 1, {
      what: 'LISTEN/NOTIFY wake-up',
      timeoutMs: 5000,
    });
    expect(Date.now() - started).toBeLessThan(5000);
    await listening.stop();

    const manual = createOutboxRelay({
      store,
      producer,
      logger: broker.logger,
      registry: new Registry(),
      pollIntervalMs: 60_000,
    });
    relays.push(manual);
    await manual.start();
    await new Promise((r) => setTimeout(r, 300));
    const user2 = `user-${uid()}`;
    await insertRows(schema, [{ topic: TOPIC_B, key: user2, payload: Buffer.from('notify') }]);
    manual.notify();
    await waitFor(() => byKey(user2).length === 1, { what: 'notify() wake-up', timeoutMs: 5000 });
    await manual.stop();
  });

  it('lets one relay per schema publish at a time (strictOrdering), or share rows with SKIP LOCKED', async ({
    expect,
  }) => {
    const schema = await newSchema();
    await insertRows(schema, [
      { topic: TOPIC_A, key: 'a', payload: Buffer.from('1') },
      { topic: TOPIC_A, key: 'b', payload: Buffer.from('2') },
    ]);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));

    const strictA = createPgOutboxStore({ pool, schema });
    const strictB = createPgOutboxStore({ pool, schema });
    const first = strictA.processBatch(1, async () => {
      entered();
      await held;
      throw new Error('simulated broker failure');
    });
    await inside;
    const second = await strictB.processBatch(10, async () => undefined);
    expect(second.lockedByOther).toBe(true);
    expect(second.claimed).toBe(0);

    // Without strict ordering the other relay skips the locked row and takes the next one.
    const parallel = createPgOutboxStore({ pool, schema, strictOrdering: false });
    const claimed: string[] = [];
    const third = await parallel.processBatch(10, async (rows) => {
      claimed.push(...rows.map((r) => r.payload.toString()));
    });
    expect(third.published).toBe(1);
    expect(claimed).toEqual(['2']);

    release();
    const firstResult = await first;
    expect(firstResult.failed).toBe(1);
    const rows = await rowsOf(schema);
    const failedRow = rows.find((r) => r.published_at === null)!;
    expect(failedRow.attempts).toBe(1);
    expect(failedRow.last_error).toBe('simulated broker failure');
    expect(await strictA.countPending()).toBe(1);
  });
});
