import { processInboxMessage, type PrismaClient } from '@badge/db';
import type { Tx } from '../shared/db.repository.js';
import type { InboxEntry } from '@badge/service-kit/worker';

/** Exactly-once processing for this domain's consumers (inbox row + effect in one transaction). */
export const createInboxRepository = (prisma: PrismaClient) => ({
  processOnce: (entry: InboxEntry, effect: (tx: Tx) => Promise<void>): Promise<boolean> =>
    processInboxMessage(prisma, 'benefit', entry, effect),
  /** True when the consumer already processed this message (a cheap check before external calls). */
  async isProcessed(entry: InboxEntry): Promise<boolean> {
    const row = await prisma.benefitInboxMessage.findUnique({
      where: { consumer_messageId: { consumer: entry.consumer, messageId: entry.messageId } },
      select: { messageId: true },
    });
    return row !== null;
  },
});
export type InboxRepository = ReturnType<typeof createInboxRepository>;
