import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServer, BaseContext } from '@apollo/server';
import { context as otelContext, SpanStatusCode } from '@opentelemetry/api';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../metrics.js';
import type { ProbeHandlers } from '../ops-server.js';
import { extractTraceContext, tracer } from '../tracing.js';
import { handleGraphQLRequest } from './http.js';

export interface GraphQLHttpServer {
  httpServer: Server;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
}

const routeOf = (path: string) =>
  path === '/graphql' || path === '/health' || path === '/ready' ? path : 'other';

/**
 * node:http front of an Apollo server (subgraph or gateway): `/graphql`, `/health`, `/ready`,
 * HTTP metrics, and a server span that continues the caller's W3C trace.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(options: {
  service: string;
  probes: ProbeHandlers;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Apollo is created after the http server (the drain plugin needs it), hence a getter. */
  apollo: () => ApolloServer<TContext>;
  context: (args: { req: IncomingMessage }) => Promise<TContext>;
  maxBodyBytes?: number;
  /** Rewrites a parsed POST body before execution (the gateway resolves persisted ids here). */
  transformBody?: (body: unknown, req: IncomingMessage) => unknown;
}): GraphQLHttpServer {
  const httpServer = createServer();
  // Longer than the usual load-balancer idle timeout (60 s), so the server never closes a
  // keep-alive connection the client is just reusing (that race surfaces as ECONNRESET).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  httpServer.on('request', (req, res) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => {
      const labels = {
        method: req.method ?? 'GET',
        route: routeOf(path),
        status_code: String(res.statusCode),
      };
      options.metrics.httpRequestDuration.observe(
        labels,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
      options.metrics.httpRequestsTotal.inc(labels);
    });
    void (async () => {
      if (await options.probes.handle(req, res)) return;
      if (path !== '/graphql') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'not found' }));
        return;
      }
      // Continue the caller's trace (traceparent header) for everything this request does.
      const parent = extractTraceContext(req.headers as Record<string, string | undefined>);
      await otelContext.with(parent, () =>
        tracer(options.service).startActiveSpan(
          `${options.service} ${req.method ?? ''} /graphql`,
          async (span) => {
            try {
              await handleGraphQLRequest(
                options.apollo(),
                req,
                res,
                options.context,
                options.maxBodyBytes,
                options.transformBody,
              );
              span.setAttribute('http.response.status_code', res.statusCode);
            } catch (err) {
              span.setStatus({ code: SpanStatusCode.ERROR });
              throw err;
            } finally {
              span.end();
            }
          },
        ),
      );
    })().catch((err: unknown) => {
      options.logger.error({ err }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error' }] }));
    });
  });
  return {
    httpServer,
    async listen(port, host = '0.0.0.0') {
      await new Promise<void>((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => resolve());
      });
      const actual = (httpServer.address() as AddressInfo).port;
      return { port: actual, url: `http://127.0.0.1:${actual}/graphql` };
    },
  };
}
