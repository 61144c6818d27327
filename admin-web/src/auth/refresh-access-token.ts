import type { JWT } from 'next-auth/jwt';
import { z } from 'zod';

/** Refresh this many seconds before the access token expires. */
export const REFRESH_SKEW_SECONDS = 60;
/** A refresh result is reused this long for requests still carrying the old cookie. */
const REUSE_MS = 60_000;
const TIMEOUT_MS = 10_000;

const ZTokenResponse = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().min(1).optional(),
});

export interface RefreshClient {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
}

export function needsRefresh(token: JWT, nowMs = Date.now()): boolean {
  return (
    typeof token.accessTokenExpiresAt === 'number' &&
    nowMs / 1000 >= token.accessTokenExpiresAt - REFRESH_SKEW_SECONDS
  );
}

// Single flight per refresh token, shared by every bundle in the process: a page render, its
// prefetches and the session endpoint can all see the same expiring cookie at once, and IdPs
// that rotate refresh tokens (MYID, oidc-provider) treat a second use as token theft and revoke
// the grant. Several replicas still race each other; the cost is one re-sign-in (README.md).
const KEY = Symbol.for('badge.admin-web.refresh-flights');
type Flight = { flight: Promise<JWT>; reusableUntil: number };
type Holder = { [KEY]?: Map<string, Flight> };

/**
 * Exchanges the refresh token for a new access token (client_secret_basic). Never throws: on
 * failure the token comes back with `error: 'RefreshAccessTokenError'` and the console signs
 * the admin out.
 */
export function refreshAccessToken(token: JWT, client: RefreshClient): Promise<JWT> {
  const { refreshToken } = token;
  if (!refreshToken) return Promise.resolve({ ...token, error: 'RefreshAccessTokenError' });

  const flights = ((globalThis as Holder)[KEY] ??= new Map<string, Flight>());
  const now = Date.now();
  for (const [key, entry] of flights) if (entry.reusableUntil < now) flights.delete(key);
  const existing = flights.get(refreshToken);
  if (existing) return existing.flight;

  const flight = requestRefresh(token, refreshToken, client);
  flights.set(refreshToken, { flight, reusableUntil: now + REUSE_MS });
  return flight;
}

async function requestRefresh(
  token: JWT,
  refreshToken: string,
  client: RefreshClient,
): Promise<JWT> {
  try {
    const basic = Buffer.from(
      `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
    ).toString('base64');
    const response = await fetch(client.tokenEndpoint, {
      method: 'POST',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) return { ...token, error: 'RefreshAccessTokenError' };
    const tokens = ZTokenResponse.parse(await response.json());
    const { error: _previousError, ...rest } = token;
    return {
      ...rest,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: Math.floor(Date.now() / 1000) + (tokens.expires_in ?? 300),
      refreshToken: tokens.refresh_token ?? refreshToken,
      idToken: tokens.id_token ?? token.idToken,
    };
  } catch {
    return { ...token, error: 'RefreshAccessTokenError' };
  }
}
