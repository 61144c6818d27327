import { Counter, type Registry } from '@badge/service-kit';

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/** The user domain's business metrics (registered once per registry). */
export function userMetrics(registry: Registry) {
  return {
    notificationsCreated: counter(
      registry,
      'notifications_created_total',
      'Notifications stored in users’ inboxes, by type',
      ['type'],
    ),
    notificationDeliveries: counter(
      registry,
      'notification_deliveries_total',
      'Notification delivery outcomes by channel and status (sent, retry, failed, skipped)',
      ['channel', 'status'],
    ),
    operationLogEntries: counter(
      registry,
      'operation_log_entries_total',
      'Entries appended to the hash-chained operation log',
      [],
    ),
    operationLogAppendErrors: counter(
      registry,
      'operation_log_append_errors_total',
      'Failed attempts to append to the operation log (retried, then DLQ)',
      [],
    ),
    apiKeyLookups: counter(
      registry,
      'api_key_lookups_total',
      'Gateway API key lookups by result (active, disabled, expired, not_found)',
      ['result'],
    ),
  };
}
export type UserMetrics = ReturnType<typeof userMetrics>;
