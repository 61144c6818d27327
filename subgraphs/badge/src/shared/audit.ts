import { OperationRecordedSchema, toOutboxRecord } from '@badge/proto';
import { operationRecorded, type Identity } from '@badge/service-kit';

export const SERVER_SERVICE = 'badge-subgraph';
export const WORKER_SERVICE = 'badge-worker';

/** The row shape audit snapshots need: an id (snapshots are the rows, JSON-serialised). */
interface Identified {
  id: string;
}

/**
 * The audit outbox rows (`OperationRecorded`, topic badge.audit.events) of one admin change,
 * written by the repository in the change's transaction.
 */
export function auditOf<R extends Identified = Identified & Record<string, unknown>>(
  identity: Identity,
  operation: { module: string; action: string; targetType: string; service?: string },
) {
  return (before: R | null, after: R) => [
    toOutboxRecord(
      OperationRecordedSchema,
      operationRecorded(identity, {
        service: operation.service ?? SERVER_SERVICE,
        module: operation.module,
        action: operation.action,
        targetType: operation.targetType,
        targetId: after.id,
        ...(before ? { before } : {}),
        after,
      }),
    ),
  ];
}
