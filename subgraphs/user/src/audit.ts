import { OperationRecordedSchema, toOutboxRecord, type OutboxRecord } from '@badge/proto';
import { operationRecorded, type Identity, type OperationInput } from '@badge/service-kit';

export const SUBGRAPH_SERVICE = 'user-subgraph';

/**
 * The audit record of one of this subgraph's own changes, as an outbox row: repositories insert
 * it in the transaction of the change, the worker relays it to `badge.audit.events` and the
 * operation-log consumer appends it to the hash chain like any other domain's record.
 * Snapshots never carry secrets (API key hashes) or plaintext PII (masked values only).
 */
export const auditRecord = (
  identity: Identity,
  input: Omit<OperationInput, 'service'>,
): OutboxRecord =>
  toOutboxRecord(
    OperationRecordedSchema,
    operationRecorded(identity, { service: SUBGRAPH_SERVICE, ...input }),
  );

/** Builds the audit rows of a change from its before/after snapshots. */
export type AuditBuilder<T> = (before: T | null, after: T | null) => OutboxRecord[];
