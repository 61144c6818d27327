import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '@badge/db';
import { chainHash, type ChainEntry, type StoredEntry } from './hash-chain.js';

export type OperationLogTx = Prisma.TransactionClient;

export type NewEntry = Omit<ChainEntry, 'id' | 'seq'>;

export interface OperationLogFilter {
  actorType?: ChainEntry['actorType'] | undefined;
  actorId?: string | undefined;
  module?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

// One writer at a time: the next seq and the previous hash are read under this lock, so the
// chain never forks, whatever the number of consumers.
const CHAIN_LOCK = Prisma.sql`SELECT pg_advisory_xact_lock(hashtext('user.operation_log'))::text`;

type Row = Prisma.OperationLogGetPayload<object>;

const toStored = (r: Row): StoredEntry => ({
  id: r.id,
  seq: r.seq,
  actorType: r.actorType,
  actorId: r.actorId,
  actorName: r.actorName,
  module: r.module,
  action: r.action,
  targetType: r.targetType,
  targetId: r.targetId,
  before: r.before,
  after: r.after,
  ip: r.ip,
  userAgent: r.userAgent,
  requestId: r.requestId,
  traceId: r.traceId,
  createdAt: r.createdAt,
  prevHash: r.prevHash,
  hash: r.hash,
});

const json = (v: unknown) =>
  v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonValue);

export function createOperationLogRepository(prisma: PrismaClient) {
  const where = (f: OperationLogFilter): Prisma.OperationLogWhereInput => ({
    ...(f.actorType ? { actorType: f.actorType } : {}),
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.module ? { module: f.module } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.targetType ? { targetType: f.targetType } : {}),
    ...(f.targetId ? { targetId: f.targetId } : {}),
    ...(f.from || f.to
      ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } }
      : {}),
  });

  return {
    /** Appends one entry to the chain inside the caller's (inbox) transaction. */
    async append(tx: OperationLogTx, entry: NewEntry): Promise<StoredEntry> {
      await tx.$queryRaw(CHAIN_LOCK);
      const [last] = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
        SELECT seq, hash FROM "user".operation_log ORDER BY seq DESC LIMIT 1`;
      const full: ChainEntry = { ...entry, id: randomUUID(), seq: (last?.seq ?? 0n) + 1n };
      const prevHash = last?.hash ?? null;
      const hash = chainHash(prevHash, full);
      await tx.operationLog.create({
        data: { ...full, before: json(full.before), after: json(full.after), prevHash, hash },
      });
      return { ...full, prevHash, hash };
    },

    /** Newest first; `afterSeq` = seq of the previous page's last entry. */
    async list(
      filter: OperationLogFilter,
      page: { take: number; afterSeq?: bigint | undefined; count?: boolean },
    ): Promise<{ rows: StoredEntry[]; totalCount: number }> {
      const base = where(filter);
      const [rows, totalCount] = await Promise.all([
        prisma.operationLog.findMany({
          where: page.afterSeq ? { AND: [base, { seq: { lt: page.afterSeq } }] } : base,
          orderBy: { seq: 'desc' },
          take: page.take,
        }),
        page.count === false ? Promise.resolve(-1) : prisma.operationLog.count({ where: base }),
      ]);
      return { rows: rows.map(toStored), totalCount };
    },

    /** Entries with seq ≥ fromSeq in chain order (verification). */
    async scan(fromSeq: bigint, take: number): Promise<StoredEntry[]> {
      const rows = await prisma.operationLog.findMany({
        where: { seq: { gte: fromSeq } },
        orderBy: { seq: 'asc' },
        take,
      });
      return rows.map(toStored);
    },

    async hashAt(seq: bigint): Promise<string | null> {
      const row = await prisma.operationLog.findUnique({ where: { seq }, select: { hash: true } });
      return row?.hash ?? null;
    },

    async head(): Promise<{ seq: bigint; hash: string } | null> {
      return prisma.operationLog.findFirst({
        orderBy: { seq: 'desc' },
        select: { seq: true, hash: true },
      });
    },
  };
}
export type OperationLogRepository = ReturnType<typeof createOperationLogRepository>;
