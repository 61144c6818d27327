import { createHash } from 'node:crypto';

export type OperationActorTypeName = 'ADMIN' | 'API_KEY' | 'USER' | 'SYSTEM';

/** One operation-log entry, as hashed (every stored column except the hashes themselves). */
export interface ChainEntry {
  id: string;
  seq: bigint;
  actorType: OperationActorTypeName;
  actorId: string | null;
  actorName: string | null;
  module: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  traceId: string | null;
  createdAt: Date;
}

/**
 * Canonical JSON: object keys sorted (recursively), no whitespace, `undefined` members dropped.
 * The same value always gives the same text, including after a round trip through jsonb (which
 * reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** The canonical text of an entry (what its hash covers, after the previous hash). */
export const canonicalEntry = (e: ChainEntry): string =>
  canonicalJson({
    id: e.id,
    seq: e.seq.toString(),
    actorType: e.actorType,
    actorId: e.actorId,
    actorName: e.actorName,
    module: e.module,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    before: e.before ?? null,
    after: e.after ?? null,
    ip: e.ip,
    userAgent: e.userAgent,
    requestId: e.requestId,
    traceId: e.traceId,
    createdAt: e.createdAt.toISOString(),
  });

/** hash = sha256(prevHash || canonical entry), hex. The first entry has no previous hash (""). */
export const chainHash = (prevHash: string | null, entry: ChainEntry): string =>
  createHash('sha256')
    .update(prevHash ?? '', 'utf8')
    .update(canonicalEntry(entry), 'utf8')
    .digest('hex');

export interface StoredEntry extends ChainEntry {
  prevHash: string | null;
  hash: string;
}

export interface ChainBreak {
  seq: bigint;
  reason: string;
}

/**
 * Checks consecutive stored entries against the chain: `expectedSeq` and `prevHash` describe
 * where the previous batch ended. Returns the first break, or the state to continue from.
 */
export function verifyEntries(
  entries: readonly StoredEntry[],
  start: { expectedSeq: bigint; prevHash: string | null },
): { broken: ChainBreak } | { expectedSeq: bigint; prevHash: string | null } {
  let { expectedSeq, prevHash } = start;
  for (const e of entries) {
    if (e.seq !== expectedSeq)
      return {
        broken: {
          seq: expectedSeq,
          reason: `entry ${expectedSeq} is missing (next stored entry is ${e.seq})`,
        },
      };
    if (e.prevHash !== prevHash)
      return { broken: { seq: e.seq, reason: 'prev_hash does not match the previous entry' } };
    if (chainHash(e.prevHash, e) !== e.hash)
      return { broken: { seq: e.seq, reason: 'hash does not match the entry content' } };
    prevHash = e.hash;
    expectedSeq = e.seq + 1n;
  }
  return { expectedSeq, prevHash };
}
