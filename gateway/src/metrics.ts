import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, type Registry } from '@badge/service-kit';
import type { CircuitState } from './resilience/circuit-breaker.js';

const MAX_OPERATION_NAMES = 200;

/** Gateway-specific metrics (request/operation metrics come from the shared GraphQL plugin). */
export function createGatewayMetrics(registry: Registry) {
  const subgraphFetch = new Histogram({
    name: 'gateway_subgraph_fetch_duration_seconds',
    help: 'Duration of gateway → subgraph requests',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const circuit = new Gauge({
    name: 'gateway_circuit_open',
    help: '1 while the circuit to a subgraph is open (its fields degrade to errors)',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  });
  const rateLimited = new Counter({
    name: 'gateway_rate_limit_rejections_total',
    help: 'Requests answered 429',
    labelNames: ['caller'] as const,
    registers: [registry],
  });
  const rateLimitDegraded = new Counter({
    name: 'gateway_rate_limit_degraded_total',
    help: 'Requests let through unchecked because Redis was unavailable',
    registers: [registry],
  });
  const persisted = new Counter({
    name: 'gateway_persisted_queries_total',
    help: 'Persisted operation lookups by result',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_errors_total',
    help: 'GraphQL errors returned, by code',
    labelNames: ['code', 'operation_name'] as const,
    registers: [registry],
  });

  // Bounded cardinality: operation names seen first are kept, later new ones count as "other".
  const names = new Set<string>();
  const operationLabel = (name: string | null | undefined) => {
    if (!name || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'anonymous';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };

  const errorsPlugin: ApolloServerPlugin = {
    async requestDidStart() {
      return {
        async willSendResponse(ctx) {
          for (const error of ctx.errors ?? []) {
            const code =
              typeof error.extensions?.code === 'string'
                ? error.extensions.code
                : 'INTERNAL_SERVER_ERROR';
            errors.inc({ code, operation_name: operationLabel(ctx.operationName) });
          }
        },
      };
    },
  };

  return {
    errorsPlugin,
    observeSubgraphFetch: (
      subgraph: string,
      outcome: 'ok' | 'error' | 'circuit_open',
      seconds: number,
    ) => subgraphFetch.observe({ subgraph, outcome }, seconds),
    circuitChanged: (subgraph: string, state: CircuitState) =>
      circuit.set({ subgraph }, state === 'open' ? 1 : 0),
    rateLimited: (caller: 'partner' | 'anonymous') => rateLimited.inc({ caller }),
    rateLimitDegraded: () => rateLimitDegraded.inc(),
    persistedQuery: (result: 'hit' | 'miss') => persisted.inc({ result }),
  };
}
export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
