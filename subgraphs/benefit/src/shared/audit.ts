import { OperationRecordedSchema, toOutboxRecord, type OutboxRecord } from '@badge/proto';
import { operationRecorded, type Identity } from '@badge/service-kit';

export const SERVER_SERVICE = 'benefit-subgraph';
export const WORKER_SERVICE = 'benefit-worker';

/** The audit outbox row (`OperationRecorded`, topic badge.audit.events) of one change. */
export function auditRecord(
  identity: Identity,
  operation: {
    action: string;
    targetType: string;
    targetId: string;
    before?: unknown;
    after?: unknown;
    service?: string;
  },
): OutboxRecord {
  return toOutboxRecord(
    OperationRecordedSchema,
    operationRecorded(identity, {
      service: operation.service ?? SERVER_SERVICE,
      module: 'benefit',
      action: operation.action,
      targetType: operation.targetType,
      targetId: operation.targetId,
      ...(operation.before !== undefined ? { before: operation.before } : {}),
      ...(operation.after !== undefined ? { after: operation.after } : {}),
    }),
  );
}

/** Who asked, as stored in `requested_by` / `created_by`: `admin:<sub>`, `apikey:<id>`, `user:<id>`. */
export function actorOf(identity: Identity): string {
  switch (identity.kind) {
    case 'admin':
      return `admin:${identity.subject}`;
    case 'partner':
      return `apikey:${identity.apiKeyId ?? identity.subject}`;
    case 'user':
      return `user:${identity.subject}`;
    case 'service':
      return `service:${identity.subject}`;
    default:
      return 'anonymous';
  }
}
