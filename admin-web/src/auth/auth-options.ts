import type { AuthOptions, Profile } from 'next-auth';
import type { JWT } from 'next-auth/jwt';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { getEnvironment, type TEnvironment } from '../environment';
import { getLogger } from '../server/logger';
import { getMetrics } from '../server/metrics';
import { hasMfaEvidence, readAcr, readAmr, type MfaPolicy } from './mfa';
import { discoveryUrl, getOidcMetadata } from './oidc-metadata';
import { PROVIDER_ID } from './provider-id';
import { needsRefresh, refreshAccessToken } from './refresh-access-token';
import { sessionCookieName } from './session-cookie';

export { PROVIDER_ID };
/** A console session lasts a working day at most without activity (sliding, like next-auth's). */
export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const PAGES = {
  signIn: '/auth/sign-in',
  mfaRequired: '/auth/mfa-required',
  signedOut: '/auth/signed-out',
} as const;

/** ID token claims the console reads (standard OIDC + RFC 8176 `amr`). */
interface MyIdProfile extends Profile {
  sub: string;
  name?: string;
  preferred_username?: string;
  email?: string;
  amr?: unknown;
  acr?: unknown;
}

export function mfaPolicy(env: TEnvironment): MfaPolicy {
  return { amr: env.OIDC_MFA_AMR, acr: env.OIDC_MFA_ACR };
}

export function hasSecureCookies(env: TEnvironment): boolean {
  return env.NEXTAUTH_URL.startsWith('https://');
}

/** The console's next-auth configuration, from the environment only. */
export function buildAuthOptions(env: TEnvironment): AuthOptions {
  const log = getLogger('auth');
  const policy = mfaPolicy(env);

  const myId: OAuthConfig<MyIdProfile> = {
    id: PROVIDER_ID,
    name: 'MYID',
    type: 'oauth',
    wellKnown: discoveryUrl(env.OIDC_ISSUER),
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
    authorization: {
      params: {
        scope: env.OIDC_SCOPES,
        ...(env.OIDC_ACR_VALUES ? { acr_values: env.OIDC_ACR_VALUES } : {}),
      },
    },
    checks: ['pkce', 'state'],
    idToken: true,
    profile: (profile) => ({
      id: profile.sub,
      name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub,
      email: profile.email ?? null,
    }),
  };

  return {
    secret: env.NEXTAUTH_SECRET,
    useSecureCookies: hasSecureCookies(env),
    providers: [myId],
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: PAGES.signIn, error: PAGES.signIn },
    callbacks: {
      // MFA gate: the ID token must prove a second factor, or there is no session at all.
      signIn: ({ account, profile }) => {
        if (account?.provider !== PROVIDER_ID || !profile) {
          getMetrics().signIns.inc({ result: 'rejected' });
          return false;
        }
        if (!hasMfaEvidence(profile as MyIdProfile, policy)) {
          const claims = profile as MyIdProfile;
          log.warn(
            { sub: claims.sub, amr: readAmr(claims), acr: readAcr(claims) },
            'sign-in refused: no MFA evidence in the ID token',
          );
          getMetrics().signIns.inc({ result: 'mfa_required' });
          return `${env.NEXTAUTH_URL}${PAGES.mfaRequired}`;
        }
        getMetrics().signIns.inc({ result: 'ok' });
        return true;
      },
      jwt: async ({ token, account, profile }): Promise<JWT> => {
        if (account) {
          const claims = (profile ?? {}) as MyIdProfile;
          return {
            sub: token.sub,
            name: token.name,
            email: token.email,
            idToken: account.id_token,
            accessToken: account.access_token,
            accessTokenExpiresAt: account.expires_at,
            refreshToken: account.refresh_token,
            amr: readAmr(claims),
            acr: readAcr(claims),
            mfa: hasMfaEvidence(claims, policy),
          };
        }
        if (token.error || !needsRefresh(token)) return token;
        return refreshTokens(env, token);
      },
      // What client code may see (useSession, /api/auth/session): no tokens.
      session: ({ session, token }) => ({
        expires: session.expires,
        user: { name: token.name ?? token.email ?? token.sub ?? '', email: token.email ?? null },
        mfa: token.mfa === true,
        amr: token.amr ?? [],
        ...(token.acr ? { acr: token.acr } : {}),
        ...(token.error ? { error: token.error } : {}),
      }),
    },
    logger: {
      error: (code, metadata) => log.error({ code, err: metadata }, 'next-auth error'),
      warn: (code) => log.warn({ code }, 'next-auth warning'),
      debug: (code) => log.debug({ code }, 'next-auth debug'),
    },
  };
}

/** Refreshes the access token of a session (proxy and jwt callback share this). */
export async function refreshTokens(env: TEnvironment, token: JWT): Promise<JWT> {
  const metadata = await getOidcMetadata(env.OIDC_ISSUER);
  const refreshed = await refreshAccessToken(token, {
    tokenEndpoint: metadata.token_endpoint,
    clientId: env.OIDC_CLIENT_ID,
    clientSecret: env.OIDC_CLIENT_SECRET,
  });
  getMetrics().tokenRefreshes.inc({ result: refreshed.error ? 'error' : 'ok' });
  if (refreshed.error) getLogger('auth').warn({ sub: token.sub }, 'access token refresh failed');
  return refreshed;
}

let cached: AuthOptions | undefined;

export function getAuthOptions(): AuthOptions {
  cached ??= buildAuthOptions(getEnvironment());
  return cached;
}

export function getSessionCookieName(env: TEnvironment): string {
  return sessionCookieName(hasSecureCookies(env));
}
