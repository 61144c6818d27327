import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, type Identity } from '@badge/service-kit';
import { auditOf } from '../../shared/audit.js';
import {
  ZPageArgs,
  ZTimeIdKey,
  decodeCursor,
  toConnection,
  type Connection,
} from '../../shared/pagination.js';
import { ZId, parseInput } from '../../shared/validation.js';
import { csvField, parseBatchCsv, toCsvDataUrl } from './csv.js';
import type {
  BatchFailureRow,
  BatchRepository,
  BatchTaskRow,
  BatchTaskStatus,
  BatchTaskType,
} from './batch.repository.js';

export interface BatchTaskDto {
  id: string;
  type: BatchTaskType;
  status: BatchTaskStatus;
  badgeId: string;
  quantity: number;
  reason: string | null;
  fileName: string | null;
  fileChecksum: string | null;
  totalRows: number;
  processedRows: number;
  successRows: number;
  failedRows: number;
  progress: number;
  lastError: string | null;
  createdBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export type BatchFailureDto = BatchFailureRow;

const iso = (d: Date | null) => d?.toISOString() ?? null;

const toDto = (row: BatchTaskRow): BatchTaskDto => ({
  id: row.id,
  type: row.type,
  status: row.status,
  badgeId: row.badgeId,
  quantity: row.quantity,
  reason: row.reason,
  fileName: row.fileName,
  fileChecksum: row.fileChecksum,
  totalRows: row.totalRows,
  processedRows: row.processedRows,
  successRows: row.successRows,
  failedRows: row.failedRows,
  progress: row.totalRows === 0 ? 1 : Math.min(1, row.processedRows / row.totalRows),
  lastError: row.lastError,
  createdBy: row.createdBy,
  startedAt: iso(row.startedAt),
  finishedAt: iso(row.finishedAt),
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

const ZCreateInput = z
  .object({
    badgeId: ZId,
    type: z.enum(['GRANT', 'REVOKE']),
    reason: z.string().trim().min(1, 'a reason is required').max(500),
    csv: z.string(),
    quantity: z.number().int().min(1).max(1000).nullish(),
    fileName: z.string().trim().max(255).nullish(),
    allowDuplicateFile: z.boolean().nullish(),
  })
  .strict();

const ZListArgs = ZPageArgs.extend({
  status: z
    .enum(['PENDING', 'RUNNING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED'])
    .nullish(),
  badgeId: ZId.nullish(),
  type: z.enum(['GRANT', 'REVOKE']).nullish(),
});

const ZFailurePage = z.object({
  first: z.number().int().min(1).max(1000).default(50),
  after: z.string().max(64).nullish(),
});

/** Console side of batch tasks: upload (validated, stored PENDING), progress, failure report. */
export function createBatchService(deps: {
  repository: BatchRepository;
  /** Does the badge exist (and is it not archived)? */
  findBadge: (id: string) => Promise<{ id: string; status: string } | null>;
}) {
  const { repository } = deps;
  const requireTask = async (id: unknown) => {
    const v = parseInput(z.object({ id: ZId }), { id }, 'batch task');
    const row = await repository.findTask(v.id);
    if (!row) throw new AppError('NOT_FOUND', 'batch task not found', { id: v.id });
    return row;
  };
  return {
    /**
     * Stores a CSV task PENDING for the worker. Malformed CSV is refused with the line numbers;
     * the same file for the same badge and type again is refused (CONFLICT naming the earlier
     * task) unless `allowDuplicateFile`, because a new task has new idempotency keys.
     */
    async create(identity: Identity, input: unknown): Promise<BatchTaskDto> {
      const v = parseInput(ZCreateInput, input, 'batch task');
      const rows = parseBatchCsv(v.csv);
      const badge = await deps.findBadge(v.badgeId);
      if (!badge) throw new AppError('NOT_FOUND', 'badge not found', { field: 'badgeId' });
      if (badge.status === 'ARCHIVED')
        throw new AppError('INVALID_STATE', 'the badge is archived', { reason: 'ARCHIVED' });
      const checksum = createHash('sha256').update(v.csv, 'utf8').digest('hex');
      if (!v.allowDuplicateFile) {
        const earlier = await repository.findSameFile(v.badgeId, v.type, checksum);
        if (earlier)
          throw new AppError('CONFLICT', 'this file was already uploaded for this badge', {
            reason: 'DUPLICATE_FILE',
            taskId: earlier.id,
          });
      }
      const row = await repository.createTask(
        {
          id: randomUUID(),
          type: v.type,
          badgeId: v.badgeId,
          quantity: v.quantity ?? 1,
          reason: v.reason,
          fileName: v.fileName ?? null,
          fileUrl: toCsvDataUrl(v.csv),
          fileChecksum: checksum,
          totalRows: rows.length,
          createdBy: identity.subject,
        },
        (after) =>
          auditOf(identity, {
            module: 'grant',
            action: `batch.${v.type.toLowerCase()}`,
            targetType: 'BatchTask',
          })(null, {
            id: after.id,
            type: v.type,
            badgeId: v.badgeId,
            rows: rows.length,
            fileName: v.fileName ?? null,
            checksum,
          }),
      );
      return toDto(row);
    },

    /** Runs a finished task again: successful rows are no-ops (same idempotency keys). */
    async retry(identity: Identity, id: unknown): Promise<BatchTaskDto> {
      const task = await requireTask(id);
      const row = await repository.transition(
        task.id,
        ['COMPLETED_WITH_ERRORS', 'FAILED', 'CANCELLED'],
        'PENDING',
        (after) =>
          auditOf(identity, { module: 'grant', action: 'batch.retry', targetType: 'BatchTask' })(
            null,
            after,
          ),
        { reset: true },
      );
      if (row === 'state' || row === null)
        throw new AppError('INVALID_STATE', `a ${task.status} task cannot be retried`, {
          reason: 'ILLEGAL_TRANSITION',
          status: task.status,
        });
      return toDto(row);
    },

    async cancel(identity: Identity, id: unknown): Promise<BatchTaskDto> {
      const task = await requireTask(id);
      const row = await repository.transition(
        task.id,
        ['PENDING', 'RUNNING'],
        'CANCELLED',
        (after) =>
          auditOf(identity, { module: 'grant', action: 'batch.cancel', targetType: 'BatchTask' })(
            null,
            after,
          ),
      );
      if (row === 'state' || row === null)
        throw new AppError('INVALID_STATE', `a ${task.status} task cannot be cancelled`, {
          reason: 'ILLEGAL_TRANSITION',
          status: task.status,
        });
      return toDto(row);
    },

    async get(id: unknown): Promise<BatchTaskDto | null> {
      const v = parseInput(z.object({ id: ZId }), { id }, 'batch task');
      const row = await repository.findTask(v.id);
      return row ? toDto(row) : null;
    },
    async byIds(ids: readonly string[]): Promise<(BatchTaskDto | null)[]> {
      const valid = ids.filter((id) => ZId.safeParse(id).success);
      const rows = new Map((await repository.findTasks(valid)).map((r) => [r.id, toDto(r)]));
      return ids.map((id) => rows.get(id) ?? null);
    },
    async list(args: unknown): Promise<Connection<BatchTaskDto>> {
      const v = parseInput(ZListArgs, args, 'batch task filter');
      const query = {
        ...(v.status ? { status: v.status } : {}),
        ...(v.badgeId ? { badgeId: v.badgeId } : {}),
        ...(v.type ? { type: v.type } : {}),
      };
      const after = decodeCursor(v.after, ZTimeIdKey);
      const rows = await repository.listTasks({
        ...query,
        ...(after ? { after } : {}),
        take: v.first + 1,
      });
      return toConnection(
        rows,
        v.first,
        toDto,
        (r) => [r.createdAt.toISOString(), r.id],
        () => repository.countTasks({ ...query, take: 0 }),
      );
    },
    /** Failed rows by row number (cursor = last row number). */
    async failures(taskId: string, args: unknown): Promise<Connection<BatchFailureDto>> {
      const v = parseInput(ZFailurePage, args, 'failure page');
      const after = decodeCursor(v.after, z.tuple([z.number().int().min(0)]));
      const rows = await repository.listFailures(taskId, after?.[0] ?? 0, v.first + 1);
      return toConnection(
        rows,
        v.first,
        (r) => r,
        (r) => [r.rowNumber],
        () => repository.countFailures(taskId),
      );
    },
    /** Every failed row as CSV: row_number,user_id,error_code,error_message. */
    async failureReportCsv(taskId: string): Promise<string> {
      const lines = ['row_number,user_id,error_code,error_message'];
      for (let after = 0; ;) {
        const page = await repository.listFailures(taskId, after, 5_000);
        for (const f of page)
          lines.push([f.rowNumber, f.userId, f.errorCode, f.errorMessage].map(csvField).join(','));
        if (page.length < 5_000) break;
        after = page.at(-1)!.rowNumber;
      }
      return lines.join('\n') + '\n';
    },
  };
}
export type BatchService = ReturnType<typeof createBatchService>;
