// Starts the dev provider from the environment (see README.md): `pnpm --filter @badge/dev-oidc dev`.
import { DEV_ADMIN, DEV_NO_MFA_USER } from './dev-users.js';
import { readEnvironment } from './environment.js';
import { DEFAULT_OTP_CODE } from './options.js';
import { startDevOidc } from './start-dev-oidc.js';

const env = readEnvironment();
const oidc = await startDevOidc({
  port: env.DEV_OIDC_PORT,
  host: env.DEV_OIDC_HOST,
  issuer: env.DEV_OIDC_ISSUER,
  clients: [
    {
      clientId: env.DEV_OIDC_CLIENT_ID,
      clientSecret: env.DEV_OIDC_CLIENT_SECRET,
      redirectUris: env.DEV_OIDC_REDIRECT_URIS,
      postLogoutRedirectUris: env.DEV_OIDC_POST_LOGOUT_REDIRECT_URIS,
    },
  ],
  users: [DEV_ADMIN, DEV_NO_MFA_USER],
  accessTokenAudience: env.DEV_OIDC_ACCESS_TOKEN_AUDIENCE,
  accessTokenTtlSeconds: env.DEV_OIDC_ACCESS_TOKEN_TTL_SECONDS,
});

process.stdout.write(
  `${JSON.stringify({
    msg: 'dev-oidc listening',
    issuer: oidc.issuer,
    clientId: env.DEV_OIDC_CLIENT_ID,
    audience: oidc.accessTokenAudience,
    users: [
      `${DEV_ADMIN.email} / ${DEV_ADMIN.password} + one-time code ${DEFAULT_OTP_CODE}`,
      `${DEV_NO_MFA_USER.email} / ${DEV_NO_MFA_USER.password} (no MFA)`,
    ],
  })}\n`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    oidc.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
