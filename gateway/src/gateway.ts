import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import {
  IDENTITY_HEADER,
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
import { createProbeHandlers } from '@badge/service-kit';

export interface GatewayContext {
  identity: Identity;
}

export const SUPERGRAPH_PATH = new URL('../supergraph.graphql', import.meta.url);

/** Forwards the verified identity (signed) and the trace context to every subgraph call. */
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
    const identity: Identity | undefined = context?.identity;
    if (identity)
      request.http?.headers.set(IDENTITY_HEADER, await signIdentity(identity, this.secrets));
    for (const [k, v] of Object.entries(injectTraceHeaders())) request.http?.headers.set(k, v);
  }
}

export interface GatewayOptions {
  urls: Record<string, string>;
  identitySecrets: readonly string[];
  timeoutMs: number;
  introspection: boolean;
  authenticate: (req: IncomingMessage) => Promise<Identity>;
  logger: Logger;
  metrics: ServiceMetrics;
  checks: () => readonly ReadinessCheck[];
  supergraphSdl?: string;
}

/**
 * The front door: Apollo Gateway over the committed supergraph, authentication, identity
 * forwarding, error masking, metrics, /health and /ready.
 */
export function createGateway(options: GatewayOptions) {
  const log = options.logger.child({ component: 'gateway' });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name }) => {
      const url = options.urls[name];
      if (!url) throw new Error(`no URL configured for subgraph "${name}"`);
      return new AuthenticatedDataSource(
        {
          url,
          fetcher: (input, init) =>
            fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }),
        },
        options.identitySecrets,
      );
    },
  });
  const probes = createProbeHandlers({ service: 'gateway', checks: options.checks });

  const context = async ({ req }: { req: IncomingMessage }): Promise<GatewayContext> => {
    try {
      return { identity: await options.authenticate(req) };
    } catch (err) {
      if (isAppError(err)) {
        const status = err.code === 'UNAUTHENTICATED' ? 401 : err.code === 'FORBIDDEN' ? 403 : 503;
        throw new GraphQLError(err.message, {
          extensions: { code: err.code, ...err.details, http: { status } },
        });
      }
      throw err;
    }
  };

  const http: GraphQLHttpServer = createGraphQLHttpServer<GatewayContext>({
    service: 'gateway',
    probes,
    metrics: options.metrics,
    logger: log,
    apollo: (): ApolloServer<GatewayContext> => apollo,
    context,
  });
  const apollo: ApolloServer<GatewayContext> = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(log),
    csrfPrevention: true,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http.httpServer }),
      createGraphQLMetricsPlugin(options.metrics.registry),
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
    stop: () => apollo.stop(),
  };
}
