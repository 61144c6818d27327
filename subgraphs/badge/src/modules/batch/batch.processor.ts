import { isAppError, type Logger } from '@badge/service-kit';
import { AfterCommit } from '../../shared/after-commit.js';
import type { BadgeMetrics } from '../../metrics.js';
import { ZUserId } from '../../shared/validation.js';
import type { GrantService } from '../user-badge/grant.service.js';
import { refusalReason } from '../user-badge/refusals.js';
import type {
  BatchFailureRow,
  BatchRepository,
  BatchTaskRow,
  BatchTaskStatus,
} from './batch.repository.js';
import { fromCsvDataUrl, parseBatchCsv, type CsvRow } from './csv.js';

export interface BatchProcessorOptions {
  repository: BatchRepository;
  grants: GrantService;
  metrics: BadgeMetrics;
  logger: Logger;
  /** Rows between two progress saves (and cancellation checks). */
  chunkSize: number;
  /** A RUNNING task without progress for this long is taken over (its worker died). */
  staleAfterMs?: number;
  /** Rows processed in parallel inside a chunk (distinct users, one transaction each). */
  concurrency?: number;
  /** Called after a chunk committed outbox rows (wake the relay). */
  onOutbox?: () => void;
}

interface RowOutcome {
  failure?: BatchFailureRow;
  wroteOutbox: boolean;
}

/**
 * The worker side of batch tasks: claims a PENDING task (SKIP LOCKED), runs every CSV row through
 * the grant service with idempotency key `batch:<task id>:<user id>` — so a re-run or a resumed
 * task never grants twice — records per-row failures, saves progress per chunk and sets the final
 * status (COMPLETED, COMPLETED_WITH_ERRORS, or FAILED on an unexpected error).
 */
export function createBatchProcessor(options: BatchProcessorOptions) {
  const { repository, grants, metrics } = options;
  const log = options.logger.child({ component: 'batch-processor' });
  const concurrency = options.concurrency ?? 4;

  async function processRow(
    task: BatchTaskRow,
    row: CsvRow,
    duplicate: boolean,
  ): Promise<RowOutcome> {
    const fail = (errorCode: string, errorMessage: string): RowOutcome => ({
      failure: {
        rowNumber: row.rowNumber,
        userId: row.userId || null,
        rawRow: row.raw.slice(0, 1000),
        errorCode,
        errorMessage,
      },
      wroteOutbox: false,
    });
    const userId = row.userId.trim();
    if (!ZUserId.safeParse(userId).success)
      return fail('INVALID_USER_ID', 'user_id must be 1 to 128 characters');
    let quantity = task.quantity;
    if (row.quantity !== null && row.quantity !== '') {
      if (!/^\d+$/.test(row.quantity) || Number(row.quantity) < 1 || Number(row.quantity) > 1000)
        return fail('INVALID_QUANTITY', 'quantity must be a whole number from 1 to 1000');
      quantity = Number(row.quantity);
    }
    if (duplicate) return fail('DUPLICATE_USER', 'the user appears earlier in the file');
    const after = new AfterCommit();
    const common = {
      userId,
      badgeId: task.badgeId,
      quantity,
      source: 'BATCH' as const,
      sourceRef: `${task.id}:${row.rowNumber}`,
      idempotencyKey: `batch:${task.id}:${userId}`,
      reason: task.reason,
      actor: { type: 'ADMIN' as const, id: task.createdBy },
    };
    try {
      if (task.type === 'GRANT') await grants.grantNow(common, after);
      else await grants.revokeNow({ ...common, kind: 'REVOKED' }, after);
      return { wroteOutbox: after.hasOutboxRows };
    } catch (err) {
      const reason = refusalReason(err);
      if (reason && isAppError(err)) return fail(reason, err.message);
      throw err;
    }
  }

  async function processTask(task: BatchTaskRow): Promise<BatchTaskStatus> {
    let rows: CsvRow[];
    try {
      rows = parseBatchCsv(fromCsvDataUrl(task.fileUrl));
    } catch (err) {
      await repository.finish(
        task.id,
        'FAILED',
        `the stored CSV cannot be read: ${(err as Error).message}`,
      );
      return 'FAILED';
    }
    // Duplicates are decided over the whole file (also for rows before a resume point).
    const seen = new Set<string>();
    const isDuplicate = rows.map((r) => {
      const id = r.userId.trim();
      if (!id) return false;
      if (seen.has(id)) return true;
      seen.add(id);
      return false;
    });
    for (let start = task.processedRows; start < rows.length; start += options.chunkSize) {
      const chunk = rows.slice(start, start + options.chunkSize);
      const outcomes = new Array<RowOutcome>(chunk.length);
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(concurrency, chunk.length) }, async () => {
          while (next < chunk.length) {
            const index = next++;
            outcomes[index] = await processRow(task, chunk[index]!, isDuplicate[start + index]!);
          }
        }),
      );
      const failures = outcomes.flatMap((o) => (o.failure ? [o.failure] : []));
      const status = await repository.saveProgress(task.id, {
        processedRows: start + chunk.length,
        successDelta: chunk.length - failures.length,
        failures,
      });
      metrics.batchRows.inc(
        { type: task.type, outcome: 'success' },
        chunk.length - failures.length,
      );
      metrics.batchRows.inc({ type: task.type, outcome: 'failed' }, failures.length);
      if (outcomes.some((o) => o.wroteOutbox)) options.onOutbox?.();
      if (status !== 'RUNNING') {
        log.info({ taskId: task.id, status }, 'batch task stopped');
        return status;
      }
    }
    const final = await repository.findTask(task.id);
    const status = final && final.failedRows > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED';
    await repository.finish(task.id, status, null);
    return status;
  }

  /** Claims and processes one task; null when there is none. */
  async function runOnce(): Promise<{ taskId: string; status: BatchTaskStatus } | null> {
    const task = await repository.claimNext(options.staleAfterMs ?? 120_000);
    if (!task) return null;
    log.info(
      { taskId: task.id, type: task.type, rows: task.totalRows, from: task.processedRows },
      'batch task started',
    );
    try {
      const status = await processTask(task);
      log.info({ taskId: task.id, status }, 'batch task finished');
      return { taskId: task.id, status };
    } catch (err) {
      log.error({ err, taskId: task.id }, 'batch task failed');
      await repository.finish(
        task.id,
        'FAILED',
        err instanceof Error ? err.message.slice(0, 1000) : String(err),
      );
      return { taskId: task.id, status: 'FAILED' };
    }
  }

  return {
    runOnce,
    /** Processes tasks until none is left; returns how many. */
    async drain(): Promise<number> {
      let count = 0;
      while (await runOnce()) count += 1;
      return count;
    },
  };
}
export type BatchProcessor = ReturnType<typeof createBatchProcessor>;
