import { Counter, Gauge, type Registry } from '@badge/service-kit';

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

export interface StockLevel {
  code: string;
  totalStock: number;
  remainingStock: number;
}

/**
 * `badge_remaining_stock{badge_code}` and `badge_total_stock{badge_code}`, read from the database
 * at scrape time for badges with finite stock (PUBLISHED or OFFLINE, the `limit` lowest first so
 * the series stay bounded). Alert on remaining / total for low stock.
 */
export function registerStockGauges(
  registry: Registry,
  readStock: () => Promise<StockLevel[]>,
  onError: (err: unknown) => void,
): void {
  let pending: Promise<StockLevel[]> | undefined;
  // Both gauges are collected in one scrape: share one query.
  const read = () => {
    pending ??= readStock().finally(() => {
      setTimeout(() => (pending = undefined), 1_000).unref();
    });
    return pending;
  };
  const gauge = (name: string, help: string, pick: (s: StockLevel) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['badge_code'] as const,
      registers: [registry],
      async collect() {
        try {
          const levels = await read();
          this.reset();
          for (const level of levels) this.set({ badge_code: level.code }, pick(level));
        } catch (err) {
          onError(err);
        }
      },
    });
  gauge(
    'badge_remaining_stock',
    'Remaining stock of badges with finite stock (published or offline)',
    (s) => s.remainingStock,
  );
  gauge(
    'badge_total_stock',
    'Total stock of badges with finite stock (published or offline)',
    (s) => s.totalStock,
  );
}
