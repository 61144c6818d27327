import {
  insertOutboxRecords,
  type BatchTaskStatus,
  type Prisma,
  type BatchTaskType,
  type OutboxRecordInput,
  type PrismaClient,
} from '@badge/db';

export type { BatchTaskStatus, BatchTaskType };

export interface BatchTaskRow {
  id: string;
  type: BatchTaskType;
  status: BatchTaskStatus;
  badgeId: string;
  quantity: number;
  reason: string | null;
  fileName: string | null;
  fileUrl: string | null;
  fileChecksum: string | null;
  totalRows: number;
  processedRows: number;
  successRows: number;
  failedRows: number;
  lastError: string | null;
  createdBy: string;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BatchFailureRow {
  rowNumber: number;
  userId: string | null;
  rawRow: string | null;
  errorCode: string;
  errorMessage: string;
}

export interface BatchTaskQuery {
  status?: BatchTaskStatus;
  badgeId?: string;
  type?: BatchTaskType;
  after?: [string, string];
  take: number;
}

const taskWhere = (q: BatchTaskQuery): Prisma.BatchTaskWhereInput => ({
  ...(q.status ? { status: q.status } : {}),
  ...(q.badgeId ? { badgeId: q.badgeId } : {}),
  ...(q.type ? { type: q.type } : {}),
});

/** Columns the console reads (the CSV itself stays in the row until the worker needs it). */
const taskSelect = {
  id: true,
  type: true,
  status: true,
  badgeId: true,
  quantity: true,
  reason: true,
  fileName: true,
  fileUrl: false,
  fileChecksum: true,
  totalRows: true,
  processedRows: true,
  successRows: true,
  failedRows: true,
  lastError: true,
  createdBy: true,
  startedAt: true,
  finishedAt: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.BatchTaskSelect;

const TX = { maxWait: 10_000, timeout: 30_000 } as const;

export function createBatchRepository(prisma: PrismaClient) {
  const read = async (id: string): Promise<BatchTaskRow | null> => {
    const row = await prisma.batchTask.findUnique({ where: { id }, select: taskSelect });
    return row ? { ...row, fileUrl: null } : null;
  };
  return {
    findTask: read,
    async findTasks(ids: readonly string[]): Promise<BatchTaskRow[]> {
      const rows = await prisma.batchTask.findMany({
        where: { id: { in: [...ids] } },
        select: taskSelect,
      });
      return rows.map((r) => ({ ...r, fileUrl: null }));
    },
    async listTasks(q: BatchTaskQuery): Promise<BatchTaskRow[]> {
      const keyset: Prisma.BatchTaskWhereInput = q.after
        ? {
            OR: [
              { createdAt: { lt: new Date(q.after[0]) } },
              { createdAt: new Date(q.after[0]), id: { lt: q.after[1] } },
            ],
          }
        : {};
      const rows = await prisma.batchTask.findMany({
        where: { AND: [taskWhere(q), keyset] },
        select: taskSelect,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: q.take,
      });
      return rows.map((r) => ({ ...r, fileUrl: null }));
    },
    countTasks(q: BatchTaskQuery): Promise<number> {
      return prisma.batchTask.count({ where: taskWhere(q) });
    },
    /** An earlier task for the same file, badge and type that did not fail or get cancelled. */
    async findSameFile(
      badgeId: string,
      type: BatchTaskType,
      checksum: string,
    ): Promise<BatchTaskRow | null> {
      const row = await prisma.batchTask.findFirst({
        where: {
          badgeId,
          type,
          fileChecksum: checksum,
          status: { notIn: ['FAILED', 'CANCELLED'] },
        },
        select: taskSelect,
        orderBy: { createdAt: 'desc' },
      });
      return row ? { ...row, fileUrl: null } : null;
    },
    async createTask(
      data: Omit<
        BatchTaskRow,
        | 'status'
        | 'processedRows'
        | 'successRows'
        | 'failedRows'
        | 'lastError'
        | 'startedAt'
        | 'finishedAt'
        | 'createdAt'
        | 'updatedAt'
      >,
      audit: (after: { id: string }) => OutboxRecordInput[],
    ): Promise<BatchTaskRow> {
      await prisma.$transaction(async (tx) => {
        await tx.batchTask.create({ data: { ...data, status: 'PENDING' } });
        await insertOutboxRecords(tx, 'badge', audit({ id: data.id }));
      }, TX);
      return (await read(data.id))!;
    },
    /** Moves a task to `status` when it is in one of `from`; null when it was not. */
    async transition(
      id: string,
      from: readonly BatchTaskStatus[],
      status: BatchTaskStatus,
      audit: (after: { id: string }) => OutboxRecordInput[],
      options: { reset?: boolean } = {},
    ): Promise<BatchTaskRow | null | 'state'> {
      const changed = await prisma.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<{ status: string }[]>`
          SELECT status::text AS status FROM badge.batch_task WHERE id = ${id}::uuid FOR UPDATE`;
        if (!row) return null;
        if (!from.includes(row.status as BatchTaskStatus)) return 'state' as const;
        if (options.reset) await tx.batchTaskFailure.deleteMany({ where: { taskId: id } });
        await tx.batchTask.update({
          where: { id },
          data: {
            status,
            ...(options.reset
              ? {
                  processedRows: 0,
                  successRows: 0,
                  failedRows: 0,
                  lastError: null,
                  startedAt: null,
                  finishedAt: null,
                }
              : status === 'CANCELLED'
                ? { finishedAt: new Date() }
                : {}),
          },
        });
        await insertOutboxRecords(tx, 'badge', audit({ id }));
        return true;
      }, TX);
      if (changed === null || changed === 'state') return changed;
      return read(id);
    },

    listFailures(taskId: string, afterRow: number, take: number): Promise<BatchFailureRow[]> {
      return prisma.batchTaskFailure.findMany({
        where: { taskId, rowNumber: { gt: afterRow } },
        select: {
          rowNumber: true,
          userId: true,
          rawRow: true,
          errorCode: true,
          errorMessage: true,
        },
        orderBy: { rowNumber: 'asc' },
        take,
      });
    },
    countFailures(taskId: string): Promise<number> {
      return prisma.batchTaskFailure.count({ where: { taskId } });
    },

    // ---- worker -----------------------------------------------------------------------------
    /**
     * Claims the oldest PENDING task, or a RUNNING one whose worker stopped reporting progress
     * for `staleAfterMs` (crashed), with FOR UPDATE SKIP LOCKED: workers never share a task.
     * Returns it with its CSV (`fileUrl`).
     */
    async claimNext(staleAfterMs: number): Promise<BatchTaskRow | null> {
      const staleBefore = new Date(Date.now() - staleAfterMs);
      const [claimed] = await prisma.$queryRaw<{ id: string }[]>`
        UPDATE badge.batch_task t
           SET status = 'RUNNING', started_at = COALESCE(t.started_at, now()), updated_at = now()
         WHERE t.id = (
           SELECT id FROM badge.batch_task
            WHERE status = 'PENDING' OR (status = 'RUNNING' AND updated_at < ${staleBefore})
            ORDER BY created_at, id
            LIMIT 1
            FOR UPDATE SKIP LOCKED)
        RETURNING t.id`;
      if (!claimed) return null;
      return prisma.batchTask.findUnique({ where: { id: claimed.id } });
    },
    /**
     * Records a processed chunk: failures (upserted by row number, so a resumed task never
     * duplicates them), counters and the heartbeat (`updated_at`). Returns the task's status so the
     * processor notices a cancellation.
     */
    async saveProgress(
      taskId: string,
      progress: {
        processedRows: number;
        successDelta: number;
        failures: readonly BatchFailureRow[];
      },
    ): Promise<BatchTaskStatus> {
      return prisma.$transaction(async (tx) => {
        for (const f of progress.failures) {
          await tx.batchTaskFailure.upsert({
            where: { taskId_rowNumber: { taskId, rowNumber: f.rowNumber } },
            create: { ...f, taskId },
            update: {
              userId: f.userId,
              rawRow: f.rawRow,
              errorCode: f.errorCode,
              errorMessage: f.errorMessage,
            },
          });
        }
        const failedRows = await tx.batchTaskFailure.count({ where: { taskId } });
        const row = await tx.batchTask.update({
          where: { id: taskId },
          data: {
            processedRows: progress.processedRows,
            successRows: { increment: progress.successDelta },
            failedRows,
          },
          select: { status: true },
        });
        return row.status;
      }, TX);
    },
    /** Final status; only from RUNNING (a cancellation meanwhile wins). */
    async finish(taskId: string, status: BatchTaskStatus, lastError: string | null): Promise<void> {
      await prisma.batchTask.updateMany({
        where: { id: taskId, status: 'RUNNING' },
        data: { status, lastError, finishedAt: new Date() },
      });
    },
  };
}
export type BatchRepository = ReturnType<typeof createBatchRepository>;
