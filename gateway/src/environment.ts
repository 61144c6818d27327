import { z } from 'zod';
import { parseEnv, zBool, zPort, ZIdentityEnv, ZRedisEnv, ZServiceEnv } from '@badge/service-kit';

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
const positive = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const ZGatewayEnv = ZServiceEnv.extend(ZIdentityEnv.shape)
  .extend(ZRedisEnv.shape)
  .extend({
    PORT: zPort(4000),
    SUBGRAPH_BADGE_URL: z.url().default('http://127.0.0.1:4001/graphql'),
    SUBGRAPH_RULE_URL: z.url().default('http://127.0.0.1:4002/graphql'),
    SUBGRAPH_BENEFIT_URL: z.url().default('http://127.0.0.1:4003/graphql'),
    SUBGRAPH_USER_URL: z.url().default('http://127.0.0.1:4004/graphql'),
    /** Per-subgraph request timeout. */
    SUBGRAPH_TIMEOUT_MS: positive(10_000),
    /** Keep-alive sockets per subgraph. */
    SUBGRAPH_MAX_SOCKETS: positive(64),
    /** Consecutive failures that open a subgraph's circuit, and how long it stays open. */
    SUBGRAPH_BREAKER_FAILURES: positive(5),
    SUBGRAPH_BREAKER_COOLDOWN_MS: positive(10_000),
    /** Admin sign-in: the OIDC issuer (MYID in production); tokens are verified against its JWKS. */
    OIDC_ISSUER: z.url(),
    /** Expected `aud` of admin access tokens. */
    OIDC_AUDIENCE: z.string().min(1),
    OIDC_JWKS_URL: z.url().optional(),
    /** amr values that count as MFA evidence (any one of them). */
    OIDC_MFA_AMR: csv.default(['mfa', 'otp', 'hwk', 'swk', 'sms']),
    /** Alternatively, acr values that count as MFA evidence. */
    OIDC_MFA_ACR: csv.default([]),
    OIDC_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).default(30),
    /** End users of client apps: issuer, audience and (optionally) JWKS of their tokens. Unset: refused. */
    USER_JWT_ISSUER: z.url().optional(),
    USER_JWT_AUDIENCE: z.string().min(1).optional(),
    USER_JWT_JWKS_URL: z.url().optional(),
    /** Requests per minute per IP without credentials, and per API key without its own limit. */
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(0).default(60),
    RATE_LIMIT_PARTNER_DEFAULT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
    /** How long a partner key lookup is cached (revocation takes effect within this time). */
    API_KEY_CACHE_TTL_MS: positive(5_000),
    /** Operation limits. */
    LIMIT_MAX_DEPTH: positive(12),
    LIMIT_MAX_ALIASES: positive(30),
    LIMIT_MAX_COST: positive(20_000),
    LIMIT_MAX_TOKENS: positive(5_000),
    LIMIT_MAX_BODY_BYTES: positive(1_000_000),
    /** Introspection for development tools; always off in production. */
    GRAPHQL_INTROSPECTION: zBool(true),
  })
  .refine((env) => !env.USER_JWT_ISSUER || env.USER_JWT_AUDIENCE, {
    message: 'USER_JWT_AUDIENCE is required when USER_JWT_ISSUER is set',
    path: ['USER_JWT_AUDIENCE'],
  });

export type GatewayEnv = z.infer<typeof ZGatewayEnv>;

export function loadEnvironment(
  source: Record<string, string | undefined> = process.env,
): GatewayEnv {
  const env = parseEnv(ZGatewayEnv, source);
  if (env.NODE_ENV === 'production') env.GRAPHQL_INTROSPECTION = false;
  return env;
}
