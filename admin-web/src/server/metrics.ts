import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

// One registry per process, on globalThis: Next loads route modules in separate bundles (and
// reloads them in dev), and registering the default metrics twice throws.
const KEY = Symbol.for('badge.admin-web.metrics');

export interface Metrics {
  registry: Registry;
  signIns: Counter<'result'>;
  tokenRefreshes: Counter<'result'>;
  gatewayRequests: Histogram<'operation' | 'outcome'>;
}

type Holder = { [KEY]?: Metrics };

export function getMetrics(): Metrics {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'admin-web' });
    collectDefaultMetrics({ register: registry });
    holder[KEY] = {
      registry,
      signIns: new Counter({
        name: 'admin_web_sign_ins_total',
        help: 'Console sign-in attempts by result (ok, mfa_required, rejected)',
        labelNames: ['result'],
        registers: [registry],
      }),
      tokenRefreshes: new Counter({
        name: 'admin_web_token_refreshes_total',
        help: 'Access token refreshes against the IdP by result (ok, error)',
        labelNames: ['result'],
        registers: [registry],
      }),
      gatewayRequests: new Histogram({
        name: 'admin_web_gateway_request_duration_seconds',
        help: 'Persisted operations the console ran at the gateway, by operation name and outcome (ok or error code)',
        labelNames: ['operation', 'outcome'],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
    };
  }
  return holder[KEY];
}
