import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '../metrics.js';

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
  return {
    async requestDidStart() {
      const end = duration.startTimer();
      return {
        async willSendResponse(ctx) {
          const labels = {
            operation_name: ctx.operationName ?? 'anonymous',
            operation_type: ctx.operation?.operation ?? 'unknown',
          };
          end(labels);
          total.inc({ ...labels, status: ctx.errors?.length ? 'error' : 'ok' });
        },
      };
    },
  };
}
