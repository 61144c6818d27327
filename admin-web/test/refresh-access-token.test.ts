import {
  DEFAULT_OTP_CODE,
  DEV_ADMIN,
  signInHeadless,
  startDevOidc,
  type DevOidc,
} from '@badge/dev-oidc';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  needsRefresh,
  refreshAccessToken,
  REFRESH_SKEW_SECONDS,
} from '../src/auth/refresh-access-token';

// The console's refresh against the real dev provider (tokens obtained by a real code + PKCE flow).
const CLIENT = {
  clientId: 'refresh-test',
  clientSecret: 'refresh-secret',
  redirectUris: ['http://127.0.0.1:9/api/auth/callback/myid'],
  postLogoutRedirectUris: [],
};

let oidc: DevOidc;
beforeAll(async () => {
  oidc = await startDevOidc({ port: 0, clients: [CLIENT], users: [DEV_ADMIN] });
});
afterAll(async () => {
  await oidc?.stop();
});

async function signIn() {
  return signInHeadless({
    issuer: oidc.issuer,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUri: CLIENT.redirectUris[0]!,
    username: DEV_ADMIN.email,
    password: DEV_ADMIN.password,
    otp: DEFAULT_OTP_CODE,
  });
}

const client = () => ({
  tokenEndpoint: `${oidc.issuer}/token`,
  clientId: CLIENT.clientId,
  clientSecret: CLIENT.clientSecret,
});

describe('needsRefresh', () => {
  it(`is true from ${REFRESH_SKEW_SECONDS}s before expiry`, () => {
    const now = 1_000_000_000_000;
    const at = (secondsLeft: number) => ({ accessTokenExpiresAt: now / 1000 + secondsLeft });
    expect(needsRefresh(at(REFRESH_SKEW_SECONDS + 1), now)).toBe(false);
    expect(needsRefresh(at(REFRESH_SKEW_SECONDS), now)).toBe(true);
    expect(needsRefresh(at(-5), now)).toBe(true);
    expect(needsRefresh({}, now)).toBe(false);
  });
});

describe('refreshAccessToken', () => {
  it('gets a new access token from the refresh token and keeps the identity', async () => {
    const tokens = await signIn();
    const token = {
      sub: DEV_ADMIN.sub,
      accessToken: tokens.access_token,
      accessTokenExpiresAt: 0,
      refreshToken: tokens.refresh_token,
      idToken: tokens.id_token,
      mfa: true,
    };
    const refreshed = await refreshAccessToken(token, client());
    expect(refreshed.error).toBeUndefined();
    expect(refreshed.accessToken).not.toBe(tokens.access_token);
    expect(decodeJwt(refreshed.accessToken!)).toMatchObject({
      sub: DEV_ADMIN.sub,
      amr: ['pwd', 'otp'],
    });
    expect(refreshed.accessTokenExpiresAt).toBeGreaterThan(Date.now() / 1000 + 500);
    expect(refreshed).toMatchObject({ sub: DEV_ADMIN.sub, mfa: true });
    expect(refreshed.refreshToken).toEqual(expect.any(String));
  });

  it('makes one request for concurrent refreshes of the same token', async () => {
    const tokens = await signIn();
    const token = { accessTokenExpiresAt: 0, refreshToken: tokens.refresh_token };
    const [a, b] = await Promise.all([
      refreshAccessToken(token, client()),
      refreshAccessToken(token, client()),
    ]);
    expect(a.error).toBeUndefined();
    expect(b).toBe(a);
  });

  it('marks the session on failure instead of throwing', async () => {
    const refreshed = await refreshAccessToken({ refreshToken: 'not-a-refresh-token' }, client());
    expect(refreshed.error).toBe('RefreshAccessTokenError');
    expect((await refreshAccessToken({}, client())).error).toBe('RefreshAccessTokenError');
  });
});
