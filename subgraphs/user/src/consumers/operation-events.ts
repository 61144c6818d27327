import { PoisonMessageError, type MessageHandler } from '@badge/kafka';
import { ActorType, EVENT_TYPES, timestampDate, type OperationRecorded } from '@badge/proto';
import type { Logger, Registry } from '@badge/service-kit';
import { createEventHandler } from '@badge/service-kit/worker';
import type { UserMetrics } from '../metrics.js';
import type { OperationActorTypeName } from '../modules/operation-log/hash-chain.js';
import type {
  NewEntry,
  OperationLogRepository,
} from '../modules/operation-log/operation-log.repository.js';
import type { InboxRepository } from './inbox.repository.js';

export const OPERATION_LOG_CONSUMER = 'user-worker.operation-log';

const ACTOR: Record<ActorType, OperationActorTypeName> = {
  [ActorType.ADMIN]: 'ADMIN',
  [ActorType.API_KEY]: 'API_KEY',
  [ActorType.USER]: 'USER',
  [ActorType.SYSTEM]: 'SYSTEM',
  // Anonymous callers cannot change anything; a producer that leaves it unset is the platform.
  [ActorType.UNSPECIFIED]: 'SYSTEM',
};

// PostgreSQL text and jsonb refuse NUL characters: drop them rather than lose the record.
const clean = (s: string): string => s.replaceAll('\u0000', '');
const text = (s: string): string | null => (s === '' ? null : clean(s).slice(0, 4096));

const deepClean = (v: unknown): unknown => {
  if (typeof v === 'string') return clean(v);
  if (Array.isArray(v)) return v.map(deepClean);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k), deepClean(x)]));
  return v;
};

/** A snapshot: the JSON it carries, or the raw text when it is not JSON (kept, not dropped). */
const snapshot = (json: string): unknown => {
  if (json === '') return null;
  try {
    return deepClean(JSON.parse(json));
  } catch {
    return { unparsed: clean(json) };
  }
};

/** W3C traceparent `00-<trace id>-<span id>-<flags>` → the trace id. */
const traceIdOf = (traceparent: string | undefined): string | null => {
  const id = traceparent?.split('-')[1];
  return id && /^[0-9a-f]{32}$/.test(id) ? id : null;
};

export function toLogEntry(m: OperationRecorded): NewEntry {
  const problems = [
    !m.occurredAt && 'occurred_at is required',
    !m.module.trim() && 'module is required',
    !m.action.trim() && 'action is required',
  ].filter(Boolean);
  if (problems.length)
    throw new PoisonMessageError(`invalid OperationRecorded: ${problems.join(', ')}`);
  return {
    actorType: ACTOR[m.actorType] ?? 'SYSTEM',
    actorId: text(m.userId),
    actorName: text(m.actorName),
    module: clean(m.module).slice(0, 64),
    action: clean(m.action).slice(0, 128),
    targetType: text(m.targetType),
    targetId: text(m.targetId),
    before: snapshot(m.beforeJson),
    after: snapshot(m.afterJson),
    ip: text(m.ip),
    userAgent: text(m.userAgent),
    requestId: text(m.requestId),
    traceId: traceIdOf(m.trace?.traceparent),
    createdAt: timestampDate(m.occurredAt!),
  };
}

/**
 * `badge.audit.events` → the hash-chained operation log, exactly once per event (inbox row and
 * appended entry in one transaction). A failing append is counted
 * (`operation_log_append_errors_total`), logged and thrown: the consumer retries with backoff
 * and then moves the event to the DLQ — an audit record is never dropped silently.
 */
export function createOperationEventsHandler(deps: {
  logger: Logger;
  registry: Registry;
  inbox: InboxRepository;
  operationLog: OperationLogRepository;
  metrics: UserMetrics;
}): MessageHandler {
  return createEventHandler({
    consumer: OPERATION_LOG_CONSUMER,
    logger: deps.logger,
    registry: deps.registry,
    process: async (event, entry) => {
      if (event.type !== EVENT_TYPES.OperationRecorded)
        throw new PoisonMessageError(`unexpected event type ${event.type} on the audit topic`);
      const logEntry = toLogEntry(event.message);
      try {
        const processed = await deps.inbox.processOnce(entry, async (tx) => {
          await deps.operationLog.append(tx, logEntry);
        });
        if (processed) deps.metrics.operationLogEntries.inc();
        return processed;
      } catch (err) {
        deps.metrics.operationLogAppendErrors.inc();
        deps.logger.error(
          { err, eventId: entry.messageId, module: logEntry.module, action: logEntry.action },
          'operation log append failed (will be retried, then sent to the DLQ)',
        );
        throw err;
      }
    },
  });
}
