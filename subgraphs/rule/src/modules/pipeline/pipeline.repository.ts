import { insertOutboxRecords, type OutboxRecordInput, type PrismaClient } from '@badge/db';

/** The pipeline module's one write: its operation-log records, through the rule outbox. */
export function createPipelineAdminRepository(prisma: PrismaClient) {
  return {
    recordOperation: (record: OutboxRecordInput) => insertOutboxRecords(prisma, 'rule', [record]),
  };
}
export type PipelineAdminRepository = ReturnType<typeof createPipelineAdminRepository>;
