import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError, type DocumentNode } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import { isAppError } from '../errors.js';
import { IDENTITY_HEADER, verifyIdentity, type Identity } from '../auth/identity.js';
import { createShield, type AuthContext } from '../auth/rules.js';
import type { ReadinessCheck } from '../health.js';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../metrics.js';
import { createProbeHandlers } from '../ops-server.js';
import { extractTraceContext, tracer } from '../tracing.js';
import { context as otelContext, SpanStatusCode } from '@opentelemetry/api';
import { createFormatError } from './errors.js';
import { handleGraphQLRequest } from './http.js';
import { createGraphQLMetricsPlugin } from './metrics-plugin.js';

export interface SubgraphModule {
  typeDefs: DocumentNode;
  // Resolver maps are heterogeneous by nature (each type has its own parent/args shapes).
  resolvers: GraphQLResolverMap<never>;
  permissions: IRules;
}

export interface SubgraphServerOptions<TContext extends AuthContext> {
  service: string;
  modules: readonly SubgraphModule[];
  port: number;
  host?: string;
  identitySecrets: readonly string[];
  logger: Logger;
  metrics: ServiceMetrics;
  checks: () => readonly ReadinessCheck[];
  /** Builds the per-request context (DataLoaders, services) from the verified identity. */
  createContext: (identity: Identity, req: IncomingMessage) => TContext | Promise<TContext>;
  introspection: boolean;
}

export interface SubgraphServer {
  start(): Promise<{ port: number; url: string }>;
  /** Stops intake (not ready, no new connections) and drains in-flight requests. */
  stop(): Promise<void>;
  markDraining(): void;
}

function mergeRules(modules: readonly SubgraphModule[]): IRules {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const m of modules) {
    for (const [type, fields] of Object.entries(m.permissions as Record<string, Record<string, unknown>>)) {
      merged[type] = { ...merged[type], ...fields };
    }
  }
  return merged as IRules;
}

/**
 * A federated subgraph over node:http: `/graphql` (identity from the gateway required), `/health`,
 * `/ready`. Shield rules of all modules are merged and applied deny-by-default.
 */
export function createSubgraphServer<TContext extends AuthContext>(
  options: SubgraphServerOptions<TContext>,
): SubgraphServer {
  const log = options.logger.child({ component: 'graphql' });
  const schema = applyMiddleware(
    buildSubgraphSchema(options.modules.map((m) => ({ typeDefs: m.typeDefs, resolvers: m.resolvers as GraphQLResolverMap<unknown> }))),
    createShield(mergeRules(options.modules), {
      onRuleError: (err) => log.error({ err }, 'shield rule failed'),
    }),
  );
  const httpServer: Server = createServer();
  const apollo = new ApolloServer<TContext>({
    schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      createGraphQLMetricsPlugin(options.metrics.registry),
    ],
  });
  const probes = createProbeHandlers({ service: options.service, checks: options.checks });

  const context = async ({ req }: { req: IncomingMessage }): Promise<TContext> => {
    const header = req.headers[IDENTITY_HEADER];
    try {
      const identity = await verifyIdentity(Array.isArray(header) ? header[0] : header, options.identitySecrets);
      return await options.createContext(identity, req);
    } catch (err) {
      if (isAppError(err) && err.code === 'UNAUTHENTICATED') {
        throw new GraphQLError(err.message, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
      throw err;
    }
  };

  httpServer.on('request', (req, res) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => {
      const route = path === '/graphql' ? '/graphql' : path.startsWith('/ready') || path.startsWith('/health') ? path : 'other';
      const labels = { method: req.method ?? 'GET', route, status_code: String(res.statusCode) };
      options.metrics.httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      options.metrics.httpRequestsTotal.inc(labels);
    });
    void (async () => {
      if (await probes.handle(req, res)) return;
      if (path === '/graphql') {
        // Continue the gateway's trace (traceparent header) for everything this request does.
        const parent = extractTraceContext(req.headers as Record<string, string | undefined>);
        await otelContext.with(parent, () =>
          tracer(options.service).startActiveSpan(`${options.service} /graphql`, async (span) => {
            try {
              await handleGraphQLRequest(apollo, req, res, context);
              span.setAttribute('http.response.status_code', res.statusCode);
            } catch (err) {
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          }),
        );
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not found' }));
    })().catch((err: unknown) => {
      log.error({ err }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error' }] }));
    });
  });

  return {
    markDraining: () => probes.markDraining(),
    async start() {
      await apollo.start();
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
      });
      const port = (httpServer.address() as AddressInfo).port;
      const url = `http://127.0.0.1:${port}/graphql`;
      log.info({ port, url }, 'subgraph listening');
      return { port, url };
    },
    async stop() {
      probes.markDraining();
      await apollo.stop();
    },
  };
}
