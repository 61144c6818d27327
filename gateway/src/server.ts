import {
  createRedis,
  createRuntime,
  redisCheck,
  runMain,
  type ReadinessCheck,
} from '@badge/service-kit';
import { createAdminAccessResolver } from './auth/admin-access.js';
import { createApiKeyResolver } from './auth/api-key-access.js';
import { createAuthenticator } from './auth/authenticate.js';
import { loadEnvironment } from './environment.js';
import { createGateway } from './gateway.js';
import { loadManifest } from './persisted/manifest.js';
import { createRateLimiter } from './resilience/rate-limiter.js';
import { subgraphUrls } from './subgraphs.js';

/** A subgraph that does not answer degrades its fields; the gateway itself stays ready. */
const subgraphCheck = (name: string, url: string): ReadinessCheck => ({
  name: `subgraph:${name}`,
  critical: false,
  check: async () => {
    const res = await fetch(new URL('/ready', url), { signal: AbortSignal.timeout(1_500) });
    if (!res.ok) throw new Error(`answered ${res.status}`);
  },
});

runMain('gateway', async () => {
  const env = loadEnvironment();
  const runtime = createRuntime('gateway', env);
  const urls = subgraphUrls(env);
  const redis = createRedis(env.REDIS_URL, runtime.logger);
  runtime.addChecks(
    redisCheck(redis),
    ...Object.entries(urls).map(([name, url]) => subgraphCheck(name, url)),
  );
  runtime.shutdown.on('close', 'redis', () => void redis.disconnect());
  const lookup = { userSubgraphUrl: urls.user!, identitySecrets: env.INTERNAL_IDENTITY_SECRETS };

  const gateway = createGateway({
    urls,
    identitySecrets: env.INTERNAL_IDENTITY_SECRETS,
    timeoutMs: env.SUBGRAPH_TIMEOUT_MS,
    maxSocketsPerSubgraph: env.SUBGRAPH_MAX_SOCKETS,
    breaker: {
      failureThreshold: env.SUBGRAPH_BREAKER_FAILURES,
      cooldownMs: env.SUBGRAPH_BREAKER_COOLDOWN_MS,
    },
    introspection: env.GRAPHQL_INTROSPECTION,
    production: env.NODE_ENV === 'production',
    logger: runtime.logger,
    metrics: runtime.metrics,
    checks: () => runtime.checks(),
    rateLimiter: createRateLimiter(redis),
    rateLimits: {
      anonymousPerMinute: env.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
      partnerDefaultPerMinute: env.RATE_LIMIT_PARTNER_DEFAULT_PER_MINUTE,
    },
    limits: {
      maxDepth: env.LIMIT_MAX_DEPTH,
      maxAliases: env.LIMIT_MAX_ALIASES,
      maxCost: env.LIMIT_MAX_COST,
      maxTokens: env.LIMIT_MAX_TOKENS,
      maxBodyBytes: env.LIMIT_MAX_BODY_BYTES,
    },
    persistedOperations: loadManifest(),
    authenticate: createAuthenticator({
      admin: {
        issuer: env.OIDC_ISSUER,
        audience: env.OIDC_AUDIENCE,
        jwksUrl: env.OIDC_JWKS_URL,
        mfaAmr: env.OIDC_MFA_AMR,
        mfaAcr: env.OIDC_MFA_ACR,
      },
      user:
        env.USER_JWT_ISSUER && env.USER_JWT_AUDIENCE
          ? {
              issuer: env.USER_JWT_ISSUER,
              audience: env.USER_JWT_AUDIENCE,
              jwksUrl: env.USER_JWT_JWKS_URL,
            }
          : undefined,
      clockToleranceS: env.OIDC_CLOCK_TOLERANCE_S,
      resolveAdmin: createAdminAccessResolver(lookup),
      resolveApiKey: createApiKeyResolver({ ...lookup, ttlMs: env.API_KEY_CACHE_TTL_MS }),
    }),
  });
  runtime.onDraining(() => gateway.markDraining());
  runtime.shutdown.on('drain', 'gateway', () => gateway.stop());
  await gateway.start(env.PORT);
  await runtime.start();
});
