import { z } from 'zod';

const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** Configuration of the dev provider CLI (src/cli.ts); the only reader of process.env here. */
export const ZDevOidcEnvironment = z.object({
  DEV_OIDC_PORT: z.coerce.number().int().min(0).max(65_535).default(4400),
  DEV_OIDC_HOST: z.string().default('127.0.0.1'),
  DEV_OIDC_ISSUER: z.url().optional(),
  DEV_OIDC_CLIENT_ID: z.string().min(1).default('badge-admin-web'),
  DEV_OIDC_CLIENT_SECRET: z.string().min(1).default('badge-admin-web-dev-secret'),
  DEV_OIDC_REDIRECT_URIS: list.default(['http://localhost:3000/api/auth/callback/myid']),
  DEV_OIDC_POST_LOGOUT_REDIRECT_URIS: list.default(['http://localhost:3000/auth/signed-out']),
  DEV_OIDC_ACCESS_TOKEN_AUDIENCE: z.string().optional(),
  DEV_OIDC_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().optional(),
});
export type TDevOidcEnvironment = z.infer<typeof ZDevOidcEnvironment>;

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): TDevOidcEnvironment {
  return ZDevOidcEnvironment.parse(env);
}
