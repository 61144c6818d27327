import { z } from 'zod';

// The only reader of process.env in admin-web (see README.md for every variable). Parsed on first
// use, not at import: `next build` must not need production secrets, and the same build runs
// with any NEXTAUTH_URL/OIDC_* at `next start`. A missing or invalid variable fails the first
// request that needs it with a message naming the variable.

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

const httpUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

export const ZEnvironment = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  /** Issuer of the company IdP (MYID); discovery is `${OIDC_ISSUER}/.well-known/openid-configuration`. */
  OIDC_ISSUER: httpUrl,
  OIDC_CLIENT_ID: z.string().min(1),
  OIDC_CLIENT_SECRET: z.string().min(1),
  OIDC_SCOPES: z.string().min(1).default('openid profile email offline_access'),
  /** Sent as `acr_values` on the authorization request when set (space-separated, as in OIDC). */
  OIDC_ACR_VALUES: z.string().trim().min(1).optional(),
  /** `amr` values that count as multi-factor evidence (any one is enough). */
  OIDC_MFA_AMR: commaList.default(['mfa', 'otp', 'hwk', 'sms', 'swk']),
  /** `acr` values that count as multi-factor evidence on their own (empty: amr only). */
  OIDC_MFA_ACR: commaList.default([]),

  /** Public URL of this console (callback and post-logout URLs derive from it). */
  NEXTAUTH_URL: httpUrl,
  /** Encrypts the session cookie (JWE). At least 32 characters; generate with `openssl rand -base64 32`. */
  NEXTAUTH_SECRET: z.string().min(32),

  /** GraphQL gateway the console calls with the admin's access token (and whose /ready it shows). */
  GATEWAY_URL: httpUrl,
});

export type TEnvironment = z.infer<typeof ZEnvironment>;

export function parseEnvironment(source: Record<string, string | undefined>): TEnvironment {
  const result = ZEnvironment.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid admin-web environment:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

let cached: TEnvironment | undefined;

export function getEnvironment(): TEnvironment {
  cached ??= parseEnvironment(process.env);
  return cached;
}
