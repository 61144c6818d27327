import { z } from 'zod';
import {
  decodeCursor,
  parseInput,
  toConnection,
  ZConnectionArgs,
  type Connection,
} from '../../pagination.js';
import { toCsv } from './csv.js';
import { verifyEntries, type StoredEntry } from './hash-chain.js';
import type { OperationLogFilter, OperationLogRepository } from './operation-log.repository.js';

const ZFilter = z
  .object({
    actorType: z.enum(['ADMIN', 'API_KEY', 'USER', 'SYSTEM']).nullish(),
    actorId: z.string().max(255).nullish(),
    module: z.string().max(64).nullish(),
    action: z.string().max(128).nullish(),
    targetType: z.string().max(64).nullish(),
    targetId: z.string().max(255).nullish(),
    from: z.iso.datetime({ offset: true }).nullish(),
    to: z.iso.datetime({ offset: true }).nullish(),
  })
  .nullish();

export const ZOperationLogsArgs = ZConnectionArgs.extend({ filter: ZFilter });
export type TOperationLogsArgs = z.input<typeof ZOperationLogsArgs>;

export const MAX_EXPORT_ROWS = 10_000;
export const ZExportArgs = z.object({
  filter: ZFilter,
  limit: z.number().int().min(1).max(MAX_EXPORT_ROWS).nullish(),
});
export type TExportArgs = z.input<typeof ZExportArgs>;

export const MAX_VERIFY_ROWS = 1_000_000;
const ZSeq = z.string().regex(/^[1-9]\d{0,18}$/, 'a positive integer');
export const ZVerifyArgs = z.object({
  fromSeq: ZSeq.nullish(),
  limit: z.number().int().min(1).max(MAX_VERIFY_ROWS).nullish(),
});
export type TVerifyArgs = z.input<typeof ZVerifyArgs>;

const ZCursor = z.tuple([ZSeq]);

export interface OperationLogEntryDto {
  id: string;
  seq: string;
  actorType: StoredEntry['actorType'];
  actorId: string | null;
  actorName: string | null;
  module: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  traceId: string | null;
  prevHash: string | null;
  hash: string;
  createdAt: string;
}

export interface VerificationDto {
  ok: boolean;
  checked: number;
  fromSeq: string;
  lastSeq: string | null;
  firstBrokenSeq: string | null;
  reason: string | null;
  headSeq: string | null;
  headHash: string | null;
}

const toDto = (e: StoredEntry): OperationLogEntryDto => ({
  id: e.id,
  seq: e.seq.toString(),
  actorType: e.actorType,
  actorId: e.actorId,
  actorName: e.actorName,
  module: e.module,
  action: e.action,
  targetType: e.targetType,
  targetId: e.targetId,
  before: e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
  after: e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
  ip: e.ip,
  userAgent: e.userAgent,
  requestId: e.requestId,
  traceId: e.traceId,
  prevHash: e.prevHash,
  hash: e.hash,
  createdAt: e.createdAt.toISOString(),
});

const toFilter = (f: z.output<typeof ZFilter>): OperationLogFilter => ({
  actorType: f?.actorType ?? undefined,
  actorId: f?.actorId || undefined,
  module: f?.module || undefined,
  action: f?.action || undefined,
  targetType: f?.targetType || undefined,
  targetId: f?.targetId || undefined,
  from: f?.from ? new Date(f.from) : undefined,
  to: f?.to ? new Date(f.to) : undefined,
});

const CSV_HEADER = [
  'seq',
  'created_at',
  'actor_type',
  'actor_id',
  'actor_name',
  'module',
  'action',
  'target_type',
  'target_id',
  'ip',
  'user_agent',
  'request_id',
  'trace_id',
  'before',
  'after',
  'prev_hash',
  'hash',
] as const;

const BATCH = 1_000;

