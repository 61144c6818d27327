import { Prisma, type PrismaClient } from './generated/client.js';
import type { DbClient } from './index.js';

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
 * Writes outbox rows in the caller's transaction; the worker's outbox relay publishes them after
 * commit. Use it for every event a change emits (never produce to Kafka from a transaction).
 */
export async function insertOutboxRecords(
  db: DbClient,
  schema: DomainSchema,
  records: readonly OutboxRecordInput[],
): Promise<void> {
  if (records.length === 0) return;
  const table = Prisma.raw(`"${schema}".outbox_event`);
  const rows = records.map(
    (r) =>
      Prisma.sql`(${r.topic}, ${r.key}, ${r.eventType}, ${Buffer.from(r.payload)}, ${JSON.stringify(r.headers)}::jsonb)`,
  );
  await db.$executeRaw`INSERT INTO ${table} (topic, key, event_type, payload, headers) VALUES ${Prisma.join(rows)}`;
}
