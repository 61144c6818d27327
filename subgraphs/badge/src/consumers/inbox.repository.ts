import {
  claimInboxBatch,
  claimInboxRows,
  processInboxMessage,
  sqlDatabase,
  type Prisma,
  type PrismaClient,
  type SqlExecutor,
} from '@badge/db';
import type { InboxEntry } from '@badge/service-kit/worker';

/** Exactly-once processing for this domain's consumers (inbox row + effect in one transaction). */
export function createInboxRepository(prisma: PrismaClient) {
  const sql = sqlDatabase(prisma);
  return {
    processOnce: (entry: InboxEntry, effect: (tx: Prisma.TransactionClient) => Promise<void>) =>
      processInboxMessage(prisma, 'badge', entry, effect),

    /**
     * One transaction for a batch of messages: `effect` gets the transaction and the message ids
     * that were new — their inbox rows are inserted first (`ON CONFLICT DO NOTHING`, one
     * statement), so a redelivered message is left out — and everything commits together.
     */
    processBatchOnce<T>(
      entries: readonly InboxEntry[],
      effect: (tx: Prisma.TransactionClient, fresh: ReadonlySet<string>) => Promise<T>,
    ): Promise<T> {
      return prisma.$transaction(
        async (tx) => {
          const fresh = await claimInboxBatch(tx, 'badge', entries);
          return effect(tx, fresh);
        },
        { maxWait: 15_000, timeout: 60_000 },
      );
    },

    /**
     * {@link processBatchOnce} in a plain SQL transaction on the same pool (the hot path of the
     * grant-commands consumer: README, Performance). An error thrown by `effect` rolls it back.
     */
    processBatchOnceSql<T>(
      entries: readonly InboxEntry[],
      effect: (sql: SqlExecutor, fresh: ReadonlySet<string>) => Promise<T>,
    ): Promise<T> {
      return sql.transaction(async (tx) => effect(tx, await claimInboxRows(tx, 'badge', entries)));
    },
  };
}
export type InboxRepository = ReturnType<typeof createInboxRepository>;
