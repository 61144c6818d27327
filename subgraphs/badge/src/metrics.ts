import { Counter, type Registry } from '@badge/service-kit';

/** The badge domain's business metrics, created once per registry (server and worker each have one). */
export interface BadgeMetrics {
  grants: Counter<'source'>;
  revokes: Counter<'kind' | 'source'>;
  expirations: Counter;
  cascadeEvaluations: Counter<'result'>;
  rejections: Counter<'reason'>;
  batchRows: Counter<'type' | 'outcome'>;
}

const byRegistry = new WeakMap<Registry, BadgeMetrics>();

export function badgeMetrics(registry: Registry): BadgeMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    metrics = {
      grants: new Counter({
        name: 'badge_grants_total',
        help: 'Badge grants committed, by source (RULE, MANUAL, BATCH, CASCADE, REDEMPTION)',
        labelNames: ['source'] as const,
        registers: [registry],
      }),
      revokes: new Counter({
        name: 'badge_revokes_total',
        help: 'User badges revoked or consumed, by kind (REVOKED, CONSUMED) and source',
        labelNames: ['kind', 'source'] as const,
        registers: [registry],
      }),
      expirations: new Counter({
        name: 'badge_expirations_total',
        help: 'User badges expired by the expiry sweep',
        registers: [registry],
      }),
      cascadeEvaluations: new Counter({
        name: 'cascade_evaluations_total',
        help: 'Dependent badges evaluated after a grant or revoke, by result (triggered, unmet, held, revoked, kept)',
        labelNames: ['result'] as const,
        registers: [registry],
      }),
      rejections: new Counter({
        name: 'badge_grant_rejections_total',
        help: 'Grant and revoke commands refused for a business reason (not retried, not DLQ-ed)',
        labelNames: ['reason'] as const,
        registers: [registry],
      }),
      batchRows: new Counter({
        name: 'badge_batch_rows_total',
        help: 'CSV rows of batch tasks processed, by task type and outcome (success, failed)',
        labelNames: ['type', 'outcome'] as const,
        registers: [registry],
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
