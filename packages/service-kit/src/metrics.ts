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
