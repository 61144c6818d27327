import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { Agent, fetch as undiciFetch } from 'undici';
import {
  AppError,
  IDENTITY_HEADER,
  createProbeHandlers,
  injectTraceHeaders,
  isAppError,
  signIdentity,
  type Identity,
  type Logger,
  type ReadinessCheck,
  type ServiceMetrics,
} from '@badge/service-kit';
import {
  createFormatError,
  createGraphQLHttpServer,
  createGraphQLMetricsPlugin,
  type GraphQLHttpServer,
} from '@badge/service-kit/graphql';
import type { Authenticated } from './auth/authenticate.js';
import { createOperationLimitsRule, type OperationLimits } from './limits/operation-limits.js';
import { createGatewayMetrics } from './metrics.js';
import {
  createPersistedQueryTransform,
  persistedOperationOf,
  type PersistedOperation,
} from './persisted/manifest.js';
import { CircuitOpenError, createCircuitBreaker } from './resilience/circuit-breaker.js';
import type { RateLimiter } from './resilience/rate-limiter.js';

export interface GatewayContext {
  identity: Identity;
  requestId: string;
}

export const SUPERGRAPH_PATH = new URL('../supergraph.graphql', import.meta.url);
export const REQUEST_ID_HEADER = 'x-request-id';

type Fetcher = NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'];

