import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { GraphQLError } from 'graphql';
import { subgraphTypeDefs } from './type-defs.js';
import { applyMiddleware } from 'graphql-middleware';
import type { IRules } from 'graphql-shield';
import { isAppError } from '../errors.js';
import { IDENTITY_HEADER, verifyIdentity, type Identity } from '../auth/identity.js';
import { createShield, type AuthContext } from '../auth/rules.js';
import type { ReadinessCheck } from '../health.js';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../metrics.js';
import { createProbeHandlers } from '../ops-server.js';
import { createFormatError } from './errors.js';
import { createGraphQLHttpServer, type GraphQLHttpServer } from './http-server.js';
import { createGraphQLMetricsPlugin } from './metrics-plugin.js';

export interface SubgraphModule {
  /** SDL of the module's types, without the federation `@link` header (added once for all). */
  typeDefs: string;
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
  /** Request body limit (default DEFAULT_MAX_BODY_BYTES, 1 MB), e.g. larger for CSV uploads. */
  maxBodyBytes?: number;
}

export interface SubgraphServer {
  start(): Promise<{ port: number; url: string }>;
  /** Stops intake (not ready, no new connections) and drains in-flight requests. */
  stop(): Promise<void>;
  markDraining(): void;
}

function mergeResolvers(modules: readonly SubgraphModule[]): GraphQLResolverMap<unknown> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const m of modules) {
    for (const [type, fields] of Object.entries(
      m.resolvers as Record<string, Record<string, unknown>>,
    )) {
      merged[type] = { ...merged[type], ...fields };
    }
  }
  return merged as GraphQLResolverMap<unknown>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * Merges the modules' rule trees per type. A type-wide rule (`Badge: read`) is a rule instance,
 * not a field map: it is kept as it is (spreading it would silently turn it into an empty map,
 * i.e. deny-all) and two modules may not both guard the same type.
 */
function mergeRules(modules: readonly SubgraphModule[]): IRules {
  const merged: Record<string, unknown> = {};
  for (const m of modules) {
    for (const [type, rules] of Object.entries(m.permissions as Record<string, unknown>)) {
      const existing = merged[type];
      if (existing === undefined) merged[type] = rules;
      else if (isPlainObject(existing) && isPlainObject(rules))
        merged[type] = { ...existing, ...rules };
      else throw new Error(`permissions for type ${type} are defined by more than one module`);
    }
  }
  return merged as IRules;
}

/** The executable subgraph schema (before shield) and the merged rule tree of some modules. */
export function buildModulesSchema(modules: readonly SubgraphModule[]) {
  return {
    schema: buildSubgraphSchema({
      typeDefs: subgraphTypeDefs(modules.map((m) => m.typeDefs)),
      resolvers: mergeResolvers(modules),
    }),
    rules: mergeRules(modules),
  };
}

/**
 * A federated subgraph over node:http: `/graphql` (identity from the gateway required), `/health`,
 * `/ready`. Shield rules of all modules are merged and applied deny-by-default.
 */
export function createSubgraphServer<TContext extends AuthContext>(
  options: SubgraphServerOptions<TContext>,
): SubgraphServer {
  const log = options.logger.child({ component: 'graphql' });
  const { schema: subgraphSchema, rules } = buildModulesSchema(options.modules);
  const schema = applyMiddleware(
    subgraphSchema,
    createShield(rules, {
      schema: subgraphSchema,
      onRuleError: (err) => log.error({ err }, 'shield rule failed'),
    }),
  );
  const probes = createProbeHandlers({ service: options.service, checks: options.checks });

  const context = async ({ req }: { req: IncomingMessage }): Promise<TContext> => {
    const header = req.headers[IDENTITY_HEADER];
    try {
      const identity = await verifyIdentity(
        Array.isArray(header) ? header[0] : header,
        options.identitySecrets,
      );
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

  const http: GraphQLHttpServer = createGraphQLHttpServer<TContext>({
    service: options.service,
    probes,
    metrics: options.metrics,
    logger: log,
    apollo: (): ApolloServer<TContext> => apollo,
    context,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const apollo: ApolloServer<TContext> = new ApolloServer<TContext>({
    schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: http.httpServer }),
      // Federated traces (ftv1) for the gateway's usage reporting; error details stay masked.
      ApolloServerPluginInlineTrace({ includeErrors: { masked: true } }),
      createGraphQLMetricsPlugin(options.metrics.registry),
    ],
  });

  return {
    markDraining: () => probes.markDraining(),
    async start() {
      await apollo.start();
      const { port, url } = await http.listen(options.port, options.host);
      log.info({ port, url }, 'subgraph listening');
      return { port, url };
    },
    async stop() {
      probes.markDraining();
      await apollo.stop();
    },
  };
}
