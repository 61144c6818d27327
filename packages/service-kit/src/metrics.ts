import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Buckets (seconds) around the targets: p95 < 200 ms, p99 < 500 ms. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10];

export interface ServiceMetrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  httpRequestsTotal: Counter<'method' | 'route' | 'status_code'>;
}

/**
 * A registry per process with Node default metrics (event loop lag, heap, GC, handles) and the
 * HTTP metrics every server records. Domain metrics are registered on `registry` by their owners.
 */
export function createMetrics(options: { service: string; registry?: Registry }): ServiceMetrics {
  const registry = options.registry ?? new Registry();
  registry.setDefaultLabels({ service: options.service });
  collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const httpRequestsTotal = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers: [registry],
  });
  return { registry, httpRequestDuration, httpRequestsTotal };
}

/** `db_pool_connections{state}` and `db_pool_max`, read at scrape time (alert: pool > 80%). */
export function registerPoolMetrics(
  registry: Registry,
  stats: () => { max: number; total: number; idle: number; waiting: number },
): void {
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const s = stats();
      this.set({ state: 'busy' }, s.total - s.idle);
      this.set({ state: 'idle' }, s.idle);
      this.set({ state: 'waiting' }, s.waiting);
    },
  });
  new Gauge({
    name: 'db_pool_max',
    help: 'Configured maximum of the database pool',
    registers: [registry],
    collect() {
      this.set(stats().max);
    },
  });
}

export interface StockLevel {
  code: string;
  totalStock: number;
  remainingStock: number;
}

/**
 * `<item>_remaining_stock{<item>_code}` and `<item>_total_stock{<item>_code}` (item = badge or
 * benefit), read from the database at scrape time for items with finite stock; `readStock`
 * bounds the list so the series stay bounded. Both gauges share one query per scrape. Alert on
 * remaining / total for low stock.
 */
export function registerStockGauges(
  registry: Registry,
  item: 'badge' | 'benefit',
  readStock: () => Promise<StockLevel[]>,
  onError: (err: unknown) => void,
): void {
  let pending: Promise<StockLevel[]> | undefined;
  const read = () => {
    pending ??= readStock().finally(() => {
      setTimeout(() => (pending = undefined), 1_000).unref();
    });
    return pending;
  };
  const label = `${item}_code`;
  const gauge = (name: string, help: string, pick: (s: StockLevel) => number) =>
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      async collect() {
        try {
          const levels = await read();
          this.reset();
          for (const level of levels) this.set({ [label]: level.code }, pick(level));
        } catch (err) {
          onError(err);
        }
      },
    });
  gauge(
    `${item}_remaining_stock`,
    `Remaining stock of ${item}s with finite stock (published or offline)`,
    (s) => s.remainingStock,
  );
  gauge(
    `${item}_total_stock`,
    `Total stock of ${item}s with finite stock (published or offline)`,
    (s) => s.totalStock,
  );
}