/** Forwards the verified identity (signed), the request id and the trace context to subgraphs. */
class AuthenticatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly secrets: readonly string[],
  ) {
    super(config);
  }

  override async willSendRequest(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<void> {
    const { request } = options;
    // Health checks and schema loading carry no request context; operations always do.
    const context = (options as { context?: Partial<GatewayContext> }).context;
    if (context?.identity)
      request.http?.headers.set(
        IDENTITY_HEADER,
        await signIdentity(context.identity, this.secrets),
      );
    if (context?.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
    for (const [k, v] of Object.entries(injectTraceHeaders())) request.http?.headers.set(k, v);
  }
}

export interface GatewayOptions {
  urls: Record<string, string>;
  identitySecrets: readonly string[];
  timeoutMs: number;
  /** Sockets per subgraph (keep-alive pool). */
  maxSocketsPerSubgraph: number;
  breaker: { failureThreshold: number; cooldownMs: number };
  introspection: boolean;
  production: boolean;
  authenticate: (req: IncomingMessage) => Promise<Authenticated>;
  rateLimiter: RateLimiter;
  rateLimits: { anonymousPerMinute: number; partnerDefaultPerMinute: number };
  limits: OperationLimits & { maxTokens: number; maxBodyBytes: number };
  persistedOperations: ReadonlyMap<string, PersistedOperation>;
  logger: Logger;
  metrics: ServiceMetrics;
  checks: () => readonly ReadinessCheck[];
  supergraphSdl?: string;
}

const graphqlError = (err: AppError, status: number, headers?: HeaderMap) =>
  new GraphQLError(err.message, {
    extensions: {
      code: err.code,
      ...err.details,
      http: { status, ...(headers ? { headers } : {}) },
    },
  });

/**
 * The front door: Apollo Gateway over the committed supergraph; authentication, rate limits,
 * trusted documents for partners, operation limits, identity forwarding, per-subgraph keep-alive
 * pools, timeouts and circuit breakers, error masking, metrics, /health and /ready.
 */
export function createGateway(options: GatewayOptions) {
  const log = options.logger.child({ component: 'gateway' });
  const gatewayMetrics = createGatewayMetrics(options.metrics.registry);
  const agents: Agent[] = [];

  const fetcherFor = (name: string): Fetcher => {
    const agent = new Agent({
      connections: options.maxSocketsPerSubgraph,
      keepAliveTimeout: 30_000,
    });
    agents.push(agent);
    const breaker = createCircuitBreaker({
      name,
      ...options.breaker,
      onStateChange: (state) => {
        gatewayMetrics.circuitChanged(name, state);
        log.warn({ subgraph: name, state }, 'subgraph circuit state changed');
      },
    });
    const fetcher = async (input: string, init?: RequestInit) => {
      const started = performance.now();
      try {
        const res = await breaker.run(async () => {
          const r = await undiciFetch(input, {
            ...(init as object),
            dispatcher: agent,
            signal: AbortSignal.timeout(options.timeoutMs),
          });
          if (r.status >= 500) throw new Error(`subgraph ${name} answered ${r.status}`);
          return r;
        });
        gatewayMetrics.observeSubgraphFetch(name, 'ok', (performance.now() - started) / 1000);
        return res;
      } catch (err) {
        const outcome = err instanceof CircuitOpenError ? 'circuit_open' : 'error';
        gatewayMetrics.observeSubgraphFetch(name, outcome, (performance.now() - started) / 1000);
        throw err;
      }
    };
    return fetcher;
  };

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name }) => {
      const url = options.urls[name];
      if (!url) throw new Error(`no URL configured for subgraph "${name}"`);
      return new AuthenticatedDataSource(
        { url, fetcher: fetcherFor(name) },
        options.identitySecrets,
      );
    },
  });
  const probes = createProbeHandlers({ service: 'gateway', checks: options.checks });
  const resolvePersisted = createPersistedQueryTransform(options.persistedOperations);

  const rateLimit = async (caller: Authenticated, req: IncomingMessage) => {
    const { identity } = caller;
    let key: string;
    let limit: number;
    if (identity.kind === 'partner') {
      key = `key:${identity.apiKeyId ?? identity.subject}`;
      limit = caller.apiKeyRateLimit ?? options.rateLimits.partnerDefaultPerMinute;
    } else if (identity.kind === 'anonymous') {
      key = `ip:${req.socket.remoteAddress ?? 'unknown'}`;
      limit = options.rateLimits.anonymousPerMinute;
    } else {
      return; // admins and end users are authenticated individually; limits are per key / per IP
    }
    const decision = await options.rateLimiter.check(key, limit);
    if (decision.degraded) gatewayMetrics.rateLimitDegraded();
    if (!decision.allowed) {
      gatewayMetrics.rateLimited(identity.kind);
      throw graphqlError(
        new AppError('RATE_LIMITED', `rate limit of ${limit} requests per minute exceeded`, {
          retryAfterSeconds: decision.retryAfterS,
        }),
        429,
        new HeaderMap([['retry-after', String(decision.retryAfterS)]]),
      );
    }
  };

  const context = async ({ req }: { req: IncomingMessage }): Promise<GatewayContext> => {
    const incoming = req.headers[REQUEST_ID_HEADER];
    const requestId =
      typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    try {
      const caller = await options.authenticate(req);
      await rateLimit(caller, req);
      if (caller.identity.kind === 'partner' && !persistedOperationOf(req)) {
        throw new AppError(
          'PERSISTED_QUERY_REQUIRED',
          'partners may only run trusted operations by id (extensions.persistedQuery.sha256Hash); see docs/partners.md',
        );
      }
      return { identity: caller.identity, requestId };
    } catch (err) {
      if (err instanceof GraphQLError) throw err;
      if (isAppError(err)) {
        const status =
          err.code === 'UNAUTHENTICATED'
            ? 401
            : err.code === 'FORBIDDEN' || err.code === 'PERSISTED_QUERY_REQUIRED'
              ? 403
              : 503;
        throw graphqlError(err, status);
      }
      throw err;
    }
  };

  const formatError = createFormatError(log);
  const http: GraphQLHttpServer = createGraphQLHttpServer<GatewayContext>({
    service: 'gateway',
    probes,
    metrics: options.metrics,
    logger: log,
    apollo: (): ApolloServer<GatewayContext> => apollo,
    context,
    maxBodyBytes: options.limits.maxBodyBytes,
    transformBody: (body, req) => {
      try {
        const out = resolvePersisted(body, req);
        if (persistedOperationOf(req)) gatewayMetrics.persistedQuery('hit');
        return out;
      } catch (err) {
        gatewayMetrics.persistedQuery('miss');
        throw err;
      }
    },
  });
  const apollo: ApolloServer<GatewayContext> = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    persistedQueries: false, // no APQ registration: only the trusted manifest runs by id
    parseOptions: { maxTokens: options.limits.maxTokens },
    validationRules: [createOperationLimitsRule(options.limits)],
    formatError: (formatted, error) => {
      const out = formatError(formatted, error);
      // No schema hints for strangers in production ("Did you mean …?").
      return options.production && out.message.includes('Did you mean')
        ? { ...out, message: out.message.replace(/ Did you mean .*$/, '') }
        : out;
    },
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http.httpServer }),
      createGraphQLMetricsPlugin(options.metrics.registry),
      gatewayMetrics.errorsPlugin,
    ],
  });

  return {
    markDraining: () => probes.markDraining(),
    async start(port: number, host?: string) {
      await apollo.start();
      const address = await http.listen(port, host);
      log.info(address, 'gateway listening');
      return address;
    },
    async stop() {
      await apollo.stop();
      await Promise.all(agents.map((a) => a.close()));
    },
  };
}
