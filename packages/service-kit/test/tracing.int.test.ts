import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  createMetrics,
  signIdentity,
  startTracing,
  requirePermission,
  type AuthContext,
  type Tracing,
} from '../src/index.js';
import { createSubgraphServer, type SubgraphServer } from '../src/graphql/index.js';

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let server: SubgraphServer;
let url: string;
const secrets = ['t'.repeat(40)];

beforeAll(async () => {
  tracing = startTracing({ service: 'trace-test', exporter });
  server = createSubgraphServer<AuthContext>({
    service: 'trace-test',
    modules: [
      {
        typeDefs: 'type Query { ping: String! }',
        resolvers: { Query: { ping: () => 'pong' } },
        permissions: { Query: { ping: requirePermission('badge:badge:read') } },
      },
    ],
    port: 0,
    host: '127.0.0.1',
    identitySecrets: secrets,
    logger: createLogger({ name: 'test', level: 'silent' }),
    metrics: createMetrics({ service: 'trace-test' }),
    checks: () => [],
    createContext: (identity) => ({ identity }),
    introspection: false,
  });
  ({ url } = await server.start());
});
afterAll(async () => {
  await server.stop();
  await tracing.shutdown();
});

describe('trace propagation', () => {
  it("continues the caller's W3C trace in the subgraph's server span", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        'x-badge-identity': await signIdentity(
          {
            kind: 'admin',
            subject: 'a',
            roles: [],
            permissions: ['badge:badge:read'],
            scopes: [],
            mfa: true,
          },
          secrets,
        ),
      },
      body: JSON.stringify({ query: '{ ping }' }),
    });
    expect(await res.json()).toEqual({ data: { ping: 'pong' } });
    await expect
      .poll(() => exporter.getFinishedSpans().length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    const span = exporter.getFinishedSpans().find((s) => s.name === 'trace-test POST /graphql');
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
  });
});
