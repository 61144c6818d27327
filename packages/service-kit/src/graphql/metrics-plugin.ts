import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '../metrics.js';

const MAX_OPERATION_NAMES = 200;

/** graphql_operations_total and graphql_operation_duration_seconds by operation name and outcome. */
export function createGraphQLMetricsPlugin(registry: Registry): ApolloServerPlugin {
  const total = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by name, type and outcome',
    labelNames: ['operation_name', 'operation_type', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'GraphQL operation duration in seconds',
    labelNames: ['operation_name', 'operation_type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  // Bounded cardinality: the first MAX_OPERATION_NAMES names are labels of their own, later new
  // ones (and malformed names) count as "other", so clients cannot explode the series count.
  const names = new Set<string>();
  const operationLabel = (name: string | null | undefined) => {
    if (!name) return 'anonymous';
    if (names.has(name)) return name;
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name) || names.size >= MAX_OPERATION_NAMES)
      return 'other';
    names.add(name);
    return name;
  };
  return {
    async requestDidStart() {
      const end = duration.startTimer();
      return {
        async willSendResponse(ctx) {
          const labels = {
            operation_name: operationLabel(ctx.operationName),
            operation_type: ctx.operation?.operation ?? 'unknown',
          };
          end(labels);
          total.inc({ ...labels, status: ctx.errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
}
