import { Prisma, type PrismaClient } from './generated/client.js';
import type { DbClient } from './index.js';
import { prismaSql, type SqlExecutor } from './sql.js';

/** The four domain schemas; each has its own `inbox_message` and `outbox_event` (docs/CONTRACTS.md). */
export type DomainSchema = 'badge' | 'rule' | 'benefit' | 'user';

export interface InboxEntry {
  consumer: string;
  messageId: string;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Records that `consumer` processed `messageId`. Returns false when it already had (a redelivery):
 * the caller then skips its effect. Call it inside the transaction that writes the effect, so the
 * effect and the inbox row commit together or not at all.
 */
export async function claimInboxMessage(
  db: DbClient,
  schema: DomainSchema,
  entry: InboxEntry,
): Promise<boolean> {
  const table = Prisma.raw(`"${schema}".inbox_message`);
  const inserted = await db.$executeRaw`
    INSERT INTO ${table} (consumer, message_id, topic, partition, kafka_offset)
    VALUES (${entry.consumer}, ${entry.messageId}, ${entry.topic}, ${entry.partition}, ${BigInt(entry.offset)})
    ON CONFLICT (consumer, message_id) DO NOTHING`;
  return inserted === 1;
}

/**
 * Runs `effect` exactly once per (consumer, message id): the inbox row and the effect's writes
 * (including outbox rows) commit in one transaction. Returns false for a redelivered message.
 */
export async function processInboxMessage(
  prisma: PrismaClient,
  schema: DomainSchema,
  entry: InboxEntry,
  effect: (tx: Prisma.TransactionClient) => Promise<void>,
): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    if (!(await claimInboxMessage(tx, schema, entry))) return false;
    await effect(tx);
    return true;
  });
}

/** A message to publish after commit (shape of `toOutboxRecord` in @badge/proto). */
export interface OutboxRecordInput {
  topic: string;
  key: string;
  eventType: string;
  payload: Uint8Array;
  headers: Record<string, string>;
}

/**
 * Outbox rows as ONE JSON parameter (array order = insert order), read in SQL with
 * `json_to_recordset($1::json) AS r(t text, k text, e text, p text, h jsonb)`; the payload is
 * base64 (`decode(r.p, 'base64')`). One parameter instead of one per column and row: the drivers
 * serialise each parameter in JavaScript.
 */
const outboxRowsJson = (records: readonly OutboxRecordInput[]): string =>
  JSON.stringify(
    records.map((r) => ({
      t: r.topic,
      k: r.key,
      e: r.eventType,
      p: Buffer.from(r.payload.buffer, r.payload.byteOffset, r.payload.byteLength).toString(
        'base64',
      ),
      h: r.headers,
    })),
  );

const insertOutboxSql = (schema: DomainSchema) =>
  `INSERT INTO "${schema}".outbox_event (topic, key, event_type, payload, headers)
   SELECT r.t, r.k, r.e, decode(r.p, 'base64'), r.h
     FROM json_to_recordset($1::json) AS r(t text, k text, e text, p text, h jsonb)`;

/**
 * Writes outbox rows in the caller's transaction; the worker's outbox relay publishes them after
 * commit. Use it for every event a change emits (never produce to Kafka from a transaction).
 */
export async function insertOutboxRecords(
  db: DbClient,
  schema: DomainSchema,
  records: readonly OutboxRecordInput[],
): Promise<void> {
  await insertOutboxRows(prismaSql(db), schema, records);
}

/** Inbox rows as ONE JSON parameter (an array per column costs CPU in the driver per element). */
const inboxRowsJson = (entries: readonly InboxEntry[]): string =>
  JSON.stringify(
    entries.map((e) => ({
      c: e.consumer,
      m: e.messageId,
      t: e.topic,
      p: e.partition,
      o: e.offset,
    })),
  );

const claimInboxSql = (schema: DomainSchema) =>
  `INSERT INTO "${schema}".inbox_message (consumer, message_id, topic, partition, kafka_offset)
   SELECT r.c, r.m, r.t, r.p, r.o
     FROM json_to_recordset($1::json) AS r(c text, m text, t text, p int, o bigint)
   ON CONFLICT (consumer, message_id) DO NOTHING
   RETURNING message_id`;

/**
 * The inbox rows of a batch in one statement, in the caller's Prisma transaction; returns the
 * message ids that were new (the others are redeliveries whose effect must be skipped).
 */
export function claimInboxBatch(
  db: DbClient,
  schema: DomainSchema,
  entries: readonly InboxEntry[],
): Promise<Set<string>> {
  return claimInboxRows(prismaSql(db), schema, entries);
}

// --- the two writes on a SqlExecutor: sqlDatabase's transaction, or a Prisma one (prismaSql) ---

/**
 * Inserts the inbox rows of a batch in one statement; returns the message ids that were new (the
 * others were processed before: redeliveries whose effect must be skipped).
 */
export async function claimInboxRows(
  sql: SqlExecutor,
  schema: DomainSchema,
  entries: readonly InboxEntry[],
): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const { rows } = await sql.query<{ message_id: string }>(
    { name: `inbox-claim-${schema}`, text: claimInboxSql(schema) },
    [inboxRowsJson(entries)],
  );
  return new Set(rows.map((r) => r.message_id));
}

/** The outbox rows of a change in one statement, rows in array order ({@link insertOutboxRecords}). */
export async function insertOutboxRows(
  sql: SqlExecutor,
  schema: DomainSchema,
  records: readonly OutboxRecordInput[],
): Promise<void> {
  if (records.length === 0) return;
  await sql.query({ name: `outbox-insert-${schema}`, text: insertOutboxSql(schema) }, [
    outboxRowsJson(records),
  ]);
}
