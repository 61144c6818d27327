import type { IncomingMessage } from 'node:http';
import type { Identity } from '../auth/identity.js';
import type { AuthContext } from '../auth/rules.js';
import type { TSubgraphEnv } from '../env.js';
import { createRedis, redisCheck, type Redis } from '../redis.js';
import type { Runtime } from '../runtime.js';
import { createSubgraphServer, type SubgraphModule } from './subgraph-server.js';

/**
 * The server entry of a subgraph once its parts exist: GraphQL on PORT, ops on METRICS_PORT,
 * Redis (non-critical readiness), draining on SIGTERM. What differs between subgraphs (modules,
 * context) is passed in.
 */
export async function runSubgraphServer<TContext extends AuthContext>(options: {
  runtime: Runtime;
  env: TSubgraphEnv;
  modules: readonly SubgraphModule[];
  createContext: (identity: Identity, req: IncomingMessage) => TContext | Promise<TContext>;
  /** Request body limit of the GraphQL port (default 1 MB). */
  maxBodyBytes?: number;
}): Promise<{ url: string; redis: Redis }> {
  const { runtime, env } = options;
  const redis = createRedis(env.REDIS_URL, runtime.logger);
  runtime.addChecks(redisCheck(redis));
  runtime.shutdown.on('close', 'redis', () => void redis.disconnect());
  const server = createSubgraphServer<TContext>({
    service: runtime.service,
    modules: options.modules,
    port: env.PORT,
    identitySecrets: env.INTERNAL_IDENTITY_SECRETS,
    logger: runtime.logger,
    metrics: runtime.metrics,
    checks: () => runtime.checks(),
    createContext: options.createContext,
    introspection: env.GRAPHQL_INTROSPECTION && env.NODE_ENV !== 'production',
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  runtime.onDraining(() => server.markDraining());
  runtime.shutdown.on('drain', 'graphql', () => server.stop());
  const { url } = await server.start();
  await runtime.start();
  return { url, redis };
}