/** Queries over the tamper-evident operation log (appending is the worker's job). */
export function createOperationLogService(repository: OperationLogRepository) {
  return {
    async list(args: TOperationLogsArgs): Promise<Connection<OperationLogEntryDto>> {
      const { first, after, filter } = parseInput(ZOperationLogsArgs, args, 'operation log query');
      const cursor = decodeCursor(after, ZCursor);
      const { rows, totalCount } = await repository.list(toFilter(filter), {
        take: first + 1,
        afterSeq: cursor ? BigInt(cursor[0]) : undefined,
      });
      return toConnection(rows, first, totalCount, toDto, (e) => [e.seq.toString()]);
    },

    /**
     * Walks the chain from `fromSeq` (default 1) for at most `limit` entries, recomputing every
     * hash. The first entry whose content, link or position is wrong is reported; rows edited
     * in the database cannot keep a valid hash without every later one being rewritten.
     */
    async verify(args: TVerifyArgs): Promise<VerificationDto> {
      const data = parseInput(ZVerifyArgs, args, 'verification request');
      const fromSeq = data.fromSeq ? BigInt(data.fromSeq) : 1n;
      const limit = data.limit ?? MAX_VERIFY_ROWS;
      const head = await repository.head();
      const result: VerificationDto = {
        ok: true,
        checked: 0,
        fromSeq: fromSeq.toString(),
        lastSeq: null,
        firstBrokenSeq: null,
        reason: null,
        headSeq: head?.seq.toString() ?? null,
        headHash: head?.hash ?? null,
      };
      let state: { expectedSeq: bigint; prevHash: string | null } = {
        expectedSeq: fromSeq,
        prevHash: fromSeq === 1n ? null : await repository.hashAt(fromSeq - 1n),
      };
      if (fromSeq > 1n && state.prevHash === null) {
        return {
          ...result,
          ok: false,
          firstBrokenSeq: (fromSeq - 1n).toString(),
          reason: `entry ${fromSeq - 1n} is missing`,
        };
      }
      while (result.checked < limit) {
        const batch = await repository.scan(
          state.expectedSeq,
          Math.min(BATCH, limit - result.checked),
        );
        if (batch.length === 0) break;
        const next = verifyEntries(batch, state);
        if ('broken' in next) {
          const good = batch.filter((e) => e.seq < next.broken.seq).length;
          return {
            ...result,
            ok: false,
            checked: result.checked + good,
            lastSeq: next.broken.seq > fromSeq ? (next.broken.seq - 1n).toString() : null,
            firstBrokenSeq: next.broken.seq.toString(),
            reason: next.broken.reason,
          };
        }
        result.checked += batch.length;
        result.lastSeq = (next.expectedSeq - 1n).toString();
        state = next;
      }
      return result;
    },

    /** The filtered log as CSV (newest first), at most `limit` rows (default 1000, max 10 000). */
    async exportCsv(args: TExportArgs): Promise<string> {
      const { filter, limit } = parseInput(ZExportArgs, args, 'operation log export');
      const max = limit ?? 1_000;
      const rows: StoredEntry[] = [];
      let afterSeq: bigint | undefined;
      while (rows.length < max) {
        const take = Math.min(BATCH, max - rows.length);
        const page = await repository.list(toFilter(filter), { take, afterSeq, count: false });
        rows.push(...page.rows);
        if (page.rows.length < take) break;
        afterSeq = page.rows[page.rows.length - 1]!.seq;
      }
      return toCsv(
        CSV_HEADER,
        rows.map((e) => {
          const d = toDto(e);
          return [
            d.seq,
            d.createdAt,
            d.actorType,
            d.actorId,
            d.actorName,
            d.module,
            d.action,
            d.targetType,
            d.targetId,
            d.ip,
            d.userAgent,
            d.requestId,
            d.traceId,
            d.before,
            d.after,
            d.prevHash,
            d.hash,
          ];
        }),
      );
    },
  };
}
export type OperationLogService = ReturnType<typeof createOperationLogService>;
