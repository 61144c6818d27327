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
