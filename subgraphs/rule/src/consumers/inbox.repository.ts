import { processInboxMessage, type Prisma, type PrismaClient } from '@badge/db';
import type { InboxEntry } from '@badge/service-kit/worker';

/** Exactly-once processing for this domain's consumers (inbox row + effect in one transaction). */
export const createInboxRepository = (prisma: PrismaClient) => ({
  processOnce: (entry: InboxEntry, effect: (tx: Prisma.TransactionClient) => Promise<void>) =>
    processInboxMessage(prisma, 'rule', entry, effect),
});
export type InboxRepository = ReturnType<typeof createInboxRepository>;
