import {
  ActorType,
  createEvent,
  OperationRecordedSchema,
  type OperationRecorded,
} from '@badge/proto';
import type { Identity } from './auth/identity.js';
import { injectTraceHeaders } from './tracing.js';

const ACTOR: Record<Identity['kind'], ActorType> = {
  admin: ActorType.ADMIN,
  partner: ActorType.API_KEY,
  user: ActorType.USER,
  service: ActorType.SYSTEM,
  anonymous: ActorType.UNSPECIFIED,
};

export interface OperationInput {
  /** The service that performed the change, e.g. `badge-subgraph`. */
  service: string;
  /** Permission module, e.g. `badge`, `rule`, `system`. */
  module: string;
  /** e.g. `badge.publish`, `rule.update`. */
  action: string;
  targetType: string;
  targetId: string;
  /** Snapshots (plain JSON-serialisable objects; no secrets, no plaintext PII). */
  before?: unknown;
  after?: unknown;
}

/**
 * The audit record of a state change, for the operation log (user domain). Write it with
 * `insertOutboxRecords(tx, <schema>, [toOutboxRecord(OperationRecordedSchema, event)])` in the
 * same transaction as the change: the change and its record commit together.
 */
export function operationRecorded(identity: Identity, input: OperationInput): OperationRecorded {
  const headers = injectTraceHeaders();
  return createEvent(OperationRecordedSchema, {
    userId:
      identity.kind === 'partner' ? (identity.apiKeyId ?? identity.subject) : identity.subject,
    actorType: ACTOR[identity.kind],
    module: input.module,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    beforeJson: input.before === undefined ? '' : JSON.stringify(input.before),
    afterJson: input.after === undefined ? '' : JSON.stringify(input.after),
    ip: identity.ip ?? '',
    userAgent: identity.userAgent ?? '',
    service: input.service,
    ...(headers.traceparent
      ? { trace: { traceparent: headers.traceparent, tracestate: headers.tracestate ?? '' } }
      : {}),
  });
}
