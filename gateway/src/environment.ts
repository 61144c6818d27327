import { z } from 'zod';
import { parseEnv, zBool, zPort, ZIdentityEnv, ZServiceEnv } from '@badge/service-kit';

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const ZGatewayEnv = ZServiceEnv.extend(ZIdentityEnv.shape).extend({
  PORT: zPort(4000),
  SUBGRAPH_BADGE_URL: z.url().default('http://127.0.0.1:4001/graphql'),
  SUBGRAPH_RULE_URL: z.url().default('http://127.0.0.1:4002/graphql'),
  SUBGRAPH_BENEFIT_URL: z.url().default('http://127.0.0.1:4003/graphql'),
  SUBGRAPH_USER_URL: z.url().default('http://127.0.0.1:4004/graphql'),
  /** Per-subgraph request timeout. */
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Admin sign-in: the OIDC issuer (MYID in production); tokens are verified against its JWKS. */
  OIDC_ISSUER: z.url(),
  /** Expected `aud` of admin access tokens. */
  OIDC_AUDIENCE: z.string().min(1),
  /** amr values that count as MFA evidence (any one of them). */
  OIDC_MFA_AMR: csv.default(['mfa', 'otp', 'hwk', 'swk', 'sms']),
  /** Alternatively, acr values that count as MFA evidence. */
  OIDC_MFA_ACR: csv.default([]),
  OIDC_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).default(30),
  /** Introspection for development tools; always off in production. */
  GRAPHQL_INTROSPECTION: zBool(true),
});

export type GatewayEnv = z.infer<typeof ZGatewayEnv>;

export function loadEnvironment(
  source: Record<string, string | undefined> = process.env,
): GatewayEnv {
  const env = parseEnv(ZGatewayEnv, source);
  if (env.NODE_ENV === 'production') env.GRAPHQL_INTROSPECTION = false;
  return env;
}
