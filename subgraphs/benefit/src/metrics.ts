import { Counter, Histogram, type Registry } from '@badge/service-kit';

/** The benefit domain's business metrics, created once per registry (server and worker each have one). */
export interface BenefitMetrics {
  /** Grants reaching a status (PENDING, GRANTED, FAILED, REVOKED, EXPIRED), by benefit type. */
  grants: Counter<'type' | 'status'>;
  /** Redemptions reaching a status (PENDING, COMPLETED, FAILED, COMPENSATING, COMPENSATED). */
  redemptions: Counter<'status'>;
  /** PENDING → COMPLETED / FAILED / COMPENSATED, by final status. */
  redemptionDuration: Histogram<'status'>;
  /** Clawback outcomes per grant (REVOKED, CANCELLED, NOT_REVOCABLE, FAILED, SKIPPED). */
  clawbacks: Counter<'type' | 'outcome'>;
  /** Calls to the points system, by operation (credit, reverse) and outcome (ok, rejected, error, circuit_open). */
  pointsCalls: Counter<'operation' | 'outcome'>;
}

const byRegistry = new WeakMap<Registry, BenefitMetrics>();

export function benefitMetrics(registry: Registry): BenefitMetrics {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    metrics = {
      grants: new Counter({
        name: 'benefit_grants_total',
        help: 'Benefit grants reaching a status, by benefit type and status',
        labelNames: ['type', 'status'] as const,
        registers: [registry],
      }),
      redemptions: new Counter({
        name: 'redemptions_total',
        help: 'Redemptions reaching a status (PENDING, COMPLETED, FAILED, COMPENSATING, COMPENSATED)',
        labelNames: ['status'] as const,
        registers: [registry],
      }),
      redemptionDuration: new Histogram({
        name: 'redemption_duration_seconds',
        help: 'Time from a redemption request (PENDING) to its final status',
        labelNames: ['status'] as const,
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
        registers: [registry],
      }),
      clawbacks: new Counter({
        name: 'benefit_clawbacks_total',
        help: 'Clawback outcomes per benefit grant after a badge revocation or an admin revoke',
        labelNames: ['type', 'outcome'] as const,
        registers: [registry],
      }),
      pointsCalls: new Counter({
        name: 'benefit_points_provider_calls_total',
        help: 'Calls to the external points system by operation and outcome',
        labelNames: ['operation', 'outcome'] as const,
        registers: [registry],
      }),
    };
    byRegistry.set(registry, metrics);
  }
  return metrics;
}
